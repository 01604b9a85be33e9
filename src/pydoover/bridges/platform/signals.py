"""Input signals for the simulated device: pure functions of time (seconds since start).

Analog signals give ``value(t)``. Digital signals give ``value(t)``, ``edges(t0, t1, limit)``, the
exact times at which the level changes in ``(t0, t1]`` (the last ``limit`` of them), and
``rises(t0, t1)``, how many rising edges there are, counted arithmetically: a 200 Hz pulse train is
counted exactly however coarsely the simulation is stepped, in memory that does not grow with
the rate or the step.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field


@dataclass
class Constant:
    level: float

    def value(self, t: float) -> float:
        return self.level

    def edges(self, t0: float, t1: float, limit: int | None = None) -> list[tuple[float, bool]]:
        return []

    def rises(self, t0: float, t1: float) -> int:
        return 0


@dataclass
class Ramp:
    start: float
    rate: float  # units per second
    low: float = -math.inf
    high: float = math.inf
    wrap: bool = False

    def value(self, t: float) -> float:
        raw = self.start + self.rate * t
        if self.wrap and math.isfinite(self.low) and math.isfinite(self.high) and self.high > self.low:
            return self.low + (raw - self.low) % (self.high - self.low)
        return min(max(raw, self.low), self.high)


@dataclass
class Sine:
    mean: float
    amplitude: float
    period_s: float
    phase_deg: float = 0.0

    def value(self, t: float) -> float:
        return self.mean + self.amplitude * math.sin(2 * math.pi * t / self.period_s + math.radians(self.phase_deg))


@dataclass
class RandomWalk:
    """A bounded random walk, stepped every ``interval_s``; the same seed gives the same path."""

    start: float
    step: float
    low: float
    high: float
    interval_s: float = 1.0
    seed: int = 0
    _path: list[float] = field(default_factory=list, repr=False)
    _rng: random.Random | None = field(default=None, repr=False)

    def value(self, t: float) -> float:
        if self._rng is None:
            self._rng = random.Random(self.seed)
            self._path.append(min(max(self.start, self.low), self.high))
        index = max(int(t / self.interval_s), 0)
        while len(self._path) <= index:
            nxt = self._path[-1] + self._rng.uniform(-self.step, self.step)
            self._path.append(min(max(nxt, self.low), self.high))
        return self._path[index]


@dataclass
class Square:
    """A digital square wave: high for ``duty`` of each period, starting high at t=0.

    A pulse train at ``rate_hz`` is a square wave with period ``1/rate_hz`` (one rising edge per
    pulse). As an analog signal it alternates between ``low`` and ``high``.
    """

    period_s: float
    duty: float = 0.5
    low: float = 0.0
    high: float = 1.0

    def level(self, t: float) -> bool:
        return (t % self.period_s) < self.duty * self.period_s

    def value(self, t: float) -> float:
        return self.high if self.level(t) else self.low

    def edges(self, t0: float, t1: float, limit: int | None = None) -> list[tuple[float, bool]]:
        """Level changes in ``(t0, t1]``, in time order, as ``(time, new_level)``; only the last ``limit``."""
        found: list[tuple[float, bool]] = []
        high_for = self.duty * self.period_s
        k = math.floor(t0 / self.period_s)
        if limit is not None:  # two edges per period: start just early enough to find the last `limit`
            k = max(k, math.floor(t1 / self.period_s) - limit // 2 - 1)
        while True:
            rise, fall = k * self.period_s, k * self.period_s + high_for
            for when, level in ((rise, True), (fall, False)):
                if t0 < when <= t1:
                    found.append((when, level))
            if rise > t1:
                return found if limit is None else found[-limit:]
            k += 1

    def rises(self, t0: float, t1: float) -> int:
        """How many rising edges (at ``k * period_s``) fall in ``(t0, t1]``, without listing them."""
        first, last = math.floor(t0 / self.period_s), math.floor(t1 / self.period_s) + 1
        while first * self.period_s <= t0:  # the same float test as edges(), so the two agree
            first += 1
        while last * self.period_s > t1:
            last -= 1
        return max(last - first + 1, 0)


def pulse_train(rate_hz: float, duty: float = 0.5) -> Square:
    return Square(period_s=1.0 / rate_hz, duty=duty)
