"""Reaching a Docker engine: the local one, or a device's through ``--docker-host`` / ``DOCKER_HOST``.

    client, host = connect("ssh://pi@tank-01")   # whatever the SDK accepts: unix://, ssh://, tcp:// with TLS

Plain ``tcp://`` without TLS is refused unless ``insecure``: anyone who reaches that port owns the machine.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from .errors import ContainerError

DEFAULT_HOST = "unix:///var/run/docker.sock"
TIMEOUT = 120  # seconds for one API call (an image build streams, so this bounds the gaps, not the build)


def engine_host(docker_host: str | None = None) -> str:
    """The engine address a command uses: ``--docker-host``, else DOCKER_HOST, else the local socket."""
    return docker_host or os.environ.get("DOCKER_HOST") or DEFAULT_HOST


def check_host(host: str, insecure: bool = False) -> None:
    """Refuse an engine address that would send the engine's full control over an unencrypted socket."""
    scheme = urlparse(host).scheme
    if scheme not in ("unix", "ssh", "tcp", "http", "https", "npipe"):
        raise ContainerError(
            f"--docker-host {host!r}: expected unix://PATH, ssh://USER@HOST or tcp://HOST:PORT", "usage"
        )
    if scheme in ("tcp", "http") and not _tls_configured() and not insecure:
        raise ContainerError(
            f"refusing {host}: a Docker engine on plain tcp:// is open to anyone who reaches the port "
            "(root on that machine); use ssh://USER@HOST, or TLS (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH), "
            "or pass --insecure if the network is yours alone",
            "usage",
        )


def _tls_configured() -> bool:
    return os.environ.get("DOCKER_TLS_VERIFY", "") != "" or bool(os.environ.get("DOCKER_CERT_PATH"))


def connect(docker_host: str | None = None, insecure: bool = False):
    """A ``docker.DockerClient`` for the engine, checked to answer; and the address it answered at."""
    import docker
    from docker.errors import DockerException

    host = engine_host(docker_host)
    check_host(host, insecure)
    environment = {**os.environ, "DOCKER_HOST": host}
    try:
        # Asking the engine its API version (from_env does) is the check that it answers.
        client = docker.from_env(environment=environment, timeout=TIMEOUT, use_ssh_client=host.startswith("ssh://"))
    except DockerException as exc:
        raise ContainerError(_unreachable_line(host, exc), "unreachable") from None
    return client, host


def _unreachable_line(host: str, exc: Exception) -> str:
    text = str(exc)
    if "Permission denied" in text or "PermissionError" in text:
        return f"the Docker engine at {host} refused this user; add it to the `docker` group or use sudo"
    if "SSL" in text or "certificate" in text.lower():
        return f"the Docker engine at {host} refused the TLS handshake ({_short(text)}); check DOCKER_CERT_PATH"
    fix = "start it (`sudo systemctl start docker`, or `dockerd`)" if host == DEFAULT_HOST else "check --docker-host"
    return f"no Docker engine answers at {host}; {fix}"


def _short(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
