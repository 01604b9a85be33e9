"""PlatformInterface and its counters against a real local Platform bridge (simulated device).

The default device has 4 DI, 6 DO, 6 AI (AI 0-3 in mA near 12.0, AI 4-5 in V at 5.0) and 2 AO;
inputs are driven through the bridge's simulation-control service.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest

from pydoover._grpc import platform_iface_pb2 as pb
from pydoover._grpc import platform_iface_pb2_grpc as pb_grpc
from pydoover.bridges.platform.device_file import DeviceSpec, DigitalInput, PulseSignal, SystemSpec
from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.docker import BridgeRejectedError, BridgeUnavailableError, PlatformInterface, PulseCounter
from pydoover.docker.platform import EventCounter, IoEvent, Location
from pydoover.docker.platform.values import cast_pins, pair_pins
from pydoover.testing import LocalBridges

IO_TABLE = {"DI": [0, 1, 2, 3], "DO": [0, 1, 2, 3, 4, 5], "AI": [0, 1, 2, 3, 4, 5], "AO": [0, 1]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def plt(bridges: LocalBridges) -> AsyncIterator[PlatformInterface]:
    client = PlatformInterface("test_app", bridges.plt_uri)
    yield client
    await client.close_async()


@pytest.fixture
def sim(bridges: LocalBridges) -> Iterator[SimulationClient]:
    client = SimulationClient(bridges.plt_uri)
    yield client
    client.close()


async def wait_for(condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout}s")
        await asyncio.sleep(0.02)


async def pulse(sim: SimulationClient, pin: int, times: int = 1) -> None:
    """Drive ``times`` full pulses (rising then falling edge) on a DI."""
    for _ in range(times):
        await asyncio.to_thread(sim.force, "di", pin, 1)
        await asyncio.to_thread(sim.force, "di", pin, 0)


async def pulse_until(sim: SimulationClient, counter: PulseCounter, count: int, timeout: float = 5.0) -> None:
    """Pulse until the counter reaches ``count`` (covers the stream still connecting)."""
    deadline = time.monotonic() + timeout
    while counter.count < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"pulse counter stuck at {counter.count}, wanted {count}")
        await pulse(sim, counter.pin)
        await asyncio.sleep(0.05)


# -- every method, in every calling style ---------------------------------------------------

Check = Callable[[Any], bool]


def approx(expected: Any) -> Check:
    return lambda got: got == pytest.approx(expected, rel=1e-5)


def equals(expected: Any) -> Check:
    return lambda got: got == expected and type(got) is type(expected)


def config(**expected: Any) -> Check:
    return lambda got: isinstance(got, pb.DIConfig) and all(getattr(got, k) == v for k, v in expected.items())


# (method, args, kwargs, check), run in order on a fresh bridge; state carries from row to row.
CALLS: list[tuple[str, tuple, dict, Check]] = [
    ("test_comms", ("hello",), {}, equals("hello")),
    ("get_di", (0,), {}, equals(False)),
    ("get_di", (0, 1), {}, equals([False, False])),
    ("get_di", ([0],), {}, equals(False)),
    ("get_di", ([0, (1, [2])],), {}, equals([False, False, False])),
    ("get_ai", (1,), {}, approx(12.0)),
    ("get_ai", (1, 4), {}, approx([12.0, 5.0])),
    ("set_do", ([0, 1], True), {}, equals([True, True])),
    ("get_do", (0, 1, 2), {}, equals([True, True, False])),
    ("set_do", (2, 1), {}, equals(True)),
    ("set_do", ([1, 2], [0, 0]), {}, equals([False, False])),
    ("get_do", (0,), {}, equals(True)),
    ("set_ao", (0, 3), {}, equals(3.0)),
    ("set_ao", ([0, 1], [1.5, 2]), {}, equals([1.5, 2.0])),
    ("get_ao", (0, 1), {}, equals([1.5, 2.0])),
    ("schedule_do", (3, True, 0), {}, equals(True)),
    ("schedule_ao", ([0, 1], 4, 0), {}, equals([4.0, 4.0])),
    ("get_do_current", (0, 5), {}, approx([0.25, 0.0])),
    ("get_system_voltage", (), {}, approx(24.0)),
    ("get_system_power", (), {}, approx(4.8)),
    ("get_system_temperature", (), {}, approx(38.0)),
    ("get_location", (), {}, lambda loc: isinstance(loc, Location) and loc.sat_count == 9),
    ("get_immunity_seconds", (), {}, equals(0)),
    ("set_immunity_seconds", (30,), {}, equals(30)),
    ("get_immunity_seconds", (), {}, equals(30)),
    ("schedule_startup", (3600,), {}, approx(3600)),
    ("schedule_shutdown", (60,), {}, approx(60)),
    ("get_io_table", (), {}, equals(IO_TABLE)),
    ("sync_rtc", (), {}, lambda r: r is not None and r.response_header.success),
    ("get_events", (), {}, equals([])),
    ("get_di_events", (0, "both"), {}, equals((True, []))),
    ("fetch_wake_on_voltage", (), {}, equals(None)),
    ("set_wake_on_voltage", (11.5,), {}, approx(11.5)),
    ("fetch_wake_on_voltage", (), {}, approx(11.5)),
    ("set_wake_on_voltage", (None,), {}, equals(None)),
    ("fetch_wake_reason", (), {}, equals(None)),
    ("fetch_sleep_log", (), {}, equals([])),
    ("fetch_sleep_log_interval", (), {}, equals(0)),
    ("set_sleep_log_interval", (300,), {}, equals(300)),
    ("fetch_sleep_log_interval", (), {}, equals(300)),
    ("fetch_di_config", (0,), {}, config(irq_edge="rising", debounce_ms=0)),
    ("set_di_config", (0,), {"debounce_ms": 20}, config(irq_edge="rising", debounce_ms=20)),
    ("set_di_config", (0,), {"irq_edge": "both"}, config(irq_edge="both", debounce_ms=20)),
    ("fetch_di_config", (0,), {}, config(irq_edge="both", debounce_ms=20, wake_on_event=False)),
    ("fetch_io_details", (), {}, lambda d: d[0].is_master and len(d[0].channels) == 18),
    # 1.x names are the same methods
    ("fetch_di", (0, 1), {}, equals([False, False])),
    ("fetch_ai", (4,), {}, approx(5.0)),
    ("fetch_do", (0,), {}, equals(True)),
    ("fetch_ao", (1,), {}, equals(4.0)),
    ("fetch_do_current", (5,), {}, approx(0.0)),
    ("fetch_system_voltage", (), {}, approx(24.0)),
    ("fetch_system_power", (), {}, approx(4.8)),
    ("fetch_system_temperature", (), {}, approx(38.0)),
    ("fetch_location", (), {}, lambda loc: loc.latitude == pytest.approx(-33.8688)),
    ("fetch_immunity_seconds", (), {}, equals(30)),
    ("fetch_io_table", (), {}, equals(IO_TABLE)),
    ("fetch_events", (0,), {}, equals([])),
    ("fetch_di_events", (1, "rising"), {"events_from": 0}, equals((True, []))),
]


def check_row(name: str, args: tuple, kwargs: dict, check: Check, got: Any) -> None:
    assert check(got), f"{name}{args} {kwargs or ''} returned {got!r}"


def test_every_method_called_plainly(plt):
    for name, args, kwargs, check in CALLS:
        check_row(name, args, kwargs, check, getattr(plt, name)(*args, **kwargs))


async def test_every_method_awaited(plt):
    for name, args, kwargs, check in CALLS:
        check_row(name, args, kwargs, check, await getattr(plt, name)(*args, **kwargs))


async def test_every_async_twin(plt):
    for name, args, kwargs, check in CALLS:
        check_row(name, args, kwargs, check, await getattr(plt, f"{name}_async")(*args, **kwargs))


async def test_sync_calls_from_an_executor_thread_get_values(plt):
    assert await asyncio.to_thread(plt.set_do, 4, True) is True
    assert await asyncio.to_thread(plt.get_do, 4) is True
    assert plt.get_do(4, run_sync=True) is True


async def test_an_unawaited_call_in_a_loop_still_runs(plt):
    plt.set_do(5, True)  # fire and forget, as classic apps do
    await wait_for(lambda: plt.get_do(5, run_sync=True) is True, 2, "set_do without await")


def test_one_persistent_channel_serves_every_call(plt):
    plt.get_di(0)
    channel = plt._channel
    for pin in range(4):
        plt.get_di(pin)
    assert plt._channel is channel


# -- argument normalisation -----------------------------------------------------------------


def test_pins_and_values_are_normalised():
    assert cast_pins(3) == [3]
    assert cast_pins((0, [1, (2, [3])])) == [0, 1, 2, 3]
    assert cast_pins(range(2)) == [0, 1]
    assert pair_pins([0, 1, 2], 1, bool) == ([0, 1, 2], [True, True, True])
    assert pair_pins(0, [0], bool) == ([0], [False])
    assert pair_pins([0, 1], (1, 2.5), float) == ([0, 1], [1.0, 2.5])
    assert pair_pins([[0], 1], [[0.0], [3]], bool) == ([0, 1], [False, True])


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("set_do", ([0, 1], [True, False, True])),
        ("set_ao", ([0, 1], [1.0, 2.0, 3.0])),
        ("set_do", ([], True)),
        ("set_do", (0, "on")),
        ("set_ao", (0, None)),
        ("get_di", ("0",)),
        ("get_ai", (1.5,)),
        ("get_do", (True,)),
        ("schedule_do", (0, True, -1)),
        ("schedule_do", (0, True, 1.5)),
        ("schedule_ao", (0, 1.0, "5")),
        ("schedule_ao", ([0, 1], [1.0, 2.0, 3.0], 1)),
        ("get_di_events", (0, "up")),
        ("set_di_config", (0, None, "sideways")),
    ],
)
async def test_bad_arguments_raise_value_error_plainly_and_awaited(method, args):
    plt = PlatformInterface("app", f"127.0.0.1:{free_port()}")  # never reached: arguments fail first
    with pytest.raises(ValueError):
        getattr(plt, method)(*args, run_sync=True)
    with pytest.raises(ValueError):
        await getattr(plt, method)(*args)
    with pytest.raises(ValueError):
        await getattr(plt, f"{method}_async")(*args)


def test_bad_pin_is_refused_by_the_bridge(plt, caplog):
    with caplog.at_level(logging.WARNING, logger="pydoover"):
        assert plt.get_di(9) is None
    assert "getDI failed (REJECTED): DI 9 does not exist" in caplog.text


# -- behaviour --------------------------------------------------------------------------------


async def test_schedule_do_fires_after_the_delay(plt):
    started = time.monotonic()
    assert await plt.schedule_do([3, 4], True, 1) == [True, True]
    assert await plt.get_do(3, 4) == [False, False], "not before the delay"
    await wait_for(lambda: plt.get_do(3, run_sync=True) is True, 3, "scheduled DO")
    assert time.monotonic() - started >= 0.9
    assert await plt.get_do(4) is True


def test_schedule_ao_fires_after_the_delay(plt):
    assert plt.schedule_ao(1, 7.5, 1) == 7.5
    assert plt.get_ao(1) == 0.0
    deadline = time.monotonic() + 3
    while plt.get_ao(1) != 7.5:
        assert time.monotonic() < deadline, "scheduled AO never applied"
        time.sleep(0.05)


def test_get_location_returns_a_location(plt):
    location = plt.get_location()
    assert isinstance(location, Location)
    assert (location.latitude, location.longitude) == (pytest.approx(-33.8688), pytest.approx(151.2093))
    assert location.altitude_m == pytest.approx(58.0) and location.speed_mps is None
    assert location.timestamp


def test_get_location_is_none_without_a_fix(tmp_path):
    device = DeviceSpec(system=SystemSpec(location=None))
    with LocalBridges(store=tmp_path / "dda.sqlite3", device=device) as bridges:
        assert PlatformInterface("app", bridges.plt_uri).get_location() is None


def test_io_table_is_a_dict(plt):
    assert plt.get_io_table() == IO_TABLE


def test_di_events_after_forcing_a_di(plt, sim):
    sim.force("di", 2, 1)
    assert plt.get_di(2) is True
    sim.force("di", 2, 0)
    synced, rising = plt.get_di_events(2, "rising")
    assert synced is True and [e.event for e in rising] == ["DI_R"]
    event = rising[0]
    assert isinstance(event, IoEvent) and (event.pin, event.value) == (2, "1")
    assert abs(event.time_ms - time.time() * 1000) < 5000 and event.time == event.time_ms
    _, both = plt.get_di_events(2, "both")
    assert [e.event for e in both] == ["DI_R", "DI_F"]
    assert plt.get_di_events(2, "falling", events_from=both[0].event_id)[1] == both[1:]
    assert plt.get_di_events(0, "both") == (True, [])
    assert plt.get_events() == both
    assert plt.get_events(events_from=both[0].event_id) == both[1:]


async def test_pulse_counter_counts_forced_pulses(plt, sim):
    seen: list[tuple] = []
    seen_async: list[tuple] = []

    async def on_pulse_async(*args):
        seen_async.append(args)

    counter = plt.get_new_pulse_counter(1, callback=lambda *args: seen.append(args), rate_window_secs=10)
    other = plt.get_new_pulse_counter(1, edge="both", callback=on_pulse_async)
    assert counter.running and counter in plt.counters
    await pulse_until(sim, counter, 1)
    start = counter.count
    await pulse(sim, 1, 4)
    await wait_for(lambda: counter.count == start + 4, 3, "4 more pulses")
    await wait_for(lambda: len(seen) == counter.count, 3, "sync callbacks")
    di, value, dt_secs, count, edge = seen[-1]
    assert (di, value, count, edge) == (1, True, counter.count, "rising") and dt_secs > 0
    assert [args[3] for args in seen] == list(range(1, counter.count + 1))
    assert counter.get_counts_per_minute() == pytest.approx(counter.count * 6)
    assert counter.get_rate() == pytest.approx(counter.count / 10)
    await wait_for(lambda: len(seen_async) >= 8, 3, "both edges on the second counter")
    assert {args[1] for args in seen_async} == {True, False}
    counter.stop()
    other.stop()
    assert not counter.running and counter not in plt.counters
    stopped_at = counter.count
    await pulse(sim, 1, 2)
    await asyncio.sleep(0.2)
    assert counter.count == stopped_at, "a stopped counter does not count"


async def test_pulse_counter_counts_a_pulse_train(tmp_path):
    device = DeviceSpec(di=[DigitalInput(signal=PulseSignal(kind="pulse", rate_hz=20)), DigitalInput()])
    bridges = await asyncio.to_thread(LocalBridges(store=tmp_path / "dda.sqlite3", device=device).start)
    plt = PlatformInterface("app", bridges.plt_uri)
    counter = plt.get_new_pulse_counter(0, rate_window_secs=1)
    await wait_for(lambda: counter.count >= 5, 3, "first pulses")
    first = counter.count
    await asyncio.sleep(1.0)
    assert 12 <= counter.count - first <= 28, f"{counter.count - first} pulses in 1 s from a 20 Hz train"
    assert 12 <= counter.get_rate() <= 28
    await plt.close_async()
    assert not counter.running, "closing the interface stops its counters"
    await asyncio.to_thread(bridges.stop)


async def test_pulse_counter_resumes_after_the_bridge_restarts(tmp_path):
    bridges = await asyncio.to_thread(LocalBridges(store=tmp_path / "dda.sqlite3").start)
    plt = PlatformInterface("app", bridges.plt_uri)
    counter = plt.get_new_pulse_counter(0)
    await pulse_until(SimulationClient(bridges.plt_uri), counter, 2)
    await asyncio.to_thread(bridges.restart)
    await pulse_until(SimulationClient(bridges.plt_uri), counter, 4)
    assert counter.running
    await plt.close_async()
    await asyncio.to_thread(bridges.stop)


async def test_start_di_pulse_listener_calls_back_from_start_count(plt, sim):
    seen: list[tuple] = []
    counter = plt.start_di_pulse_listener(3, lambda *args: seen.append(args), edge="falling", start_count=100)
    await pulse_until(sim, counter, 101)
    await wait_for(lambda: seen, 2, "callback")
    di, value, dt_secs, count, edge = seen[0]
    assert (di, value, count, edge) == (3, False, 101, "falling") and dt_secs > 0
    counter.stop()


async def test_event_counter_counts_edges_since_it_started(plt, sim):
    await pulse(sim, 0, 2)  # logged before the counter exists: not counted
    await asyncio.sleep(0.05)  # event times have 1 ms resolution
    seen: list[tuple] = []
    counter = plt.get_new_event_counter(0, edge="both", callback=lambda *args: seen.append(args), poll_secs=0.05)
    assert isinstance(counter, EventCounter) and counter.running
    await asyncio.sleep(0.1)
    await pulse(sim, 0, 3)
    await wait_for(lambda: counter.count == 6, 3, "6 edges counted")
    await wait_for(lambda: len(seen) == 6, 2, "6 callbacks")
    assert [args[4] for args in seen] == ["rising", "falling"] * 3
    assert [args[1] for args in seen] == [True, False] * 3
    assert seen[0][2] == 0.0 and all(args[2] >= 0 for args in seen)
    rising_only = plt.get_new_event_counter(0, auto_collect=False)
    assert not rising_only.running
    await asyncio.sleep(0.01)  # event times have 1 ms resolution: start in a later millisecond
    await pulse(sim, 0, 2)
    assert await rising_only.collect() == 2
    assert await rising_only.collect() == 0, "each edge is counted once"
    counter.stop()


def test_counters_need_a_running_event_loop(plt):
    with pytest.raises(RuntimeError, match="running event loop"):
        plt.get_new_pulse_counter(0)
    counter = plt.get_new_pulse_counter(0, auto_start=False)
    assert counter.count == 0 and not counter.running
    with pytest.raises(ValueError, match="edge"):
        plt.get_new_pulse_counter(0, edge="up", auto_start=False)


# -- failures ---------------------------------------------------------------------------------


def test_unreachable_bridge_returns_none_and_logs_one_clear_line(caplog):
    plt = PlatformInterface("app", f"127.0.0.1:{free_port()}", timeout=2)
    with caplog.at_level(logging.WARNING, logger="pydoover"):
        assert plt.get_di(0) is None
        assert plt.get_di_events(0, "rising") == (None, [])
        assert plt.get_location() is None
        assert plt.get_io_table() is None
    assert "Platform bridge at 127.0.0.1:" in caplog.text
    assert "getDI failed (UNAVAILABLE)" in caplog.text


def test_raise_on_error_raises_with_the_status(bridges):
    down = PlatformInterface("app", f"127.0.0.1:{free_port()}", raise_on_error=True)
    with pytest.raises(BridgeUnavailableError) as caught:
        down.set_do(0, True)
    assert caught.value.rpc == "setDO" and caught.value.status == "UNAVAILABLE"
    strict = PlatformInterface("app", bridges.plt_uri, raise_on_error=True)
    with pytest.raises(BridgeRejectedError, match="DO 7 does not exist"):
        strict.set_do(7, True)
    with pytest.raises(BridgeRejectedError, match="no power control to shut down"):
        strict.shutdown()


class _ClassicOnlyPlatform(pb_grpc.platformIfaceServicer):
    """A bridge that predates getIoDetails (every other rpc answers UNIMPLEMENTED)."""

    def getIoTable(self, request, context):
        table = '{"DI": [0, 1], "DO": [0], "AI": [], "AO": [0]}'
        return pb.getIoTableResponse(response_header=pb.ResponseHeader(success=True), io_table=table)


def test_fetch_io_details_falls_back_to_the_io_table_on_an_old_bridge():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pb_grpc.add_platformIfaceServicer_to_server(_ClassicOnlyPlatform(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        plt = PlatformInterface("app", f"127.0.0.1:{port}", raise_on_error=True)
        (device,) = plt.fetch_io_details()
        assert device.is_master and device.name == "master"
        assert [(c.io_type, c.channel) for c in device.channels] == [("DI", 0), ("DI", 1), ("DO", 0), ("AO", 0)]
        plt.close()
    finally:
        server.stop(0)


async def test_fetch_layout_names_pins_and_checks_them(bridges):
    iface = PlatformInterface("app", bridges.plt_uri)
    layout = await iface.fetch_layout()
    assert layout.channels == iface.fetch_layout(run_sync=True).channels
    ai0 = next(c for c in layout.channels if c.io_type == "ai" and c.pin == 0)
    assert ai0.units == "mA"
    with pytest.raises(ValueError, match="DI 9 does not exist; DI pins are 0-3"):
        layout.check("di", [9])
