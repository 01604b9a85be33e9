"""Benchmark: what refusing hostile input costs a well-formed request to the DDA.

Two costs, each against a baseline measured in the same run:

* value checks - ``check_value`` (depth, finite numbers, valid Unicode) on a ~1 kB aggregate,
                 against ``dumps`` of the same value, the serialisation every write already does
* interceptor  - unary round trips (GetAggregate, WriteToChannel) through a DDA served with the
                 ``RefuseUndecodable`` interceptor, against the same servicer served without it;
                 both servers run in one child process (so neither shares the client's GIL) and
                 the rounds alternate between them

    python bench/hardening_overhead.py [--rounds 5] [--calls 1000]

Targets: check/dumps <= 1.0x; with/without interceptor >= 0.9x (both rpcs).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import grpc
from _common import (
    Check,
    check_at_least,
    check_at_most,
    fmt_rate,
    fmt_ratio,
    median,
    print_summary,
    ratio,
    section,
    timed_rate,
)

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.bridges.dda.channels import dumps
from pydoover.utils.channel_values import check_value

TARGET_CHECK_OVER_DUMPS = 1.0
TARGET_WITH_OVER_WITHOUT = 0.9
VALUE = {
    "state": "running",
    "sensors": {f"sensor_{i}": {"value": i * 1.5, "unit": "kPa", "ok": True} for i in range(20)},
}

# Serves the DDA servicer twice on free loopback ports (with and without the interceptor) and
# prints both ports; runs until its stdin closes.
SERVER_SCRIPT = """
import asyncio, sys
import grpc
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.bridges.dda.channels import ChannelHub
from pydoover.bridges.dda.servicer import DeviceAgentServicer
from pydoover.bridges.dda.store import SqliteStore
from pydoover.bridges.host import SERVER_OPTIONS
from pydoover.bridges.undecodable import RefuseUndecodable

async def main():
    hub = ChannelHub(SqliteStore(":memory:"))
    servers = [grpc.aio.server(options=SERVER_OPTIONS, interceptors=i) for i in ([RefuseUndecodable()], [])]
    for server in servers:
        pb_grpc.add_deviceAgentServicer_to_server(DeviceAgentServicer(hub), server)
    ports = [server.add_insecure_port("127.0.0.1:0") for server in servers]
    for server in servers:
        await server.start()
    print(*ports, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""


def per_second(op, calls: int) -> float:
    return timed_rate(op, calls, max_seconds=10.0)


def value_checks(rounds: int, calls: int) -> list[Check]:
    section("value checks on a ~1 kB aggregate")
    print(f"value: {len(dumps(VALUE))} bytes of JSON")
    checked, dumped = [], []
    for _ in range(rounds):
        checked.append(per_second(lambda: check_value(VALUE), calls))
        dumped.append(per_second(lambda: dumps(VALUE), calls))
    check_rate, dumps_rate = median(checked), median(dumped)
    print(f"check_value  {fmt_rate(check_rate, 'values/s')}  ({1e6 / check_rate:.1f} us each)")
    print(f"dumps        {fmt_rate(dumps_rate, 'values/s')}  ({1e6 / dumps_rate:.1f} us each)")
    cost = ratio(dumps_rate, check_rate)  # time of a check over time of a dumps
    return [
        check_at_most(
            "check/dumps time", cost, TARGET_CHECK_OVER_DUMPS, fmt_ratio(cost), f"<= {TARGET_CHECK_OVER_DUMPS}x"
        )
    ]


def interceptor(rounds: int, calls: int) -> list[Check]:
    section("unary round trips with and without the RefuseUndecodable interceptor")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        with_port, without_port = (int(port) for port in server.stdout.readline().split())
        channels = {
            name: grpc.insecure_channel(f"127.0.0.1:{port}")
            for name, port in (("with", with_port), ("without", without_port))
        }
        stubs = {name: pb_grpc.deviceAgentStub(channel) for name, channel in channels.items()}
        payload = json.dumps(VALUE)
        stubs["with"].WriteToChannel(pb.ChannelWriteRequest(channel_name="bench", message_payload=payload), timeout=5)
        ops = {
            "GetAggregate": lambda stub: stub.GetAggregate(pb.GetAggregateRequest(channel_name="bench"), timeout=5),
            "WriteToChannel": lambda stub: stub.WriteToChannel(
                pb.ChannelWriteRequest(channel_name="bench_w", message_payload='{"n": 1}', save_log=False), timeout=5
            ),
        }
        checks = []
        for rpc, call in ops.items():
            rates: dict[str, list[float]] = {"with": [], "without": []}
            for stub in stubs.values():  # warm-up
                per_second(lambda stub=stub, call=call: call(stub), 50)
            for round_index in range(rounds):
                order = list(stubs.items())[:: 1 if round_index % 2 == 0 else -1]  # neither always goes first
                for name, stub in order:
                    rates[name].append(per_second(lambda stub=stub, call=call: call(stub), calls))
            with_rate, without_rate = median(rates["with"]), median(rates["without"])
            share = ratio(with_rate, without_rate)
            print(f"{rpc:<15} with {fmt_rate(with_rate)}  without {fmt_rate(without_rate)}  ratio {fmt_ratio(share)}")
            checks.append(
                check_at_least(
                    f"{rpc} with/without",
                    share,
                    TARGET_WITH_OVER_WITHOUT,
                    fmt_ratio(share),
                    f">= {TARGET_WITH_OVER_WITHOUT}x",
                )
            )
        for channel in channels.values():
            channel.close()
        return checks
    finally:
        server.stdin.close()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    checks = value_checks(args.rounds, args.calls * 5) + interceptor(args.rounds, args.calls)
    print_summary("hardening_overhead", checks, [f"took {time.perf_counter() - started:.0f} s"])


if __name__ == "__main__":
    main()
