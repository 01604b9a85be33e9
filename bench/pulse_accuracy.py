"""Benchmark: does the pulse counter count every pulse of a 200 Hz pulse train?

The bridge runs in its own process (`doover bridge up --device FILE`) with DI0 driven by a
pulse train (``signal = { kind = "pulse", rate_hz = 200 }``). The counting window is cut by the
bridge itself, so "expected" is exact: DI0 is forced low (no edges), the counter is started and
proven live with one probe pulse, the last event id is noted, DI0 is released (the train
resumes) for ``--seconds``, then forced low again. Expected = the rising edges on DI0 the
bridge logged after that event id; counted = what the counter added over the same window,
once the stream has drained.

* ours    - pydoover's PlatformInterface.get_new_pulse_counter (one startPulseCounter stream)
* public  - the public pydoover 0.4.18 pulse counter in its cached virtualenv (subprocess,
            driven over stdin/stdout); reported, no target; skipped when the index is unreachable

    python bench/pulse_accuracy.py [--seconds 10] [--rate 200] [--no-public]

Target: ours counts exactly the expected pulses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from _common import REPO_ROOT, Check, fmt_ms, info, print_summary, running_bridge, section

from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.docker import PlatformInterface

PIN = 0
PROBE_ATTEMPTS = 10
PROBE_WAIT_S = 1.0
DRAIN_MAX_S = 5.0
SETTLE_S = 0.3  # after the count reaches the expected figure, watch this long for extras
PUBLIC_GRACE_S = 0.2  # the public PulseCounter ignores pulses this long after it starts
PUBLIC_TIMEOUT_S = 20.0  # bound on every wait for the public subprocess

DEVICE_TOML = """\
name = "pulse-bench"
do = 2
ai = 0
ao = 0

[[di]]
name = "flow_meter"
signal = {{ kind = "pulse", rate_hz = {rate} }}
"""

# Runs in the public client's virtualenv; argv: uri pin. Commands on stdin: "count" or "stop".
PUBLIC_SCRIPT = """
import asyncio, json, logging, sys
logging.disable(logging.CRITICAL)
from pydoover.docker import PlatformInterface
uri, pin = sys.argv[1], int(sys.argv[2])

def emit(**kw):
    print(json.dumps(kw), flush=True)

async def main():
    plt = PlatformInterface("bench", uri, is_async=True)
    counter = plt.get_new_pulse_counter(pin, "rising")
    emit(event="started")
    loop = asyncio.get_running_loop()
    while (await loop.run_in_executor(None, sys.stdin.readline)).strip() == "count":
        emit(count=counter.count)
    emit(final=counter.count)
    for task in list(plt.pulse_counter_listeners):
        task.cancel()

asyncio.run(main())
"""

CountReader = Callable[[], Awaitable[int]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="counting window in seconds (10)")
    parser.add_argument("--rate", type=float, default=200.0, help="pulse train rate in Hz (200)")
    parser.add_argument("--no-public", action="store_true", help="skip the public 0.4.18 pulse counter")
    return parser.parse_args()


@dataclass
class Window:
    """One counting window: the bridge's own figures and the counter's."""

    expected: int  # rising edges on the pin the bridge logged in the window
    counted: int  # what the counter added over the window
    at_close: int  # what it had counted when the window closed (the rest was in flight)
    drain_s: float  # from closing the window until the count reached the expected figure
    bridge_rate_hz: float  # rising edges per second by the bridge's event times
    log_complete: bool  # the bridge's event log still held the whole window

    @property
    def exact(self) -> bool:
        return self.counted == self.expected and self.log_complete


async def poll_until(read_count: CountReader, done: Callable[[int], bool], max_s: float) -> int:
    """Poll the count every 10 ms until ``done(count)`` or ``max_s`` pass; return the last count."""
    deadline = time.perf_counter() + max_s
    count = await read_count()
    while not done(count) and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
        count = await read_count()
    return count


async def last_event_id(iface: PlatformInterface) -> int:
    events = await iface.get_events_async()
    if events is None:
        raise SystemExit("getEvents failed: is the bridge still up?")
    return max((e.event_id for e in events), default=0)


async def prove_live(sim: SimulationClient, read_count: CountReader) -> int:
    """Send probe pulses on the frozen pin until the counter sees one; return its count then."""
    before = await read_count()
    for _ in range(PROBE_ATTEMPTS):
        await asyncio.to_thread(sim.force, "di", PIN, 1)
        await asyncio.to_thread(sim.force, "di", PIN, 0)
        if await poll_until(read_count, lambda c: c > before, PROBE_WAIT_S) > before:
            await asyncio.sleep(0.1)  # let a late duplicate show up before the baseline is taken
            return await read_count()
    raise SystemExit(f"the pulse counter saw none of {PROBE_ATTEMPTS} probe pulses: is its stream up?")


async def count_window(
    iface: PlatformInterface, sim: SimulationClient, read_count: CountReader, seconds: float
) -> Window:
    """Cut a window with the bridge's pulse train running and compare the counter with the bridge's log."""
    baseline = await prove_live(sim, read_count)
    first_id = await last_event_id(iface)
    await asyncio.to_thread(sim.release, "di", PIN)  # the pulse train resumes
    await asyncio.sleep(seconds)
    await asyncio.to_thread(sim.force, "di", PIN, 0)  # and stops: the window is closed
    closed = time.perf_counter()
    at_close = await read_count() - baseline

    events = await iface.get_events_async(events_from=first_id)
    if events is None:
        raise SystemExit("getEvents failed: is the bridge still up?")
    log_complete = bool(events) and min(e.event_id for e in events) == first_id + 1
    rising = [e for e in events if e.pin == PIN and e.event == "DI_R"]
    expected = len(rising)
    span_s = (rising[-1].time_ms - rising[0].time_ms) / 1000 if len(rising) > 1 else 0.0
    bridge_rate = (len(rising) - 1) / span_s if span_s else float("nan")

    await poll_until(read_count, lambda c: c - baseline >= expected, DRAIN_MAX_S)
    drain_s = time.perf_counter() - closed  # an upper bound: polled after reading the event log
    await asyncio.sleep(SETTLE_S)  # extras (duplicates) would show up here
    final = await read_count()
    return Window(expected, final - baseline, at_close, drain_s, bridge_rate, log_complete)


# -- ours ------------------------------------------------------------------------------------


async def run_ours(uri: str, sim: SimulationClient, seconds: float) -> Window:
    await asyncio.to_thread(sim.force, "di", PIN, 0)  # frozen while the counter starts
    iface = PlatformInterface("bench", uri, is_async=True)
    counter = iface.get_new_pulse_counter(PIN, "rising")

    async def read_count() -> int:
        return counter.count

    try:
        return await count_window(iface, sim, read_count, seconds)
    finally:
        counter.stop()
        await iface.close_async()


# -- the public client ------------------------------------------------------------------------


class PublicCounter:
    """The public client's pulse counter in its own process, asked for its count over stdin."""

    def __init__(self, python: Path, uri: str):
        self.proc = subprocess.Popen(
            [str(python), "-I", "-c", PUBLIC_SCRIPT, uri, str(PIN)],  # -I: never our pydoover via PYTHONPATH
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self._expect("event")

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip():
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def _expect(self, key: str) -> dict:
        try:
            line = self.lines.get(timeout=PUBLIC_TIMEOUT_S)
        except queue.Empty:
            line = None
        if line is None or key not in line:
            self.close()
            stderr = self.proc.stderr.read()[-1500:] if self.proc.stderr else ""
            raise SystemExit(f"the public pulse counter did not answer ({line!r}):\n{stderr}")
        return line

    def _ask(self, command: str, key: str) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._expect(key)[key]

    async def count(self) -> int:
        return await asyncio.to_thread(self._ask, "count", "count")

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self._ask("stop", "final")
                self.proc.wait(PUBLIC_TIMEOUT_S)
            except (OSError, SystemExit, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


async def run_public(uri: str, sim: SimulationClient, seconds: float) -> tuple[Window | None, str | None]:
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.public_pydoover import IndexUnreachable, venv_python

    try:
        python = venv_python()
    except IndexUnreachable as exc:
        return None, f"skipped: public pydoover 0.4.18 cannot be installed ({exc})"
    await asyncio.to_thread(sim.force, "di", PIN, 0)
    counter = await asyncio.to_thread(PublicCounter, python, uri)
    iface = PlatformInterface("bench", uri, is_async=True)
    try:
        await asyncio.sleep(PUBLIC_GRACE_S + 0.3)  # probe pulses inside its grace period are dropped
        return await count_window(iface, sim, counter.count, seconds), None
    finally:
        await asyncio.to_thread(counter.close)
        await iface.close_async()


# -- report -------------------------------------------------------------------------------------


def describe(window: Window) -> str:
    off = window.counted - window.expected
    return f"{window.counted}/{window.expected}" + ("" if off == 0 else f" (off by {off:+d})")


def report(name: str, window: Window) -> None:
    print(
        f"{name:<7} expected {window.expected:>6}  counted {window.counted:>6}  "
        f"({'exact' if window.exact else 'MISSED'})  in flight at close {window.expected - window.at_close:>4}  "
        f"caught up <= {fmt_ms(window.drain_s)}  bridge rate {window.bridge_rate_hz:.1f} Hz"
        + ("" if window.log_complete else "  [event log overflowed: expected is a lower bound]")
    )


async def measure(args: argparse.Namespace, uri: str) -> tuple[Window, Window | None, str | None]:
    sim = SimulationClient(uri)
    try:
        ours = await run_ours(uri, sim, args.seconds)
        report("ours", ours)
        if args.no_public:
            return ours, None, "skipped (--no-public)"
        public, note = await run_public(uri, sim, args.seconds)
        if public is not None:
            report("public", public)
        return ours, public, note
    finally:
        sim.close()


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="doover-bench-") as scratch:
        device = Path(scratch) / "pulse.toml"
        device.write_text(DEVICE_TOML.format(rate=args.rate))
        with running_bridge(device) as bridge:
            print(
                f"bridge: pid {bridge.process.pid}, platform at {bridge.plt_uri} ({bridge.detail}); "
                f"DI{PIN} pulse train at {args.rate:g} Hz, counted for {args.seconds:g} s per client"
            )
            section("counting windows (cut by forcing DI0 low before and after)")
            ours, public, public_note = asyncio.run(measure(args, bridge.plt_uri))
    if public_note:
        print(f"public 0.4.18 client: {public_note}")

    checks = [
        Check("ours: counted/expected", describe(ours), "exact", ours.exact),
        info("ours: in flight when the window closed", str(ours.expected - ours.at_close)),
        info("bridge: pulse rate in the window", f"{ours.bridge_rate_hz:.1f} Hz"),
    ]
    if public is not None:
        checks.append(info("public 0.4.18: counted/expected", describe(public)))
    notes = [f"public 0.4.18 client {public_note}"] if public_note else []
    if not ours.log_complete:
        notes.append("the bridge's event log overflowed during the window; shorten --seconds or lower --rate")
    print_summary("pulse_accuracy", checks, notes)


if __name__ == "__main__":
    main()
