"""The dashboard's live state: the latest value of each topic, and the pages listening for changes.

Watchers publish (``hub.publish("ui_state", aggregate)``); each open page holds a queue that
starts with a snapshot of every kept topic and then receives every change::

    async with hub.listen() as queue:
        event = await queue.get()        # {"topic": "ui_state", "data": {...}}; None once the hub closes
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

QUEUE_LIMIT = 1000  # events a slow page may fall behind before it is sent a fresh snapshot
LOG_BACKLOG = 200  # log lines a newly opened page is shown


class Hub:
    """Latest state per topic (``status``, ``ui_state``, ``ui_cmds``, ``io``, ``apps`` ...) and listeners."""

    def __init__(self) -> None:
        self.latest: dict[str, Any] = {}
        self.status: dict[str, bool | None] = {}
        self.logs: deque[dict] = deque(maxlen=LOG_BACKLOG)
        self._queues: set[asyncio.Queue] = set()  # pages following every topic
        self._listeners: set[asyncio.Queue] = set()  # every open stream, told when the hub closes

    def publish(self, topic: str, data: Any) -> None:
        """Keep ``data`` as the topic's latest value and send it to every page."""
        self.latest[topic] = data
        self._send({"topic": topic, "data": data})

    def log(self, line: dict) -> None:
        """An app's log line: kept in a short backlog and sent to every page."""
        self.logs.append(line)
        self._send({"topic": "log", "data": line})

    def set_status(self, bridge: str, connected: bool, detail: str = "") -> None:
        """Record whether ``bridge`` answers; pages hear only about changes."""
        if self.status.get(bridge) == connected:
            return
        self.status[bridge] = connected
        self.publish("status", {"bridges": dict(self.status), "bridge": bridge, "detail": detail})

    def snapshot(self) -> list[dict]:
        events = [{"topic": topic, "data": data} for topic, data in self.latest.items()]
        return [*events, {"topic": "logs", "data": list(self.logs)}]

    @asynccontextmanager
    async def listen(self, private: bool = False) -> AsyncIterator[asyncio.Queue]:
        """A queue with the snapshot and every event; ``private``: a queue of its own, told only
        about the hub closing (for a stream fed from elsewhere, such as a channel's tail)."""
        queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
        if not private:
            for event in self.snapshot():
                queue.put_nowait(event)
            self._queues.add(queue)
        self._listeners.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)
            self._listeners.discard(queue)

    def close(self) -> None:
        """End every open stream (each queue receives None), so a server can stop promptly."""
        for queue in self._listeners:
            _clear(queue)
            queue.put_nowait(None)

    def _send(self, event: dict) -> None:
        for queue in self._queues:
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a stalled page: drop its backlog, resend the whole state
                _clear(queue)
                for fresh in self.snapshot():
                    queue.put_nowait(fresh)


def _clear(queue: asyncio.Queue) -> None:
    while not queue.empty():
        queue.get_nowait()
