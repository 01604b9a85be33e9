"""Benchmark: reading 10 holding registers from the simulated field device, through the Modbus bridge and directly.

One `doover bridge up --modbus-sim` process runs the Modbus bridge and the simulated field device
(Modbus TCP, unit 1, opened on the bridge as bus "default"), so client and bridge never share a
GIL. Every client reads holding registers 0-9 of unit 1, one read after another; each figure is
the median of several rounds (per-round median latency, per-round reads/s):

* ours    - pydoover's ModbusInterface, sync read_registers(bus_id="default", modbus_id=1,
            start_address=0, num_registers=10, register_type=4) (one persistent gRPC channel)
* direct  - the baseline: pymodbus's ModbusTcpClient straight to the simulated device,
            read_holding_registers(0, count=10, device_id=1) on one persistent connection
* stub    - the bare generated stub's readRegisters on one persistent channel: the best a Python
            client can do through this bridge
* echo    - the bare stub's testComms: a gRPC round trip to the bridge with no Modbus behind it
* public  - the public pydoover 0.4.18 ModbusInterface (new gRPC channel per call), run in its
            own cached virtualenv as a subprocess; skipped when the index is unreachable

    python bench/modbus_roundtrip.py [--rounds 5] [--calls 500] [--public-calls 200]

Targets: ours/direct <= 1.5x (median latency); ours >= 300 reads/s (sequential).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import grpc
from _common import (
    REPO_ROOT,
    Check,
    check_at_least,
    check_at_most,
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
from pymodbus.client import ModbusTcpClient

from pydoover._grpc import modbus_iface_pb2 as pb
from pydoover._grpc import modbus_iface_pb2_grpc as pb_grpc
from pydoover.docker import ModbusInterface

TARGET_OVER_DIRECT = 1.5
TARGET_READS_PER_S = 300.0
BUS = "default"  # the bus the simulator setup opens on the bridge
UNIT = 1
START, COUNT = 0, 10
HOLDING = 4  # register_type for holding registers in the bridge's protocol
PATTERN = [1000 + i for i in range(COUNT)]  # written first, so every client must read these back
WARMUP_CALLS = 50
CLIENTS = ("ours", "direct", "stub", "echo", "public")

Op = Callable[[], bool]

# Runs in the public client's virtualenv; argv: uri bus calls max_s expected_json.
# Prints {"latencies": [s, ...], "rate": reads_per_s}.
PUBLIC_SCRIPT = """
import json, logging, sys, time
logging.disable(logging.CRITICAL)
from pydoover.docker import ModbusInterface
uri, bus = sys.argv[1], sys.argv[2]
calls, max_s, expected = int(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
iface = ModbusInterface("bench", uri, is_async=False)

def op():
    values = iface.read_registers(bus_id=bus, modbus_id=1, start_address=0, num_registers=10, register_type=4)
    if values != expected:
        raise SystemExit(f"public client read {values!r}")

for _ in range(10):
    op()
latencies, start = [], time.perf_counter()
while len(latencies) < calls:
    t0 = time.perf_counter()
    op()
    t1 = time.perf_counter()
    latencies.append(t1 - t0)
    if t1 - start >= max_s:
        break
print(json.dumps({"latencies": latencies, "rate": len(latencies) / (time.perf_counter() - start)}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement; the median is reported (5)")
    parser.add_argument("--calls", type=int, default=500, help="reads per round for the in-process clients (500)")
    parser.add_argument("--public-calls", type=int, default=200, help="reads per round for the public client (200)")
    parser.add_argument("--max-round-seconds", type=float, default=2.0, help="cap on one round's duration (2)")
    parser.add_argument("--no-public", action="store_true", help="skip the public 0.4.18 client")
    return parser.parse_args()


@dataclass
class Samples:
    """Per client: each round's median latency and reads/s, and every call's latency."""

    round_latency: dict[str, list[float]] = field(default_factory=dict)
    round_rate: dict[str, list[float]] = field(default_factory=dict)
    calls: dict[str, list[float]] = field(default_factory=dict)

    def add(self, client: str, latencies: list[float], rate: float) -> None:
        self.round_latency.setdefault(client, []).append(median(latencies))
        self.round_rate.setdefault(client, []).append(rate)
        self.calls.setdefault(client, []).extend(latencies)

    def latency(self, client: str) -> float:
        return median(self.round_latency.get(client, []))

    def rate(self, client: str) -> float:
        return median(self.round_rate.get(client, []))


def timed_calls(op: Op, max_calls: int, max_seconds: float) -> tuple[list[float], float]:
    """Call ``op`` up to ``max_calls`` times or until ``max_seconds`` pass: (each call's latency, calls/s)."""
    latencies: list[float] = []
    start = time.perf_counter()
    while len(latencies) < max_calls:
        t0 = time.perf_counter()
        op()
        t1 = time.perf_counter()
        latencies.append(t1 - t0)
        if t1 - start >= max_seconds:
            break
    return latencies, len(latencies) / (time.perf_counter() - start)


def checked(name: str, read: Callable[[], object]) -> Op:
    """An op that stops the benchmark unless ``read()`` returns the written pattern (or True)."""

    def run() -> bool:
        values = read()
        if values is not True and values != PATTERN:
            raise SystemExit(f"{name}: read {values!r}, expected {PATTERN}: is the bridge still up?")
        return True

    return run


def direct_read(client: ModbusTcpClient) -> list[int] | None:
    result = client.read_holding_registers(START, count=COUNT, device_id=UNIT)
    return None if result.isError() else list(result.registers)


def in_process_clients(iface: ModbusInterface, stub: pb_grpc.modbusIfaceStub, direct: ModbusTcpClient) -> dict[str, Op]:
    request = pb.readRegisterRequest(bus_id=BUS, modbus_id=UNIT, register_type=HOLDING, address=START, count=COUNT)
    echo = pb.testCommsRequest(message="bench")

    def ours() -> object:
        return iface.read_registers(
            bus_id=BUS, modbus_id=UNIT, start_address=START, num_registers=COUNT, register_type=HOLDING
        )

    def floor() -> list[int] | None:
        response = stub.readRegisters(request, timeout=7)
        return list(response.values) if response.response_header.success else None

    return {
        "ours": checked("ours", ours),
        "direct": checked("direct", lambda: direct_read(direct)),
        "stub": checked("stub", floor),
        "echo": checked("echo", lambda: stub.testComms(echo, timeout=7).response == "bench"),
    }


def public_round(uri: str, args: argparse.Namespace) -> tuple[tuple[list[float], float] | None, str | None]:
    """One round of the public 0.4.18 client in its own venv: ((latencies, rate), None) or (None, why skipped)."""
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.public_pydoover import IndexUnreachable, venv_python

    argv = [uri, BUS, str(args.public_calls), str(args.max_round_seconds), json.dumps(PATTERN)]
    try:
        python = venv_python()
    except IndexUnreachable as exc:
        return None, f"skipped: public pydoover 0.4.18 cannot be installed ({exc})"
    # -I: the public venv's own packages only, never ours through PYTHONPATH.
    result = subprocess.run(
        [str(python), "-I", "-c", PUBLIC_SCRIPT, *argv],
        capture_output=True,
        text=True,
        timeout=60 + args.max_round_seconds,
    )
    if result.returncode != 0:
        return None, f"skipped: the public client failed: {result.stderr.strip()[-500:]}"
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return (out["latencies"], out["rate"]), None


def measure(modbus_uri: str, device_uri: str, args: argparse.Namespace) -> tuple[Samples, str | None]:
    """Write the pattern, then interleave rounds of every client so drift hits all alike.

    Returns the samples and, when the public client was skipped, why.
    """
    host, port = device_uri.rsplit(":", 1)
    direct = ModbusTcpClient(host, port=int(port), timeout=3)
    iface = ModbusInterface("bench", modbus_uri, is_async=False)
    channel = grpc.insecure_channel(modbus_uri)
    samples = Samples()
    public_note = "skipped (--no-public)" if args.no_public else None
    try:
        if not direct.connect():
            raise SystemExit(f"cannot connect to the simulated device at {device_uri}")
        if direct.write_registers(START, PATTERN, device_id=UNIT).isError():
            raise SystemExit("writing the pattern to holding registers 0-9 failed")
        clients = in_process_clients(iface, pb_grpc.modbusIfaceStub(channel), direct)
        for op in clients.values():
            for _ in range(WARMUP_CALLS):
                op()
        for _ in range(args.rounds):
            for name, op in clients.items():
                samples.add(name, *timed_calls(op, args.calls, args.max_round_seconds))
            if public_note is None:
                public, public_note = public_round(modbus_uri, args)
                if public is not None:
                    samples.add("public", *public)
    finally:
        iface.close()
        channel.close()
        direct.close()
    return samples, public_note


def report(samples: Samples) -> None:
    section("reads/s per round, rounds interleaved across clients (median last)")
    for client in CLIENTS:
        if values := samples.round_rate.get(client):
            shown = " ".join(f"{v:7.0f}" for v in values)
            print(f"{client:<7} {shown}   median {fmt_rate(median(values), 'reads/s')}")
    section("median latency per round, ms (median last; p90/p99 of all calls)")
    for client in CLIENTS:
        if values := samples.round_latency.get(client):
            shown = " ".join(f"{v * 1000:7.3f}" for v in values)
            every = samples.calls[client]
            print(
                f"{client:<7} {shown}   median {fmt_ms(median(values))}  "
                f"p90 {fmt_ms(percentile(every, 90))}  p99 {fmt_ms(percentile(every, 99))}"
            )


def checks(samples: Samples) -> list[Check]:
    def joined(values: list[float], shown: Callable[[float], str]) -> str:
        return " | ".join("n/a" if math.isnan(v) else shown(v) for v in values)

    latency = {c: samples.latency(c) for c in CLIENTS}
    rate = {c: samples.rate(c) for c in CLIENTS}
    over = ratio(latency["ours"], latency["direct"])
    label = "ours | direct | stub | echo | public"
    return [
        info(f"{label}: latency", joined(list(latency.values()), lambda v: f"{v * 1000:.3f}") + " ms"),
        info(f"{label}: rate", joined(list(rate.values()), lambda v: f"{v:,.0f}") + " reads/s"),
        check_at_most(
            "ours/direct (median latency)", over, TARGET_OVER_DIRECT, fmt_ratio(over), f"<= {TARGET_OVER_DIRECT:g}x"
        ),
        info("stub/direct (best possible)", fmt_ratio(ratio(latency["stub"], latency["direct"]))),
        info("ours/stub (client overhead)", fmt_ratio(ratio(latency["ours"], latency["stub"]))),
        check_at_least(
            "ours: reads/s (sequential)",
            rate["ours"],
            TARGET_READS_PER_S,
            fmt_rate(rate["ours"], "reads/s"),
            f">= {TARGET_READS_PER_S:g}/s",
        ),
        info("public/ours (median latency)", fmt_ratio(ratio(latency["public"], latency["ours"]))),
    ]


def main() -> None:
    args = parse_args()
    with running_bridge(modbus_sim=True) as bridge:
        modbus_uri, device_uri = bridge.uris["modbus"], bridge.uris["modbus-sim"]
        print(
            f"bridge: pid {bridge.process.pid}, modbus at {modbus_uri}; field device at {device_uri} "
            f"({bridge.details['modbus-sim']}); {args.rounds} rounds of up to {args.calls} reads "
            f"(public: {args.public_calls}), each capped at {args.max_round_seconds:g} s"
        )
        samples, public_note = measure(modbus_uri, device_uri, args)
    report(samples)
    if public_note:
        print(f"public 0.4.18 client: {public_note}")
    notes = [f"public 0.4.18 client {public_note}"] if public_note else []
    print_summary("modbus_roundtrip", checks(samples), notes)


if __name__ == "__main__":
    main()
