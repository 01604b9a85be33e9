"""Modbus servers hosted by the local Modbus bridge, over real gRPC, read and written by a real pymodbus client.

Everything listens on 127.0.0.1 with OS-chosen ports; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time

import grpc
import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.framer import FramerType

from pydoover._grpc import modbus_iface_pb2 as pb
from pydoover._grpc import modbus_iface_pb2_grpc as pb_grpc
from pydoover.bridges.host import BridgeHost
from pydoover.bridges.modbus.server import ModbusBridge
from pydoover.bridges.modbus.servers import ServerManager

CALL = 5.0  # deadline of every rpc in these tests
COILS, DISCRETE, HOLDING, INPUTS = 1, 2, 3, 4  # Modbus read function codes
SERVING = re.compile(r"^serving Modbus TCP on 127\.0\.0\.1:(\d+), (unit \d+|any unit)$")


async def _free_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return port


@contextlib.asynccontextmanager
async def modbus_client(port: int, framer: FramerType = FramerType.SOCKET):
    client = AsyncModbusTcpClient("127.0.0.1", port=port, framer=framer, timeout=1, retries=0, reconnect_delay=0)
    try:
        assert await asyncio.wait_for(client.connect(), CALL), f"cannot connect to 127.0.0.1:{port}"
        yield client
    finally:
        client.close()


async def can_connect(port: int) -> bool:
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=1, retries=0, reconnect_delay=0)
    try:
        return bool(await asyncio.wait_for(client.connect(), CALL))
    finally:
        client.close()


class Rig:
    def __init__(self, stub, bridge: ModbusBridge):
        self.stub, self.bridge = stub, bridge

    async def create(self, **fields) -> int:
        """Create a server, check the answer, return its port."""
        fields.setdefault("type", "tcp")
        answer = await self.stub.createServer(pb.createServerRequest(**fields), timeout=CALL)
        assert answer.response_header.success, answer.response_header.response_message
        match = SERVING.match(answer.response)
        assert match, answer.response
        return int(match.group(1))

    async def listed(self) -> list[str]:
        answer = await self.stub.listServer(pb.listServerRequest(), timeout=CALL)
        assert answer.response_header.success
        return list(answer.servers)

    async def set(self, port, function_code, address, values) -> pb.serverResponseHeader:
        request = pb.setServerRegistersRequest(port=port, function_code=function_code, address=address, values=values)
        return (await self.stub.setServerRegisters(request, timeout=CALL)).response_header

    async def get(self, port, function_code, address, count=1) -> pb.getServerRegistersResponse:
        request = pb.getServerRegistersRequest(port=port, function_code=function_code, address=address, count=count)
        return await self.stub.getServerRegisters(request, timeout=CALL)

    async def values(self, port, function_code, address, count=1) -> list[int]:
        answer = await self.get(port, function_code, address, count)
        assert answer.response_header.success, answer.response_header.response_message
        return list(answer.values)

    async def schedule(self, port, function_code, address, values, delay) -> pb.serverResponseHeader:
        request = pb.scheduleServerRegistersRequest(
            port=port, function_code=function_code, address=address, values=values, delay_secs=delay
        )
        return (await self.stub.scheduleServerRegisters(request, timeout=CALL)).response_header


@pytest.fixture
async def rig():
    host = BridgeHost("127.0.0.1")
    bridge = ModbusBridge(host="127.0.0.1")
    running = await host.start(bridge, port=0)
    channel = grpc.aio.insecure_channel(running.uri)
    try:
        yield Rig(pb_grpc.modbusIfaceStub(channel), bridge)
    finally:
        await channel.close()
        await host.stop(grace=0.2)


def refused(header: pb.serverResponseHeader, code: int, *words: str) -> bool:
    message = header.response_message
    return not header.success and header.response_code == code and all(word in message for word in words)


# --------------------------------------------------------------------------- serving


async def test_create_serves_the_initial_tables_to_a_modbus_client(rig):
    port = await rig.create(
        modbus_id=1,
        holding_registers=[10, 20, 30],
        input_registers=[1, 2],
        coils=[True, False, True],
        discrete_inputs=[False, True],
    )
    assert await rig.listed() == [f"Modbus TCP on 127.0.0.1:{port}, unit 1"]
    async with modbus_client(port) as client:
        holding = await client.read_holding_registers(0, count=4, device_id=1)
        assert holding.registers == [10, 20, 30, 0]
        assert (await client.read_input_registers(0, count=2, device_id=1)).registers == [1, 2]
        assert (await client.read_coils(0, count=3, device_id=1)).bits[:3] == [True, False, True]
        assert (await client.read_discrete_inputs(0, count=2, device_id=1)).bits[:2] == [False, True]
        top = await client.read_holding_registers(65535, count=1, device_id=1)  # whole address space
        assert not top.isError() and top.registers == [0]


async def test_registers_the_app_sets_are_read_by_a_modbus_client(rig):
    port = await rig.create(modbus_id=1, holding_registers=[10, 20, 30])
    assert (await rig.set(port, HOLDING, [0, 2], [100, 300])).success  # address[i] -> values[i]
    assert (await rig.set(port, 16, [10], [1, 2, 3])).success  # one address: consecutive from it
    assert (await rig.set(port, INPUTS, [5], [-1, 65535])).success  # read-only to a master, not to the app
    assert (await rig.set(port, 15, [0, 3], [1, 1])).success
    assert (await rig.set(port, DISCRETE, [1], [1])).success
    async with modbus_client(port) as client:
        assert (await client.read_holding_registers(0, count=3, device_id=1)).registers == [100, 20, 300]
        assert (await client.read_holding_registers(10, count=3, device_id=1)).registers == [1, 2, 3]
        assert (await client.read_input_registers(5, count=2, device_id=1)).registers == [65535, 65535]
        assert (await client.read_coils(0, count=4, device_id=1)).bits[:4] == [True, False, False, True]
        assert (await client.read_discrete_inputs(0, count=2, device_id=1)).bits[:2] == [False, True]
    assert await rig.values(port, INPUTS, 5, 2) == [65535, 65535]


async def test_writes_from_a_modbus_client_are_visible_to_get(rig):
    port = await rig.create(modbus_id=3, coils=[False, False])
    async with modbus_client(port) as client:
        assert not (await client.write_register(5, 4242, device_id=3)).isError()
        assert not (await client.write_registers(100, [7, 8, 9], device_id=3)).isError()
        assert not (await client.write_coil(1, True, device_id=3)).isError()
    assert await rig.values(port, HOLDING, 5) == [4242]
    assert await rig.values(port, HOLDING, 100, 3) == [7, 8, 9]
    assert await rig.values(port, COILS, 0, 2) == [0, 1]


async def test_scheduled_write_lands_after_the_delay(rig):
    port = await rig.create()
    started = time.monotonic()
    assert (await rig.schedule(port, HOLDING, 10, [7, 8], 0.3)).success
    assert await rig.values(port, HOLDING, 10, 2) == [0, 0]
    deadline = started + 5
    while await rig.values(port, HOLDING, 10, 2) != [7, 8]:
        assert time.monotonic() < deadline, "the scheduled write never landed"
        await asyncio.sleep(0.05)
    assert time.monotonic() - started >= 0.25
    async with modbus_client(port) as client:
        assert (await client.read_holding_registers(10, count=2, device_id=1)).registers == [7, 8]


async def test_close_stops_listening_and_forgets_the_server(rig):
    port = await rig.create(modbus_id=1)
    assert await can_connect(port)
    closed = await rig.stub.closeServer(pb.closeServerRequest(port=port), timeout=CALL)
    assert closed.response_header.success and closed.port == port
    assert await rig.listed() == []
    assert not await can_connect(port)
    again = await rig.stub.closeServer(pb.closeServerRequest(port=port), timeout=CALL)
    assert refused(again.response_header, 404, str(port))


async def test_unit_zero_answers_every_unit_and_a_unit_answers_only_itself(rig):
    anyone = await rig.create(modbus_id=0, holding_registers=[5])
    only_two = await rig.create(modbus_id=2, holding_registers=[6])
    assert f"Modbus TCP on 127.0.0.1:{anyone}, any unit" in await rig.listed()
    async with modbus_client(anyone) as client:
        for unit in (1, 17, 255):
            assert (await client.read_holding_registers(0, count=1, device_id=unit)).registers == [5]
    async with modbus_client(only_two) as client:
        assert (await client.read_holding_registers(0, count=1, device_id=2)).registers == [6]
        other = await client.read_holding_registers(0, count=1, device_id=1)
        assert other.isError() and other.exception_code == 0x0B
        write = await client.write_register(0, 99, device_id=1)
        assert write.isError() and write.exception_code == 0x0B
    assert await rig.values(only_two, HOLDING, 0) == [6]


async def test_defaults_pick_a_free_port_on_the_bridges_host(rig):
    first = await rig.create(type="")  # empty type means tcp; no host, no port
    second = await rig.create(type="TCP", host="")
    assert first != second and first > 0 and second > 0
    wanted = await _free_port()
    assert await rig.create(port=wanted) == wanted
    assert sorted(await rig.listed()) == sorted(
        f"Modbus TCP on 127.0.0.1:{port}, any unit" for port in (first, second, wanted)
    )


async def test_rtu_framing_over_tcp_is_served(rig):
    answer = await rig.stub.createServer(
        pb.createServerRequest(type="rtu", modbus_id=4, input_registers=[321]), timeout=CALL
    )
    assert answer.response_header.success, answer.response_header.response_message
    port = int(re.search(r":(\d+),", answer.response).group(1))
    assert answer.response == f"serving Modbus RTU over TCP on 127.0.0.1:{port}, unit 4"
    async with modbus_client(port, FramerType.RTU) as client:
        assert (await client.read_input_registers(0, count=1, device_id=4)).registers == [321]


# --------------------------------------------------------------------------- refusals


async def test_a_port_in_use_is_refused_409(rig):
    ours = await rig.create()
    again = await rig.stub.createServer(pb.createServerRequest(type="tcp", port=ours), timeout=CALL)
    assert refused(again.response_header, 409, str(ours), "close it first")

    other = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    try:
        taken = other.sockets[0].getsockname()[1]
        answer = await rig.stub.createServer(pb.createServerRequest(type="tcp", port=taken), timeout=CALL)
        assert refused(answer.response_header, 409, str(taken), "in use")
    finally:
        other.close()
        await other.wait_closed()
    assert len(await rig.listed()) == 1


async def test_unknown_port_is_refused_404(rig):
    port = await _free_port()
    headers = [
        (await rig.stub.closeServer(pb.closeServerRequest(port=port), timeout=CALL)).response_header,
        await rig.set(port, HOLDING, [0], [1]),
        (await rig.get(port, HOLDING, 0)).response_header,
        await rig.schedule(port, HOLDING, 0, [1], 0.1),
    ]
    for header in headers:
        assert refused(header, 404, str(port), "listServer")


async def test_bad_requests_are_refused_400_and_the_server_keeps_serving(rig):
    port = await rig.create(holding_registers=[1])
    bad_type = await rig.stub.createServer(pb.createServerRequest(type="udp"), timeout=CALL)
    assert refused(bad_type.response_header, 400, "tcp", "rtu", "ascii", "udp")
    bad_unit = await rig.stub.createServer(pb.createServerRequest(type="tcp", modbus_id=300), timeout=CALL)
    assert refused(bad_unit.response_header, 400, "modbus_id")
    bad_initial = await rig.stub.createServer(pb.createServerRequest(holding_registers=[70000]), timeout=CALL)
    assert refused(bad_initial.response_header, 400, "70000")

    assert refused(await rig.set(port, 7, [0], [1]), 400, "function_code", "7")
    assert refused((await rig.get(port, 0, 0)).response_header, 400, "function_code")
    assert refused(await rig.schedule(port, 8, 0, [1], 0.1), 400, "function_code")
    assert refused(await rig.set(port, HOLDING, [0, 1], [1, 2, 3]), 400, "2 addresses but 3 values")
    assert refused(await rig.set(port, HOLDING, [], [1]), 400, "address")
    assert refused(await rig.set(port, HOLDING, [0, 1], [5, 70000]), 400, "70000", "16 bits")
    assert refused(await rig.set(port, HOLDING, [0], [-32769]), 400, "16 bits")
    assert refused(await rig.set(port, COILS, [0], [2]), 400, "0 or 1")
    assert refused(await rig.set(port, HOLDING, [65535], [1, 2]), 400, "65535")
    assert refused((await rig.get(port, HOLDING, 0, 0)).response_header, 400, "count")
    assert refused((await rig.get(port, HOLDING, 70000)).response_header, 400, "address")
    assert refused(await rig.schedule(port, HOLDING, 0, [1], -1), 400, "delay_secs")
    assert refused(await rig.schedule(port, HOLDING, 0, [], 0.1), 400, "value")

    assert await rig.values(port, HOLDING, 0, 2) == [1, 0]  # nothing half-written
    async with modbus_client(port) as client:
        assert (await client.read_holding_registers(0, count=1, device_id=1)).registers == [1]


# --------------------------------------------------------------------------- shutdown, no gRPC


async def test_bridge_close_stops_every_server_without_awaiting():
    bridge = ModbusBridge(host="127.0.0.1")
    ports = [(await bridge.servers.create()).port for _ in range(2)]
    assert all([await can_connect(port) for port in ports])
    bridge.close()
    assert bridge.servers.list() == []
    assert not any([await can_connect(port) for port in ports])


async def test_closing_a_server_cancels_its_scheduled_writes():
    servers = ServerManager()
    info = await servers.create()
    servers.schedule(info.port, HOLDING, 0, [1], 60)
    task = next(iter(servers.servers[info.port].scheduled))
    servers.close_server(info.port)
    await asyncio.sleep(0)
    assert task.cancelled()
