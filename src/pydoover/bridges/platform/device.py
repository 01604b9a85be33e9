"""The simulated controller: pin state, input behaviours, wiring, schedules and DI events.

Time only moves when :meth:`SimulatedDevice.advance` is called (the bridge calls it on a short
timer and before every read), so the model is deterministic under a fake clock in tests.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from . import signals
from .device_file import DeviceSpec, Wire, describe_range, range_source

IO_TYPES = ("di", "do", "ai", "ao")
RISING, FALLING = "DI_R", "DI_F"
EVENT_LOG_SIZE = 10_000


class PinError(ValueError):
    """A pin that does not exist, or a value that does not fit it. The text lists the valid pins."""


@dataclass(frozen=True)
class IoEvent:
    event_id: int
    event: str  # DI_R (rising) or DI_F (falling)
    pin: int
    value: str
    time_ms: int


@dataclass(order=True)
class _Scheduled:
    due: float
    seq: int
    io_type: str = field(compare=False)
    pin: int = field(compare=False)
    value: float = field(compare=False)


def build_signal(spec):
    """A signal object from its device-file spec (None stays None)."""
    if spec is None:
        return None
    kind = spec.kind
    if kind == "constant":
        return signals.Constant(spec.value)
    if kind == "ramp":
        low = -math.inf if spec.min is None else spec.min
        high = math.inf if spec.max is None else spec.max
        return signals.Ramp(spec.start, spec.rate, low, high, spec.wrap)
    if kind == "sine":
        return signals.Sine(spec.mean, spec.amplitude, spec.period_s, spec.phase_deg)
    if kind == "square":
        return signals.Square(spec.period_s, spec.duty, spec.low, spec.high)
    if kind == "random_walk":
        return signals.RandomWalk(spec.start, spec.step, spec.min, spec.max, spec.interval_s, spec.seed)
    return signals.pulse_train(spec.rate_hz, spec.duty)


class SimulatedDevice:
    def __init__(
        self,
        spec: DeviceSpec,
        clock: Callable[[], float] = time.monotonic,
        wall_ms: Callable[[], float] = lambda: time.time() * 1000,
    ):
        self.spec = spec
        self._clock = clock
        self._t0 = clock()
        self._wall0_ms = wall_ms()
        self._now = 0.0
        self.do = [pin.initial for pin in spec.do]
        self.ao = [pin.initial for pin in spec.ao]
        self._di_signal = [build_signal(pin.signal) for pin in spec.di]
        self._ai_signal = [build_signal(pin.signal) for pin in spec.ai]
        self._ai_state = [pin.initial for pin in spec.ai]
        self._forced: dict[tuple[str, int], float] = {}
        self._di_wire: dict[int, tuple[int, Wire]] = {}  # DI pin -> (driving DO pin, wire)
        self._ai_wire: dict[int, tuple[str, int, Wire]] = {}
        for wire in spec.wiring:
            (src_type, src_pin), (dst_type, dst_pin) = spec.resolve(wire.source), spec.resolve(wire.to)
            if dst_type == "di":
                self._di_wire[dst_pin] = (src_pin, wire)
            else:
                self._ai_wire[dst_pin] = (src_type, src_pin, wire)
        self._di_level = [self._di_value(pin, 0.0) for pin in range(len(spec.di))]
        self._schedules: list[_Scheduled] = []
        self._seq = 0
        self.events: deque[IoEvent] = deque(maxlen=EVENT_LOG_SIZE)
        self.rising_edges = [0] * len(spec.di)  # lifetime pulse counts (the event log is capped)
        self._next_event_id = 1
        self._listeners: list[Callable[[IoEvent, float], None]] = []

    # -- time -----------------------------------------------------------------------------

    @property
    def uptime(self) -> float:
        return self._now

    def wall_ms_at(self, t: float) -> int:
        # Truncated like time.time()-based stamps elsewhere, so an edge is never stamped
        # earlier than the wall-clock millisecond it happened in (the epsilon absorbs float error).
        return int(self._wall0_ms + t * 1000 + 1e-6)

    def advance(self) -> None:
        """Move the simulation to the clock's present: fire due schedules, integrate, find edges."""
        target = self._clock() - self._t0
        while self._schedules and self._schedules[0].due <= target:
            job = self._schedules.pop(0)
            self._step_to(job.due)
            self._write(job.io_type, job.pin, job.value)
        self._step_to(target)

    def _step_to(self, t: float) -> None:
        if t <= self._now:
            return
        dt, t0 = t - self._now, self._now
        for pin, (src_type, src_pin, wire) in self._ai_wire.items():
            self._ai_state[pin] = self._integrate(src_type, src_pin, wire, self._ai_state[pin], dt)
        for pin, signal in enumerate(self._di_signal):
            if signal is not None and ("di", pin) not in self._forced and pin not in self._di_wire:
                self._di_signal_edges(pin, signal, t0, t)
        self._now = t

    def _di_signal_edges(self, pin: int, signal, t0: float, t: float) -> None:
        """Events for a DI signal's edges in ``(t0, t]``: the last EVENT_LOG_SIZE of them; every rise is counted."""
        edges = signal.edges(t0, t, EVENT_LOG_SIZE)
        self.rising_edges[pin] += signal.rises(t0, t) - sum(level for _, level in edges)
        for when, level in edges:
            self._di_changed(pin, level, when)

    def _integrate(self, src_type: str, src_pin: int, wire: Wire, state: float, dt: float) -> float:
        if src_type == "do":
            state += (wire.rate if self.do[src_pin] else wire.off_rate) * dt
        else:
            target = wire.gain * self.ao[src_pin] + wire.offset
            state = target if wire.tau_s == 0 else target + (state - target) * math.exp(-dt / wire.tau_s)
        low = -math.inf if wire.min is None else wire.min
        high = math.inf if wire.max is None else wire.max
        return min(max(state, low), high)

    # -- reads ----------------------------------------------------------------------------

    def read(self, io_type: str, pins: list[int]) -> list:
        self.check_pins(io_type, pins)
        self.advance()
        reader = {"di": self._di_value, "ai": self._ai_value}.get(io_type)
        if reader is not None:
            return [reader(pin, self._now) for pin in pins]
        values = self.do if io_type == "do" else self.ao
        return [values[pin] for pin in pins]

    def _di_value(self, pin: int, t: float) -> bool:
        if ("di", pin) in self._forced:
            return bool(self._forced[("di", pin)])
        if pin in self._di_wire:
            source, wire = self._di_wire[pin]
            return self.do[source] != wire.invert
        signal = self._di_signal[pin]
        if signal is not None:
            return signal.level(t) if hasattr(signal, "level") else bool(signal.value(t))
        return self.spec.di[pin].initial

    def _ai_value(self, pin: int, t: float) -> float:
        if ("ai", pin) in self._forced:
            return self._forced[("ai", pin)]
        if pin in self._ai_wire:
            return self._ai_state[pin]
        signal = self._ai_signal[pin]
        return signal.value(t) if signal is not None else self._ai_state[pin]

    def do_current(self, pins: list[int]) -> list[float]:
        self.check_pins("do", pins)
        return [self.spec.do[pin].current_a if self.do[pin] else 0.0 for pin in pins]

    # -- writes ---------------------------------------------------------------------------

    def write(self, io_type: str, pins: list[int], values: list[float]) -> None:
        """Set outputs now (DO/AO)."""
        self._check_outputs(io_type, pins, values)
        self.advance()
        for pin, value in zip(pins, values, strict=True):
            self._write(io_type, pin, value)

    def schedule(self, io_type: str, pins: list[int], values: list[float], delay_s: float) -> None:
        """Set outputs ``delay_s`` seconds from now."""
        self._check_outputs(io_type, pins, values)
        if not 0 <= delay_s < math.inf:
            raise PinError(f"time_secs must be zero or more (and finite), not {delay_s}")
        self.advance()
        for pin, value in zip(pins, values, strict=True):
            self._seq += 1
            self._schedules.append(_Scheduled(self._now + delay_s, self._seq, io_type, pin, value))
        self._schedules.sort()

    def _write(self, io_type: str, pin: int, value: float) -> None:
        if io_type == "do":
            self.do[pin] = bool(value)
            for di_pin, (source, _) in self._di_wire.items():
                if source == pin:
                    self._refresh_di(di_pin)
        else:
            self.ao[pin] = float(value)

    def reboot(self) -> None:
        """What a reboot does to the I/O: outputs back to their initial values, schedules dropped.

        Forced inputs stay forced: they are the tester's, not the device's.
        """
        self.advance()
        self._schedules.clear()
        for io_type, specs in (("do", self.spec.do), ("ao", self.spec.ao)):
            for pin, spec in enumerate(specs):
                self._write(io_type, pin, spec.initial)

    # -- forcing (simulation control) -----------------------------------------------------

    def force(self, io_type: str, pin: int, value: float) -> None:
        if io_type not in ("di", "ai"):
            raise PinError(f"only inputs can be forced (di or ai), not {io_type!r}; set outputs with set-do/set-ao")
        self.check_pins(io_type, [pin])
        self._check_values(io_type, [pin], [value])
        self.advance()
        self._forced[(io_type, pin)] = float(value)
        if io_type == "di":
            self._refresh_di(pin)

    def release(self, io_type: str | None = None, pin: int | None = None) -> int:
        """Release one forced input, all of one type, or all; return how many were released."""
        if io_type is not None and io_type not in ("di", "ai"):
            raise PinError(f"only inputs are forced (di or ai), so only they can be released, not {io_type!r}")
        if io_type is not None and pin is not None:
            self.check_pins(io_type, [pin])
        self.advance()
        chosen = [key for key in self._forced if io_type in (None, key[0]) and pin in (None, key[1])]
        for key in chosen:
            del self._forced[key]
            if key[0] == "di":
                self._refresh_di(key[1])
        return len(chosen)

    def forced(self) -> dict[tuple[str, int], float]:
        return dict(self._forced)

    # -- events ---------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[IoEvent, float], None]) -> Callable[[], None]:
        """Call ``listener(event, t)`` for each DI edge; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def events_since(
        self, events_from: int = 0, pin: int | None = None, kinds: tuple[str, ...] = (RISING, FALLING)
    ) -> list[IoEvent]:
        """Events after ``events_from`` (an event id, or an epoch-ms time when it is that large)."""
        self.advance()
        by_time = events_from > 10**11
        return [
            event
            for event in self.events
            if (event.time_ms > events_from if by_time else event.event_id > events_from)
            and (pin is None or event.pin == pin)
            and event.event in kinds
        ]

    def _refresh_di(self, pin: int) -> None:
        level = self._di_value(pin, self._now)
        if level != self._di_level[pin]:
            self._di_changed(pin, level, self._now)

    def _di_changed(self, pin: int, level: bool, t: float) -> None:
        self._di_level[pin] = level
        self.rising_edges[pin] += level
        event = IoEvent(
            self._next_event_id, RISING if level else FALLING, pin, "1" if level else "0", self.wall_ms_at(t)
        )
        self._next_event_id += 1
        self.events.append(event)
        for listener in list(self._listeners):
            listener(event, t)

    # -- pins -----------------------------------------------------------------------------

    def count(self, io_type: str) -> int:
        return len(getattr(self.spec, io_type))

    def check_pins(self, io_type: str, pins: list[int]) -> None:
        count = self.count(io_type)
        bad = [pin for pin in pins if not 0 <= pin < count]
        if bad:
            valid = (
                f"{io_type.upper()} pins are 0-{count - 1}" if count else f"this device has no {io_type.upper()} pins"
            )
            raise PinError(f"{io_type.upper()} {bad[0]} does not exist; {valid}")

    def _check_outputs(self, io_type: str, pins: list[int], values: list[float]) -> None:
        if io_type not in ("do", "ao"):
            raise PinError(f"only outputs can be set (do or ao), not {io_type!r}")
        self.check_pins(io_type, pins)
        if len(pins) != len(values):
            raise PinError(f"{len(pins)} pins but {len(values)} values; give one value per pin")
        self._check_values(io_type, pins, values)

    def _check_values(self, io_type: str, pins: list[int], values: list[float]) -> None:
        """Refuse NaN and infinity anywhere, and an analog value outside its pin's range."""
        for pin, value in zip(pins, values, strict=True):
            if not math.isfinite(value):
                raise PinError(f"{io_type.upper()} {pin}: {value} is not a number a pin can take; give a finite value")
            spec = getattr(self.spec, io_type)[pin]
            limits = spec.limits() if io_type in ("ai", "ao") else None
            if limits is not None and not limits[0] <= value <= limits[1]:
                raise PinError(
                    f"{io_type.upper()} {pin} takes {describe_range(spec)} ({range_source(spec)}); "
                    f"{value:g} is outside it"
                )

    def io_table(self) -> dict[str, list[int]]:
        return {io_type.upper(): list(range(self.count(io_type))) for io_type in IO_TYPES}
