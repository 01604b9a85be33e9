"""Helpers shared by the benchmark scripts: statistics, the bridge process, the summary block.

Not a benchmark itself. The scripts import it as ``_common`` (``python bench/x.py`` puts
``bench/`` first on ``sys.path``).
"""

from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BRIDGE_START_TIMEOUT = 20.0
BRIDGE_STOP_TIMEOUT = 10.0


# -- statistics -------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when either side is missing or zero."""
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return math.nan
    return numerator / denominator


def timed_rate(op: Callable[[], object], max_calls: int, max_seconds: float) -> float:
    """Call ``op`` up to ``max_calls`` times or until ``max_seconds`` pass; return calls/s."""
    done = 0
    start = time.perf_counter()
    deadline = start + max_seconds
    while done < max_calls:
        op()
        done += 1
        if time.perf_counter() >= deadline:
            break
    return done / (time.perf_counter() - start)


# -- formatting -------------------------------------------------------------------------


def fmt_ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.2f} ms"


def fmt_rate(per_second: float, unit: str = "calls/s") -> str:
    return "n/a" if math.isnan(per_second) else f"{per_second:,.0f} {unit}"


def fmt_ratio(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}x"


def section(title: str) -> None:
    print(f"\n-- {title} " + "-" * max(0, 70 - len(title)), flush=True)


@dataclass(frozen=True)
class Check:
    """One line of the summary: a measured figure against its target.

    ``passed`` is None when the figure could not be measured (printed as SKIP); ``info``
    lines carry a figure with no target.
    """

    name: str
    value: str
    target: str = "-"
    passed: bool | None = None
    info: bool = False


def info(name: str, value: str) -> Check:
    return Check(name, value, info=True)


def check_at_most(name: str, value: float, limit: float, shown: str, target: str) -> Check:
    return Check(name, shown, target, None if math.isnan(value) else value <= limit)


def check_at_least(name: str, value: float, floor: float, shown: str, target: str) -> Check:
    return Check(name, shown, target, None if math.isnan(value) else value >= floor)


def print_summary(title: str, checks: Sequence[Check], notes: Sequence[str] = ()) -> None:
    """Print the closing summary block: one line per target with PASS, MISS or SKIP."""
    width = max(len(c.name) for c in checks)
    value_width = max(len(c.value) for c in checks)
    target_width = max(len(c.target) for c in checks)
    print(f"\n===== SUMMARY {title} " + "=" * max(0, 56 - len(title)))
    for c in checks:
        verdict = "info" if c.info else {True: "PASS", False: "MISS", None: "SKIP"}[c.passed]
        print(f"{c.name:<{width}}  {c.value:>{value_width}}  target {c.target:<{target_width}}  {verdict}")
    for line in notes:
        print(f"note: {line}")
    print("=" * 72, flush=True)


# -- the bridge process -----------------------------------------------------------------


def doover_executable() -> Path:
    """The ``doover`` console script next to this interpreter (the project's venv)."""
    candidate = Path(sys.executable).parent / "doover"
    if not candidate.exists():
        raise SystemExit(f"no doover executable next to {sys.executable}; run the bench with the project's venv python")
    return candidate


@dataclass
class BridgeProcess:
    """A ``doover bridge up`` child process: where each bridge listens, and the DDA's store."""

    process: subprocess.Popen
    uris: dict[str, str]
    details: dict[str, str]
    store: Path

    @property
    def uri(self) -> str:
        """The DDA's URI."""
        return self.uris["dda"]

    @property
    def plt_uri(self) -> str:
        return self.uris["platform"]

    @property
    def detail(self) -> str:
        """What the Platform bridge simulates (device file or built-in device)."""
        return self.details["platform"]


BRIDGES = ("dda", "platform", "modbus", "apps", "camera")  # what `doover bridge up` starts
MODBUS_SIM = "modbus-sim"  # the simulated field device's listener, with --modbus-sim


def _read_listening(
    process: subprocess.Popen, stderr_path: Path, names: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Read NDJSON lines until each of ``names`` has said where it listens: (uris, details)."""
    deadline = time.monotonic() + BRIDGE_START_TIMEOUT
    assert process.stdout is not None
    uris: dict[str, str] = {}
    details: dict[str, str] = {}
    while time.monotonic() < deadline and not set(names) <= set(uris):
        line = process.stdout.readline()
        if not line:
            break
        event = json.loads(line)
        if event.get("event") == "listening":
            uris[event["bridge"]] = event["uri"]
            details[event["bridge"]] = event.get("detail", "")
    if set(names) <= set(uris):
        return uris, details
    process.kill()
    process.wait()
    raise SystemExit(f"the bridge did not start:\n{stderr_path.read_text()[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(BRIDGE_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_bridge(
    device_file: Path | None = None, modbus_sim: bool = False, cameras: Sequence[str] = ()
) -> Iterator[BridgeProcess]:
    """Start ``doover bridge up`` in its own process, every listener on a free loopback port.

    The DDA store is thrown away afterwards; ``device_file`` replaces the built-in simulated device.
    With ``modbus_sim`` the simulated Modbus field device runs too: ``uris["modbus-sim"]`` is the
    device itself (Modbus TCP, unit 1), opened on the Modbus bridge as bus ``default``.
    ``cameras`` are ``NAME=SOURCE`` texts for the Camera bridge (``uris["camera"]``).
    """
    with tempfile.TemporaryDirectory(prefix="doover-bench-") as scratch:
        store = Path(scratch) / "dda.sqlite3"
        stderr_path = Path(scratch) / "bridge.stderr"
        command = [
            str(doover_executable()),
            "bridge",
            "up",
            *("--dda-port", "0", "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0", "--cam-port", "0"),
            *("--host", "127.0.0.1", "--store", str(store), "--json"),
            *(["--device", str(device_file)] if device_file is not None else []),
            *(["--modbus-sim", "--modbus-sim-port", "0"] if modbus_sim else []),
            *[arg for camera in cameras for arg in ("--camera", camera)],
        ]
        with stderr_path.open("w") as stderr:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=stderr, text=True, env={**os.environ, "NO_COLOR": "1"}
            )
        try:
            names = (*BRIDGES, MODBUS_SIM) if modbus_sim else BRIDGES
            uris, details = _read_listening(process, stderr_path, names)
            yield BridgeProcess(process, uris, details, store)
        finally:
            _stop(process)
            if process.stdout is not None:
                process.stdout.close()
