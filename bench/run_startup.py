"""Benchmark: `doover run` to the app's first completed main loop, as a fresh process each time.

One `doover bridge up` process (every listener on a free port, plus the simulated Modbus device)
serves every run. Each timed run is

    doover run APP_DIR --until-healthy --timeout 30 --json --dda-uri ... --plt-uri ... --modbus-uri ... --apps-uri ...

which seeds the app's config, starts the app as a child process, polls its healthcheck until the
first main loop has completed, stops the app and exits 0. The app is a copy of the bundled demo
(`doover demo`'s tank controller, its config pointed at the simulated Modbus device) or, with
``--app mini``, a one-line main loop. From the run's NDJSON events the time is split into: doover
before the app process starts, the app's imports (up to its first log line), the app's start-up and
first loop, and the stop. The healthy event's own ``seconds`` (app spawn to healthcheck 200, as
`doover run` measures it) is reported too.

Baselines, measured in the same run and interleaved with ours: "app imports alone" (the same
interpreter importing the app's package as `doover run` starts it, without running it) and
`doover --help` (the CLI's own start); their sum is the floor of two processes started in turn.

    python bench/run_startup.py [--runs 10] [--warmups 2] [--app demo|mini]

Target: median wall time of `doover run ... --until-healthy` <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    Check,
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    running_bridge,
    section,
)

from doover_cli.demo import DEMO_APP
from pydoover.project import find_project

TARGET_MEDIAN_S = 2.0
RUN_TIMEOUT_S = 30  # passed to `doover run --timeout`
PER_RUN_TIMEOUT = RUN_TIMEOUT_S + 15.0
HEALTHCHECK_LOG = "healthcheck on"  # the app's first log line (Application._start_up)

MINI_APP = '''"""A minimal app: one tag write per loop."""

from pydoover import config
from pydoover.docker import Application, run_app


class MiniConfig(config.Schema):
    def __init__(self):
        self.greeting = config.String("Greeting", default="hello")


class MiniApp(Application):
    loop_target_period = 1

    async def main_loop(self):
        await self.set_tag("loops", 1)


def main():
    run_app(MiniApp(config=MiniConfig()))
'''


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (10)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs per command first (2)")
    parser.add_argument("--app", choices=("demo", "mini"), default="demo", help="the app to run (demo)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop timing after this long (60)")
    return parser.parse_args()


# -- the app project ------------------------------------------------------------------------


def demo_project(scratch: Path) -> tuple[Path, Path | None]:
    """A copy of the bundled demo (so nothing is written into the installed package): (root, device)."""
    root = scratch / "tank_controller"
    shutil.copytree(DEMO_APP, root, ignore=shutil.ignore_patterns(".doover", "__pycache__"))
    device = root / "simulators" / "device.toml"
    return root, device if device.is_file() else None


def mini_project(scratch: Path) -> tuple[Path, Path | None]:
    """A minimal project: pyproject console script, doover_config.json with a schema, one package."""
    root = scratch / "mini_app"
    package = root / "src" / "mini_app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(MINI_APP)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "mini_app"\nversion = "0.1.0"\n\n[project.scripts]\nmini_app = "mini_app:main"\n'
    )
    schema = {"type": "object", "properties": {"greeting": {"type": "string", "default": "hello"}}, "required": []}
    (root / "doover_config.json").write_text(json.dumps({"mini_app": {"config_schema": schema}}))
    return root, None


def write_config(root: Path, scratch: Path, modbus_sim_uri: str) -> Path | None:
    """The demo's sample config with its Modbus bus pointed at the simulated device (else None)."""
    sample = root / "simulators" / "app_config.json"
    if not sample.is_file():
        return None
    data = json.loads(sample.read_text())
    if isinstance(data.get("modbus_config"), dict):
        data["modbus_config"]["tcp_uri"] = modbus_sim_uri
    path = scratch / "app_config.json"
    path.write_text(json.dumps(data))
    return path


def imports_alone(root: Path, python: str) -> tuple[list[str], dict[str, str]]:
    """Import the app's start function the way `doover run` starts the app, without calling it."""
    project = find_project(root)
    module, _, function = project.start.target.partition(":")
    code = f"from {module} import {function}" if function else f"import {module}"
    return [python, "-c", code], {"PYTHONPATH": str(project.source_root)}


# -- timing ---------------------------------------------------------------------------------


@dataclass
class RunSample:
    """One `doover run --until-healthy`: wall time and the times of its NDJSON events."""

    wall: float
    spawned: float  # time.time() just before the process was started
    events: dict[str, float] = field(default_factory=dict)  # kind -> time.time() of its first event
    healthy_seconds: float = float("nan")

    def since_spawn(self, kind: str) -> float:
        return self.events[kind] - self.spawned if kind in self.events else float("nan")

    def between(self, first: str, then: str) -> float:
        if first in self.events and then in self.events:
            return self.events[then] - self.events[first]
        return float("nan")


def interpreter_of(script: Path) -> str:
    """The interpreter named in a console script's shebang (else this one)."""
    first = script.read_text(errors="replace").splitlines()[0]
    if first.startswith("#!") and Path(first[2:].strip().split()[0]).exists():
        return first[2:].strip().split()[0]
    return sys.executable


def time_once(command: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    """Wall time of one run of ``command``; fails loudly if it does not exit 0."""
    start = time.perf_counter()
    result = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=PER_RUN_TIMEOUT,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def time_run(command: Sequence[str]) -> RunSample:
    """One `doover run ... --json` to exit 0, with the times of its events."""
    spawned = time.time()
    start = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=PER_RUN_TIMEOUT, env={**os.environ, "NO_COLOR": "1"}
    )
    sample = RunSample(time.perf_counter() - start, spawned)
    if result.returncode != 0:
        tail = (result.stderr.strip() or result.stdout.strip())[-1500:]
        raise SystemExit(f"doover run exited {result.returncode}:\n{tail}")
    for line in result.stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        kind = event.get("kind")
        if kind == "log" and HEALTHCHECK_LOG in event.get("message", ""):
            kind = "first app log"
        if kind and kind != "log" and kind not in sample.events:
            sample.events[kind] = float(event.get("time", "nan"))
            if kind == "healthy":
                sample.healthy_seconds = float(event.get("seconds", "nan"))
    if "healthy" not in sample.events:
        raise SystemExit(f"doover run exited 0 without a healthy event:\n{result.stdout[-1500:]}")
    return sample


def measure(
    run_command: list[str], baselines: dict[str, tuple[list[str], dict[str, str]]], args: argparse.Namespace
) -> tuple[list[RunSample], dict[str, list[float]]]:
    """Time `doover run` and each baseline ``args.runs`` times, round-robin so drift hits all alike."""
    for _ in range(args.warmups):
        time_run(run_command)
        for command, env in baselines.values():
            time_once(command, env)
    runs: list[RunSample] = []
    samples: dict[str, list[float]] = {name: [] for name in baselines}
    deadline = time.monotonic() + args.max_seconds
    for _ in range(args.runs):
        runs.append(time_run(run_command))
        for name, (command, env) in baselines.items():
            samples[name].append(time_once(command, env))
        if time.monotonic() > deadline:
            break
    return runs, samples


# -- report ---------------------------------------------------------------------------------


def report(runs: list[RunSample], samples: dict[str, list[float]]) -> None:
    section("wall time per process run (median of runs, round-robin)")
    floor = [a + b for a, b in zip(samples["app imports alone"], samples["doover --help"], strict=True)]
    rows = {"doover run --until-healthy": [r.wall for r in runs], **samples, "floor (imports + --help)": floor}
    base = median(floor)
    print(f"{'command':<28} {'runs':>4} {'median':>10} {'p90':>10} {'min':>10}  ratio/floor")
    for name, values in rows.items():
        print(
            f"{name:<28} {len(values):>4} {fmt_ms(median(values)):>10} {fmt_ms(percentile(values, 90)):>10} "
            f"{fmt_ms(min(values)):>10}  {fmt_ratio(ratio(median(values), base))}"
        )

    section("where a `doover run` goes (medians of the NDJSON event times)")
    phases = {
        "doover, before the app starts": [r.since_spawn("starting") for r in runs],
        "app imports (to first log)": [r.between("starting", "first app log") for r in runs],
        "app start-up + first loop": [r.between("first app log", "healthy") for r in runs],
        "stopping the app, exiting": [r.wall - r.since_spawn("healthy") for r in runs],
    }
    for name, values in phases.items():
        print(f"{name:<32} {fmt_ms(median(values)):>10}   (min {fmt_ms(min(values))})")
    print(f"{'= to the healthy event':<32} {fmt_ms(median([r.since_spawn('healthy') for r in runs])):>10}")
    print(f"{'healthy event `seconds` (app)':<32} {fmt_ms(median([r.healthy_seconds for r in runs])):>10}")
    print("(healthy is seen by polling the app's healthcheck every 50 ms: up to 50 ms of it is the poll)")


def checks(runs: list[RunSample], samples: dict[str, list[float]]) -> list[Check]:
    walls = [r.wall for r in runs]
    ours = median(walls)
    imports = median(samples["app imports alone"])
    floor = median([a + b for a, b in zip(samples["app imports alone"], samples["doover --help"], strict=True)])
    return [
        check_at_most("doover run: median", ours, TARGET_MEDIAN_S, fmt_ms(ours), f"<= {TARGET_MEDIAN_S:g} s"),
        info("doover run: p90", fmt_ms(percentile(walls, 90))),
        info("to the healthy event: median", fmt_ms(median([r.since_spawn("healthy") for r in runs]))),
        info("healthy `seconds` (app): median", fmt_ms(median([r.healthy_seconds for r in runs]))),
        info("doover before the app: median", fmt_ms(median([r.since_spawn("starting") for r in runs]))),
        info("app imports alone: median", fmt_ms(imports)),
        info("doover --help: median", fmt_ms(median(samples["doover --help"]))),
        info("ratio run/app-imports", fmt_ratio(ratio(ours, imports))),
        info("ratio run/floor (imports + --help)", fmt_ratio(ratio(ours, floor))),
    ]


def main() -> None:
    args = parse_args()
    doover = doover_executable()
    python = interpreter_of(doover)
    with tempfile.TemporaryDirectory(prefix="doover-bench-app-") as scratch_dir:
        scratch = Path(scratch_dir)
        root, device = demo_project(scratch) if args.app == "demo" else mini_project(scratch)
        with running_bridge(device_file=device, modbus_sim=True) as bridge:
            config = write_config(root, scratch, bridge.uris["modbus-sim"])
            run_command = [
                *(str(doover), "run", str(root), "--until-healthy", "--timeout", str(RUN_TIMEOUT_S), "--json"),
                *("--dda-uri", bridge.uris["dda"], "--plt-uri", bridge.uris["platform"]),
                *("--modbus-uri", bridge.uris["modbus"], "--apps-uri", bridge.uris["apps"]),
                *(["--config", str(config)] if config else []),
            ]
            baselines = {
                "app imports alone": imports_alone(root, python),
                "doover --help": ([str(doover), "--help"], {}),
            }
            print(
                f"app: {args.app} ({root.name}, a copy in {scratch}); interpreter: {python}\n"
                f"bridge: pid {bridge.process.pid}, dda at {bridge.uri}, platform {bridge.detail}, "
                f"modbus-sim at {bridge.uris['modbus-sim']}\n"
                f"runs: {args.runs} after {args.warmups} warm-ups, capped at {args.max_seconds:g} s\n"
                f"app imports alone: {' '.join(baselines['app imports alone'][0][1:])!s} "
                f"(PYTHONPATH={baselines['app imports alone'][1]['PYTHONPATH']})"
            )
            runs, samples = measure(run_command, baselines, args)
    report(runs, samples)
    print_summary("run_startup", checks(runs, samples))


if __name__ == "__main__":
    main()
