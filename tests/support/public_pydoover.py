"""Throw-away virtualenvs holding public packages we compare against.

``venv_python()`` gives the public `pydoover==0.4.18` client (with its grpc extra), used by the
wire-compatibility tests and bench/dda_roundtrip.py; ``public_venv("doover-cli")`` gives the
public CLI for bench/cli_startup.py. Each virtualenv is cached in ``$DOOVER_TEST_CACHE``
(default ``~/.cache/doover-tests``) so only the first run pays for the install; delete that
folder to rebuild them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PUBLIC_VERSION = "0.4.18"
REQUIREMENT = f"pydoover[grpc]=={PUBLIC_VERSION}"


class IndexUnreachable(RuntimeError):
    """The package index could not be reached, so the public client cannot be installed."""


def cache_dir() -> Path:
    return Path(os.environ.get("DOOVER_TEST_CACHE") or Path.home() / ".cache" / "doover-tests")


def venv_python() -> Path:
    """Path to the public pydoover client's python, building its venv on first use."""
    return public_venv(REQUIREMENT, probe=f"pydoover=={PUBLIC_VERSION}") / "bin" / "python"


def public_venv(requirement: str, probe: str | None = None) -> Path:
    """A cached virtualenv with ``requirement`` installed (built on first use).

    Raises :class:`IndexUnreachable` when ``probe`` (default: the requirement) cannot be
    downloaded from the package index.
    """
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    slug = "".join(ch if ch.isalnum() or ch in ".-" else "-" for ch in requirement)
    venv = cache_dir() / f"{slug}-{tag}"
    ready = venv / ".installed"
    if ready.exists():
        return venv
    _check_index_reachable(probe or requirement)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        raise RuntimeError(f"installing {requirement} failed:\n{install.stderr[-2000:]}")
    ready.write_text(requirement + "\n")
    return venv


def _check_index_reachable(requirement: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        probe = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--disable-pip-version-check",
                "-d",
                scratch,
                f"pydoover=={PUBLIC_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if probe.returncode != 0:
        raise IndexUnreachable(f"cannot download {requirement} from the package index: {probe.stderr.strip()[-300:]}")


def run_public(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``script`` (Python source) with the public client's interpreter."""
    return subprocess.run([str(venv_python()), "-c", script, *args], capture_output=True, text=True, timeout=timeout)
