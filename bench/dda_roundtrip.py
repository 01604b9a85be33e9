"""Benchmark: sync unary round trips to the DDA bridge (get_channel_aggregate, publish_to_channel).

One `doover bridge up` process serves every client, so client and bridge never share a GIL.
Measured, each as the median of several rounds of calls/s:

* ours      - pydoover's DeviceAgentInterface (one persistent gRPC channel)
* floor     - the bare generated stub on one persistent channel, same rpcs: the best a
              Python client can do against this bridge
* public    - the public pydoover 0.4.18 client (new gRPC channel per call), run in its own
              cached virtualenv as a subprocess; skipped when the index is unreachable

    python bench/dda_roundtrip.py [--rounds 5] [--calls 1000] [--public-calls 300]

Targets: ours/public >= 5x, floor/ours <= 1.5x (for both rpcs).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

import grpc
from _common import (
    REPO_ROOT,
    Check,
    check_at_least,
    check_at_most,
    fmt_rate,
    fmt_ratio,
    info,
    median,
    print_summary,
    ratio,
    running_bridge,
    section,
    timed_rate,
)

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.docker import DeviceAgentInterface

TARGET_VS_PUBLIC = 5.0
TARGET_FLOOR_OVER_OURS = 1.5
READ_CHANNEL = "bench_read"
WRITE_CHANNEL = "bench_write"
WARMUP_CALLS = 50
RPCS = ("get", "publish")

Op = Callable[[], bool]
Clients = dict[str, dict[str, Op]]  # client name -> rpc name -> one call

# A realistic aggregate (~1 kB of JSON): the read benchmark fetches it on every call.
SEED = {
    "state": "running",
    "sensors": {f"sensor_{i}": {"value": i * 1.5, "unit": "kPa", "ok": True} for i in range(20)},
}

# Runs in the public client's virtualenv; argv: uri read_channel write_channel calls rounds max_s.
PUBLIC_SCRIPT = """
import json, logging, sys, time
logging.disable(logging.CRITICAL)
from pydoover.docker import DeviceAgentInterface
uri, read_ch, write_ch = sys.argv[1:4]
calls, rounds, max_s = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
agent = DeviceAgentInterface("bench", uri, is_async=False)

def rate(op):
    done, start = 0, time.perf_counter()
    while done < calls:
        if not op():
            raise SystemExit("public client call failed")
        done += 1
        if time.perf_counter() - start >= max_s:
            break
    return done / (time.perf_counter() - start)

ops = {
    "get": lambda: agent.get_channel_aggregate(read_ch) is not None,
    "publish": lambda: agent.publish_to_channel(write_ch, {"seq": 1, "value": 2.5}),
}
for op in ops.values():
    for _ in range(10):
        op()
results = {name: [] for name in ops}
for _ in range(rounds):
    for name, op in ops.items():
        results[name].append(rate(op))
print(json.dumps(results))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement; the median is reported (5)")
    parser.add_argument("--calls", type=int, default=1000, help="calls per round for ours and the floor (1000)")
    parser.add_argument("--public-calls", type=int, default=300, help="calls per round for the public client (300)")
    parser.add_argument("--max-round-seconds", type=float, default=3.0, help="cap on one round's duration (3)")
    parser.add_argument("--no-public", action="store_true", help="skip the public 0.4.18 client")
    return parser.parse_args()


@dataclass
class Rates:
    """Per-round calls/s for each client and rpc: ``rounds[client][rpc] -> [rate, ...]``."""

    rounds: dict[str, dict[str, list[float]]]

    def median(self, client: str, rpc: str) -> float:
        return median(self.rounds.get(client, {}).get(rpc, []))


def succeeded(response: pb.ChannelDetailsResponse | pb.ChannelWriteResponse) -> bool:
    return response.response_header.success


def our_ops(agent: DeviceAgentInterface) -> dict[str, Op]:
    """Our SDK's sync calls; each returns True when the bridge answered successfully."""
    payload = {"seq": 1, "value": 2.5}
    return {
        "get": lambda: agent.get_channel_aggregate(READ_CHANNEL) is not None,
        "publish": lambda: agent.publish_to_channel(WRITE_CHANNEL, payload),
    }


def stub_ops(stub: pb_grpc.deviceAgentStub) -> dict[str, Op]:
    """The bare generated stub doing the same rpcs with the same payloads."""
    get = pb.ChannelDetailsRequest(channel_name=READ_CHANNEL)
    write = pb.ChannelWriteRequest(channel_name=WRITE_CHANNEL, message_payload=json.dumps({"seq": 1, "value": 2.5}))
    return {
        "get": lambda: succeeded(stub.GetChannelDetails(get, timeout=7)),
        "publish": lambda: succeeded(stub.WriteToChannel(write, timeout=7)),
    }


def checked(op: Op) -> Op:
    """Wrap ``op`` so a failed call stops the benchmark instead of inflating the rate."""

    def run() -> bool:
        if not op():
            raise SystemExit("a call failed: is the bridge still up?")
        return True

    return run


def warm_up(clients: Clients) -> None:
    """Open the connections and fill caches before anything is timed."""
    for ops in clients.values():
        for op in ops.values():
            for _ in range(WARMUP_CALLS):
                checked(op)()


def measure_round(clients: Clients, rates: Rates, args: argparse.Namespace) -> None:
    """One round: every in-process client and rpc, one after the other, appended to ``rates``."""
    for client, ops in clients.items():
        for rpc, op in ops.items():
            rates.rounds.setdefault(client, {}).setdefault(rpc, []).append(
                timed_rate(checked(op), args.calls, args.max_round_seconds)
            )


def public_round(uri: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], str | None]:
    """One round of the public 0.4.18 client in its own venv: ({rpc: [rate]}, None) or ({}, why skipped)."""
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.public_pydoover import IndexUnreachable, run_public

    budget = 60 + len(RPCS) * args.max_round_seconds
    argv = [uri, READ_CHANNEL, WRITE_CHANNEL, str(args.public_calls), "1", str(args.max_round_seconds)]
    try:
        result = run_public(PUBLIC_SCRIPT, *argv, timeout=budget)
    except IndexUnreachable as exc:
        return {}, f"skipped: public pydoover 0.4.18 cannot be installed ({exc})"
    if result.returncode != 0:
        return {}, f"skipped: the public client failed: {result.stderr.strip()[-500:]}"
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def measure_all(uri: str, clients: Clients, args: argparse.Namespace) -> tuple[Rates, str | None]:
    """Interleave rounds of every client (the public one as a subprocess per round) so drift hits all alike.

    Returns the rates and, when the public client was skipped, why.
    """
    warm_up(clients)
    rates = Rates({})
    public_note = "skipped (--no-public)" if args.no_public else None
    for _ in range(args.rounds):
        measure_round(clients, rates, args)
        if public_note is None:
            public, public_note = public_round(uri, args)
            for rpc, values in public.items():
                rates.rounds.setdefault("public", {}).setdefault(rpc, []).extend(values)
    return rates, public_note


def seed(agent: DeviceAgentInterface) -> None:
    """Write the read channel's aggregate and check both rpcs work before timing anything."""
    if not agent.publish_to_channel(READ_CHANNEL, SEED):
        raise SystemExit("seeding the read channel failed")
    if agent.get_channel_aggregate(READ_CHANNEL) != SEED:
        raise SystemExit("the read channel does not hold the seeded aggregate")


def report(rates: Rates) -> None:
    section("calls/s per round, rounds interleaved across clients (median last)")
    for client, per_rpc in rates.rounds.items():
        for rpc, values in per_rpc.items():
            shown = " ".join(f"{v:7.0f}" for v in values)
            print(f"{client:<7} {rpc:<8} {shown}   median {fmt_rate(median(values))}")


def ratio_checks(rates: Rates) -> list[Check]:
    """Per rpc: the three medians, ours/public against its target, the ceiling, floor/ours."""
    checks = []
    for rpc in RPCS:
        ours, floor, public = (rates.median(c, rpc) for c in ("ours", "floor", "public"))
        medians = " | ".join("n/a" if math.isnan(v) else f"{v:,.0f}" for v in (ours, floor, public))
        checks.append(info(f"{rpc}: ours | floor | public", f"{medians} calls/s"))
        vs_public = ratio(ours, public)
        checks.append(
            check_at_least(
                f"{rpc}: ours/public", vs_public, TARGET_VS_PUBLIC, fmt_ratio(vs_public), f">= {TARGET_VS_PUBLIC:g}x"
            )
        )
        checks.append(info(f"{rpc}: floor/public (best possible)", fmt_ratio(ratio(floor, public))))
        over = ratio(floor, ours)
        checks.append(
            check_at_most(
                f"{rpc}: floor/ours", over, TARGET_FLOOR_OVER_OURS, fmt_ratio(over), f"<= {TARGET_FLOOR_OVER_OURS:g}x"
            )
        )
    return checks


def main() -> None:
    args = parse_args()
    with running_bridge() as bridge:
        print(
            f"bridge: pid {bridge.process.pid} at {bridge.uri}; {args.rounds} rounds of up to {args.calls} calls "
            f"(public: {args.public_calls}), each capped at {args.max_round_seconds:g} s"
        )
        agent = DeviceAgentInterface("bench", bridge.uri)
        channel = grpc.insecure_channel(bridge.uri)
        try:
            seed(agent)
            clients = {"ours": our_ops(agent), "floor": stub_ops(pb_grpc.deviceAgentStub(channel))}
            rates, public_note = measure_all(bridge.uri, clients, args)
        finally:
            agent.close()
            channel.close()
    report(rates)
    if public_note:
        print(f"public 0.4.18 client: {public_note}")
    notes = [f"public 0.4.18 client {public_note}"] if public_note else []
    print_summary("dda_roundtrip", ratio_checks(rates), notes)


if __name__ == "__main__":
    main()
