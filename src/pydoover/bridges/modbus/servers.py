"""Modbus servers the local Modbus bridge hosts for apps: registers an app exposes to a SCADA master.

    servers = ServerManager(default_host="127.0.0.1")
    info = await servers.create(port=5020, unit=1, holding=[10, 20, 30])
    info.describe()                                 # 'Modbus TCP on 127.0.0.1:5020, unit 1'
    await servers.set(5020, 3, [0, 7], [42, 43])    # holding 0 := 42, holding 7 := 43
    await servers.get(5020, 3, 0, 3)                # [42, 20, 30]
    servers.schedule(5020, 1, 4, [1, 0], delay=2.5)  # coils 4, 5 := 1, 0 in 2.5 s
    servers.close_server(5020)
    servers.close()                                 # every server, synchronously

Each server is a pymodbus ``ModbusTcpServer`` over one ``SimDevice`` with four separate tables
(coils, discrete inputs, holding registers, input registers), each covering the whole Modbus
address space 0-65535: the request names no table size, and a SCADA master polls whatever
addresses its integrator configured, so every address reads (0 until set) rather than failing
with "illegal data address". The initial lists fill addresses 0..n-1. A server costs ~3.5 MB and
~0.15 s to build.

Tables are chosen by Modbus function code, as a master would address them: 1/5/15 coils,
2 discrete inputs, 3/6/16 holding registers, 4 input registers. The app may set every table; a
master can write only coils and holding registers, and the app reads those writes back with
:meth:`ServerManager.get`. Register values are 16 bits (-32768..65535 accepted, read back
unsigned); bit values are 0 or 1.

Servers listen where the bridge does: a bridge on loopback (the default) serves only loopback
whatever host a request names (it says so in its answer), since any local program could otherwise
expose an unauthenticated server to the network. At most ``MAX_SERVERS`` run at once.

``unit`` 0 answers every unit id; any other unit answers only its own id, and a request for
another unit gets Modbus exception 0x0B (gateway target device failed to respond), as from a
gateway, so a master polling the wrong id fails fast instead of timing out.
"""

from __future__ import annotations

import asyncio
import builtins
import errno
import logging
import math
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pymodbus.constants import ExcCodes
from pymodbus.framer import FramerType
from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from ..host import is_loopback
from .bus_settings import BadRequest

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
TABLE_SIZE = 65536  # addresses 0-65535 in every table
CODE_NO_SERVER = 404
CODE_PORT_IN_USE = 409
CODE_TOO_MANY = 429
MAX_SERVERS = 16

# framing name -> (pymodbus framer, label); "" means "tcp"
FRAMINGS = {
    "tcp": (FramerType.SOCKET, "Modbus TCP"),
    "rtu": (FramerType.RTU, "Modbus RTU over TCP"),
    "ascii": (FramerType.ASCII, "Modbus ASCII over TCP"),
}


class ServerNotFound(Exception):
    def __init__(self, port: int):
        super().__init__(f"no Modbus server of this bridge listens on port {port} (see listServer)")


class PortInUse(Exception):
    """The port cannot be listened on: one of our servers or another program has it."""


class TooManyServers(Exception):
    def __init__(self):
        super().__init__(f"this bridge already runs {MAX_SERVERS} Modbus servers, its limit; close one first")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    name: str
    bits: bool
    code: int  # the function code pymodbus's datastore is addressed with


COILS = Table("coil", True, 1)
DISCRETE_INPUTS = Table("discrete input", True, 2)
HOLDING_REGISTERS = Table("holding register", False, 3)
INPUT_REGISTERS = Table("input register", False, 4)
TABLE_OF_FUNCTION = {1: COILS, 5: COILS, 15: COILS, 2: DISCRETE_INPUTS, 4: INPUT_REGISTERS}
TABLE_OF_FUNCTION.update(dict.fromkeys((3, 6, 16), HOLDING_REGISTERS))


def table_of(function_code: int) -> Table:
    table = TABLE_OF_FUNCTION.get(function_code)
    if table is None:
        raise BadRequest(
            f"function_code must be 1, 5 or 15 (coils), 2 (discrete inputs), 3, 6 or 16 (holding registers) "
            f"or 4 (input registers), not {function_code}"
        )
    return table


def check_span(table: Table, address: int, count: int) -> None:
    if not 0 <= address < TABLE_SIZE:
        raise BadRequest(f"address must be 0-{TABLE_SIZE - 1}, not {address}")
    if count < 1:
        raise BadRequest(f"count must be 1 or more, not {count}")
    if address + count > TABLE_SIZE:
        raise BadRequest(f"{count} {table.name}(s) from address {address} run past address {TABLE_SIZE - 1}")


def check_values(table: Table, values: Sequence[int | bool]) -> list[int] | list[bool]:
    """Values as pymodbus stores them; refuses anything that does not fit the table."""
    if table.bits:
        for value in values:
            if int(value) not in (0, 1):
                raise BadRequest(f"{table.name} values must be 0 or 1, not {value}")
        return [bool(value) for value in values]
    for value in values:
        if not -32768 <= int(value) <= 65535:
            raise BadRequest(f"{table.name} value {value} does not fit 16 bits (-32768..65535)")
    return [int(value) & 0xFFFF for value in values]


def writes_of(addresses: Sequence[int], values: Sequence[int]) -> list[tuple[int, list[int]]]:
    """``address[i] -> values[i]`` pairs, or with one address, the values consecutively from it."""
    if not addresses or not values:
        raise BadRequest("give at least one address and one value")
    if len(addresses) == 1:
        return [(addresses[0], list(values))]
    if len(addresses) != len(values):
        raise BadRequest(
            f"{len(addresses)} addresses but {len(values)} values: give one value per address, "
            "or one address and the values to write from it"
        )
    return [(address, [value]) for address, value in zip(addresses, values, strict=True)]


def sim_device(unit: int, coils, discrete, holding, inputs) -> SimDevice:
    """A device with four full-size tables, the initial values from address 0."""
    return SimDevice(unit, simdata=(bit_table(coils), bit_table(discrete), word_table(holding), word_table(inputs)))


def bit_table(values: list[bool]) -> list[SimData]:
    return [SimData(0, values=values + [False] * (TABLE_SIZE - len(values)), datatype=DataType.BITS)]


def word_table(values: list[int]) -> list[SimData]:
    blocks = [SimData(0, values=values, datatype=DataType.REGISTERS)] if values else []
    if len(values) < TABLE_SIZE:
        rest = TABLE_SIZE - len(values)
        blocks.append(SimData(len(values), count=rest, values=0, datatype=DataType.REGISTERS))
    return blocks


# --------------------------------------------------------------------------- one server


class NotServed(ModbusPDU):
    """Stands in for a request to a unit the server does not serve: answers exception 0x0B."""

    def __init__(self, request: ModbusPDU):
        super().__init__(dev_id=request.dev_id, transaction_id=request.transaction_id)
        self.function_code = request.function_code

    async def datastore_update(self, _context: Any, _device_id: int) -> ModbusPDU:  # pyright: ignore[reportIncompatibleMethodOverride]
        return ExceptionResponse(self.function_code, ExcCodes.GATEWAY_NO_RESPONSE)


def serve_only(unit: int):
    """pymodbus ``trace_pdu`` hook: requests for other units are answered by :class:`NotServed`."""

    def trace(sending: bool, pdu: ModbusPDU) -> ModbusPDU:
        if sending or unit == 0 or pdu.dev_id == unit:
            return pdu
        return NotServed(pdu)

    return trace


@dataclass(frozen=True)
class ServerInfo:
    port: int
    host: str
    framing: str
    unit: int
    asked_host: str | None = None  # a host the request named but the bridge would not expose

    def describe(self) -> str:
        unit = "any unit" if self.unit == 0 else f"unit {self.unit}"
        text = f"{FRAMINGS[self.framing][1]} on {self.host}:{self.port}, {unit}"
        if self.asked_host:
            text += (
                f" (not {self.asked_host}: the bridge listens on loopback only, and so do its servers;"
                " start it with --host to expose them)"
            )
        return text


@dataclass
class HostedServer:
    info: ServerInfo
    server: ModbusTcpServer
    scheduled: set[asyncio.Task] = field(default_factory=set)

    async def read(self, table: Table, address: int, count: int) -> list[int]:
        values = await self.server.async_getValues(self.info.unit, table.code, address, count)
        return [int(value) for value in values]

    async def write(self, table: Table, address: int, values: list[int] | list[bool]) -> None:
        await self.server.async_setValues(self.info.unit, table.code, address, values)

    def close(self) -> None:
        for task in self.scheduled:
            task.cancel()
        self.scheduled.clear()
        self.server.close()


# --------------------------------------------------------------------------- the manager


class ServerManager:
    """The Modbus servers of one bridge, by port."""

    def __init__(self, default_host: str = DEFAULT_HOST):
        self.default_host = default_host
        self.servers: dict[int, HostedServer] = {}
        self._creating = asyncio.Lock()

    async def create(
        self,
        framing: str = "tcp",
        port: int = 0,
        host: str | None = None,
        holding: Sequence[int] = (),
        inputs: Sequence[int] = (),
        coils: Sequence[bool] = (),
        discrete: Sequence[bool] = (),
        unit: int = 0,
    ) -> ServerInfo:
        """Serve the four tables on ``host:port`` (0 picks a free port); returns what now listens."""
        framing = check_framing(framing)
        asked_host = host if host and not is_loopback(host) and is_loopback(self.default_host) else None
        host = self.default_host if asked_host or not host else host
        if not 0 <= port <= 65535:
            raise BadRequest(f"port must be 0-65535 (0 picks a free one), not {port}")
        if not 0 <= unit <= 255:
            raise BadRequest(f"modbus_id must be 0-255 (0 answers every unit), not {unit}")
        device = sim_device(
            unit,
            initial(COILS, coils),
            initial(DISCRETE_INPUTS, discrete),
            initial(HOLDING_REGISTERS, holding),
            initial(INPUT_REGISTERS, inputs),
        )
        async with self._creating:
            if port in self.servers:
                raise PortInUse(f"port {port} already has a Modbus server of this bridge; close it first")
            if len(self.servers) >= MAX_SERVERS:
                raise TooManyServers()
            await probe(host, port)
            server = ModbusTcpServer(
                device, framer=FRAMINGS[framing][0], address=(host, port), trace_pdu=serve_only(unit)
            )
            try:
                await server.serve_forever(background=True)
            except RuntimeError:
                raise PortInUse(f"cannot listen on {host}:{port}") from None
            bound = cast(Any, server.transport).sockets[0].getsockname()[1]  # a listening asyncio Server
            hosted = self.servers[bound] = HostedServer(ServerInfo(bound, host, framing, unit, asked_host), server)
        (log.warning if asked_host else log.info)("serving %s", hosted.info.describe())
        return hosted.info

    def list(self) -> list[ServerInfo]:
        return [hosted.info for hosted in self.servers.values()]

    def close_server(self, port: int) -> ServerInfo:
        """Stop listening on ``port``, drop its connections and cancel its scheduled writes."""
        hosted = self.servers.pop(port, None)
        if hosted is None:
            raise ServerNotFound(port)
        hosted.close()
        log.info("stopped %s", hosted.info.describe())
        return hosted.info

    def close(self) -> None:
        """Close every server; safe to call without awaiting."""
        for port in list(self.servers):
            self.close_server(port)

    # -- registers ---------------------------------------------------------------------------

    async def set(self, port: int, function_code: int, addresses: Sequence[int], values: Sequence[int]) -> None:
        """Write ``values`` (see :func:`writes_of`); all are checked before any is written."""
        hosted = self._server(port)
        table = table_of(function_code)
        writes = [(address, check_values(table, chunk)) for address, chunk in writes_of(addresses, values)]
        for address, chunk in writes:
            check_span(table, address, len(chunk))
        for address, chunk in writes:
            await hosted.write(table, address, chunk)

    async def get(self, port: int, function_code: int, address: int, count: int) -> builtins.list[int]:
        """``count`` values from ``address``; bits as 0/1, registers unsigned."""
        hosted = self._server(port)
        table = table_of(function_code)
        check_span(table, address, count)
        return await hosted.read(table, address, count)

    def schedule(self, port: int, function_code: int, address: int, values: Sequence[int], delay: float) -> None:
        """Check now, then write ``values`` from ``address`` after ``delay`` seconds in the background."""
        hosted = self._server(port)
        table = table_of(function_code)
        if not math.isfinite(delay) or delay < 0:
            raise BadRequest(f"delay_secs must be 0 or more, not {delay}")
        if not values:
            raise BadRequest("give at least one value")
        chunk = check_values(table, values)
        check_span(table, address, len(chunk))

        async def later() -> None:
            await asyncio.sleep(delay)
            try:
                await hosted.write(table, address, chunk)
            except Exception:
                log.exception("scheduled write to the Modbus server on port %s failed", port)

        task = asyncio.get_running_loop().create_task(later())
        hosted.scheduled.add(task)
        task.add_done_callback(hosted.scheduled.discard)

    def _server(self, port: int) -> HostedServer:
        hosted = self.servers.get(port)
        if hosted is None:
            raise ServerNotFound(port)
        return hosted


def check_framing(framing: str) -> str:
    name = (framing or "tcp").strip().lower()
    if name not in FRAMINGS:
        raise BadRequest(f"type must be one of {', '.join(FRAMINGS)} (empty means tcp), not {framing!r}")
    return name


def initial(table: Table, values: Sequence[int | bool]) -> list[int] | list[bool]:
    if len(values) > TABLE_SIZE:
        raise BadRequest(f"at most {TABLE_SIZE} initial {table.name}s, not {len(values)}")
    return check_values(table, values)


async def probe(host: str, port: int) -> None:
    """Bind ``host:port`` as pymodbus will, so a refusal carries the operating system's reason."""
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise BadRequest(f"cannot resolve host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # pymodbus listens with it too
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"port {port} on {host} is already in use by another program") from None
            raise BadRequest(f"cannot listen on {host}:{port}: {exc.strerror}") from None
