"""A throw-away virtualenv holding the public `pydoover==0.4.18` client (with its grpc extra).

Used by the wire-compatibility tests and by bench/dda_roundtrip.py. The virtualenv is cached
in ``$DOOVER_TEST_CACHE`` (default ``~/.cache/doover-tests``) so only the first run pays for
the install; delete that folder to rebuild it.
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
    """Path to the venv's python, building the venv on first use."""
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    venv = cache_dir() / f"pydoover-{PUBLIC_VERSION}-{tag}"
    python = venv / "bin" / "python"
    ready = venv / ".installed"
    if ready.exists():
        return python
    _check_index_reachable()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", REQUIREMENT],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        raise RuntimeError(f"installing {REQUIREMENT} failed:\n{install.stderr[-2000:]}")
    ready.write_text(REQUIREMENT + "\n")
    return python


def _check_index_reachable() -> None:
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
        raise IndexUnreachable(
            f"cannot download pydoover=={PUBLIC_VERSION} from the package index: {probe.stderr.strip()[-300:]}"
        )


def run_public(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``script`` (Python source) with the public client's interpreter."""
    return subprocess.run([str(venv_python()), "-c", script, *args], capture_output=True, text=True, timeout=timeout)
