"""Recent app output, in memory: a ring buffer of lines per app and live followers.

    store = LogStore(lines_per_app=2000)
    store.append("tank", [(0, "stdout", "level 3.2")])     # timestamp 0: now
    store.recent("tank", tail=10)                          # the newest 10 lines
    with store.follow("tank") as follower:                 # None: every app, including new ones
        lines, dropped = await follower.next_batch()

Every line gets a ``seq`` that increases across all apps, so lines of several apps merge in the
order they arrived, and a reader that lost its stream resumes after the last seq it saw. The
``boot_id`` tells a resuming reader whether those seqs still mean anything (a restarted bridge
starts again from 1).
"""

from __future__ import annotations

import asyncio
import heapq
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from .errors import InvalidRequest

LINES_PER_APP = 2000
MAX_PENDING = 10_000  # lines a follower may fall behind before the oldest are dropped
MAX_LINE_CHARS = 16 * 1024
STREAMS = ("stdout", "stderr")


@dataclass(frozen=True, slots=True)
class LogEntry:
    seq: int
    app_key: str
    timestamp_ms: int
    stream: str
    text: str


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def check_stream(stream: str) -> str:
    stream = stream or "stdout"
    if stream not in STREAMS:
        raise InvalidRequest(f"stream {stream!r} is not stdout or stderr")
    return stream


def clip(text: str) -> str:
    text = text.rstrip("\r\n")
    if len(text) > MAX_LINE_CHARS:
        return text[:MAX_LINE_CHARS] + f" ... [{len(text) - MAX_LINE_CHARS} more characters]"
    return text


class Follower:
    """Lines appended after it was created, in batches; the oldest go first when it lags."""

    def __init__(self, app_key: str | None, max_pending: int = MAX_PENDING):
        self.app_key = app_key
        self._pending: deque[LogEntry] = deque(maxlen=max_pending)
        self._dropped = 0
        self._ready = asyncio.Event()

    def offer(self, entries: list[LogEntry]) -> None:
        room = cast(int, self._pending.maxlen) - len(self._pending)  # a bounded deque
        self._dropped += max(0, len(entries) - room)
        self._pending.extend(entries)
        self._ready.set()

    async def next_batch(self) -> tuple[list[LogEntry], int]:
        """Wait for lines; return them and how many were dropped since the last batch."""
        await self._ready.wait()
        self._ready.clear()
        batch = list(self._pending)
        self._pending.clear()
        dropped, self._dropped = self._dropped, 0
        return batch, dropped


class LogStore:
    def __init__(self, lines_per_app: int = LINES_PER_APP):
        self.lines_per_app = lines_per_app
        self.boot_id = uuid.uuid4().hex[:12]
        self.head_seq = 0  # the newest seq given out
        self._buffers: dict[str, deque[LogEntry]] = {}
        self._followers: set[Follower] = set()

    def append(self, app_key: str, lines: Iterable[tuple[int, str, str]]) -> list[LogEntry]:
        """Keep ``(timestamp_ms, stream, text)`` lines of ``app_key``; a 0 timestamp means now."""
        received = now_ms()
        checked = [(ts or received, check_stream(stream), clip(text)) for ts, stream, text in lines]
        entries = [LogEntry(self.head_seq + i, app_key, *line) for i, line in enumerate(checked, start=1)]
        if not entries:
            return entries
        self.head_seq = entries[-1].seq
        self._buffer(app_key).extend(entries)
        for follower in self._followers:
            if follower.app_key in (None, app_key):
                follower.offer(entries)
        return entries

    def _buffer(self, app_key: str) -> deque[LogEntry]:
        if app_key not in self._buffers:
            self._buffers[app_key] = deque(maxlen=self.lines_per_app)
        return self._buffers[app_key]

    def forget(self, app_key: str) -> None:
        """Drop every kept line of ``app_key`` (the app was removed)."""
        self._buffers.pop(app_key, None)

    def count(self, app_key: str) -> int:
        return len(self._buffers.get(app_key, ()))

    def recent(
        self,
        app_key: str | None = None,
        tail: int | None = None,
        since_ms: int | None = None,
        after_seq: int | None = None,
    ) -> list[LogEntry]:
        """Kept lines of one app (or all, merged by seq), filtered, oldest first."""
        if app_key is None:
            entries: Iterable[LogEntry] = heapq.merge(*self._buffers.values(), key=lambda e: e.seq)
        else:
            entries = self._buffers.get(app_key, ())
        chosen = [
            entry
            for entry in entries
            if (since_ms is None or entry.timestamp_ms >= since_ms) and (after_seq is None or entry.seq > after_seq)
        ]
        if tail is not None:
            chosen = chosen[-tail:] if tail else []
        return chosen

    @contextmanager
    def follow(self, app_key: str | None = None, max_pending: int = MAX_PENDING) -> Iterator[Follower]:
        follower = Follower(app_key, max_pending)
        self._followers.add(follower)
        try:
            yield follower
        finally:
            self._followers.discard(follower)
