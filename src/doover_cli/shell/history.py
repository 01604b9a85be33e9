"""The shell's command history, kept across sessions in the user's state dir.

    history = History(readline, history_path())   # $XDG_STATE_HOME/doover/shell_history
    history.load()                                 # Up-arrow now reaches earlier sessions
    history.add("get-di 0")                        # in memory and appended to the file at once

Each command is appended when it is entered, so a session that is killed loses nothing and two
sessions at once both keep theirs. The file keeps the newest ``KEEP`` commands (trimmed when a
session starts); a command repeating the one before it is not stored twice. The file is private
to the user (0600): commands name hosts.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from ..output import warn

KEEP = 1000


def history_path() -> Path:
    """``$XDG_STATE_HOME/doover/shell_history``, by default ``~/.local/state/doover/shell_history``.

    The user's state dir, as :mod:`pydoover.bridges.state_dir` uses outside a project: history
    belongs to the user, not to the project a shell happens to start in.
    """
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "doover" / "shell_history"


class History:
    def __init__(self, readline: ModuleType, path: Path):
        self.readline, self.path = readline, path
        self.last: str | None = None
        self.broken = False  # warned once that the file cannot be used; keep going without it

    def load(self) -> None:
        """Read the file into readline's history (trimming it to ``KEEP`` commands)."""
        self.readline.set_auto_history(False)  # confirmation answers must not become history
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return
        except OSError as exc:
            self._broken(exc)
            return
        kept = [line for line in lines if line.strip()][-KEEP:]
        if len(kept) < len(lines):
            self._write("".join(f"{line}\n" for line in kept), "w")
        for line in kept:
            self.readline.add_history(line)
        self.last = kept[-1] if kept else None

    def add(self, line: str) -> None:
        """Remember ``line`` (not when it repeats the previous command)."""
        if not line.strip() or line == self.last:
            return
        self.readline.add_history(line)
        self.last = line
        self._write(f"{line}\n", "a")

    def _write(self, text: str, mode: str) -> None:
        if self.broken:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
            with os.fdopen(os.open(self.path, flags, 0o600), mode, encoding="utf-8") as file:
                file.write(text)
        except OSError as exc:
            self._broken(exc)

    def _broken(self, exc: OSError) -> None:
        self.broken = True
        warn(f"shell history is not kept: {self.path}: {exc.strerror or exc}")
