"""Benchmark: publish -> subscriber delivery latency, and sustained durable writes per second.

The bridge runs in its own process (`doover bridge up`); this process publishes, receives and
times everything with ``time.perf_counter``, so no clocks are compared across processes.

Latency: ``--messages`` writes at ``--rate`` per second, each payload ``{"seq": i}``; every
subscriber notes when it sees each seq. Measured for 1 and for 10 subscribers (each on its own
connection), with

* ours   - pydoover DeviceAgentInterface subscriptions (add_subscription, async callback),
           publishing with publish_to_channel_async
* floor  - bare grpc.aio stubs: GetChannelSubscription streams and WriteToChannel

Durable writes: ``--writers`` concurrent async writers share one DeviceAgentInterface and make
``--writes`` publish_to_channel_async calls; the bridge acknowledges each only after SQLite
commits (WAL, synchronous=NORMAL), and the rows are counted in the store afterwards.
Baseline: a raw sqlite3 loop in this process doing the same upsert+insert+commit with WAL and
synchronous=NORMAL, so the ratio shows what gRPC, merging and fan-out cost.

    python bench/dda_fanout.py [--messages 500] [--rate 200] [--writes 5000] [--writers 8]

Targets: ours p99 <= 10 ms (1 and 10 subscribers); >= 2000 durable writes/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from _common import (
    Check,
    check_at_least,
    check_at_most,
    fmt_ms,
    fmt_rate,
    fmt_ratio,
    info,
    percentile,
    print_summary,
    ratio,
    running_bridge,
    section,
)

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.bridges.dda.channels import DEFAULT_HISTORY_LIMIT
from pydoover.docker import DeviceAgentInterface

TARGET_P99_S = 0.010
TARGET_WRITES_PER_S = 2000.0
SYNC_TIMEOUT = 10.0
WRITE_CHANNEL = "bench_durable"

Cleanup = Callable[[], Awaitable[None]]
Writer = Callable[[int], Awaitable[bool]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500, help="messages per latency run (500)")
    parser.add_argument("--rate", type=float, default=200.0, help="publish rate in messages/s (200)")
    parser.add_argument("--subscribers", default="1,10", help="comma-separated subscriber counts (1,10)")
    parser.add_argument("--drain-seconds", type=float, default=3.0, help="wait for late deliveries (3)")
    parser.add_argument("--writes", type=int, default=5000, help="durable writes in total (5000)")
    parser.add_argument("--writers", type=int, default=8, help="concurrent async writers (8)")
    parser.add_argument("--max-write-seconds", type=float, default=15.0, help="cap on the write run (15)")
    return parser.parse_args()


# -- latency ----------------------------------------------------------------------------


@dataclass
class Probe:
    """Send times by seq, and one latency per (subscriber, seq) delivered."""

    subscribers: int
    messages: int
    sent: dict[int, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seen: list[set[int]] = field(default_factory=list)
    failed_writes: int = 0

    def __post_init__(self) -> None:
        self.seen = [set() for _ in range(self.subscribers)]

    def received(self, subscriber: int, seq: object) -> None:
        now = time.perf_counter()
        if isinstance(seq, int) and seq in self.sent and seq not in self.seen[subscriber]:
            self.seen[subscriber].add(seq)
            self.latencies.append(now - self.sent[seq])

    @property
    def expected(self) -> int:
        return self.subscribers * (self.messages - self.failed_writes)

    @property
    def complete(self) -> bool:
        return len(self.latencies) >= self.expected


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def sdk_subscribers(uri: str, channel: str, probe: Probe) -> tuple[Writer, Cleanup]:
    """One DeviceAgentInterface per subscriber, plus one that publishes."""
    agents = [DeviceAgentInterface(f"bench-sub-{i}", uri) for i in range(probe.subscribers)]
    publisher = DeviceAgentInterface("bench-pub", uri)
    for index, agent in enumerate(agents):

        async def on_update(name: str, aggregate: object, index: int = index) -> None:
            probe.received(index, aggregate.get("seq") if isinstance(aggregate, dict) else None)

        agent.add_subscription(channel, on_update)
    await wait_until(lambda: all(a.is_channel_synced(channel) for a in agents), SYNC_TIMEOUT, "subscriptions")

    async def write(seq: int) -> bool:
        return await publisher.publish_to_channel_async(channel, {"seq": seq})

    async def cleanup() -> None:
        for agent in [*agents, publisher]:
            await agent.close_async()

    return write, cleanup


async def stub_subscribers(uri: str, channel: str, probe: Probe) -> tuple[Writer, Cleanup]:
    """Bare grpc.aio subscription streams, one connection each, plus a bare publisher."""
    channels = [grpc.aio.insecure_channel(uri) for _ in range(probe.subscribers + 1)]
    calls = [
        pb_grpc.deviceAgentStub(c).GetChannelSubscription(pb.ChannelSubscriptionRequest(channel_name=channel))
        for c in channels[1:]
    ]
    for call in calls:
        await call.read()  # the "subscribed" marker

    async def listen(index: int, call: grpc.aio.UnaryStreamCall) -> None:
        # read() only: grpc.aio forbids mixing it with `async for` on one call.
        while (response := await call.read()) is not grpc.aio.EOF:
            probe.received(index, json.loads(response.message.payload).get("seq"))

    tasks = [asyncio.create_task(listen(i, call)) for i, call in enumerate(calls)]
    publisher = pb_grpc.deviceAgentStub(channels[0])

    async def write(seq: int) -> bool:
        request = pb.ChannelWriteRequest(channel_name=channel, message_payload=json.dumps({"seq": seq}))
        return (await publisher.WriteToChannel(request, timeout=7)).response_header.success

    async def cleanup() -> None:
        for call in calls:
            call.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for c in channels:
            await c.close()

    return write, cleanup


async def publish_paced(write: Writer, probe: Probe, rate: float) -> None:
    """Write seq 0..messages-1 on a fixed schedule, stamping each send time first."""
    start = time.perf_counter()
    for seq in range(probe.messages):
        delay = start + seq / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        probe.sent[seq] = time.perf_counter()
        if not await write(seq):
            probe.failed_writes += 1


async def measure_latency(uri: str, client: str, subscribers: int, args: argparse.Namespace) -> Probe:
    """One latency run on a fresh channel; returns the probe holding every delivery's latency."""
    probe = Probe(subscribers, args.messages)
    channel = f"bench_fanout_{client}_{subscribers}"
    setup = sdk_subscribers if client == "ours" else stub_subscribers
    write, cleanup = await setup(uri, channel, probe)
    try:
        await publish_paced(write, probe, args.rate)
        deadline = time.monotonic() + args.drain_seconds
        while not probe.complete and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
    finally:
        await cleanup()
    return probe


# -- durable writes ---------------------------------------------------------------------


async def durable_writes(uri: str, args: argparse.Namespace) -> tuple[float, int]:
    """Concurrent publish_to_channel_async writers on one client; returns (writes/s, acknowledged)."""
    agent = DeviceAgentInterface("bench-writer", uri)
    await agent.publish_to_channel_async(WRITE_CHANNEL, {"warmup": True})
    issued = acked = 0
    deadline = time.perf_counter() + args.max_write_seconds

    async def writer() -> None:
        nonlocal issued, acked
        while issued < args.writes and time.perf_counter() < deadline:
            seq = issued
            issued += 1
            if await agent.publish_to_channel_async(WRITE_CHANNEL, {"seq": seq, "value": seq * 0.5}):
                acked += 1

    start = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(args.writers)))
    elapsed = time.perf_counter() - start
    await agent.close_async()
    return acked / elapsed, acked


def stored_messages(store: Path, channel: str) -> int:
    """Messages of ``channel`` in the bridge's store, read through a separate read-only connection."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        (count,) = db.execute("SELECT COUNT(*) FROM messages WHERE channel = ?", (channel,)).fetchone()
    finally:
        db.close()
    return count


BASELINE_SCHEMA = """
CREATE TABLE channels (name TEXT PRIMARY KEY, aggregate TEXT NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE messages (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, payload TEXT NOT NULL,
                       ts_ms INTEGER NOT NULL, author TEXT, save_log INTEGER NOT NULL DEFAULT 1);
CREATE INDEX messages_by_channel ON messages (channel, id);
"""


def sqlite_baseline(writes: int, max_seconds: float) -> float:
    """Raw sqlite3 (WAL, synchronous=NORMAL): upsert the aggregate + insert the message + commit, per write."""
    with tempfile.TemporaryDirectory(prefix="doover-bench-sqlite-") as scratch:
        db = sqlite3.connect(Path(scratch) / "raw.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(BASELINE_SCHEMA)
        done = 0
        start = time.perf_counter()
        while done < writes and time.perf_counter() - start < max_seconds:
            payload = json.dumps({"seq": done, "value": done * 0.5})
            ts_ms = time.time_ns() // 1_000_000
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO channels (name, aggregate, updated_ms) VALUES (?, ?, ?) ON CONFLICT(name) DO "
                "UPDATE SET aggregate = excluded.aggregate, updated_ms = excluded.updated_ms",
                (WRITE_CHANNEL, payload, ts_ms),
            )
            db.execute(
                "INSERT INTO messages (channel, payload, ts_ms, author, save_log) VALUES (?, ?, ?, ?, 1)",
                (WRITE_CHANNEL, payload, ts_ms, "bench"),
            )
            db.execute("COMMIT")
            done += 1
        rate = done / (time.perf_counter() - start)
        db.close()
    return rate


# -- reporting --------------------------------------------------------------------------


def report_latency(results: dict[tuple[str, int], Probe]) -> None:
    section("publish -> delivery latency")
    print(f"{'client':<6} {'subs':>4} {'delivered':>11} {'p50':>10} {'p90':>10} {'p99':>10} {'max':>10}")
    for (client, subs), probe in results.items():
        lat = probe.latencies
        print(
            f"{client:<6} {subs:>4} {len(lat):>5}/{probe.expected:<5} {fmt_ms(percentile(lat, 50)):>10} "
            f"{fmt_ms(percentile(lat, 90)):>10} {fmt_ms(percentile(lat, 99)):>10} "
            f"{fmt_ms(max(lat, default=math.nan)):>10}"
        )


def latency_checks(results: dict[tuple[str, int], Probe]) -> list[Check]:
    checks = []
    for (client, subs), probe in results.items():
        if client != "ours":
            continue
        p99 = percentile(probe.latencies, 99)
        floor = percentile(results[("floor", subs)].latencies, 99) if ("floor", subs) in results else math.nan
        lost = probe.expected - len(probe.latencies)
        shown = fmt_ms(p99) + (f" ({lost} lost)" if lost else "")
        checks.append(info(f"ours p50, {subs} sub(s)", fmt_ms(percentile(probe.latencies, 50))))
        checks.append(
            check_at_most(
                f"ours p99, {subs} sub(s)",
                p99 if not lost else math.inf,
                TARGET_P99_S,
                shown,
                f"<= {TARGET_P99_S * 1000:g} ms",
            )
        )
        checks.append(info(f"p99 ratio ours/floor, {subs} sub(s)", fmt_ratio(ratio(p99, floor))))
    return checks


def write_checks(ours: float, acked: int, stored: int, baseline: float) -> list[Check]:
    overhead_us = (1 / ours - 1 / baseline) * 1e6 if ours and baseline else math.nan
    return [
        check_at_least(
            "durable writes/s", ours, TARGET_WRITES_PER_S, fmt_rate(ours, "writes/s"), f">= {TARGET_WRITES_PER_S:g}/s"
        ),
        Check("acknowledged writes stored", f"{stored}/{acked}", "all", stored >= min(acked, DEFAULT_HISTORY_LIMIT)),
        info("raw sqlite3 baseline", fmt_rate(baseline, "writes/s")),
        info("ratio ours/raw sqlite3", fmt_ratio(ratio(ours, baseline))),
        info("gRPC+merge cost per write", "n/a" if math.isnan(overhead_us) else f"{overhead_us:.0f} us"),
    ]


async def run_all(
    uri: str, store: Path, args: argparse.Namespace
) -> tuple[dict[tuple[str, int], Probe], float, int, int]:
    """Every latency run, then the durable-write run, against one bridge."""
    counts = [int(n) for n in args.subscribers.split(",") if n.strip()]
    results: dict[tuple[str, int], Probe] = {}
    for subs in counts:
        for client in ("floor", "ours"):
            print(f"latency: {client}, {subs} subscriber(s), {args.messages} msgs at {args.rate:g}/s", flush=True)
            results[(client, subs)] = await measure_latency(uri, client, subs, args)
    print(f"durable writes: {args.writes} by {args.writers} concurrent writers", flush=True)
    rate, acked = await durable_writes(uri, args)
    stored = stored_messages(store, WRITE_CHANNEL) - 1  # minus the warm-up write
    return results, rate, acked, stored


def main() -> None:
    args = parse_args()
    with running_bridge() as bridge:
        print(f"bridge: pid {bridge.process.pid} at {bridge.uri}")
        results, rate, acked, stored = asyncio.run(run_all(bridge.uri, bridge.store, args))
    print("durable writes baseline: raw sqlite3 in this process", flush=True)
    baseline = sqlite_baseline(args.writes, args.max_write_seconds)
    report_latency(results)
    section("durable writes")
    print(
        f"ours: {fmt_rate(rate, 'writes/s')} ({acked} acknowledged, {stored} found in the store); "
        f"raw sqlite3: {fmt_rate(baseline, 'writes/s')}"
    )
    print_summary("dda_fanout", [*latency_checks(results), *write_checks(rate, acked, stored, baseline)])


if __name__ == "__main__":
    main()
