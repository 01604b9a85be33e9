"""Follow channels as a stream of messages: history backfill, live updates, gap filling.

This is what ``doover channel tail`` shows, as a library: a reconnecting classic subscription
per channel, merged into one ordered-per-channel stream, with messages missed while the bridge
was away fetched from its history (where the DDA keeps one) and duplicates dropped.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...utils.diff import maybe_load_json
from ...utils.snowflake import datetime_of_id, id_floor_for_datetime
from ..errors import BridgeError
from .interface import DeviceAgentInterface
from .subscription import ChannelStream


@dataclass(frozen=True)
class ChannelMessage:
    channel: str
    message_id: int | None
    timestamp: datetime
    payload: Any
    backfilled: bool = False

    def to_json(self) -> dict:
        return {
            "channel": self.channel,
            "message_id": None if self.message_id is None else str(self.message_id),  # as publish gives it
            "timestamp": self.timestamp.isoformat(timespec="milliseconds"),
            "payload": self.payload,
            "backfilled": self.backfilled,
        }


def _parse_int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


class ChannelFollower:
    """``async for message in ChannelFollower(agent, ["tank"], last=5): ...``

    ``on_status(text)`` receives human-readable connection news (lost, reconnected, history
    unavailable).
    """

    def __init__(
        self,
        agent: DeviceAgentInterface,
        channels: list[str],
        last: int | None = None,
        since: datetime | None = None,
        on_status: Callable[[str], None] = lambda text: None,
        max_backoff: float = 5.0,
    ):
        self.agent, self.channels = agent, channels
        self.last, self.since = last, since
        self.on_status = on_status
        self.max_backoff = max_backoff
        self._seen: dict[str, int] = {}

    async def __aiter__(self) -> AsyncIterator[ChannelMessage]:
        queue: asyncio.Queue[ChannelMessage] = asyncio.Queue()
        tasks = [asyncio.create_task(self._follow(name, queue)) for name in self.channels]
        try:
            while True:
                yield await queue.get()
        finally:
            for task in tasks:
                task.cancel()

    async def _follow(self, channel: str, queue: asyncio.Queue) -> None:
        outage = False

        def lost(reason: str, retry_in: float) -> None:
            nonlocal outage
            if not outage:
                self.on_status(f"lost connection to the DDA at {self.agent.uri} ({reason}); reconnecting")
            outage = True

        stream = ChannelStream(self.agent, channel, max_backoff=self.max_backoff, on_disconnect=lost)
        first = True
        async for event in stream:
            if event.kind == "sync":
                if outage:
                    self.on_status(f"reconnected to the DDA at {self.agent.uri} ({channel})")
                    outage = False
                for message in await self._backfill(channel, first):
                    await queue.put(message)
                first = False
                continue
            message = self._from_details(channel, event.response.message)
            if self._is_new(message):
                await queue.put(message)

    async def _backfill(self, channel: str, initial: bool) -> list[ChannelMessage]:
        """History to show before live updates: on start as asked, after a reconnect the gap."""
        floor = -1  # set (and only read) on the initial backfill
        if initial:
            # Live updates are newer than this floor; after an outage the gap starts above it.
            floor = id_floor_for_datetime(datetime.now(UTC)) - 1
            if self.since is None and not self.last:
                self._seen[channel] = floor
                return []
            after = id_floor_for_datetime(self.since) - 1 if self.since else None
            limit = self.last if self.since is None else 10_000
        else:
            after, limit = self._seen.get(channel), 10_000
        try:
            records = await self.agent.get_messages_async(channel, after=after, limit=limit)
        except BridgeError:
            records = None
        if records is None:
            self.on_status(
                f"the DDA at {self.agent.uri} keeps no readable history for {channel}; showing live updates only"
            )
            return []
        messages = [self._from_record(record) for record in records]
        if initial and self.last is not None:
            messages = messages[-self.last :] if self.last else []
        fresh = [message for message in messages if self._is_new(message)]
        if initial:
            self._seen.setdefault(channel, floor)
        return fresh

    def _is_new(self, message: ChannelMessage) -> bool:
        if message.message_id is None:
            return True
        if message.message_id <= self._seen.get(message.channel, -1):
            return False
        self._seen[message.channel] = message.message_id
        return True

    @staticmethod
    def _from_details(channel: str, details: Any) -> ChannelMessage:
        message_id = _parse_int(details.message_id)
        try:
            timestamp = datetime.fromisoformat(details.timestamp)
        except ValueError:
            timestamp = datetime.now(UTC)
        return ChannelMessage(channel, message_id, timestamp, maybe_load_json(details.payload))

    @staticmethod
    def _from_record(record: Any) -> ChannelMessage:
        payload = json.loads(record.data_json) if record.data_json else None
        return ChannelMessage(record.channel.name, record.message_id, datetime_of_id(record.message_id), payload, True)
