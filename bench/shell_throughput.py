"""Benchmark: `get-di 0` commands per second through `doover shell`'s non-interactive mode, versus
the same command as separate `doover io get-di 0` processes, in one run.

One `doover bridge up` process serves both (so neither shares a GIL with the bridge). Measured:

* shell     - one `doover shell --plt-uri URI` process per round, fed ``--commands`` lines of
              `get-di 0` on stdin (from a thread, so the pipes never deadlock); every JSON result
              line is checked (exit_code 0, DI 0's value). Two rates per round: steady (commands
              between the first and the last result line, per second: what the session sustains)
              and whole (commands / the process's wall time, start-up and exit included)
* processes - `doover io get-di 0 --plt-uri URI` as a fresh process, ``--process-runs`` per round
              (time-capped), interleaved with the shell rounds; its rate is 1 / median wall time

    python bench/shell_throughput.py [--rounds 5] [--commands 1000] [--process-runs 10]

Target: shell steady rate >= 200 commands/s (medians of the rounds); the ratio shell/processes
is reported, for both the steady and the whole-process rates.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import threading
import time
from dataclasses import dataclass, field

from _common import (
    Check,
    check_at_least,
    doover_executable,
    fmt_ms,
    fmt_rate,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    running_bridge,
    section,
)

TARGET_RATE = 200.0  # commands/s through the shell, steady
RUN_TIMEOUT = 60.0  # seconds for one shell round or one process
PROCESS_WARMUPS = 2


@dataclass
class Samples:
    steady: list[float] = field(default_factory=list)  # commands/s per shell round
    whole: list[float] = field(default_factory=list)  # commands/s per shell round, start-up included
    first: list[float] = field(default_factory=list)  # seconds from spawn to the first result
    process: list[float] = field(default_factory=list)  # seconds per `doover io get-di` process


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="shell rounds; the median is reported (5)")
    parser.add_argument("--commands", type=int, default=1000, help="get-di 0 lines per shell round (1000)")
    parser.add_argument("--process-runs", type=int, default=10, help="`doover io get-di` processes per round (10)")
    parser.add_argument("--max-process-seconds", type=float, default=6.0, help="cap on one round's processes (6)")
    return parser.parse_args()


def shell_round(plt_uri: str, commands: int) -> tuple[float, float, float]:
    """One shell process fed ``commands`` lines: (steady rate, whole rate, seconds to the first result)."""
    shell = [str(doover_executable()), "shell", "--plt-uri", plt_uri]
    start = time.perf_counter()
    proc = subprocess.Popen(shell, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    feeder = threading.Thread(target=_feed, args=(proc, "get-di 0\n" * commands), daemon=True)
    feeder.start()
    stamps = []
    for line in proc.stdout:
        stamps.append(time.perf_counter())
        _check(json.loads(line))
    code = proc.wait(RUN_TIMEOUT)
    end = time.perf_counter()
    if code != 0 or len(stamps) != commands:
        raise SystemExit(f"doover shell exited {code} after {len(stamps)} results: {proc.stderr.read()[-500:]}")
    proc.stderr.close()
    steady = (commands - 1) / (stamps[-1] - stamps[0]) if commands > 1 else float("nan")
    return steady, commands / (end - start), stamps[0] - start


def _feed(proc: subprocess.Popen, text: str) -> None:
    proc.stdin.write(text)
    proc.stdin.close()


def _check(result: dict) -> None:
    if result.get("exit_code") != 0 or result.get("result") != [{"pin": 0, "value": False}]:
        raise SystemExit(f"unexpected shell result: {result}")


def process_runs(plt_uri: str, runs: int, cap: float) -> list[float]:
    """Wall times of up to ``runs`` `doover io get-di 0` processes, stopping after ``cap`` seconds."""
    command = [str(doover_executable()), "io", "get-di", "0", "--plt-uri", plt_uri]
    times, deadline = [], time.monotonic() + cap
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        times.append(time.perf_counter() - start)
        if result.returncode != 0 or result.stdout.strip() != "DI 0  off":
            raise SystemExit(f"doover io get-di exited {result.returncode}: {result.stderr[-500:]}")
        if time.monotonic() > deadline:
            break
    return times


def measure(plt_uri: str, args: argparse.Namespace) -> Samples:
    samples = Samples()
    shell_round(plt_uri, 20)  # warm-up: page caches, .pyc files
    process_runs(plt_uri, PROCESS_WARMUPS, RUN_TIMEOUT)
    for number in range(1, args.rounds + 1):
        steady, whole, first = shell_round(plt_uri, args.commands)
        samples.steady.append(steady)
        samples.whole.append(whole)
        samples.first.append(first)
        samples.process.extend(process_runs(plt_uri, args.process_runs, args.max_process_seconds))
        print(f"round {number}: shell {fmt_rate(steady, 'commands/s')} steady, {fmt_rate(whole, 'commands/s')} whole")
    return samples


def report(samples: Samples, commands: int) -> None:
    section("doover shell, non-interactive (one process per round)")
    print(f"commands per round      {commands}")
    print(f"steady rate (median)    {fmt_rate(median(samples.steady), 'commands/s')}")
    print(f"whole-process rate      {fmt_rate(median(samples.whole), 'commands/s')}  (start-up and exit included)")
    print(f"spawn to first result   {fmt_ms(median(samples.first))}")
    section("separate `doover io get-di 0` processes")
    print(f"processes timed         {len(samples.process)}")
    print(f"wall time median / p90  {fmt_ms(median(samples.process))} / {fmt_ms(percentile(samples.process, 90))}")
    print(f"rate                    {fmt_rate(1 / median(samples.process), 'commands/s')}")


def checks(samples: Samples) -> list[Check]:
    steady, whole = median(samples.steady), median(samples.whole)
    processes = 1 / median(samples.process) if samples.process else float("nan")
    return [
        check_at_least(
            "shell get-di 0: steady rate",
            steady,
            TARGET_RATE,
            fmt_rate(steady, "cmd/s"),
            f">= {TARGET_RATE:.0f} cmd/s",
        ),
        info("shell get-di 0: whole-process rate", fmt_rate(whole, "cmd/s")),
        info("separate processes: rate", fmt_rate(processes, "cmd/s")),
        info("ratio shell steady/processes", fmt_ratio(ratio(steady, processes))),
        info("ratio shell whole/processes", fmt_ratio(ratio(whole, processes))),
    ]


def main() -> None:
    args = parse_args()
    with running_bridge() as bridge:
        print(f"bridge: pid {bridge.process.pid}, platform at {bridge.plt_uri} ({bridge.detail})")
        samples = measure(bridge.plt_uri, args)
    report(samples, args.commands)
    print_summary("shell_throughput", checks(samples))


if __name__ == "__main__":
    main()
