"""The wheels an app image installs without a package index: our toolkit as it runs here, its
dependencies and the app's build backend, for the image's Python.

    fill_wheelhouse(project_root / "wheels", "3.11", extra=["hatchling"])

The toolkit's wheel is packed from the running installation (editable or not), so an image gets the
very SDK `doover run` uses. Everything is cached under ~/.cache/doover/wheelhouse by content, so a
build with nothing changed copies nothing and asks no index.
"""

from __future__ import annotations

import base64
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata, util
from pathlib import Path
from typing import Any, cast

from .errors import ContainerError

TOOLKIT_DISTRIBUTIONS = ("doover-toolkit", "pydoover")  # our distribution's name, and its name before 0.5
TOOLKIT_PACKAGES = ("pydoover", "doover_cli")  # its import packages
SKIPPED_METADATA = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "doover" / "wheelhouse"


def fill_wheelhouse(folder: Path, python_version: str, extra: list[str]) -> list[str]:
    """Make ``folder`` hold exactly the wheels for ``python_version``; returns their names."""
    dist = _toolkit_distribution()
    fields = dist.metadata  # parsed once: each parse costs milliseconds
    toolkit = toolkit_wheel(cache_root() / "toolkit", dist, fields)
    # The dependencies gathered depend on what the toolkit requires now (a new one is gathered too).
    requires = sorted(fields.get_all("Requires-Dist") or [])
    key = _digest([toolkit.name, python_version, *sorted(extra), "requires:", *requires])
    cached = cache_root() / f"py{python_version}-{key}"
    if not (cached / ".complete").exists():
        _download(toolkit, python_version, extra, cached)
    sources = {path.name: path for path in cached.glob("*.whl")}
    # The toolkit as it is now: the copy gathered with its dependencies is the toolkit as it was then
    # (the wheel's name stays the same when the toolkit's files change).
    sources[toolkit.name] = toolkit
    _mirror(sources, folder)
    return sorted(sources)


def toolkit_wheel(cache: Path, dist: metadata.Distribution, fields) -> Path:
    """A wheel of the running toolkit (``dist``, its METADATA ``fields``), cached by the content of its files."""
    stem = f"{fields['Name'].replace('-', '_').lower()}-{fields['Version']}"
    files = None if _installed_record(dist) else _toolkit_files(dist, stem)
    target = cache / _content_key(dist, files)[:16] / f"{stem}-py3-none-any.whl"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _pack(files or _toolkit_files(dist, stem), target)
    return target


def _content_key(dist: metadata.Distribution, files: list[tuple[str, Path]] | None) -> str:
    """What identifies the toolkit's files: an installed copy changes only with its RECORD (its files
    are not even listed); a source checkout (an editable install) with any file."""
    stamped = [("RECORD", cast(Path, _installed_record(dist)))] if files is None else files
    return _digest([f"{name}:{size}:{mtime}" for name, path in stamped for size, mtime in [_stamp(path)]])


def _installed_record(dist: metadata.Distribution) -> Path | None:
    record = Path(cast(Any, dist)._path) / "RECORD"  # a PathDistribution
    return record if not _editable(dist) and record.is_file() else None


def _editable(dist: metadata.Distribution) -> bool:
    return _source_checkout(dist) is not None


def _source_checkout(dist: metadata.Distribution) -> Path | None:
    """The project folder of an editable install (from its direct_url.json), else None."""
    import json
    from urllib.parse import unquote, urlparse

    try:
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
    except ValueError:
        return None
    if not direct.get("dir_info", {}).get("editable"):
        return None
    return Path(unquote(urlparse(direct.get("url", "")).path))


def _forced_files(dist: metadata.Distribution) -> list[tuple[str, Path]]:
    """What a wheel built from an editable checkout would also hold: its hatch ``force-include`` folders
    (the app templates, kept at the top of the repository)."""
    import tomllib

    root = _source_checkout(dist)
    try:
        config = tomllib.loads((root / "pyproject.toml").read_text()) if root else {}
    except (OSError, tomllib.TOMLDecodeError):
        return []
    wheel = config.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {})
    files = []
    for source, target in wheel.get("force-include", {}).items():
        folder = root / source
        files += [(f"{target}/{path.relative_to(folder).as_posix()}", path) for path in _package_files(folder)]
    return files


def _package_files(folder: Path) -> list[Path]:
    files = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        files += [Path(parent, name) for name in names if not name.endswith(".pyc")]
    return sorted(files)


def _toolkit_distribution() -> metadata.Distribution:
    for name in TOOLKIT_DISTRIBUTIONS:
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
    raise ContainerError("cannot find the installed doover toolkit's metadata to pack its wheel; reinstall it")


def _toolkit_files(dist: metadata.Distribution, stem: str) -> list[tuple[str, Path]]:
    """(name in the wheel, file on disk): every file of the toolkit's import packages, and its metadata."""
    files: list[tuple[str, Path]] = []
    for package in TOOLKIT_PACKAGES:
        spec = util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations)))
        files += [(f"{package}/{path.relative_to(folder).as_posix()}", path) for path in _package_files(folder)]
    files += _forced_files(dist)
    info = Path(cast(Any, dist)._path)  # the .dist-info folder: METADATA, WHEEL, entry_points.txt ...
    dist_info = f"{stem}.dist-info"
    for path in sorted(info.iterdir()):
        if path.is_file() and path.name not in SKIPPED_METADATA:
            files.append((f"{dist_info}/{path.name}", path))
    return files


def _pack(files: list[tuple[str, Path]], target: Path) -> None:
    dist_info = next(name.split("/")[0] for name, _ in files if name.endswith(".dist-info/METADATA"))
    record = []
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, path in files:
            data = path.read_bytes()
            entry = zipfile.ZipInfo(name)  # a fixed date: the same files make the same wheel
            entry.external_attr = 0o644 << 16
            wheel.writestr(entry, data, zipfile.ZIP_DEFLATED)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append(f"{dist_info}/RECORD,,")
        wheel.writestr(zipfile.ZipInfo(f"{dist_info}/RECORD"), "\n".join(record) + "\n")
    partial.replace(target)


def _download(toolkit: Path, python_version: str, extra: list[str], cached: Path) -> None:
    """The toolkit's dependencies and ``extra`` as wheels for the image's Python, from the index."""
    partial = cached.with_name(cached.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    shutil.copy2(toolkit, partial / toolkit.name)
    arch = {"arm64": "aarch64", "amd64": "x86_64"}.get(platform.machine().lower(), platform.machine().lower())
    platforms = [f"manylinux_2_{minor}_{arch}" for minor in (17, 28, 31)] + [f"manylinux2014_{arch}"]
    argv = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--dest", str(partial)]
    argv += ["--only-binary=:all:", "--python-version", python_version, "--implementation", "cp"]
    argv += [arg for tag in platforms for arg in ("--platform", tag)]
    result = subprocess.run([*argv, str(toolkit), *extra], capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise ContainerError(f"cannot gather the wheels for the image's Python {python_version}: {last}")
    (partial / ".complete").touch()
    shutil.rmtree(cached, ignore_errors=True)
    partial.rename(cached)


def _mirror(sources: dict[str, Path], folder: Path) -> None:
    """Copy what differs; remove wheels that are no longer wanted (an older toolkit build)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.whl"):
        if old.name not in sources:
            old.unlink()
    for name, src in sources.items():
        dst = folder / name
        if not dst.exists() or _stamp(dst) != _stamp(src):
            shutil.copy2(src, dst)  # keeps the modification time: the next build compares stamps only


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
