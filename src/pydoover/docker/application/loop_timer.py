"""The main loop's clock: start each iteration on a fixed grid, and say when the loop overruns.

    timer = LoopTimer()
    while True:
        timer.mark_start()
        await do_work()
        await timer.wait(target_period)

Sleeping until ``start + n * period`` (not ``period`` after the work ended) keeps the mean period
on target however long the work takes, as long as it takes less than a period. An iteration that
overruns starts the next one at once and re-anchors the grid, so a slow spell is not followed by a
burst of catch-up loops.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)

WINDOW = 20  # iterations averaged for the overrun warning
WARN_EVERY = 6.0  # seconds between overrun warnings
OVERRUN_FACTOR = 1.2


class LoopTimer:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._due: float | None = None  # when the current iteration was due to start
        self._started: float | None = None
        self.durations: deque[float] = deque(maxlen=WINDOW)
        self._last_warning = -WARN_EVERY

    def mark_start(self) -> None:
        now = self._clock()
        self._started = now
        if self._due is None:
            self._due = now

    async def wait(self, period: float) -> None:
        """Sleep until the next iteration is due (``period`` after the last one was due)."""
        now = self._clock()
        if self._started is not None:
            self.durations.append(now - self._started)
            self._warn_if_overrunning(period, now)
        due = (self._due if self._due is not None else now) + period
        if due < now:  # overran: start now, and measure the grid from here
            due = now
        self._due = due
        await asyncio.sleep(max(0.0, due - now))

    def _warn_if_overrunning(self, period: float, now: float) -> None:
        if len(self.durations) < WINDOW or period <= 0:
            return
        mean = sum(self.durations) / len(self.durations)
        if mean > OVERRUN_FACTOR * period and now - self._last_warning >= WARN_EVERY:
            self._last_warning = now
            log.warning(
                "the main loop takes %.3f s on average, over its target period of %.3f s "
                "(set loop_target_period higher or make main_loop faster)",
                mean,
                period,
            )
