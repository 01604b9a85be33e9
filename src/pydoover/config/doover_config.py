"""Writing an app's config schema into ``doover_config.json`` (other keys are kept)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..utils.json_files import read_json_object


def write_config_schema(fp: str | os.PathLike[str], app_name: str, config_schema: dict[str, Any]) -> None:
    """Set ``data[app_name]["config_schema"]`` in the JSON file ``fp`` (created if missing), atomically."""
    path = Path(fp)
    data = _read_object(path)
    app_entry = data.setdefault(app_name, {})
    if not isinstance(app_entry, dict):
        raise ValueError(f"{path}: {app_name!r} must be a JSON object, not {type(app_entry).__name__}")
    app_entry["config_schema"] = config_schema
    _write_atomically(path, json.dumps(data, indent=4) + "\n")


def _read_object(path: Path) -> dict[str, Any]:
    return read_json_object(path, "a JSON object keyed by app name") if path.exists() else {}


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and move it into place, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; keep the file's mode, or what umask gives
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
