"""Benchmark: what an app costs as the number of apps beside it grows.

For each N in ``--counts`` (1, 10, 20, 40), N copies of the bundled demo app (the tank controller,
1 s loops; each with its own ``APP_KEY`` and ``HEALTHCHECK_PORT``, its config seeded in
``deployment_config``) run as separate processes against one bridge set (``doover bridge up``
with the demo's simulated device and Modbus meter). Once every app answers its healthcheck, a
window of ``--window`` seconds (60) measures

* per-app CPU (median over the apps, % of one core) and the bridge process's CPU,
* loops per app per second (median), loops whose work took longer than their period
  ("overruns", summed) and the loop timer's overrun warnings (summed),
* a probe's ``publish_to_channel`` + ``get_channel_aggregate`` round trip, every 0.25 s
  (p50/p99), made by this process with our client, so it measures how loaded the device is.

Baseline (same run): the same thing with another pydoover source tree, normally main's
(``--baseline-src``, e.g. a ``git worktree`` of main), for both the apps and the bridge; for each
N the baseline and ours run one after the other. The ratios printed are ours/baseline per N, and
per-app CPU at the largest N over N=1 for each.

    python bench/scale.py --baseline-src /work/wt/scale-base/src [--counts 1,10,20,40] [--window 60]
    python bench/scale.py --counts 1,5 --window 10 --no-baseline      # a quick look
    python bench/scale.py --profile                                   # + cProfile of one app at N=20

Targets (ours, at the largest N): 0 overrun warnings, probe p99 <= 50 ms, per-app CPU within 2x
of N=1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pstats
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    BRIDGES,
    MODBUS_SIM,
    REPO_ROOT,
    BridgeProcess,
    Check,
    _read_listening,
    _stop,
    check_at_most,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    section,
)

from pydoover.docker import DeviceAgentInterface

OUR_SRC = REPO_ROOT / "src"
DEMO_APP = OUR_SRC / "doover_cli" / "demo" / "tank_controller"
APP_LAUNCHER = Path(__file__).with_name("_scale_app.py")
HEALTHY_TIMEOUT = 240.0
HEALTHCHECK_PORT_FLOOR = 20000
SETTLE_SECONDS = 5.0
PROBE_PERIOD = 0.25
PROBE_CHANNEL = "scale_probe"
TARGET_PROBE_P99_S = 0.050
TARGET_CPU_GROWTH = 2.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1,10,20,40", help="comma-separated app counts (1,10,20,40)")
    parser.add_argument("--window", type=float, default=60.0, help="measuring window per run, seconds (60)")
    parser.add_argument(
        "--baseline-src",
        type=Path,
        default=Path("/work/wt/scale-base/src"),
        help="the baseline pydoover source tree (a src/ folder); skipped when it does not exist",
    )
    parser.add_argument("--no-baseline", action="store_true", help="measure ours only")
    parser.add_argument("--profile", action="store_true", help="profile one app at N=20 and print its top entries")
    parser.add_argument("--profile-count", type=int, default=20, help="the N at which --profile profiles (20)")
    parser.add_argument("--top", type=int, default=15, help="profile entries to print (15)")
    return parser.parse_args()


# -- processes --------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def healthcheck_ports() -> Iterator[int]:
    """Free ports below the kernel's ephemeral range, so that no outgoing connection or port-0
    listener (ours or anyone else's on this machine) takes one before the app binds it."""
    low, _ = (int(n) for n in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    first = random.randrange(HEALTHCHECK_PORT_FLOOR, low - 1000)
    for port in range(first, low):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        yield port


def source_env(src: Path, *extra: Path) -> dict[str, str]:
    """The environment that makes ``import pydoover`` (and ``doover_cli``) load ``src``."""
    path = os.pathsep.join(str(p) for p in (src, *extra))
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}


@contextmanager
def bridge_from(src: Path, scratch: Path):
    """``doover bridge up`` from ``src``, with the demo's device file and simulated Modbus meter."""
    store, stderr_path = scratch / "dda.sqlite3", scratch / "bridge.stderr"
    command = [
        sys.executable,
        *("-m", "doover_cli", "bridge", "up"),
        *("--dda-port", "0", "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0"),
        *("--host", "127.0.0.1", "--store", str(store), "--json"),
        *("--device", str(DEMO_APP / "simulators" / "device.toml")),
        *("--modbus-sim", "--modbus-sim-port", "0"),
    ]
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=source_env(src))
    try:
        uris, details = _read_listening(process, stderr_path, (*BRIDGES, MODBUS_SIM))
        yield BridgeProcess(process, uris, details, store)
    finally:
        _stop(process)
        if process.stdout is not None:
            process.stdout.close()


def app_config(modbus_sim_uri: str) -> dict:
    config = json.loads((DEMO_APP / "simulators" / "app_config.json").read_text())
    config["modbus_config"]["tcp_uri"] = modbus_sim_uri
    return config


def seed_config(agent: DeviceAgentInterface, keys: list[str], modbus_sim_uri: str) -> None:
    config = app_config(modbus_sim_uri)
    entries = {key: {**config, "APP_DISPLAY_NAME": key} for key in keys}
    if not agent.publish_to_channel("deployment_config", {"applications": entries}, run_sync=True):
        raise SystemExit("could not seed deployment_config")


@dataclass
class AppProcess:
    key: str
    process: subprocess.Popen
    healthcheck_port: int
    stats_path: Path

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.healthcheck_port}/", timeout=1) as response:
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False

    def signal_window(self, sig: int) -> None:
        """SIGUSR1 opens the window, SIGUSR2 closes it (see _scale_app.py)."""
        self.process.send_signal(sig)

    def stats(self, edge: str) -> dict:
        """The counts the app wrote when the window opened (``start``) or closed (``end``)."""
        path = self.stats_path.with_name(f"{self.stats_path.name}.{edge}")
        wait_for_file(path)
        return json.loads(path.read_text())


def start_app(
    index: int, port: int, src: Path, bridge: BridgeProcess, scratch: Path, profile: Path | None
) -> AppProcess:
    key = f"tank_{index:02d}"
    env = source_env(src, DEMO_APP / "src")
    env.update(
        APP_KEY=key,
        DDA_URI=bridge.uris["dda"],
        PLT_URI=bridge.uris["platform"],
        MODBUS_URI=bridge.uris["modbus"],
        HEALTHCHECK_PORT=str(port),
    )
    stats = scratch / f"{key}.json"
    log = (scratch / f"{key}.log").open("w")
    command = [sys.executable, str(APP_LAUNCHER), str(stats), *([str(profile)] if profile else [])]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return AppProcess(key, process, port, stats)


def stop_apps(apps: list[AppProcess]) -> None:
    for app in apps:
        if app.process.poll() is None:
            app.process.send_signal(signal.SIGTERM)
    for app in apps:
        try:
            app.process.wait(20)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait()


def wait_healthy(apps: list[AppProcess], scratch: Path) -> None:
    deadline = time.monotonic() + HEALTHY_TIMEOUT
    waiting = list(apps)
    while waiting and time.monotonic() < deadline:
        dead = [a for a in waiting if a.process.poll() is not None]
        if dead:
            tail = (scratch / f"{dead[0].key}.log").read_text()[-2000:]
            raise SystemExit(f"app {dead[0].key} exited with {dead[0].process.returncode}:\n{tail}")
        waiting = [a for a in waiting if not a.healthy()]
        time.sleep(0.5)
    if waiting:
        raise SystemExit(f"{len(waiting)} apps not healthy after {HEALTHY_TIMEOUT:.0f} s")


# -- the probe ----------------------------------------------------------------------------


class Probe(threading.Thread):
    """publish + get on a channel of its own every PROBE_PERIOD, timing each pair."""

    def __init__(self, uri: str):
        super().__init__(daemon=True)
        self.agent = DeviceAgentInterface("scale_probe", uri, is_async=False)
        self.samples: list[float] = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        seq = 0
        while not self.stopping.wait(PROBE_PERIOD):
            seq += 1
            started = time.perf_counter()
            published = self.agent.publish_to_channel(PROBE_CHANNEL, {"seq": seq}, run_sync=True)
            got = self.agent.get_channel_aggregate(PROBE_CHANNEL, run_sync=True)
            elapsed = time.perf_counter() - started
            if published and isinstance(got, dict) and got.get("seq") == seq:
                self.samples.append(elapsed)
            else:
                self.failures += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.agent.close()


# -- one run ----------------------------------------------------------------------------


@dataclass
class RunResult:
    label: str
    count: int
    app_cpu: list[float] = field(default_factory=list)  # % of one core, per app
    bridge_cpu: float = float("nan")
    loops_per_s: list[float] = field(default_factory=list)
    overruns: int = 0
    warnings: int = 0
    probe: list[float] = field(default_factory=list)
    probe_failures: int = 0
    profile: Path | None = None

    @property
    def median_cpu(self) -> float:
        return median(self.app_cpu) if self.app_cpu else float("nan")


def measure(label: str, src: Path, count: int, window: float, profile_dir: Path | None) -> RunResult:
    result = RunResult(label, count)
    with tempfile.TemporaryDirectory(prefix="doover-scale-") as tmp, ExitStack() as stack:
        scratch = Path(tmp)
        bridge = stack.enter_context(bridge_from(src, scratch))
        seeder = DeviceAgentInterface("scale_bench", bridge.uri, is_async=False)
        keys = [f"tank_{i:02d}" for i in range(count)]
        seed_config(seeder, keys, bridge.uris[MODBUS_SIM])
        seeder.close()
        profile = profile_dir / f"{label}-{count}.prof" if profile_dir else None
        apps: list[AppProcess] = []
        stack.callback(stop_apps, apps)
        ports = healthcheck_ports()
        for index in range(count):
            apps.append(start_app(index, next(ports), src, bridge, scratch, profile if index == 0 else None))
        wait_healthy(apps, scratch)
        time.sleep(SETTLE_SECONDS)
        measured = apps[1:] if profile and count > 1 else apps  # the profiled app runs slower
        probe = Probe(bridge.uri)
        cpu_before = {a.key: cpu_seconds(a.process.pid) for a in measured}
        bridge_before, started = cpu_seconds(bridge.process.pid), time.monotonic()
        for app in apps:
            app.signal_window(signal.SIGUSR1)
        probe.start()
        time.sleep(window)
        probe.stop()
        for app in apps:
            app.signal_window(signal.SIGUSR2)
        elapsed = time.monotonic() - started
        result.bridge_cpu = 100 * (cpu_seconds(bridge.process.pid) - bridge_before) / elapsed
        for app in measured:
            result.app_cpu.append(100 * (cpu_seconds(app.process.pid) - cpu_before[app.key]) / elapsed)
            start, end = app.stats("start"), app.stats("end")
            result.loops_per_s.append((end["loops"] - start["loops"]) / elapsed)
            result.overruns += end["overruns"] - start["overruns"]
            result.warnings += end["warnings"] - start["warnings"]
        result.probe, result.probe_failures = probe.samples, probe.failures
        stop_apps(apps)
        if profile is not None and profile.exists():
            result.profile = profile
    return result


def wait_for_file(path: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def load_text() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def describe(result: RunResult) -> None:
    p50 = percentile(result.probe, 50) if result.probe else float("nan")
    p99 = percentile(result.probe, 99) if result.probe else float("nan")
    print(
        f"{result.label:<8} N={result.count:<3} app CPU {result.median_cpu:5.2f} % (median; max "
        f"{max(result.app_cpu):5.2f} %)  bridge CPU {result.bridge_cpu:5.1f} %  "
        f"loops/app/s {median(result.loops_per_s):4.2f}  overruns {result.overruns}  "
        f"warnings {result.warnings}  probe p50 {fmt_ms(p50)} p99 {fmt_ms(p99)}"
        + (f"  probe failures {result.probe_failures}" if result.probe_failures else ""),
        flush=True,
    )


def print_profile(result: RunResult, top: int) -> None:
    """The profiled app's busiest functions in the window, with the event loop's idle wait left out."""
    stats = pstats.Stats(str(result.profile))
    idle = [f for f in stats.stats if f[2] in ("<method 'poll' of 'select.epoll' objects>",)]
    for func in idle:
        del stats.stats[func]
    busy = sum(entry[2] for entry in stats.stats.values())
    section(f"profile: one app at N={result.count} ({result.label}), busy {busy:.2f} s in the window")
    print(f"top {top} by own time:")
    stats.sort_stats("tottime").print_stats(top)
    print(f"top {top} pydoover functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats("pydoover", top)


def p99(result: RunResult) -> float:
    return percentile(result.probe, 99) if result.probe else float("nan")


def ratios(ours: dict[int, RunResult], base: dict[int, RunResult]) -> None:
    section("ratios (same run)")
    for count, result in sorted(ours.items()):
        if count in base:
            print(
                f"N={count:<3} ours/baseline: app CPU {fmt_ratio(ratio(result.median_cpu, base[count].median_cpu))}  "
                f"bridge CPU {fmt_ratio(ratio(result.bridge_cpu, base[count].bridge_cpu))}  "
                f"probe p99 {fmt_ratio(ratio(p99(result), p99(base[count])))}"
            )
    for label, results in (("ours", ours), ("baseline", base)):
        if len(results) > 1:
            low, high = min(results), max(results)
            growth = ratio(results[high].median_cpu, results[low].median_cpu)
            print(f"{label:<8} app CPU at N={high} / N={low}: {fmt_ratio(growth)}")


def checks(ours: dict[int, RunResult], base: dict[int, RunResult], loads: list[str]) -> list[Check]:
    low, high = min(ours), max(ours)
    top = ours[high]
    result = [
        Check(f"ours N={high}: overrun warnings", str(top.warnings), "0", top.warnings == 0),
        check_at_most(f"ours N={high}: probe p99", p99(top), TARGET_PROBE_P99_S, fmt_ms(p99(top)), "<= 50 ms"),
        info(f"ours N={high}: loops/app/s", f"{median(top.loops_per_s):.2f}"),
        info(f"ours N={high}: overruns", str(top.overruns)),
    ]
    if high != low:
        growth = ratio(top.median_cpu, ours[low].median_cpu)
        result.append(
            check_at_most(f"ours app CPU N={high}/N={low}", growth, TARGET_CPU_GROWTH, fmt_ratio(growth), "<= 2x")
        )
    if high in base:
        result.append(info(f"baseline N={high}: probe p99", fmt_ms(p99(base[high]))))
        result.append(info(f"baseline N={high}: overrun warnings", str(base[high].warnings)))
        if high != low and low in base:
            result.append(
                info(
                    f"baseline app CPU N={high}/N={low}", fmt_ratio(ratio(base[high].median_cpu, base[low].median_cpu))
                )
            )
    result.extend(info("machine", text) for text in loads)
    return result


def main() -> None:
    args = parse_args()
    counts = [int(c) for c in args.counts.split(",") if c.strip()]
    use_base = not args.no_baseline and (args.baseline_src / "pydoover").is_dir()
    if not args.no_baseline and not use_base:
        print(f"note: no baseline source tree at {args.baseline_src}; measuring ours only")
    sources = [("ours", OUR_SRC)] + ([("baseline", args.baseline_src)] if use_base else [])
    ours: dict[int, RunResult] = {}
    base: dict[int, RunResult] = {}
    loads = [f"at start: {load_text()}"]
    profile_dir = Path(tempfile.mkdtemp(prefix="doover-scale-prof-")) if args.profile else None
    profiles: list[RunResult] = []
    try:
        section(f"N apps x 1 s loops, {args.window:.0f} s windows; {load_text()}")
        for count in counts:
            for label, src in sources:
                wanted = profile_dir if count == args.profile_count else None
                result = measure(label, src, count, args.window, wanted)
                (ours if label == "ours" else base)[count] = result
                describe(result)
                if result.profile is not None:
                    profiles.append(result)
            print(f"         ({load_text()})", flush=True)
        loads.append(f"at end: {load_text()}")
        ratios(ours, base)
        for result in profiles:
            print_profile(result, args.top)
        print_summary(
            "scale",
            checks(ours, base, loads),
            notes=[
                "load average includes everything else running on this machine",
                "app CPU: % of one core per app process (median over the apps in the window)",
            ],
        )
    finally:
        if profile_dir is not None:
            shutil.rmtree(profile_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
