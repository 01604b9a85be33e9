"""The channel hub: the local DDA's domain model, with no gRPC in it.

A channel has an aggregate (a JSON value) and a message history. Classic writes merge their
payload into the aggregate (dicts deep-merge, ``null`` deletes, anything else replaces) and log
the payload as a message; 1.x calls create, update and one-shot messages and update aggregates
directly. Every change is stored durably first, then fanned out to subscribers as events.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ...utils.channel_values import ValueRefused, check_id, check_timestamp_ms, check_value, parse_json
from ...utils.diff import apply_diff, generate_diff
from ...utils.snowflake import SnowflakeIds
from .store import AggregateRecord, MessageRecord, SqliteStore

log = logging.getLogger(__name__)

MAX_CHANNEL_NAME = 200
DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024
DEFAULT_HISTORY_LIMIT = 10_000
SUBSCRIBER_QUEUE_LIMIT = 10_000

MESSAGE_CREATE = "MessageCreate"
MESSAGE_UPDATE = "MessageUpdate"
AGGREGATE_UPDATE = "AggregateUpdate"
ONE_SHOT = "OneShotMessage"


class InvalidRequest(ValueError):
    """The request was malformed; nothing was stored. The text says what was wrong."""


class NotFound(LookupError):
    """The request named something that does not exist."""


@dataclass(frozen=True)
class ChannelEvent:
    """One change on a channel, as delivered to subscribers.

    ``AggregateUpdate`` events carry the new ``aggregate`` and the ``diff`` that produced it
    from the previous one (and the ``message`` logged with it, if any).
    """

    name: str
    channel: str
    message: MessageRecord | None = None
    aggregate: Any = None
    diff: Any = None
    updated_ms: int = 0
    request_data: Any = None


@dataclass(eq=False)
class Subscriber:
    channel: str
    kinds: frozenset[str] | None = None  # event names wanted; None means all
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(SUBSCRIBER_QUEUE_LIMIT))
    overflowed: bool = False

    async def events(self) -> AsyncIterator[ChannelEvent]:
        """Events in order, until the subscriber falls too far behind and is dropped."""
        while not self.overflowed:
            yield await self.queue.get()


def parse_payload(text: str) -> Any:
    """A payload is JSON when it parses as JSON; any other text is kept as a plain string.

    JSON that no read could serve back (NaN, nesting too deep) is refused, not kept as text.
    """
    try:
        value = parse_json(text, "message_payload")
    except ValueRefused:
        raise
    except ValueError:
        return text
    check_value(value, "message_payload")
    return value


def load_stored(text: str) -> Any:
    """A stored value, as written (stores from older versions may hold values since refused)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def check_channel_name(name: str) -> None:
    if not name:
        raise InvalidRequest("channel_name is empty; expected a channel name such as 'tag_values'")
    if len(name) > MAX_CHANNEL_NAME:
        raise InvalidRequest(f"channel_name is {len(name)} characters long; the limit is {MAX_CHANNEL_NAME}")
    bad = next((ch for ch in name if ch.isspace() or not ch.isprintable()), None)
    if bad is not None:
        raise InvalidRequest(
            f"channel_name {name!r} contains {bad!r}; whitespace and control characters are not allowed"
        )


class ChannelHub:
    def __init__(
        self,
        store: SqliteStore,
        max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
        history_limit: int = DEFAULT_HISTORY_LIMIT,
    ):
        self.store = store
        self.max_payload_bytes = max_payload_bytes
        self.history_limit = history_limit
        self._ids = SnowflakeIds(store.last_message_id())
        self._aggregates: dict[str, tuple[Any, int]] = {
            rec.channel: (load_stored(rec.aggregate), rec.updated_ms) for rec in store.aggregates()
        }
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._observers: list[Callable[[ChannelEvent], None]] = []
        self._writes_since_prune: dict[str, int] = {}

    # -- reads --------------------------------------------------------------------------

    def aggregate(self, channel: str) -> tuple[Any, int | None]:
        """The channel's aggregate and last-update time (ms); ``({}, None)`` if never written."""
        check_channel_name(channel)
        return self._aggregates.get(channel, ({}, None))

    def channel_names(self) -> list[str]:
        return sorted(set(self.store.channel_names()) | set(self._aggregates))

    def messages(
        self, channel: str, after: int | None = None, before: int | None = None, limit: int | None = None
    ) -> list[MessageRecord]:
        check_channel_name(channel)
        for what, bound in (("after", after), ("before", before)):
            if bound is not None:
                check_id(bound, what)
        return self.store.messages(channel, after, before, min(limit or 100, 10_000))

    def message(self, channel: str, message_id: int) -> MessageRecord:
        check_channel_name(channel)
        check_id(message_id, "message_id")
        record = self.store.message(channel, message_id)
        if record is None:
            raise NotFound(f"no message {message_id} on channel {channel!r}")
        return record

    def active_channels(self) -> list[str]:
        return sorted(name for name, subs in self._subscribers.items() if subs)

    # -- writes -------------------------------------------------------------------------

    def write(self, channel: str, payload: str, author: str | None = None, save_log: bool = True) -> MessageRecord:
        """Classic WriteToChannel: log the payload as a message and merge it into the aggregate."""
        check_channel_name(channel)
        self._check_size(payload)
        value = parse_payload(payload)
        message = self._new_message(channel, value, author, save_log)
        old, _ = self._aggregates.get(channel, ({}, None))
        updated = apply_diff(old, value)
        check_value(updated, "the merged aggregate")
        self.store.save(aggregate=AggregateRecord(channel, dumps(updated), message.ts_ms), message=message)
        self._aggregates[channel] = (updated, message.ts_ms)
        self._after_message(channel)
        self._publish(ChannelEvent(MESSAGE_CREATE, channel, message))
        self._publish(ChannelEvent(AGGREGATE_UPDATE, channel, message, updated, value, message.ts_ms, value))
        return message

    def create_message(
        self, channel: str, value: Any, author: str | None = None, ts_ms: int | None = None
    ) -> MessageRecord:
        """1.x CreateMessage: log a message; the aggregate is not touched."""
        check_channel_name(channel)
        check_value(value)
        message = self._new_message(channel, value, author, True, ts_ms)
        self._check_size(message.payload)
        self.store.save(message=message)
        self._after_message(channel)
        self._publish(ChannelEvent(MESSAGE_CREATE, channel, message))
        return message

    def update_message(self, channel: str, message_id: int, value: Any, replace: bool = False) -> MessageRecord:
        """1.x UpdateMessage: merge ``value`` into a stored message (or replace it)."""
        check_value(value)
        old = self.message(channel, message_id)
        new_value = value if replace else apply_diff(load_stored(old.payload), value)
        check_value(new_value, "the updated message")
        updated = MessageRecord(old.id, channel, dumps(new_value), old.ts_ms, old.author, old.save_log)
        self._check_size(updated.payload)
        self.store.save(message=updated, replace_message=True)
        self._publish(ChannelEvent(MESSAGE_UPDATE, channel, updated, request_data=value))
        return updated

    def update_aggregate(
        self,
        channel: str,
        value: Any,
        author: str | None = None,
        replace_data: bool = False,
        replace_keys: tuple[str, ...] = (),
        save_log: bool = False,
    ) -> tuple[Any, int]:
        """1.x UpdateAggregate: deep-merge (or replace) the aggregate; optionally log the request."""
        check_channel_name(channel)
        check_value(value)
        self._check_size(dumps(value))
        old, _ = self._aggregates.get(channel, ({}, None))
        new = value if replace_data else _merge_with_replaced_keys(old, value, replace_keys)
        check_value(new, "the updated aggregate")
        now = _now_ms()
        message = self._new_message(channel, value, author, True, now) if save_log else None
        record = AggregateRecord(channel, dumps(new), now)
        self.store.save(aggregate=record, message=message)
        self._aggregates[channel] = (new, now)
        if message is not None:
            self._after_message(channel)
            self._publish(ChannelEvent(MESSAGE_CREATE, channel, message))
        self._publish(ChannelEvent(AGGREGATE_UPDATE, channel, message, new, generate_diff(old, new), now, value))
        return new, now

    def one_shot(self, channel: str, value: Any, author: str | None = None, ts_ms: int | None = None) -> MessageRecord:
        """1.x SendOneShotMessage: deliver to live subscribers only; nothing is stored."""
        check_channel_name(channel)
        check_value(value)
        message = self._new_message(channel, value, author, False, ts_ms)
        self._check_size(message.payload)
        self._publish(ChannelEvent(ONE_SHOT, channel, message))
        return message

    # -- subscriptions ------------------------------------------------------------------

    @contextmanager
    def subscribe(self, channel: str, kinds: frozenset[str] | None = None) -> Iterator[Subscriber]:
        check_channel_name(channel)
        subscriber = Subscriber(channel, kinds)
        self._subscribers.setdefault(channel, set()).add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers[channel].discard(subscriber)

    def add_observer(self, observer: Callable[[ChannelEvent], None]) -> None:
        """Call ``observer(event)`` for every event on every channel (``doover bridge up --traffic``)."""
        self._observers.append(observer)

    def _publish(self, event: ChannelEvent) -> None:
        for observer in self._observers:
            observer(event)
        for subscriber in list(self._subscribers.get(event.channel, ())):
            if subscriber.kinds is not None and event.name not in subscriber.kinds:
                continue
            try:
                subscriber.queue.put_nowait(event)
            except asyncio.QueueFull:
                # A reader this far behind is dropped; it resyncs when it reconnects.
                subscriber.overflowed = True
                self._subscribers[event.channel].discard(subscriber)
                log.warning(
                    "dropped a subscriber of %s that fell %d events behind", event.channel, SUBSCRIBER_QUEUE_LIMIT
                )

    # -- helpers ------------------------------------------------------------------------

    def _check_size(self, payload: str) -> None:
        size = len(payload.encode("utf-8"))
        if size > self.max_payload_bytes:
            raise InvalidRequest(f"payload is {size} bytes; the limit is {self.max_payload_bytes} bytes")

    def _new_message(
        self, channel: str, value: Any, author: str | None, save_log: bool, ts_ms: int | None = None
    ) -> MessageRecord:
        if ts_ms:
            check_timestamp_ms(ts_ms)
        return MessageRecord(self._ids.next(), channel, dumps(value), ts_ms or _now_ms(), author, save_log)

    def _after_message(self, channel: str) -> None:
        """Keep each channel's history near ``history_limit`` messages, pruning in batches."""
        count = self._writes_since_prune.get(channel, 0) + 1
        if count >= max(self.history_limit // 10, 1):
            self.store.prune(channel, self.history_limit)
            count = 0
        self._writes_since_prune[channel] = count


def _merge_with_replaced_keys(old: Any, value: Any, replace_keys: tuple[str, ...]) -> Any:
    """Deep-merge, except that each dotted path in ``replace_keys`` is replaced whole."""
    merged = apply_diff(old, value)
    for path in replace_keys:
        parts = path.split(".")
        source: Any = value
        for part in parts:
            source = source.get(part) if isinstance(source, dict) else None
        merged = _set_path(merged, parts, source)
    return merged


def _set_path(data: Any, parts: list[str], value: Any) -> Any:
    copy = dict(data) if isinstance(data, dict) else {}
    if len(parts) == 1:
        if value is None:
            copy.pop(parts[0], None)
        else:
            copy[parts[0]] = value
        return copy
    copy[parts[0]] = _set_path(copy.get(parts[0]), parts[1:], value)
    return copy


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
