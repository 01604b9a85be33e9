"""The local Modbus bridge over real gRPC, against the simulated Modbus TCP field device.

Everything runs on 127.0.0.1 with OS-chosen ports; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest

from pydoover._grpc import modbus_iface_pb2 as pb
from pydoover._grpc import modbus_iface_pb2_grpc as pb_grpc
from pydoover.bridges.host import BridgeHost
from pydoover.bridges.modbus import FieldDevice, RegisterMap
from pydoover.bridges.modbus.bus_settings import EthernetSettings, SerialSettings, parse_parity
from pydoover.bridges.modbus.buses import BusManager
from pydoover.bridges.modbus.server import ModbusBridge

CALL = 5.0  # deadline of every rpc in these tests
COIL, DISCRETE, INPUT, HOLDING = 1, 2, 3, 4

MAP = {
    "name": "test-device",
    "units": [
        {
            "id": 1,
            "coils": {0: True, 1: False, 2: True},
            "discrete_inputs": {0: False, 1: True},
            "input_registers": {0: 11, 1: 12, 2: 13},
            "holding_registers": {100: 500, 101: 7, 102: 0},
        }
    ],
}


async def _free_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return port


class Rig:
    def __init__(self, stub, device: FieldDevice, port: int, bridge: ModbusBridge):
        self.stub, self.device, self.port, self.bridge = stub, device, port, bridge

    def eth(self, port: int | None = None, timeout: float = 0.3) -> pb.ethernetBusSettings:
        return pb.ethernetBusSettings(ip="127.0.0.1", port=port or self.port, timeout=timeout)

    async def open(self, bus_id: str = "default", **kwargs) -> pb.openBusResponse:
        request = pb.openBusRequest(bus_id=bus_id, ethernet_settings=self.eth(**kwargs))
        return await self.stub.openBus(request, timeout=CALL)

    async def read(self, register_type=HOLDING, address=100, count=1, bus_id="default", **extra):
        request = pb.readRegisterRequest(
            bus_id=bus_id, modbus_id=extra.pop("unit", 1), register_type=register_type, address=address, count=count
        )
        for key, value in extra.items():
            if key == "ethernet_settings":
                request.ethernet_settings.CopyFrom(value)
            else:
                setattr(request, key, value)
        return await self.stub.readRegisters(request, timeout=CALL)


@pytest.fixture
async def rig():
    device = FieldDevice(RegisterMap.model_validate(MAP))
    port = await device.start(host="127.0.0.1", port=0)
    host = BridgeHost("127.0.0.1")
    bridge = ModbusBridge()
    running = await host.start(bridge, port=0)
    channel = grpc.aio.insecure_channel(running.uri)
    try:
        yield Rig(pb_grpc.modbusIfaceStub(channel), device, port, bridge)
    finally:
        await channel.close()
        await host.stop(grace=0.2)
        await device.stop()


# --------------------------------------------------------------------------- buses and registers


async def test_test_comms_echoes(rig):
    response = await rig.stub.testComms(pb.testCommsRequest(message="hello"), timeout=CALL)
    assert response.response_header.success and response.response == "hello"


async def test_open_bus_and_read_every_register_type(rig):
    opened = await rig.open()
    assert opened.response_header.success and opened.bus_id == "default"

    coils = await rig.read(COIL, address=0, count=3)
    assert coils.response_header.success, coils.response_header.response_message
    assert list(coils.values) == [1, 0, 1]
    discrete = await rig.read(DISCRETE, address=0, count=2)
    assert discrete.response_header.success and list(discrete.values) == [0, 1]
    inputs = await rig.read(INPUT, address=0, count=3)
    assert inputs.response_header.success and list(inputs.values) == [11, 12, 13]
    holding = await rig.read(HOLDING, address=100, count=2)
    assert holding.response_header.success and list(holding.values) == [500, 7]


async def test_write_registers_and_coils_then_read_back(rig):
    await rig.open()
    write = pb.writeRegisterRequest(bus_id="default", modbus_id=1, register_type=HOLDING, address=101, values=[42, 43])
    answer = await rig.stub.writeRegisters(write, timeout=CALL)
    assert answer.response_header.success, answer.response_header.response_message
    assert list((await rig.read(HOLDING, address=101, count=2)).values) == [42, 43]

    coils = pb.writeRegisterRequest(bus_id="default", modbus_id=1, register_type=COIL, address=0, values=[0, 1])
    assert (await rig.stub.writeRegisters(coils, timeout=CALL)).response_header.success
    assert list((await rig.read(COIL, address=0, count=3)).values) == [0, 1, 1]

    single = pb.writeSingleRegisterRequest(bus_id="default", modbus_id=1, register_type=HOLDING, address=102, value=9)
    assert (await rig.stub.writeSingleRegister(single, timeout=CALL)).response_header.success
    assert list((await rig.read(HOLDING, address=102)).values) == [9]

    read_only = pb.writeRegisterRequest(bus_id="default", modbus_id=1, register_type=INPUT, address=0, values=[1])
    refused = await rig.stub.writeRegisters(read_only, timeout=CALL)
    assert not refused.response_header.success and refused.response_header.response_code == 400
    assert "read-only" in refused.response_header.response_message


async def test_bus_status_list_and_close(rig):
    await rig.open("meter")
    status = await rig.stub.busStatus(pb.busStatusRequest(bus_id="meter"), timeout=CALL)
    assert status.response_header.success and status.bus_status.open
    assert status.bus_status.ethernet_settings.port == rig.port
    assert "not connected" in status.response_header.response_message  # lazy: nothing sent yet

    assert (await rig.read(bus_id="meter")).response_header.success
    status = await rig.stub.busStatus(pb.busStatusRequest(bus_id="meter"), timeout=CALL)
    assert "is open, connected" in status.response_header.response_message

    listed = await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)
    assert [s.bus_id for s in listed.bus_status] == ["meter"]

    closed = await rig.stub.closeBus(pb.closeBusRequest(bus_id="meter"), timeout=CALL)
    assert closed.response_header.success and closed.bus_id == "meter"
    gone = await rig.stub.busStatus(pb.busStatusRequest(bus_id="meter"), timeout=CALL)
    assert not gone.response_header.success and gone.response_header.response_code == 404
    assert not (await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)).bus_status
    again = await rig.stub.closeBus(pb.closeBusRequest(bus_id="meter"), timeout=CALL)
    assert not again.response_header.success and again.response_header.response_code == 404

    # A read on a bus nobody opened fails with 404 and an empty bus list: the classic client's cue
    # to run its bus setup again.
    missing = await rig.read(bus_id="meter")
    assert not missing.response_header.success and missing.response_code == 404
    assert "no bus 'meter'" in missing.response_header.response_message


async def test_unreachable_device_opens_then_reads_fail_clearly(rig):
    dead = await _free_port()
    opened = await rig.open("dead", port=dead)
    assert opened.response_header.success  # openBus never fails on reachability

    started = time.monotonic()
    answer = await rig.read(bus_id="dead")
    assert time.monotonic() - started < 3
    header = answer.response_header
    assert not header.success and header.response_code == 503 and answer.response_code == 503
    assert f"cannot connect to tcp:127.0.0.1:{dead}" in header.response_message
    assert [s.bus_id for s in header.bus_status] == ["dead"]  # the bus is still there
    status = await rig.stub.busStatus(pb.busStatusRequest(bus_id="dead"), timeout=CALL)
    assert "last error: " in status.response_header.response_message

    # The bridge keeps serving.
    await rig.open()
    assert (await rig.read()).response_header.success


async def test_device_timeout_fails_quickly_and_the_bus_recovers(rig):
    await rig.open(timeout=0.3)
    rig.device.inject(1, "timeout", count=1)
    started = time.monotonic()
    answer = await rig.read(retries=0)
    elapsed = time.monotonic() - started
    assert not answer.response_header.success and answer.response_code == 504
    assert "no answer within 0.3 s" in answer.response_header.response_message
    assert elapsed < 2
    assert list((await rig.read()).values) == [500]  # same bus, next request answered

    # With the default retry (1), a single dropped request is retried and succeeds.
    rig.device.inject(1, "timeout", count=1)
    retried = await rig.read()
    assert retried.response_header.success and list(retried.values) == [500]


async def test_drop_every_nth_request_is_ridden_over_by_the_default_retry(rig):
    await rig.open(timeout=0.3)
    rig.device.inject(1, "drop_every", every=2, count=6)
    answers = [await rig.read(retries=0) for _ in range(4)]
    assert [a.response_header.success for a in answers] == [True, False, True, False]
    assert answers[1].response_code == 504
    retried = [await rig.read() for _ in range(2)]  # default: one retry after a timeout
    assert all(a.response_header.success and list(a.values) == [500] for a in retried)


async def test_the_bus_reconnects_when_the_device_comes_back(rig):
    await rig.open(timeout=0.3)
    assert (await rig.read()).response_header.success
    await rig.device.stop()
    gone = await rig.read()
    assert not gone.response_header.success and gone.response_code == 503
    await rig.device.start(host="127.0.0.1", port=rig.port)
    back = await rig.read()
    assert back.response_header.success and list(back.values) == [500]


async def test_modbus_exception_code_is_the_response_code(rig):
    await rig.open()
    rig.device.inject(1, "exception", code=6, count=1)
    answer = await rig.read()
    assert not answer.response_header.success
    assert answer.response_header.response_code == 6 and answer.response_code == 6
    assert "Modbus exception 6 (server device busy)" in answer.response_header.response_message

    beyond = await rig.read(HOLDING, address=5000)
    assert beyond.response_code == 2 and "illegal data address" in beyond.response_header.response_message
    absent_unit = await rig.read(unit=9)
    assert absent_unit.response_code == 11
    assert (await rig.read()).response_header.success


async def test_subscription_delivers_reads_until_cancelled(rig):
    await rig.open()
    request = pb.readRegisterSubscriptionRequest(
        bus_id="default", modbus_id=1, register_type=HOLDING, address=100, count=2, poll_secs=1
    )
    call = rig.stub.readRegisterSubscription(request)
    got = []

    async def collect():
        async for response in call:
            got.append(response)
            if len(got) == 3:
                return

    started = time.monotonic()
    await asyncio.wait_for(collect(), 6)
    call.cancel()
    assert all(r.response_header.success and list(r.values) == [500, 7] for r in got)
    assert 1.5 < time.monotonic() - started < 4  # polled once a second


async def test_scheduled_write_takes_effect_after_the_delay(rig):
    await rig.open()
    request = pb.scheduleWriteRegisterRequest(
        bus_id="default", register_type=HOLDING, address=102, values=[77], delay_secs=1
    )
    answer = await rig.stub.scheduleWriteRegisters(request, timeout=CALL)
    assert answer.response_header.success and answer.delay_secs == 1
    assert list((await rig.read(HOLDING, address=102)).values) == [0]
    deadline = time.monotonic() + 4
    while list((await rig.read(HOLDING, address=102)).values) != [77]:
        assert time.monotonic() < deadline, "the scheduled write never happened"
        await asyncio.sleep(0.1)

    unknown = pb.scheduleWriteRegisterRequest(bus_id="nope", register_type=HOLDING, address=0, values=[1])
    refused = await rig.stub.scheduleWriteRegisters(unknown, timeout=CALL)
    assert not refused.response_header.success and refused.response_header.response_code == 404


async def test_1x_requests_carry_bus_settings(rig):
    # 1.x sends no bus_id and no openBus: the settings open the bus on demand.
    answer = await rig.read(bus_id="", ethernet_settings=rig.eth())
    assert answer.response_header.success and list(answer.values) == [500]
    listed = await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)
    assert [s.bus_id for s in listed.bus_status] == [f"tcp:127.0.0.1:{rig.port}"]

    write = pb.writeRegisterRequest(
        modbus_id=1, register_type=HOLDING, address=101, values=[5], ethernet_settings=rig.eth(), retries=0
    )
    assert (await rig.stub.writeRegisters(write, timeout=CALL)).response_header.success
    assert list((await rig.read(HOLDING, address=101, bus_id="", ethernet_settings=rig.eth())).values) == [5]
    listed = await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)
    assert len(listed.bus_status) == 1  # the same settings reuse the same bus


async def test_two_buses_run_in_parallel(rig):
    other = FieldDevice(RegisterMap.model_validate(MAP))
    other_port = await other.start(host="127.0.0.1", port=0)
    try:
        await rig.open("slow", timeout=1.0)
        await rig.open("fast", port=other_port)
        rig.device.inject(1, "timeout", count=1)  # the first request on "slow" hangs for its 1 s timeout

        slow = asyncio.create_task(rig.read(bus_id="slow", retries=0))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        fast = await rig.read(bus_id="fast")
        assert fast.response_header.success and time.monotonic() - started < 0.5
        assert not slow.done()  # still waiting on its own bus
        assert (await asyncio.wait_for(slow, 5)).response_code == 504
    finally:
        await other.stop()


async def test_one_bus_serialises_its_requests(rig):
    await rig.open(timeout=0.5)
    rig.device.inject(1, "timeout", count=1)
    started = time.monotonic()
    first = asyncio.create_task(rig.read(retries=0))
    await asyncio.sleep(0.05)
    second = await rig.read(retries=0)  # waits for the first request to time out
    assert second.response_header.success and time.monotonic() - started >= 0.4
    assert (await asyncio.wait_for(first, 5)).response_code == 504


async def test_bad_requests_are_refused_not_crashed(rig):
    await rig.open()
    bad_type = await rig.read(register_type=7)
    assert (
        bad_type.response_header.response_code == 400 and "register_type" in bad_type.response_header.response_message
    )
    no_settings = await rig.stub.openBus(pb.openBusRequest(bus_id="x"), timeout=CALL)
    assert not no_settings.response_header.success and no_settings.response_header.response_code == 400
    bad_parity = pb.openBusRequest(bus_id="s", serial_settings=pb.serialBusSettings(port="/dev/null", parity="Mark"))
    refused = await rig.stub.openBus(bad_parity, timeout=CALL)
    assert not refused.response_header.success and "parity" in refused.response_header.response_message
    assert (await rig.read()).response_header.success


# --------------------------------------------------------------------------- domain, no gRPC


def test_serial_settings_accept_both_parity_styles():
    assert [parse_parity(p) for p in ("N", "None", "even", "E", "Odd", "o", "")] == ["N", "N", "E", "E", "O", "O", "N"]
    settings = SerialSettings("/dev/ttyUSB0", 19200, "ascii", 7, parse_parity("Even"), 2)
    assert settings.label == "serial:/dev/ttyUSB0" and settings.timeout == 0.3


async def test_bus_manager_closes_buses_and_cancels_scheduled_writes():
    buses = BusManager()
    bus = buses.open("a", EthernetSettings("127.0.0.1", 1))
    buses.schedule_write(60, "a", 1, HOLDING, 0, [1])
    assert len(buses._scheduled) == 1
    buses.close()
    assert bus.closed and not buses.list() and not buses._scheduled
