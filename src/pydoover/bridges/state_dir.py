"""Where the local bridges keep their state when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_MARKERS = ("doover_config.json", "pyproject.toml")


def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above ``start`` that holds a Doover app project."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if any((directory / marker).is_file() for marker in PROJECT_MARKERS):
            return directory
    return None


def default_state_dir(start: Path | None = None) -> Path:
    """``.doover/`` in the current project, else the per-user state dir (XDG_STATE_HOME)."""
    project = find_project_root(start)
    if project is not None:
        return project / ".doover"
    return user_state_dir()


def user_state_dir() -> Path:
    """The per-user state dir: ``$XDG_STATE_HOME/doover``, by default ``~/.local/state/doover``."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "doover"
