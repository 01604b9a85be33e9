"""A local wheelhouse: our freshly built wheel beside cached wheels of everything it and a generated
project need, so a project can be installed with ``pip install --no-index --find-links DIR``.

The dependency wheels are downloaded once into ``$DOOVER_TEST_CACHE/wheelhouse-<digest>`` (the
digest covers the requirement list); our own wheel is built from the working tree every time.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from .public_pydoover import IndexUnreachable, cache_dir

ROOT = Path(__file__).resolve().parents[2]
# What a generated project's CI installs besides us: its test extra and its build backend.
PROJECT_NEEDS = ["pytest>=8", "pytest-asyncio>=0.24", "ruff>=0.6", "hatchling", "editables"]


def dependency_wheels() -> Path:
    """Cached wheels of our dependencies and a generated project's (downloaded on first use)."""
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    requirements = sorted(ours) + PROJECT_NEEDS
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    folder = cache_dir() / f"wheelhouse-{digest}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "-d", str(folder), *requirements],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if download.returncode != 0:
        raise IndexUnreachable(f"cannot fill the wheelhouse: {download.stderr.strip()[-300:]}")
    (folder / ".complete").write_text("\n".join(requirements) + "\n")
    return folder


def wheelhouse(target: Path) -> Path:
    """``target`` holding our wheel, built now, and links to the cached dependency wheels."""
    target.mkdir(parents=True, exist_ok=True)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(target), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        raise RuntimeError(f"building our wheel failed:\n{built.stderr[-2000:]}")
    for wheel in dependency_wheels().glob("*.whl"):
        (target / wheel.name).symlink_to(wheel)
    return target
