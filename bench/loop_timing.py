"""Benchmark: how closely an app's main loop keeps to `loop_target_period` (0.1 s) over a minute.

One `doover bridge up` process serves everything, so the bridges' event loop is not the app's.
The app is an `Application` subclass run in this process exactly as `run_app` runs it
(``configure(app, read_settings([...]))``, then ``await app.run()``; not test mode, so it loops on
its own with the drift-compensating LoopTimer). Its async `main_loop` records `time.monotonic()`
at its start and end, and does a small realistic amount of work: one ``await self.get_ai(0)``
(Platform bridge) and one ``await self.set_tag("n", i)`` (a DDA write, a new value every loop).

Baselines, each a bare asyncio loop in a fresh event loop of this process doing the same work
through the same bridges (`PlatformInterface.get_ai_async(0)` and a `tag_values` write), run one
after the other after ours:

* naive - ``await asyncio.sleep(period - elapsed)``: what a hand-written loop does
* grid  - ``await asyncio.sleep(start + n * period - now)``: the floor for a drift-free loop

Lateness is each `main_loop` start minus its ideal grid time ``start + n * period``, where ``start``
is when the framework began its first iteration (the LoopTimer's grid origin; for the bare loops,
their first start), so the framework's own per-loop work before `main_loop` (the UI diff) counts as
lateness. An overrun is a loop whose work took longer than the period.

    python bench/loop_timing.py [--seconds 60] [--period 0.1] [--baseline-seconds S]

Targets: mean period within 2 % of the target; p99 lateness <= 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from _common import (
    BridgeProcess,
    Check,
    check_at_most,
    fmt_ms,
    fmt_ratio,
    info,
    percentile,
    print_summary,
    ratio,
    running_bridge,
    section,
)

from pydoover.devrun.seeding import seed
from pydoover.docker import Application, DeviceAgentInterface, PlatformInterface
from pydoover.docker.application.loop_timer import LoopTimer
from pydoover.docker.application.run import configure, read_settings

TARGET_PERIOD_ERROR = 0.02  # 2 %
TARGET_P99_LATENESS_S = 0.010
APP_KEY = "loop_bench"
TAG_CHANNEL = "tag_values"
STARTUP_TIMEOUT = 30.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the app loops (60)")
    parser.add_argument("--period", type=float, default=0.1, help="loop_target_period in seconds (0.1)")
    parser.add_argument("--baseline-seconds", type=float, default=20.0, help="how long each bare loop runs (20)")
    return parser.parse_args()


# -- the loops --------------------------------------------------------------------------------


@dataclass
class LoopRecord:
    """When each loop started and its work ended (``time.monotonic()``)."""

    period: float
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    marks: list[float] = field(default_factory=list)  # ours: when the LoopTimer started each iteration
    warnings: int = 0  # ours: the LoopTimer's overrun warnings

    @property
    def origin(self) -> float:
        """Where the grid starts: the framework's first iteration (ours), else the first loop start."""
        return self.marks[0] if self.marks else self.starts[0]

    def lateness(self) -> list[float]:
        return [start - (self.origin + n * self.period) for n, start in enumerate(self.starts)]

    def before_main_loop(self) -> list[float]:
        """Ours: from the LoopTimer's start of an iteration to main_loop's start (the framework's pre-work)."""
        return [start - mark for mark, start in zip(self.marks, self.starts, strict=False)]

    def mean_period(self) -> float:
        if len(self.starts) < 2:
            return math.nan
        return (self.starts[-1] - self.starts[0]) / (len(self.starts) - 1)

    def period_error(self) -> float:
        """(mean period - target) / target."""
        return (self.mean_period() - self.period) / self.period

    def work(self) -> list[float]:
        return [end - start for start, end in zip(self.starts, self.ends, strict=False)]

    def overruns(self) -> int:
        """Loops whose work took longer than the period."""
        return sum(1 for took in self.work() if took > self.period)


class MarkingTimer(LoopTimer):
    """The framework's LoopTimer, also noting when it starts each iteration (its grid's origin)."""

    def __init__(self, record: LoopRecord):
        super().__init__()
        self.record = record

    def mark_start(self) -> None:
        self.record.marks.append(time.monotonic())
        super().mark_start()


class LoopApp(Application):
    """The app under test: reads an AI and writes a tag each loop, recording its timing."""

    def __init__(self, record: LoopRecord, **kwargs):
        super().__init__(**kwargs)
        self.loop_target_period = record.period
        self.record = record
        self.loop_timer = MarkingTimer(record)

    async def main_loop(self) -> None:
        self.record.starts.append(time.monotonic())
        await self.get_ai(0)
        await self.set_tag("n", len(self.record.starts))
        self.record.ends.append(time.monotonic())


class WarningCounter(logging.Handler):
    """Counts the LoopTimer's overrun warnings."""

    def __init__(self, record: LoopRecord):
        super().__init__(logging.WARNING)
        self.record = record

    def emit(self, _record: logging.LogRecord) -> None:
        self.record.warnings += 1


async def run_ours(bridge: BridgeProcess, period: float, seconds: float) -> LoopRecord:
    """The app via the framework, as run_app starts it, for ``seconds`` after its first loop."""
    record = LoopRecord(period)
    app = LoopApp(record)
    argv = ["--app-key", APP_KEY, "--dda-uri", bridge.uri, "--plt-uri", bridge.plt_uri]
    argv += ["--modbus-uri", bridge.uris["modbus"], "--healthcheck-port", "0"]
    configure(app, read_settings(argv, {}))
    timer_log = logging.getLogger("pydoover.docker.application.loop_timer")
    counter = WarningCounter(record)
    timer_log.addHandler(counter)
    task = asyncio.create_task(app.run())
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not record.starts:
            if task.done() or time.monotonic() > deadline:
                raise SystemExit(f"the app did not start its first loop: {task.exception() if task.done() else ''}")
            await asyncio.sleep(0.01)
        await asyncio.sleep(record.starts[0] + seconds - time.monotonic())
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        timer_log.removeHandler(counter)
    return record


Sleeper = Callable[[float, float, int], float]  # (first start, this start, n) -> seconds to sleep


def naive_sleep(period: float) -> Sleeper:
    return lambda _origin, start, _n: period - (time.monotonic() - start)


def grid_sleep(period: float) -> Sleeper:
    return lambda origin, _start, n: origin + (n + 1) * period - time.monotonic()


async def run_bare(bridge: BridgeProcess, period: float, seconds: float, sleeper: Sleeper) -> LoopRecord:
    """A bare asyncio loop doing the app's work, sleeping as ``sleeper`` says."""
    record = LoopRecord(period)
    plt = PlatformInterface(APP_KEY, bridge.plt_uri, is_async=True)
    dda = DeviceAgentInterface(APP_KEY, bridge.uri, is_async=True)

    async def work(n: int) -> None:
        await plt.get_ai_async(0)
        await dda.publish_to_channel_async(TAG_CHANNEL, {APP_KEY: {"n": n}}, record_log=True, max_age=3600)

    try:
        await work(0)  # connect both channels before the clock starts, as the app has by its first loop
        origin = time.monotonic()
        n = 0
        while time.monotonic() < origin + seconds:
            start = time.monotonic()
            record.starts.append(start)
            await work(n + 1)
            record.ends.append(time.monotonic())
            await asyncio.sleep(max(0.0, sleeper(origin, start, n)))
            n += 1
    finally:
        await plt.close_async()
        await dda.close_async()
    return record


async def seed_config(bridge: BridgeProcess) -> None:
    """Give the app an (empty) deployment entry, as `doover run` would, so start-up does not wait for one."""
    agent = DeviceAgentInterface("loop-bench", bridge.uri, raise_on_error=True)
    try:
        await seed(agent, APP_KEY, {}, APP_KEY)
    finally:
        await agent.close_async()


# -- report -----------------------------------------------------------------------------------


def report(records: dict[str, LoopRecord]) -> None:
    section("loop starts against the grid (first start + n * period)")
    header = f"{'loop':<16} {'loops':>5} {'mean period':>12} {'error':>8} {'p50 late':>10} {'p90 late':>10}"
    print(header + f" {'p99 late':>10} {'max late':>10} {'work p50':>10} {'overruns':>8}")
    for name, rec in records.items():
        late = rec.lateness()
        print(
            f"{name:<16} {len(rec.starts):>5} {fmt_ms(rec.mean_period()):>12} {rec.period_error() * 100:>7.2f}% "
            f"{fmt_ms(percentile(late, 50)):>10} {fmt_ms(percentile(late, 90)):>10} "
            f"{fmt_ms(percentile(late, 99)):>10} {fmt_ms(max(late)):>10} "
            f"{fmt_ms(percentile(rec.work(), 50)):>10} {rec.overruns():>8}"
        )
    ours = records["ours (framework)"]
    gaps = [b - a for a, b in zip(ours.starts, ours.starts[1:], strict=False)]
    before = ours.before_main_loop()
    print(
        f"ours: start-to-start gaps p1 {fmt_ms(percentile(gaps, 1))}, p50 {fmt_ms(percentile(gaps, 50))}, "
        f"p99 {fmt_ms(percentile(gaps, 99))}; work p99 {fmt_ms(percentile(ours.work(), 99))}\n"
        f"ours: framework work before main_loop p50 {fmt_ms(percentile(before, 50))}, "
        f"p99 {fmt_ms(percentile(before, 99))}, first loop {fmt_ms(before[0] if before else math.nan)}; "
        f"LoopTimer overrun warnings: {ours.warnings}"
    )


def checks(records: dict[str, LoopRecord]) -> list[Check]:
    ours, naive, grid = (records[name] for name in ("ours (framework)", "bare naive", "bare grid"))
    error = ours.period_error()
    p99 = percentile(ours.lateness(), 99)
    shown_error = f"{error * 100:+.2f} %"
    return [
        info("mean period: ours", f"{fmt_ms(ours.mean_period())} ({shown_error})"),
        check_at_most("mean period error: ours", abs(error), TARGET_PERIOD_ERROR, shown_error, "within 2 %"),
        info("mean period error: bare naive | grid", f"{naive.period_error() * 100:+.2f} % | {grid.period_error() * 100:+.2f} %"),
        info("lateness p50 | p90: ours", f"{fmt_ms(percentile(ours.lateness(), 50))} | {fmt_ms(percentile(ours.lateness(), 90))}"),
        check_at_most("lateness p99: ours", p99, TARGET_P99_LATENESS_S, fmt_ms(p99), "<= 10 ms"),
        info("lateness max: ours", fmt_ms(max(ours.lateness()))),
        info("overruns: ours | naive | grid", f"{ours.overruns()} | {naive.overruns()} | {grid.overruns()}"),
        info("lateness p99: bare naive | grid", f"{fmt_ms(percentile(naive.lateness(), 99))} | {fmt_ms(percentile(grid.lateness(), 99))}"),
        info("ratio p99 lateness ours/grid", fmt_ratio(ratio(p99, percentile(grid.lateness(), 99)))),
        info("ratio work p50 ours/grid", fmt_ratio(ratio(percentile(ours.work(), 50), percentile(grid.work(), 50)))),
    ]  # fmt: skip


async def measure(bridge: BridgeProcess, args: argparse.Namespace) -> dict[str, LoopRecord]:
    await seed_config(bridge)
    base_seconds = args.seconds if args.baseline_seconds is None else args.baseline_seconds
    records = {"ours (framework)": await run_ours(bridge, args.period, args.seconds)}
    print(f"ours: {len(records['ours (framework)'].starts)} loops", flush=True)
    for name, sleeper in (("bare naive", naive_sleep), ("bare grid", grid_sleep)):
        records[name] = await run_bare(bridge, args.period, base_seconds, sleeper(args.period))
        print(f"{name}: {len(records[name].starts)} loops", flush=True)
    return records


def main() -> None:
    args = parse_args()
    base_seconds = args.seconds if args.baseline_seconds is None else args.baseline_seconds
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with running_bridge() as bridge:
        print(
            f"bridge: pid {bridge.process.pid}, dda at {bridge.uri}, platform at {bridge.plt_uri}\n"
            f"period {args.period:g} s; ours for {args.seconds:g} s, then each bare loop for {base_seconds:g} s"
        )
        records = asyncio.run(measure(bridge, args))
    report(records)
    print_summary("loop_timing", checks(records))


if __name__ == "__main__":
    main()
