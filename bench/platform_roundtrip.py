"""Benchmark: sync get_di(0) round trips to the Platform bridge, and `doover io get-di` as a process.

One `doover bridge up` process serves every client, so client and bridge never share a GIL.
Measured, each as the median of several rounds of calls/s:

* ours      - pydoover's PlatformInterface, sync get_di(0) (one persistent gRPC channel)
* floor     - the bare generated stub on one persistent channel doing the same getDI: the best
              a Python client can do against this bridge
* public    - the public pydoover 0.4.18 PlatformInterface (new gRPC channel per call), run in
              its own cached virtualenv as a subprocess; skipped when the index is unreachable

Then the wall time of `doover io get-di 0 --plt-uri URI` as a whole process (median of
``--cli-runs``), interleaved with `python -c pass` on the same interpreter (the baseline) and
with "imports alone": a process importing what the command imports before its first rpc.

    python bench/platform_roundtrip.py [--rounds 5] [--calls 1000] [--public-calls 300] [--cli-runs 20]

Targets: ours/public >= 5x, floor/ours <= 1.5x; `doover io get-di` median <= 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import grpc
from _common import (
    REPO_ROOT,
    Check,
    check_at_least,
    check_at_most,
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
    timed_rate,
)

from pydoover._grpc import platform_iface_pb2 as pb
from pydoover._grpc import platform_iface_pb2_grpc as pb_grpc
from pydoover.docker import PlatformInterface

TARGET_VS_PUBLIC = 5.0
TARGET_FLOOR_OVER_OURS = 1.5
TARGET_CLI_MEDIAN_S = 0.3
WARMUP_CALLS = 50
CLI_WARMUPS = 2
PER_RUN_TIMEOUT = 20.0

Op = Callable[[], bool]

# What `doover io get-di` imports before it makes its first rpc (typer parses its options with
# pydantic): the part of its wall time that is start-up, not the bridge.
IMPORTS_ALONE = (
    "import pydantic, grpc, doover_cli.main, doover_cli.commands.io; from pydoover.docker import PlatformInterface"
)

# Runs in the public client's virtualenv; argv: uri calls rounds max_s. Prints {"get_di": [rate, ...]}.
PUBLIC_SCRIPT = """
import json, logging, sys, time
logging.disable(logging.CRITICAL)
from pydoover.docker import PlatformInterface
uri = sys.argv[1]
calls, rounds, max_s = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
plt = PlatformInterface("bench", uri, is_async=False)

def op():
    return plt.get_di(0) is not None

def rate():
    done, start = 0, time.perf_counter()
    while done < calls:
        if not op():
            raise SystemExit("public client call failed")
        done += 1
        if time.perf_counter() - start >= max_s:
            break
    return done / (time.perf_counter() - start)

for _ in range(10):
    op()
print(json.dumps({"get_di": [rate() for _ in range(rounds)]}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement; the median is reported (5)")
    parser.add_argument("--calls", type=int, default=1000, help="calls per round for ours and the floor (1000)")
    parser.add_argument("--public-calls", type=int, default=300, help="calls per round for the public client (300)")
    parser.add_argument("--max-round-seconds", type=float, default=3.0, help="cap on one round's duration (3)")
    parser.add_argument("--cli-runs", type=int, default=20, help="timed runs of `doover io get-di` (20)")
    parser.add_argument("--no-public", action="store_true", help="skip the public 0.4.18 client")
    parser.add_argument("--no-cli", action="store_true", help="skip timing `doover io get-di`")
    return parser.parse_args()


# -- the bridge process (Platform side) ---------------------------------------------------


# -- round trips ----------------------------------------------------------------------------


def checked(op: Op) -> Op:
    """Wrap ``op`` so a failed call stops the benchmark instead of inflating the rate."""

    def run() -> bool:
        if not op():
            raise SystemExit("a call failed: is the bridge still up?")
        return True

    return run


def public_round(uri: str, args: argparse.Namespace) -> tuple[list[float], str | None]:
    """One round of the public 0.4.18 client in its own venv: ([rate], None) or ([], why skipped)."""
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.public_pydoover import IndexUnreachable, venv_python

    argv = [uri, str(args.public_calls), "1", str(args.max_round_seconds)]
    try:
        python = venv_python()
    except IndexUnreachable as exc:
        return [], f"skipped: public pydoover 0.4.18 cannot be installed ({exc})"
    # -I: the public venv's own packages only, never ours through PYTHONPATH.
    result = subprocess.run(
        [str(python), "-I", "-c", PUBLIC_SCRIPT, *argv],
        capture_output=True,
        text=True,
        timeout=60 + args.max_round_seconds,
    )
    if result.returncode != 0:
        return [], f"skipped: the public client failed: {result.stderr.strip()[-500:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])["get_di"], None


def measure_round_trips(uri: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], str | None]:
    """Interleave rounds of ours, the floor and the public client so drift hits all alike.

    Returns per-round calls/s per client and, when the public client was skipped, why.
    """
    ours_iface = PlatformInterface("bench", uri, is_async=False)
    channel = grpc.insecure_channel(uri)
    stub = pb_grpc.platformIfaceStub(channel)
    request = pb.getDIRequest(di=[0])
    clients: dict[str, Op] = {
        "ours": checked(lambda: ours_iface.get_di(0) is not None),
        "floor": checked(lambda: stub.getDI(request, timeout=7).response_header.success),
    }
    rates: dict[str, list[float]] = {"ours": [], "floor": [], "public": []}
    public_note = "skipped (--no-public)" if args.no_public else None
    try:
        if ours_iface.get_di(0) is not False:
            raise SystemExit("get_di(0) on the built-in device should read False")
        for op in clients.values():
            for _ in range(WARMUP_CALLS):
                op()
        for _ in range(args.rounds):
            for name, op in clients.items():
                rates[name].append(timed_rate(op, args.calls, args.max_round_seconds))
            if public_note is None:
                values, public_note = public_round(uri, args)
                rates["public"].extend(values)
    finally:
        ours_iface.close()
        channel.close()
    return rates, public_note


def report_round_trips(rates: dict[str, list[float]]) -> None:
    section("get_di(0) calls/s per round, rounds interleaved across clients (median last)")
    for client, values in rates.items():
        if values:
            shown = " ".join(f"{v:7.0f}" for v in values)
            print(f"{client:<7} {shown}   median {fmt_rate(median(values))}")


def round_trip_checks(rates: dict[str, list[float]]) -> list[Check]:
    ours, floor, public = (median(rates[c]) for c in ("ours", "floor", "public"))
    medians = " | ".join("n/a" if math.isnan(v) else f"{v:,.0f}" for v in (ours, floor, public))
    vs_public, over = ratio(ours, public), ratio(floor, ours)
    return [
        info("get_di: ours | floor | public", f"{medians} calls/s"),
        check_at_least("get_di: ours/public", vs_public, TARGET_VS_PUBLIC, fmt_ratio(vs_public), ">= 5x"),
        info("get_di: floor/public (best possible)", fmt_ratio(ratio(floor, public))),
        check_at_most("get_di: floor/ours", over, TARGET_FLOOR_OVER_OURS, fmt_ratio(over), "<= 1.5x"),
    ]


# -- `doover io get-di` as a process ----------------------------------------------------------


def interpreter_of(script: Path) -> str:
    """The interpreter named in a console script's shebang (else this one)."""
    first = script.read_text(errors="replace").splitlines()[0]
    if first.startswith("#!") and Path(first[2:].strip().split()[0]).exists():
        return first[2:].strip().split()[0]
    return sys.executable


def io_command_missing(doover: Path, uri: str) -> str | None:
    """Why `doover io get-di` cannot be timed (the command is not there or fails), else None."""
    result = subprocess.run(
        [str(doover), "io", "get-di", "0", "--plt-uri", uri], capture_output=True, text=True, timeout=PER_RUN_TIMEOUT
    )
    if result.returncode == 0:
        print(f"`doover io get-di 0` printed: {result.stdout.strip()[:200]!r}")
        return None
    reason = (result.stderr.strip() or result.stdout.strip()).splitlines()
    return f"`doover io get-di` exited {result.returncode}: {reason[-1] if reason else 'no output'}"


def time_once(command: Sequence[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=PER_RUN_TIMEOUT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def measure_cli(uri: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], str | None]:
    """Wall times of `doover io get-di 0` and `python -c pass`, round-robin; or ({}, why skipped)."""
    if args.no_cli:
        return {}, "skipped (--no-cli)"
    doover = doover_executable()
    missing = io_command_missing(doover, uri)
    if missing:
        return {}, f"skipped: {missing}"
    python = interpreter_of(doover)
    commands = {
        "doover io get-di 0": [str(doover), "io", "get-di", "0", "--plt-uri", uri],
        "imports alone": [python, "-c", IMPORTS_ALONE],
        "python -c pass": [python, "-c", "pass"],
    }
    for _ in range(CLI_WARMUPS):
        for command in commands.values():
            time_once(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    deadline = time.monotonic() + 60
    for _ in range(args.cli_runs):
        for name, command in commands.items():
            samples[name].append(time_once(command))
        if time.monotonic() > deadline:
            break
    return samples, None


def report_cli(samples: dict[str, list[float]]) -> None:
    section("wall time per process run")
    base = median(samples["python -c pass"])
    print(f"{'command':<22} {'runs':>4} {'median':>10} {'p90':>10} {'min':>10}  ratio/python -c pass")
    for name, values in samples.items():
        print(
            f"{name:<22} {len(values):>4} {fmt_ms(median(values)):>10} {fmt_ms(percentile(values, 90)):>10} "
            f"{fmt_ms(min(values)):>10}  {fmt_ratio(ratio(median(values), base))}"
        )


def cli_checks(samples: dict[str, list[float]]) -> list[Check]:
    ours = median(samples.get("doover io get-di 0", []))
    base = median(samples.get("python -c pass", []))
    return [
        check_at_most(
            "doover io get-di: median",
            ours,
            TARGET_CLI_MEDIAN_S,
            fmt_ms(ours),
            f"<= {TARGET_CLI_MEDIAN_S * 1000:.0f} ms",
        ),
        info("doover io get-di: p90", fmt_ms(percentile(samples.get("doover io get-di 0", []), 90))),
        info("imports alone: median", fmt_ms(median(samples.get("imports alone", [])))),
        info("python -c pass: median", fmt_ms(base)),
        info("ratio io get-di/python-c-pass", fmt_ratio(ratio(ours, base))),
    ]


def main() -> None:
    args = parse_args()
    with running_bridge() as bridge:
        print(
            f"bridge: pid {bridge.process.pid}, platform at {bridge.plt_uri} ({bridge.detail}); "
            f"{args.rounds} rounds of up to {args.calls} calls (public: {args.public_calls}), "
            f"each capped at {args.max_round_seconds:g} s"
        )
        rates, public_note = measure_round_trips(bridge.plt_uri, args)
        samples, cli_note = measure_cli(bridge.plt_uri, args)
    report_round_trips(rates)
    if public_note:
        print(f"public 0.4.18 client: {public_note}")
    if samples:
        report_cli(samples)
    if cli_note:
        print(f"doover io get-di: {cli_note}")
    notes = [f"public 0.4.18 client {public_note}"] if public_note else []
    if cli_note:
        notes.append(f"doover io get-di {cli_note}")
    print_summary("platform_roundtrip", round_trip_checks(rates) + cli_checks(samples), notes)


if __name__ == "__main__":
    main()
