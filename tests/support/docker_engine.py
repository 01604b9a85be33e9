"""A real Docker engine for the container tests, and the base image they build on (made from Debian
packages by scripts/ci_docker.sh, as CI does: this machine has no image registry to pull from).

The engine is started when none answers; a test run never skips for want of one, it fails saying why.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "ci_docker.sh"
BASE_IMAGE = "doover-test/python-base:bookworm"
SECOND_ENGINE_DIR = Path("/tmp/doover-tests-engine2")  # short: a unix socket path has a length limit


def _script(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    if result.returncode != 0:
        raise RuntimeError(f"scripts/ci_docker.sh {' '.join(args)} failed: {result.stderr.strip()[-800:]}")
    return result.stdout.strip()


def local_engine():
    """A client of the local engine (started if needed) that has the base image."""
    import docker

    _script("engine")
    _script("base-image", BASE_IMAGE, env={"DOCKER_HOST": "unix:///var/run/docker.sock"})
    return docker.DockerClient(base_url="unix:///var/run/docker.sock")


def second_engine(tcp_port: int) -> str:
    """DOCKER_HOST of a second engine with its own socket and data (images kept between runs), also
    answering plain TCP on 127.0.0.1:``tcp_port``."""
    stop_second_engine()
    host = _script("second-engine", str(SECOND_ENGINE_DIR), str(tcp_port))
    _script("base-image", BASE_IMAGE, env={"DOCKER_HOST": host})
    return host


def stop_second_engine(timeout: float = 30.0) -> None:
    pidfile = SECOND_ENGINE_DIR / "docker.pid"
    try:
        os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pidfile.exists():  # dockerd removes its pidfile as it exits
        time.sleep(0.1)
