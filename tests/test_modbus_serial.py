"""The serial path of the local Modbus bridge: Modbus RTU and ASCII framing, through real gRPC.

No serial hardware is needed. The simulated field device speaks RTU (or ASCII) either over TCP,
which the bridge reaches as the serial port ``socket://127.0.0.1:<port>`` (pyserial's raw-socket
URL, as for a serial device server), or on a virtual serial line: a pty pair whose far end the
bridge opens as a tty, exactly as it opens ``/dev/ttyUSB0``. Everything listens on 127.0.0.1 with
OS-chosen ports; every wait is bounded.
"""

from __future__ import annotations

import os
import sys
import time

import grpc
import pytest

from pydoover._grpc import modbus_iface_pb2 as pb
from pydoover._grpc import modbus_iface_pb2_grpc as pb_grpc
from pydoover.bridges.host import BridgeHost
from pydoover.bridges.modbus import FieldDevice, RegisterMap
from pydoover.bridges.modbus.bus_settings import BadRequest, SerialClient, SerialSettings
from pydoover.bridges.modbus.server import ModbusBridge

CALL = 5.0  # deadline of every rpc in these tests
COIL, DISCRETE, INPUT, HOLDING = 1, 2, 3, 4
MISSING_PORT = "/dev/ttyDOOVER-NO-SUCH-PORT"

MAP = {
    "name": "serial-test-device",
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

needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="virtual serial lines need POSIX ptys")
ROUTES = ["socket", pytest.param("pty", marks=needs_pty)]


def serial(port: str, **overrides) -> pb.serialBusSettings:
    """Serial bus settings as a classic app sends them: 9600 8N1, RTU, a short timeout."""
    fields = dict(port=port, baud=9600, modbus_method="rtu", data_bits=8, parity="N", stop_bits=1, timeout=0.3)
    return pb.serialBusSettings(**{**fields, **overrides})


class Rig:
    """A gRPC stub on a real Modbus bridge, and field devices started on demand."""

    def __init__(self, stub):
        self.stub = stub
        self.devices: list[FieldDevice] = []

    async def device(self, framer: str = "rtu", route: str = "socket") -> tuple[FieldDevice, str]:
        """A field device speaking ``framer``; returns it and the serial port the bridge opens."""
        device = FieldDevice(RegisterMap.model_validate(MAP), framer=framer)
        self.devices.append(device)
        if route == "socket":
            return device, f"socket://127.0.0.1:{await device.start('127.0.0.1', 0)}"
        return device, await device.start_serial()

    async def open(self, settings: pb.serialBusSettings, bus_id: str = "line") -> pb.openBusResponse:
        answer = await self.stub.openBus(pb.openBusRequest(bus_id=bus_id, serial_settings=settings), timeout=CALL)
        assert answer.response_header.success, answer.response_header.response_message
        return answer

    async def read(self, register_type=HOLDING, address=100, count=1, bus_id="line", unit=1, **extra):
        request = pb.readRegisterRequest(
            bus_id=bus_id, modbus_id=unit, register_type=register_type, address=address, count=count, **extra
        )
        return await self.stub.readRegisters(request, timeout=CALL)

    async def write(self, register_type, address, values, bus_id="line", **extra):
        request = pb.writeRegisterRequest(
            bus_id=bus_id, modbus_id=1, register_type=register_type, address=address, values=values, **extra
        )
        return await self.stub.writeRegisters(request, timeout=CALL)

    async def values(self, *args, **kwargs) -> list[int]:
        answer = await self.read(*args, **kwargs)
        assert answer.response_header.success, answer.response_header.response_message
        return list(answer.values)


@pytest.fixture
async def rig():
    host = BridgeHost("127.0.0.1")
    running = await host.start(ModbusBridge(), port=0)
    channel = grpc.aio.insecure_channel(running.uri)
    rig = Rig(pb_grpc.modbusIfaceStub(channel))
    try:
        yield rig
    finally:
        await channel.close()
        await host.stop(grace=0.2)
        for device in rig.devices:
            await device.stop()


async def _reads_and_writes_every_table(rig: Rig) -> None:
    assert await rig.values(HOLDING, 100, 2) == [500, 7]
    assert await rig.values(INPUT, 0, 3) == [11, 12, 13]
    assert await rig.values(DISCRETE, 0, 2) == [0, 1]
    assert await rig.values(COIL, 0, 3) == [1, 0, 1]

    written = await rig.write(HOLDING, 101, [42, 43])
    assert written.response_header.success, written.response_header.response_message
    assert await rig.values(HOLDING, 100, 3) == [500, 42, 43]
    single = pb.writeSingleRegisterRequest(bus_id="line", modbus_id=1, register_type=HOLDING, address=102, value=9)
    assert (await rig.stub.writeSingleRegister(single, timeout=CALL)).response_header.success
    assert await rig.values(HOLDING, 102) == [9]
    assert (await rig.write(COIL, 0, [0, 1])).response_header.success
    assert await rig.values(COIL, 0, 3) == [0, 1, 1]


# --------------------------------------------------------------------------- RTU and ASCII


async def test_rtu_over_a_socket_url_reads_and_writes_every_table(rig):
    _, port = await rig.device("rtu", "socket")
    await rig.open(serial(port, baud=9600, parity="N"))
    await _reads_and_writes_every_table(rig)

    status = await rig.stub.busStatus(pb.busStatusRequest(bus_id="line"), timeout=CALL)
    assert "is open, connected" in status.response_header.response_message
    shown = status.bus_status.serial_settings
    assert (shown.port, shown.baud, shown.modbus_method, shown.parity) == (port, 9600, "rtu", "N")


@needs_pty
async def test_rtu_over_a_pty_reads_and_writes_like_a_tty(rig):
    _, port = await rig.device("rtu", "pty")
    assert port.startswith("/dev/") and os.path.exists(port)  # a tty path, as /dev/ttyUSB0 is
    await rig.open(serial(port, baud=19200, parity="None", stop_bits=1))
    await _reads_and_writes_every_table(rig)


@pytest.mark.parametrize("route", ROUTES)
async def test_ascii_framing_reads_and_writes(rig, route):
    _, port = await rig.device("ascii", route)
    await rig.open(serial(port, modbus_method="ascii"))
    await _reads_and_writes_every_table(rig)


@pytest.mark.parametrize(("given", "shown"), [("N", "N"), ("None", "N"), ("Even", "E"), ("o", "O")])
async def test_both_parity_styles_open_the_line(rig, given, shown):
    # socket:// carries bytes only, so any parity reaches the device; the status shows the letter.
    _, port = await rig.device("rtu", "socket")
    await rig.open(serial(port, baud=19200, parity=given, data_bits=8, stop_bits=2))
    assert await rig.values() == [500]
    status = await rig.stub.busStatus(pb.busStatusRequest(bus_id="line"), timeout=CALL)
    shown_settings = status.bus_status.serial_settings
    assert (shown_settings.parity, shown_settings.baud, shown_settings.stop_bits) == (shown, 19200, 2)


async def test_1x_requests_carry_serial_settings_inline(rig):
    _, port = await rig.device("rtu", "socket")
    inline = serial(port, parity="Even")
    assert await rig.values(HOLDING, 100, 2, bus_id="", serial_settings=inline) == [500, 7]
    listed = await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)
    assert [s.bus_id for s in listed.bus_status] == [f"serial:{port}"]

    written = await rig.write(HOLDING, 101, [5], bus_id="", serial_settings=inline, retries=0)
    assert written.response_header.success, written.response_header.response_message
    assert await rig.values(HOLDING, 101, bus_id="", serial_settings=inline) == [5]
    listed = await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)
    assert len(listed.bus_status) == 1  # the same settings reuse the same bus


async def test_ethernet_bus_with_the_rtu_method_reaches_an_rtu_over_tcp_device(rig):
    device, _ = await rig.device("rtu", "socket")
    eth = pb.ethernetBusSettings(ip="127.0.0.1", port=device.port, timeout=0.3, modbus_method="rtu")
    opened = await rig.stub.openBus(pb.openBusRequest(bus_id="line", ethernet_settings=eth), timeout=CALL)
    assert opened.response_header.success
    assert await rig.values(HOLDING, 100, 2) == [500, 7]


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize("route", ROUTES)
async def test_rtu_timeout_is_504_and_the_bus_recovers(rig, route):
    device, port = await rig.device("rtu", route)
    await rig.open(serial(port, timeout=0.3))
    assert await rig.values() == [500]

    device.inject(1, "timeout", count=1)
    started = time.monotonic()
    answer = await rig.read(retries=0)
    assert time.monotonic() - started < 2
    assert not answer.response_header.success and answer.response_code == 504
    assert answer.response_header.response_code == 504
    assert "no answer within 0.3 s" in answer.response_header.response_message
    assert await rig.values() == [500]  # same bus, next request answered

    device.inject(1, "timeout", count=1)  # the default retry (1) rides over one dropped request
    assert await rig.values() == [500]


async def test_rtu_modbus_exceptions_keep_their_codes(rig):
    device, port = await rig.device("rtu", "socket")
    await rig.open(serial(port))
    device.inject(1, "exception", code=6, count=1)
    busy = await rig.read()
    assert (
        busy.response_code == 6 and "Modbus exception 6 (server device busy)" in busy.response_header.response_message
    )
    assert (await rig.read(HOLDING, address=5000)).response_code == 2
    assert (await rig.read(unit=9)).response_code == 11
    assert await rig.values() == [500]


# --------------------------------------------------------------------------- ports that cannot be opened


async def test_missing_serial_port_is_503_naming_it_and_the_bridge_keeps_serving(rig):
    await rig.open(serial(MISSING_PORT), bus_id="gone")  # openBus never fails on reachability
    started = time.monotonic()
    answer = await rig.read(bus_id="gone", retries=0)
    assert time.monotonic() - started < 2
    header = answer.response_header
    assert not header.success and header.response_code == 503 and answer.response_code == 503
    assert f"no serial port {MISSING_PORT}" in header.response_message
    assert "gone" in [s.bus_id for s in header.bus_status]  # the bus is still there

    inline = await rig.read(bus_id="", serial_settings=serial(MISSING_PORT + "2"))  # 1.x, default retry
    assert inline.response_code == 503 and f"no serial port {MISSING_PORT}2" in inline.response_header.response_message

    _, port = await rig.device("rtu", "socket")
    await rig.open(serial(port))
    assert await rig.values() == [500]


async def test_refused_socket_url_is_503_naming_it(rig):
    device, port = await rig.device("rtu", "socket")
    await device.stop()  # nothing listens there any more
    await rig.open(serial(port))
    answer = await rig.read(retries=0)
    assert answer.response_code == 503
    message = answer.response_header.response_message
    assert message.startswith(f"cannot connect to serial:{port}: Could not open port {port}") and "refused" in message


@needs_pty
async def test_serial_port_in_use_is_503_saying_so(rig):
    device, _ = await rig.device("rtu", "pty")
    held = device._line.device_end  # the device holds this end with an exclusive lock
    await rig.open(serial(held))
    answer = await rig.read(retries=0)
    assert answer.response_code == 503
    assert held in answer.response_header.response_message
    assert "another program has it open" in answer.response_header.response_message


@pytest.mark.skipif(sys.platform != "linux", reason="Linux removes a pty's /dev/pts node when it closes")
async def test_serial_port_that_disappears_is_503_naming_it(rig):
    device, port = await rig.device("rtu", "pty")
    await rig.open(serial(port))
    assert await rig.values() == [500]
    await device.stop()  # like unplugging the adapter: the tty goes away
    answer = await rig.read()
    assert answer.response_code in (503, 504), answer.response_header.response_message
    answer = await rig.read()
    assert answer.response_code == 503 and f"no serial port {port}" in answer.response_header.response_message


async def test_bad_serial_settings_are_refused_with_400(rig):
    bad = [
        serial("socket://127.0.0.1:1", modbus_method="socket"),
        serial("tcp://127.0.0.1:502"),
        serial("socket://127.0.0.1"),
        serial("/dev/ttyUSB0", data_bits=9),
        serial("/dev/ttyUSB0", parity="Mark"),
    ]
    for settings in bad:
        answer = await rig.stub.openBus(pb.openBusRequest(bus_id="bad", serial_settings=settings), timeout=CALL)
        assert not answer.response_header.success and answer.response_header.response_code == 400, settings
    assert not (await rig.stub.listBus(pb.listBusRequest(), timeout=CALL)).bus_status


# --------------------------------------------------------------------------- domain, no gRPC


def test_serial_settings_accept_pyserial_urls():
    assert SerialSettings("socket://10.0.0.5:4001").label == "serial:socket://10.0.0.5:4001"
    assert SerialSettings("rfc2217://gateway.local:2217", 19200).line == "19200 8N1"
    with pytest.raises(BadRequest, match="socket://host:port"):
        SerialSettings("http://10.0.0.5")
    with pytest.raises(BadRequest, match="needs a host and a port"):
        SerialSettings("socket://10.0.0.5:notaport")


async def test_serial_client_names_the_line_settings_a_port_refuses():
    # pyserial refuses 3 stop bits before it touches the port; a pty on some kernels refuses
    # parity the same way (termios), which the bridge answers as 503 with this message.
    client = SerialClient("socket://127.0.0.1:1", line="9600 8N3", stopbits=3, timeout=0.3)
    with pytest.raises(
        OSError, match=r"serial port socket://127.0.0.1:1 refuses the line settings 9600 8N3: .*stop bit"
    ):
        await client.connect()


async def test_field_device_framing_options():
    with pytest.raises(ValueError, match="framer must be"):
        FieldDevice(framer="tls")
    with pytest.raises(ValueError, match="not socket"):
        await FieldDevice(framer="socket").start_serial()
    device = FieldDevice(framer="rtu")
    assert await device.start() == device.port
    with pytest.raises(RuntimeError, match="already running"):
        await device.start_serial()
    await device.stop()
    assert device.port is None


@needs_pty
async def test_field_device_on_a_virtual_line_reports_the_client_end():
    device = FieldDevice()  # no framer: RTU on a serial line
    path = await device.start_serial()
    try:
        assert device.serial_port == path and device.port is None and os.path.exists(path)
        line = device._line
        assert path == line.client_end != line.device_end
    finally:
        await device.stop()
    assert device.serial_port is None and not os.path.exists(path)
