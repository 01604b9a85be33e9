"""Benchmark: `doover build` with nothing changed, and `doover run --container` to the first loop.

Needs a Docker engine and the test base image (`bash scripts/ci_docker.sh engine && bash
scripts/ci_docker.sh base-image`; this script runs both). The app is a fresh `doover new` project,
built once (untimed) on the base image before anything is timed.

1. `doover build APP --build-arg BASE_IMAGE=... --tag T` with nothing changed (every step cached),
   as a fresh process each time. Baseline, interleaved in the same run: the same build through the
   docker CLI (`docker build -q --build-arg ... -t T APP`, the legacy builder, as the SDK's API uses).
2. `doover run APP --container --until-healthy --json` against one `doover bridge up` process, to
   its first completed main loop. Baseline, interleaved: the in-process run of the same app
   (`doover run APP --until-healthy`).

    python bench/containers.py [--runs 7] [--warmups 1]

Targets: build median <= 1.2x the docker CLI's; run --container: median and ratio reported (info).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    REPO_ROOT,
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    print_summary,
    ratio,
    running_bridge,
    section,
)

BASE_IMAGE = "doover-test/python-base:bookworm"
TAG = "doover-bench/tank-mon:latest"
TARGET_BUILD_RATIO = 1.2
TIMEOUT = 120


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (7)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed runs per command first (1)")
    return parser.parse_args()


def prepare(scratch: Path) -> Path:
    for step in ("engine", "base-image"):
        subprocess.run(["bash", str(REPO_ROOT / "scripts" / "ci_docker.sh"), step], check=True)
    root = scratch / "tank-mon"
    run([str(doover_executable()), "new", "tank-mon", "--dir", str(root), "--defaults", "--no-git"])
    section("first build (untimed)")
    seconds = timed([*doover_build(root)])
    print(f"cold-or-cached first build: {seconds:.1f} s", flush=True)
    return root


def doover_build(root: Path) -> list[str]:
    return [str(doover_executable()), "build", str(root), "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--tag", TAG]


def engine_seconds(root: Path, runs: int) -> list[float]:
    """The build as `doover build` reports it (context upload to the last step): no interpreter start-up."""
    values = []
    for _ in range(runs):
        events = [json.loads(line) for line in run([*doover_build(root), "--json"]).stdout.splitlines()]
        values.append(events[-1]["seconds"])
    return values


def docker_build(root: Path) -> list[str]:
    return ["docker", "build", "-q", "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "-t", TAG, str(root)]


def run(command: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "DOCKER_BUILDKIT": "0"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-1500:]}")
    return result


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    run(command)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], runs: int, warmups: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(warmups + runs):
        for name, command in commands.items():
            seconds = timed(command)
            if index >= warmups:
                times[name].append(seconds)
    return times


def run_to_first_loop(root: Path, bridges, container: bool) -> list[str]:
    uris = [f"--dda-uri={bridges.uris['dda']}", f"--plt-uri={bridges.uris['platform']}"]
    uris += [f"--modbus-uri={bridges.uris['modbus']}", f"--apps-uri={bridges.uris['apps']}"]
    extra = ["--container", "--build-arg", f"BASE_IMAGE={BASE_IMAGE}"] if container else []
    return [str(doover_executable()), "run", str(root), *extra, *uris, "--until-healthy", "--timeout", "60", "--json"]


def healthy_seconds(command: list[str]) -> tuple[float, float]:
    """(wall time, the healthy event's own start-to-first-loop seconds)."""
    start = time.perf_counter()
    result = run(command)
    wall = time.perf_counter() - start
    for line in result.stdout.splitlines():
        event = json.loads(line)
        if event.get("kind") == "healthy":
            return wall, event["seconds"]
    raise SystemExit(f"no healthy event from {' '.join(command)}")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="doover-bench-") as scratch:
        root = prepare(Path(scratch))
        section(f"build with nothing changed: {args.runs} runs each, interleaved")
        builds = interleaved({"doover build": doover_build(root), "docker build": docker_build(root)},
                             args.runs, args.warmups)  # fmt: skip
        for name, values in builds.items():
            print(f"{name:<14} median {fmt_ms(median(values))}  (min {fmt_ms(min(values))})", flush=True)
        build_ratio = ratio(median(builds["doover build"]), median(builds["docker build"]))
        print(f"doover/docker  {fmt_ratio(build_ratio)}")
        sdk_build = engine_seconds(root, args.runs)
        sdk_ratio = ratio(median(sdk_build), median(builds["docker build"]))
        print(f"the SDK build call alone (as `doover build --json` times it): median {fmt_ms(median(sdk_build))}")

        section(f"run to the first loop: {args.runs} runs each, interleaved")
        samples: dict[str, list[tuple[float, float]]] = {"container": [], "in-process": []}
        with running_bridge(device_file=root / "simulators" / "device.toml") as bridges:
            for index in range(args.warmups + args.runs):
                for name in samples:
                    sample = healthy_seconds(run_to_first_loop(root, bridges, name == "container"))
                    if index >= args.warmups:
                        samples[name].append(sample)
        walls = {name: [wall for wall, _ in values] for name, values in samples.items()}
        loops = {name: [seconds for _, seconds in values] for name, values in samples.items()}
        for name in samples:
            print(f"{name:<11} wall median {fmt_ms(median(walls[name]))}; "
                  f"start to first loop median {fmt_ms(median(loops[name]))}", flush=True)  # fmt: skip
        run_ratio = ratio(median(walls["container"]), median(walls["in-process"]))
        loop_ratio = ratio(median(loops["container"]), median(loops["in-process"]))

    print_summary(
        "containers",
        [
            check_at_most(
                "doover build (no change) / docker CLI",
                build_ratio,
                TARGET_BUILD_RATIO,
                fmt_ratio(build_ratio),
                f"<= {TARGET_BUILD_RATIO}x",
            ),
            info("doover build (no change) median", fmt_ms(median(builds["doover build"]))),
            info("its SDK build call alone / docker CLI", fmt_ratio(sdk_ratio)),
            info("docker build (no change) median", fmt_ms(median(builds["docker build"]))),
            info("run --container to first loop, wall median", fmt_ms(median(walls["container"]))),
            info("in-process run to first loop, wall median", fmt_ms(median(walls["in-process"]))),
            info("run --container / in-process (wall)", fmt_ratio(run_ratio)),
            info("start to first loop: container / process", fmt_ratio(loop_ratio)),
        ],
        [f"python {sys.version.split()[0]}; both builds use the engine's legacy builder (the SDK's /build API)"],
    )


if __name__ == "__main__":
    main()
