"""gRPC servicer for the local Modbus bridge: protobuf in, BusManager or ServerManager call, protobuf out.

Failed answers of the bus rpcs list every open bus in ``response_header.bus_status``: the
classic client looks for its bus there after a failed read or write and re-opens it if missing.
A failed read or write carries the Modbus exception code (or 503 unreachable, 504 timeout,
404 unknown bus, 400 bad request) both in the header and in the top-level ``response_code``.

The Modbus server rpcs (createServer ... scheduleServerRegisters) run real Modbus TCP servers
through a ServerManager; their failures carry 400 (bad request), 404 (no server on that port),
409 (port in use) or 429 (too many servers) in ``serverResponseHeader``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from ..._grpc import modbus_iface_pb2 as pb
from ..._grpc import modbus_iface_pb2_grpc as pb_grpc
from ...utils.modbus_codes import CODE_BAD_REQUEST, CODE_NO_BUS, CODE_TIMEOUT, CODE_UNREACHABLE
from ..answers import error_answers
from .bus_settings import BadRequest, BusSettings, EthernetSettings, SerialSettings, parse_parity
from .buses import BusError, BusManager, BusNotFound, BusStatus, BusTimeout
from .servers import (
    CODE_NO_SERVER,
    CODE_PORT_IN_USE,
    CODE_TOO_MANY,
    PortInUse,
    ServerManager,
    ServerNotFound,
    TooManyServers,
)

log = logging.getLogger(__name__)

MIN_POLL_SECS = 1


def ok() -> pb.responseHeader:
    return pb.responseHeader(success=True)


def failed(code: int, message: str) -> pb.responseHeader:
    return pb.responseHeader(success=False, response_code=code, response_message=message)


# Known bus errors and bad requests become ``success=false`` answers; the bridge keeps serving.
answers = error_answers(
    failed,
    {
        BadRequest: CODE_BAD_REQUEST,
        BusNotFound: CODE_NO_BUS,
        BusTimeout: CODE_TIMEOUT,
        BusError: CODE_UNREACHABLE,
        ValueError: CODE_BAD_REQUEST,
    },
)


def server_ok() -> pb.serverResponseHeader:
    return pb.serverResponseHeader(success=True)


def server_failed(code: int, message: str) -> pb.serverResponseHeader:
    return pb.serverResponseHeader(success=False, response_code=code, response_message=message)


# The Modbus server rpcs answer with their own header type.
server_answers = error_answers(
    server_failed,
    {
        BadRequest: CODE_BAD_REQUEST,
        ServerNotFound: CODE_NO_SERVER,
        PortInUse: CODE_PORT_IN_USE,
        TooManyServers: CODE_TOO_MANY,
        ValueError: CODE_BAD_REQUEST,
    },
)


def lists_buses_on_failure(handler):
    """Fill ``response_header.bus_status`` with every open bus when the answer is a failure."""

    @functools.wraps(handler)
    async def wrapped(self, request, context):
        response = await handler(self, request, context)
        if not response.response_header.success:
            response.response_header.bus_status.extend(self.bus_statuses())
        return response

    return wrapped


def settings_from(request) -> BusSettings | None:
    """The ``bus_settings`` oneof of a request as bus settings, or None when it has none."""
    which = request.WhichOneof("bus_settings")
    if which == "ethernet_settings":
        return ethernet_settings(request.ethernet_settings)
    if which == "serial_settings":
        return serial_settings(request.serial_settings)
    return None


def ethernet_settings(msg: pb.ethernetBusSettings) -> EthernetSettings:
    kwargs: dict[str, Any] = {}
    if msg.HasField("timeout") and msg.timeout > 0:
        kwargs["timeout"] = msg.timeout
    if msg.HasField("modbus_method"):
        kwargs["method"] = msg.modbus_method.strip().lower()
    return EthernetSettings(msg.ip, msg.port, **kwargs)


def serial_settings(msg: pb.serialBusSettings) -> SerialSettings:
    kwargs: dict[str, Any] = {}
    if msg.baud:
        kwargs["baud"] = msg.baud
    if msg.HasField("modbus_method") and msg.modbus_method:
        kwargs["method"] = msg.modbus_method.strip().lower()
    if msg.HasField("data_bits") and msg.data_bits:
        kwargs["data_bits"] = msg.data_bits
    if msg.HasField("parity"):
        kwargs["parity"] = parse_parity(msg.parity)
    if msg.HasField("stop_bits") and msg.stop_bits:
        kwargs["stop_bits"] = msg.stop_bits
    if msg.HasField("timeout") and msg.timeout > 0:
        kwargs["timeout"] = msg.timeout
    return SerialSettings(msg.port, **kwargs)


def to_status(status: BusStatus) -> pb.busStatus:
    msg = pb.busStatus(bus_id=status.bus_id, open=status.open)
    settings = status.settings
    if isinstance(settings, EthernetSettings):
        msg.ethernet_settings.CopyFrom(
            pb.ethernetBusSettings(ip=settings.ip, port=settings.port, timeout=settings.timeout)
        )
    else:
        msg.serial_settings.CopyFrom(
            pb.serialBusSettings(
                port=settings.port,
                baud=settings.baud,
                modbus_method=settings.method,
                data_bits=settings.data_bits,
                parity=settings.parity,
                stop_bits=settings.stop_bits,
                timeout=settings.timeout,
            )
        )
    return msg


def retries_of(request) -> int | None:
    return request.retries if request.HasField("retries") else None


class ModbusServicer(pb_grpc.modbusIfaceServicer):
    def __init__(self, buses: BusManager, servers: ServerManager | None = None):
        self.buses = buses
        self.servers = servers if servers is not None else ServerManager()

    def bus_statuses(self) -> list[pb.busStatus]:
        return [to_status(status) for status in self.buses.list()]

    # -- buses ------------------------------------------------------------------------------

    @answers(pb.testCommsResponse)
    async def testComms(self, request, context):
        return pb.testCommsResponse(response_header=ok(), response=request.message)

    @lists_buses_on_failure
    @answers(pb.openBusResponse)
    async def openBus(self, request, context):
        settings = settings_from(request)
        if settings is None:
            raise BadRequest("openBus needs serial_settings or ethernet_settings")
        bus = self.buses.open(request.bus_id, settings)
        return pb.openBusResponse(response_header=ok(), bus_id=bus.bus_id)

    @lists_buses_on_failure
    @answers(pb.closeBusResponse)
    async def closeBus(self, request, context):
        self.buses.close_bus(request.bus_id)
        return pb.closeBusResponse(response_header=ok(), bus_id=request.bus_id)

    @answers(pb.listBusResponse)
    async def listBus(self, request, context):
        statuses = self.bus_statuses()
        return pb.listBusResponse(
            response_header=pb.responseHeader(success=True, bus_status=statuses), bus_status=statuses
        )

    @lists_buses_on_failure
    @answers(pb.busStatusResponse)
    async def busStatus(self, request, context):
        status = self.buses.status(request.bus_id)
        header = pb.responseHeader(success=True, response_message=status.describe())
        return pb.busStatusResponse(response_header=header, bus_status=to_status(status))

    # -- registers --------------------------------------------------------------------------

    @lists_buses_on_failure
    @answers(pb.readRegisterResponse)
    async def readRegisters(self, request, context):
        try:
            values = await self.buses.read(
                request.bus_id,
                request.modbus_id,
                request.register_type,
                request.address,
                request.count,
                settings_from(request),
                retries_of(request),
            )
        except BusError as exc:
            return pb.readRegisterResponse(response_header=failed(exc.code, str(exc)), response_code=exc.code)
        return pb.readRegisterResponse(response_header=ok(), values=[int(v) for v in values])

    @lists_buses_on_failure
    @answers(pb.writeRegisterResponse)
    async def writeRegisters(self, request, context):
        return await self._write(request, list(request.values), pb.writeRegisterResponse)

    @lists_buses_on_failure
    @answers(pb.writeSingleRegisterResponse)
    async def writeSingleRegister(self, request, context):
        return await self._write(request, [request.value], pb.writeSingleRegisterResponse, single=True)

    async def _write(self, request, values: list[int], response_cls: type, single: bool = False):
        """writeRegisters and writeSingleRegister: one write, its failure as an answer."""
        try:
            await self.buses.write(
                request.bus_id,
                request.modbus_id,
                request.register_type,
                request.address,
                values,
                settings_from(request),
                retries_of(request),
                single=single,
            )
        except BusError as exc:
            return response_cls(response_header=failed(exc.code, str(exc)), response_code=exc.code)
        return response_cls(response_header=ok())

    @lists_buses_on_failure
    @answers(pb.scheduleWriteRegisterResponse)
    async def scheduleWriteRegisters(self, request, context):
        # The request has no modbus_id field: scheduled writes go to unit 1 (the SDK's default).
        bus = self.buses.schedule_write(
            request.delay_secs,
            request.bus_id,
            1,
            request.register_type,
            request.address,
            list(request.values),
            settings_from(request),
        )
        return pb.scheduleWriteRegisterResponse(response_header=ok(), bus_id=bus.bus_id, delay_secs=request.delay_secs)

    async def readRegisterSubscription(self, request, context):
        """A read every ``poll_secs`` (at least 1 s) until the client cancels; failures are answered and polling goes on."""
        try:
            settings = settings_from(request)
        except ValueError as exc:
            yield self._subscription_failure(request, CODE_BAD_REQUEST, str(exc))
            return
        poll = max(request.poll_secs, MIN_POLL_SECS)
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            try:
                values = await self.buses.read(
                    request.bus_id, request.modbus_id, request.register_type, request.address, request.count, settings
                )
            except BadRequest as exc:
                yield self._subscription_failure(request, CODE_BAD_REQUEST, str(exc))
                return
            except BusError as exc:
                yield self._subscription_failure(request, exc.code, str(exc))
            except Exception as exc:
                log.exception("readRegisterSubscription failed")
                yield self._subscription_failure(request, 500, f"internal error: {exc}")
                return
            else:
                yield pb.readRegisterSubscriptionResponse(
                    response_header=ok(), bus_id=request.bus_id, values=[int(v) for v in values]
                )
            await asyncio.sleep(max(0.0, poll - (loop.time() - started)))

    def _subscription_failure(self, request, code: int, message: str) -> pb.readRegisterSubscriptionResponse:
        header = failed(code, message)
        header.bus_status.extend(self.bus_statuses())
        return pb.readRegisterSubscriptionResponse(response_header=header, bus_id=request.bus_id, response_code=code)

    # -- Modbus servers -----------------------------------------------------------------------

    @server_answers(pb.createServerResponse)
    async def createServer(self, request, context):
        info = await self.servers.create(
            request.type,
            port=request.port if request.HasField("port") else 0,
            host=request.host if request.HasField("host") else None,
            holding=list(request.holding_registers),
            inputs=list(request.input_registers),
            coils=list(request.coils),
            discrete=list(request.discrete_inputs),
            unit=request.modbus_id,
        )
        return pb.createServerResponse(response_header=server_ok(), response=f"serving {info.describe()}")

    @server_answers(pb.listServerResponse)
    async def listServer(self, request, context):
        servers = [info.describe() for info in self.servers.list()]
        return pb.listServerResponse(response_header=server_ok(), servers=servers)

    @server_answers(pb.closeServerResponse)
    async def closeServer(self, request, context):
        info = self.servers.close_server(request.port)
        return pb.closeServerResponse(response_header=server_ok(), port=info.port)

    @server_answers(pb.setServerRegistersResponse)
    async def setServerRegisters(self, request, context):
        await self.servers.set(request.port, request.function_code, list(request.address), list(request.values))
        return pb.setServerRegistersResponse(response_header=server_ok())

    @server_answers(pb.getServerRegistersResponse)
    async def getServerRegisters(self, request, context):
        values = await self.servers.get(request.port, request.function_code, request.address, request.count)
        return pb.getServerRegistersResponse(response_header=server_ok(), values=values)

    @server_answers(pb.scheduleServerRegistersResponse)
    async def scheduleServerRegisters(self, request, context):
        self.servers.schedule(
            request.port, request.function_code, request.address, list(request.values), request.delay_secs
        )
        return pb.scheduleServerRegistersResponse(response_header=server_ok())
