"""Counters of edges on a digital input, fed by the Platform bridge.

    async def setup(self):
        self.flow = self.platform_iface.get_new_pulse_counter(0, callback=self.on_pulse)
    ...
    self.flow.count, self.flow.get_counts_per_minute()
    self.flow.stop()

:class:`PulseCounter` reads the ``startPulseCounter`` stream (each response with ``dt_secs > 0``
is one pulse) and reconnects by itself; :class:`EventCounter` polls ``getDIEvents`` and counts
the ``DI_R``/``DI_F`` edges logged since it started. Both run as tasks of the running event loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, cast

from ..._grpc import platform_iface_pb2 as pb
from ...utils.dual import call_maybe_async
from ..errors import BridgeError
from ..reconnect import StreamRejected, reconnecting

if TYPE_CHECKING:
    from .interface import IoEvent, PlatformInterface

log = logging.getLogger(__name__)

# callback(di, di_value, dt_secs, count, edge), sync or async
PulseCallback = Callable[[int, bool, float, int, str], Any]

EDGES = {"rising": (True, False), "falling": (False, True), "both": (True, True)}
EVENT_EDGES = {"DI_R": "rising", "DI_F": "falling"}


def edge_flags(edge: str) -> tuple[bool, bool]:
    """``(rising, falling)`` for an edge name: ``edge_flags("both") == (True, True)``."""
    try:
        return EDGES[edge]
    except (KeyError, TypeError):
        raise ValueError(f"edge must be one of {', '.join(EDGES)}, got {edge!r}") from None


class _DICounter(ABC):
    """Count, timestamps, rate and callbacks shared by both counters; subclasses supply ``_run``."""

    def __init__(
        self,
        plt_iface: PlatformInterface,
        pin: int,
        edge: str,
        callback: PulseCallback | None,
        rate_window_secs: float,
    ):
        edge_flags(edge)
        self.platform_iface = plt_iface
        self.pin = int(pin)
        self.edge = edge
        self.callback = callback
        self.rate_window_secs = rate_window_secs
        self.count = 0
        self.pulse_timestamps: deque[float] = deque()  # epoch seconds, within the rate window
        self.start_time = time.time()
        self._task: asyncio.Task | None = None
        self._callbacks: set[asyncio.Future] = set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start counting in the running event loop: ``counter.start()``."""
        if self.running:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                f"{type(self).__name__} needs a running event loop: create or start it from async code"
            ) from None
        self.start_time = time.time()
        self._task = loop.create_task(self._run(), name=f"{type(self).__name__}-di{self.pin}")
        self.platform_iface.counters.add(cast("PulseCounter | EventCounter", self))  # both are _DICounters

    def stop(self) -> None:
        """Stop counting (the count is kept): ``counter.stop()``."""
        if self._task is not None and not self._task.get_loop().is_closed():
            self._task.cancel()
        self._task = None
        self.platform_iface.counters.discard(self)

    @abstractmethod
    async def _run(self) -> None:
        """Count until stopped (each subclass reads its own source of edges)."""

    async def _record(self, value: bool, dt_secs: float, edge: str, at: float | None = None) -> None:
        """Count one edge and hand it to the callback (as a task; sync callbacks in the executor)."""
        self.count += 1
        at = time.time() if at is None else at
        self.pulse_timestamps.append(at)
        while self.pulse_timestamps and self.pulse_timestamps[0] < at - self.rate_window_secs:
            self.pulse_timestamps.popleft()
        if self.callback is not None:
            args = (self.pin, value, dt_secs, self.count, edge)
            task = await call_maybe_async(self.callback, *args, as_task=True)
            self._callbacks.add(task)
            task.add_done_callback(self._callback_done)

    def _callback_done(self, task: asyncio.Future) -> None:
        self._callbacks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("callback of the counter on di=%s failed", self.pin, exc_info=task.exception())

    # -- rate ------------------------------------------------------------------------------

    def get_pulses_in_window(self) -> list[float]:
        """Timestamps (epoch seconds) of the pulses in the last ``rate_window_secs``."""
        since = time.time() - self.rate_window_secs
        return [t for t in self.pulse_timestamps if t >= since]

    def get_counts_per_minute(self) -> float:
        """Pulses per minute over the rate window: ``counter.get_counts_per_minute()``."""
        return len(self.get_pulses_in_window()) * 60 / self.rate_window_secs

    def get_rate(self) -> float:
        """Pulses per second (Hz) over the rate window: ``counter.get_rate()``."""
        return len(self.get_pulses_in_window()) / self.rate_window_secs

    def set_rate_window(self, rate_window_secs: float) -> None:
        self.rate_window_secs = rate_window_secs

    def get_rate_window(self) -> float:
        return self.rate_window_secs

    def get_counter(self) -> int:
        return self.count

    def set_counter(self, counter: int) -> None:
        self.count = counter

    get_pulses_per_minute = get_counts_per_minute  # classic name


class PulseCounter(_DICounter):
    """Pulses on a digital input, streamed by the bridge: ``iface.get_new_pulse_counter(0)``.

    Each ``startPulseCounter`` response with ``dt_secs > 0`` is one pulse: ``count`` goes up and
    ``callback(di, di_value, dt_secs, count, edge)`` is called. When the stream breaks (bridge
    restart, error) it is reopened after ``min_backoff`` seconds, doubling up to ``max_backoff``.
    """

    min_backoff = 0.25
    max_backoff = 1.0

    def __init__(
        self,
        plt_iface: PlatformInterface,
        pin: int,
        edge: str = "rising",
        callback: PulseCallback | None = None,
        rate_window_secs: float = 20,
        auto_start: bool = True,
    ):
        super().__init__(plt_iface, pin, edge, callback, rate_window_secs)
        self._last_reason: str | None = None
        if auto_start:
            self.start()

    start_listener_pulses = start_listener = _DICounter.start  # classic names

    async def _run(self) -> None:
        async for response in self.responses():
            if response.dt_secs > 0:
                await self._record(bool(response.value), response.dt_secs, self.edge)

    def responses(self) -> AsyncIterator[pb.pulseCounterResponse]:
        """Every ``pulseCounterResponse`` of the pin, across reconnections."""
        return reconnecting(self._one_stream, self.min_backoff, self.max_backoff, self._log_disconnect)

    async def _one_stream(self) -> AsyncIterator[pb.pulseCounterResponse]:
        request = pb.pulseCounterRequest(di=self.pin, edge=self.edge)
        call = self.platform_iface.async_stub().startPulseCounter(request)
        try:
            async for response in call:
                header = response.response_header
                if response.HasField("response_header") and not header.success:
                    raise StreamRejected(f"REJECTED: {header.message or 'no reason given'}")
                self._last_reason = None
                yield response
        finally:
            call.cancel()

    def _log_disconnect(self, reason: str, retry_in: float) -> None:
        level = logging.DEBUG if reason == self._last_reason else logging.WARNING
        self._last_reason = reason
        log.log(
            level,
            "%s bridge at %s: pulse counter on di=%s lost (%s); retrying in %.2fs",
            self.platform_iface.bridge_name,
            self.platform_iface.uri,
            self.pin,
            reason,
            retry_in,
        )


class EventCounter(_DICounter):
    """Edges the platform logged on a digital input since the counter was created.

    ``iface.get_new_event_counter(0, "both")`` polls ``getDIEvents`` every ``poll_secs`` and counts
    each new ``DI_R``/``DI_F`` event matching ``edge`` whose time (platform clock, 1 ms resolution)
    is after ``since_ms``; ``callback(di, di_value, dt_secs, count, edge)`` gets the event's own
    edge and the seconds since the previous counted event (0 for the first).
    """

    def __init__(
        self,
        plt_iface: PlatformInterface,
        pin: int,
        edge: str = "rising",
        callback: PulseCallback | None = None,
        rate_window_secs: float = 20,
        auto_collect: bool = True,
        poll_secs: float = 1.0,
    ):
        super().__init__(plt_iface, pin, edge, callback, rate_window_secs)
        self.poll_secs = poll_secs
        self.since_ms = int(time.time() * 1000)
        self.last_event_id: int | None = None
        self._last_event_ms: int | None = None
        if auto_collect:
            self.start()

    async def _run(self) -> None:
        while True:
            try:
                await self.collect()
            except BridgeError as exc:  # raise_on_error interfaces: keep polling
                log.debug("event counter on di=%s: %s", self.pin, exc)
            await asyncio.sleep(self.poll_secs)

    async def collect(self) -> int:
        """Poll once; count the new edges. Returns how many were counted: ``await counter.collect()``."""
        events_from = self.since_ms if self.last_event_id is None else self.last_event_id
        _, events = await self.platform_iface.get_di_events_async(self.pin, self.edge, events_from=events_from)
        counted = 0
        for event in sorted(events, key=lambda e: e.event_id):
            if self._is_new(event):
                counted += 1
                await self._count_event(event)
            if self.last_event_id is None or event.event_id > self.last_event_id:
                self.last_event_id = event.event_id
        return counted

    def _is_new(self, event: IoEvent) -> bool:
        wanted = EVENT_EDGES.get(event.event) in ({"rising", "falling"} if self.edge == "both" else {self.edge})
        unseen = self.last_event_id is None or event.event_id > self.last_event_id
        return wanted and unseen and event.time_ms > self.since_ms

    async def _count_event(self, event: IoEvent) -> None:
        previous, self._last_event_ms = self._last_event_ms, event.time_ms
        dt_secs = 0.0 if previous is None else (event.time_ms - previous) / 1000
        edge = EVENT_EDGES[event.event]
        await self._record(edge == "rising", dt_secs, edge, at=event.time_ms / 1000)
