"""Benchmark: wall time of `doover new NAME --defaults` as a fresh process.

Each run makes a new project in a new folder, as a user does: copier renders the app template
(all interfaces, Dockerfile and CI workflow), the config schema is exported into
doover_config.json, and git makes the first commit. The template's git repository is
materialised once in a throw-away cache (``XDG_CACHE_HOME``); that first, cold run is reported
on its own. Baselines, measured in the same run and interleaved with ours: ``doover --help`` (the
process and CLI start-up), ``python -c "import copier"``, copier alone rendering the same template
version from the same local repository (``python -m copier copy --defaults``: the floor for the
rendering), and ours with ``--no-git``.

    python bench/new_project.py [--runs 10] [--warmups 1]

Target: median of ours <= 1.5 s.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    section,
)

TARGET_MEDIAN_S = 1.5
PER_RUN_TIMEOUT = 60.0
OURS = "ours: doover new --defaults"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed runs per command first (default 1)")
    parser.add_argument("--max-seconds", type=float, default=40.0, help="stop timing after this long (default 40)")
    return parser.parse_args()


def time_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=PER_RUN_TIMEOUT,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-800:]}")
    return elapsed


def main() -> None:
    args = parse_args()
    doover = str(doover_executable())
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-new-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
        counter = itertools.count()

        def fresh(prefix: str) -> str:
            return str(work / f"{prefix}{next(counter)}")

        section("cold run (materialises the template's git repository)")
        cold = time_once([doover, "new", "tank-monitor", "--defaults", "--dir", fresh("cold")], env)
        print(f"first `doover new`: {fmt_ms(cold)}")

        os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
        from pydoover.scaffold.repo import materialise
        from pydoover.scaffold.store import shipped_store

        store = shipped_store()
        repo = materialise(store).repo
        version = store.current_version
        commands = {
            OURS: lambda: [doover, "new", "tank-monitor", "--defaults", "--dir", fresh("ours")],
            "ours --no-git": lambda: [doover, "new", "tank-monitor", "--defaults", "--no-git", "--dir", fresh("nogit")],
            "copier alone": lambda: [
                *(python, "-m", "copier", "copy", "--quiet", "--defaults", "--vcs-ref", version),
                *("--data", "app_name=tank-monitor", str(repo), fresh("copier")),
            ],
            "python -c 'import copier'": lambda: [python, "-c", "import copier"],
            "doover --help": lambda: [doover, "--help"],
        }
        print(f"doover: {doover}\ntemplate {version} at {repo}\nruns: {args.runs} after {args.warmups} warm-up(s)")
        for _ in range(args.warmups):
            for make in commands.values():
                time_once(make(), env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        deadline = time.monotonic() + args.max_seconds
        for _ in range(args.runs):
            for name, make in commands.items():
                samples[name].append(time_once(make(), env))
            if time.monotonic() > deadline:
                break

    section("wall time per process run")
    floor = median(samples["copier alone"])
    print(f"{'command':<28} {'runs':>4} {'median':>10} {'p90':>10} {'min':>10}  ratio/copier-alone")
    for name, values in samples.items():
        print(
            f"{name:<28} {len(values):>4} {fmt_ms(median(values)):>10} {fmt_ms(percentile(values, 90)):>10} "
            f"{fmt_ms(min(values)):>10}  {fmt_ratio(ratio(median(values), floor))}"
        )
    ours = median(samples[OURS])
    print(
        f"\nours - copier alone = {fmt_ms(ours - floor)} (doover's start-up, the schema export and the git commit); "
        f"git init + commit = {fmt_ms(ours - median(samples['ours --no-git']))}"
    )
    checks = [
        check_at_most("ours median", ours, TARGET_MEDIAN_S, fmt_ms(ours), f"<= {TARGET_MEDIAN_S * 1000:.0f} ms"),
        info("ours p90", fmt_ms(percentile(samples[OURS], 90))),
        info("cold first run", fmt_ms(cold)),
        info("ratio ours/copier-alone", fmt_ratio(ratio(ours, floor))),
        info("ours --no-git median", fmt_ms(median(samples["ours --no-git"]))),
    ]
    print_summary("new_project", checks)


if __name__ == "__main__":
    main()
