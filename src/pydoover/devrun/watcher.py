"""Noticing that an app's sources changed, by polling modification times (no extra dependency)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

WATCHED_SUFFIXES = (".py", ".json", ".toml", ".yaml", ".yml")
IGNORED_PARTS = {"__pycache__", ".git", ".doover", ".venv", "venv", "node_modules"}
POLL = 0.3


def snapshot(folders: Iterable[Path]) -> dict[Path, float]:
    """Modification time of every watched file under ``folders``."""
    times: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix in WATCHED_SUFFIXES and not IGNORED_PARTS.intersection(path.parts):
                try:
                    times[path] = path.stat().st_mtime_ns
                except OSError:
                    continue
    return times


def changed_files(before: dict[Path, float], after: dict[Path, float]) -> list[Path]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


async def changes(folders: list[Path], poll: float = POLL) -> AsyncIterator[list[Path]]:
    """Yield the files that changed, each time some did (a burst of saves counts as one change)."""
    before = snapshot(folders)
    while True:
        await asyncio.sleep(poll)
        after = snapshot(folders)
        if after != before:
            await asyncio.sleep(poll)  # let an editor finish writing
            after = snapshot(folders)
            yield changed_files(before, after)
            before = after
