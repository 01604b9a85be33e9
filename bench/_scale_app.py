"""One demo app for bench/scale.py: the bundled tank controller, run as ``run_app`` runs it,
counting its loops, overruns (loops whose work took longer than the period) and the loop timer's
overrun warnings.

Not a benchmark itself. ``scale.py`` starts it as ``python bench/_scale_app.py STATS [PROFILE]``
with ``APP_KEY``, ``DDA_URI``, ``PLT_URI``, ``MODBUS_URI`` and ``HEALTHCHECK_PORT`` set, and
``PYTHONPATH`` naming the pydoover under test and the demo's ``src``. SIGUSR1 opens the bench's
window: the counts so far go to ``STATS.start`` (and a cProfile starts, with ``PROFILE``);
SIGUSR2 closes it: the counts go to ``STATS.end`` (and the profile is dumped to ``PROFILE``).
Nothing is written in between, so the instrument costs the app nothing per loop.
"""

from __future__ import annotations

import cProfile
import json
import logging
import os
import signal
import sys
import time


class Counters(logging.Handler):
    """Counts loops, overruns and the loop timer's overrun warnings (a logging handler on its logger)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.stats = {"loops": 0, "overruns": 0, "warnings": 0}

    def emit(self, record: logging.LogRecord) -> None:
        self.stats["warnings"] += 1

    def loop_done(self, work_seconds: float, period: float) -> None:
        self.stats["loops"] += 1
        self.stats["overruns"] += work_seconds > period

    def write(self, path: str) -> None:
        tmp = f"{path}.tmp"
        with open(tmp, "w") as out:
            json.dump(self.stats, out)
        os.replace(tmp, path)


def instrument(app, counters: Counters) -> None:
    """Time each iteration from the loop timer's start mark to its wait (the loop's own work)."""
    timer = app.loop_timer
    mark_start, wait = timer.mark_start, timer.wait
    started = [0.0]

    def counted_mark_start() -> None:
        started[0] = time.monotonic()
        mark_start()

    async def counted_wait(period: float) -> None:
        counters.loop_done(time.monotonic() - started[0], period)
        await wait(period)

    timer.mark_start, timer.wait = counted_mark_start, counted_wait


def window_on_signals(counters: Counters, stats_path: str, profile_path: str | None) -> None:
    profiler = cProfile.Profile() if profile_path else None

    def open_window(*_) -> None:
        counters.write(f"{stats_path}.start")
        if profiler is not None:
            profiler.enable()

    def close_window(*_) -> None:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile_path)
        counters.write(f"{stats_path}.end")

    signal.signal(signal.SIGUSR1, open_window)
    signal.signal(signal.SIGUSR2, close_window)


def main() -> None:
    from tank_controller import TankConfig, TankControllerApp

    from pydoover.docker import run_app

    counters = Counters()
    logging.getLogger("pydoover.docker.application.loop_timer").addHandler(counters)
    app = TankControllerApp(config=TankConfig())
    instrument(app, counters)
    window_on_signals(counters, sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    run_app(app)


if __name__ == "__main__":
    main()
