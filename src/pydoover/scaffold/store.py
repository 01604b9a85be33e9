"""The app template's versions, as this package ships them.

The templates live at the repository's top level (``templates/``) and ship inside the wheel as
``pydoover/scaffold/templates/`` (hatch force-include); either way :data:`TEMPLATES_DIR` finds them.

    templates/app/                        the current version: copier.yml, VERSION, project/ (Jinja files)
    templates/releases/app-1.0.0.tar.gz   every older released version, frozen by ``freeze()``

>>> store = shipped_store()
>>> store.current_version  # doctest: +SKIP
'1.0.0'
>>> store.versions()  # oldest first  # doctest: +SKIP
['1.0.0']

Changing the template: freeze the released version first (``python -m pydoover.scaffold freeze``
writes ``releases/app-<VERSION>.tar.gz``), then edit ``templates/app/``, bump ``VERSION`` and
describe the change in CHANGELOG.md. ``doover upgrade`` needs every released version to compute
what a project's author changed, so releases are never deleted.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _templates_dir() -> Path:
    """The templates beside this module in an installed wheel, else the checkout's top-level ``templates/``."""
    shipped = Path(__file__).parent / "templates"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[3] / "templates"


TEMPLATES_DIR = _templates_dir()
VERSION_FILE = "VERSION"
_VERSION = re.compile(r"^\d+(\.\d+){0,2}$")
_SKIPPED = {"__pycache__", ".DS_Store"}


class StoreError(Exception):
    """The shipped template versions are unusable (a packaging mistake, not a user error)."""


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.0"`` -> ``(1, 10, 0)``, for ordering; a version not of that form raises ValueError."""
    if not _VERSION.match(version):
        raise ValueError(f"not a template version (MAJOR.MINOR.PATCH): {version!r}")
    return tuple(int(part) for part in version.split("."))


def is_version(text: Any) -> bool:
    return isinstance(text, str) and bool(_VERSION.match(text))


@dataclass(frozen=True)
class TemplateStore:
    """The versions of one template: the current one as files, older ones as archives."""

    root: Path
    name: str = "app"

    @property
    def current_dir(self) -> Path:
        return self.root / self.name

    @property
    def releases_dir(self) -> Path:
        return self.root / "releases"

    @property
    def source_url(self) -> str:
        """What projects record as ``_src_path``: the same on every machine and for every version.

        ``doover new``/``upgrade`` make git resolve it to the local repository of these versions.
        """
        return f"git+doover://templates/{self.name}"

    @property
    def current_version(self) -> str:
        path = self.current_dir / VERSION_FILE
        try:
            version = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StoreError(f"cannot read the template version from {path}: {exc.strerror}") from None
        if not is_version(version):
            raise StoreError(f"{path}: {version!r} is not a template version (MAJOR.MINOR.PATCH)")
        return version

    def _archive(self, version: str) -> Path:
        return self.releases_dir / f"{self.name}-{version}.tar.gz"

    def released_versions(self) -> list[str]:
        """The frozen versions, oldest first."""
        prefix, suffix = f"{self.name}-", ".tar.gz"
        names = [p.name[len(prefix) : -len(suffix)] for p in self.releases_dir.glob(f"{prefix}*{suffix}")]
        return sorted((name for name in names if is_version(name)), key=version_key)

    def versions(self) -> list[str]:
        """Every version this store can produce, oldest first; the current one is the newest."""
        current = self.current_version
        released = self.released_versions()
        newer = [version for version in released if version_key(version) >= version_key(current)]
        if newer:
            raise StoreError(
                f"{self.current_dir / VERSION_FILE} says {current}, but {newer[-1]} is already released; "
                "bump VERSION after freezing a release"
            )
        return [*released, current]

    def files(self, version: str) -> dict[str, bytes]:
        """The template's files at ``version``: ``{posix relative path: content}``, sorted."""
        if version == self.current_version:
            return _read_tree(self.current_dir)
        archive = self._archive(version)
        if not archive.is_file():
            raise KeyError(version)
        with tarfile.open(archive, "r:gz") as tar:
            found = {
                member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
                for member in tar.getmembers()
                if member.isfile()
            }
        return dict(sorted(found.items()))

    def questions(self, version: str) -> dict[str, dict[str, Any]]:
        """The questions of ``copier.yml`` at ``version`` (settings starting with ``_`` left out)."""
        import yaml

        data = yaml.safe_load(self.files(version).get("copier.yml", b"{}")) or {}
        return {
            key: value if isinstance(value, dict) else {"default": value}
            for key, value in data.items()
            if not key.startswith("_")
        }

    def digest(self) -> str:
        """A hash of every version's content: the name of its materialised repository."""
        digest = hashlib.sha256()
        for version in self.versions():
            digest.update(f"version {version}\0".encode())
            for path, content in self.files(version).items():
                digest.update(f"{path}\0{len(content)}\0".encode())
                digest.update(content)
        return digest.hexdigest()

    def freeze(self) -> Path:
        """Archive the current version into ``releases/`` (byte-for-byte reproducible); return its path."""
        version = self.current_version
        archive = self._archive(version)
        if archive.exists():
            raise StoreError(f"{archive} already exists: bump {VERSION_FILE} before freezing again")
        archive.parent.mkdir(parents=True, exist_ok=True)
        archive.write_bytes(_tar_gz(self.files(version)))
        return archive


def shipped_store() -> TemplateStore:
    """The app template shipped with this toolkit."""
    return TemplateStore(TEMPLATES_DIR, "app")


def _read_tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        raise StoreError(f"no template at {folder}")
    files = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and not _SKIPPED.intersection(relative.parts) and path.suffix != ".pyc":
            files[relative.as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


def _tar_gz(files: dict[str, bytes]) -> bytes:
    """A gzipped tar of ``files`` with no timestamps or owners, so the same files give the same bytes."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), 0o644, 0
            tar.addfile(info, io.BytesIO(content))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as zipped:
        zipped.write(raw.getvalue())
    return out.getvalue()
