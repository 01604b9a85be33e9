"""ModbusInterface: the SDK client of the Modbus bridge.

    iface = ModbusInterface("my_app", config=app_config)   # opens the config's buses in setup()
    iface.setup()
    volts = iface.read_registers(bus_id="default", modbus_id=1, start_address=0, num_registers=2,
                                 register_type=3)        # or: await iface.read_registers(...)
    iface.write_registers(modbus_id=1, start_address=100, values=[500])

The classic surface of sdk-contract.md §4.3 with the 1.x ``bus=`` and ``retries=`` keywords.
Every rpc-backed method is one effect-yielding generator; :class:`dual_method` makes the plain
and awaitable faces and the ``_async`` twin.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any, TypeAlias

from ..._grpc import modbus_iface_pb2 as pb
from ..._grpc import modbus_iface_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ...utils.dual import dual_method
from ..grpc_interface import Call, Effects, GRPCInterface
from .config import BusConfig, configured_buses
from .messages import settings_fields, unwrap_values
from .subscription import RegisterSubscription, ValuesCallback

log = logging.getLogger(__name__)

DEFAULT_MODBUS_URI = endpoint("modbus").default_uri
HOLDING_REGISTER = 4

Bus: TypeAlias = str | BusConfig | None  # 1.x ``bus=``: a configured bus's name, or its settings


def two_words_to_32bit_float(word1: int, word2: int, swap: bool = False) -> int:
    """Classic helper, kept as classic apps use it: despite its name it combines the two words
    as an integer (``word1 + word2 * 65536``, or swapped). For an IEEE float use
    ``pydoover.utils.registers.decode(words, "float32", order)``."""
    if swap:
        word1, word2 = word2, word1
    return word1 + word2 * 65536


class ModbusInterface(GRPCInterface):
    """Client of the Modbus bridge: buses, register reads and writes, polled subscriptions.

    A failed call returns None (False for the bool-returning bus calls) and logs one line; with
    ``raise_on_error=True`` it raises a :class:`~pydoover.docker.BridgeError` instead.
    """

    stub = pb_grpc.modbusIfaceStub
    bridge_name = "Modbus"

    def __init__(
        self,
        app_key: str | None = None,
        modbus_uri: str = DEFAULT_MODBUS_URI,
        is_async: bool | None = None,
        config: Any = None,
        timeout: float = 7,
        raise_on_error: bool = False,
        service_name: str = "doover.ModbusInterface",
    ):
        super().__init__(app_key, modbus_uri or DEFAULT_MODBUS_URI, is_async, timeout, raise_on_error)
        self.config = config
        self.service_name = service_name
        self._lost_buses: set[str] = set()

    @property
    def buses(self) -> list[BusConfig]:
        """The buses of the app config's ``modbus_config`` (none without one)."""
        return configured_buses(self.config)

    def on_rejected(self, stub_call: str, response: Any, call: Call) -> None:
        """Note a configured bus the bridge no longer has open (it restarted), to re-open it."""
        bus_id = call.check_bus
        header = response.response_header
        if bus_id and bus_id not in {status.bus_id for status in header.bus_status}:
            self._lost_buses.add(bus_id)

    # -- buses ---------------------------------------------------------------------------

    def _setup(self) -> Effects[bool]:
        opened = True
        for bus in self.buses:
            opened = (yield from self._open(bus)) and opened
        return opened

    @dual_method
    def setup(self) -> Effects[bool]:
        """Open every bus of the app config (``modbus_config``); True when all opened."""
        return (yield from self._setup())

    setup_async = setup.twin()

    def _open(self, bus: BusConfig) -> Effects[bool]:
        request = pb.openBusRequest(bus_id=bus.name, **settings_fields(bus))
        return (yield Call("openBus", request)) is not None

    @dual_method
    def open_bus(
        self,
        bus_type: str = "serial",
        name: str = "default",
        serial_port: str = "/dev/ttyS0",
        serial_baud: int = 9600,
        serial_method: str = "rtu",
        serial_bits: int = 8,
        serial_parity: str = "N",
        serial_stop: int = 1,
        serial_timeout: float = 0.3,
        tcp_uri: str = "127.0.0.1:5000",
        tcp_timeout: float = 2,
    ) -> Effects[bool]:
        """Open (or re-open) a bus on the bridge: ``iface.open_bus("tcp", "meter", tcp_uri="10.0.0.5:502")``.

        Succeeds for well-formed settings even when the device is not reachable yet; the bus
        connects on first use.
        """
        bus = BusConfig(
            bus_type, name, serial_port, serial_baud, serial_method, serial_bits, serial_parity, serial_stop,
            serial_timeout, tcp_uri, tcp_timeout,
        )  # fmt: skip
        return (yield from self._open(bus))

    open_bus_async = open_bus.twin()

    @dual_method
    def close_bus(self, bus_id: str = "default") -> Effects[bool]:
        """Close a bus: ``iface.close_bus("meter")``; True when it was open."""
        return (yield Call("closeBus", pb.closeBusRequest(bus_id=bus_id))) is not None

    close_bus_async = close_bus.twin()

    @dual_method
    def get_bus_status(self, bus_id: str = "default") -> Effects[bool]:
        """True when the bridge has ``bus_id`` open: ``iface.get_bus_status("default")``."""
        response = yield Call("busStatus", pb.busStatusRequest(bus_id=bus_id))
        return response is not None and bool(response.bus_status.open)

    get_bus_status_async = get_bus_status.twin()

    @dual_method
    def list_buses(self) -> Effects[list[pb.busStatus] | None]:
        """Every bus the bridge has open, with its settings: ``[s.bus_id for s in iface.list_buses()]``."""
        response = yield Call("listBus", pb.listBusRequest())
        return None if response is None else list(response.bus_status)

    list_buses_async = list_buses.twin()

    @dual_method
    def test_comms(self, message: str = "Comms Check Message") -> Effects[pb.testCommsResponse | None]:
        """The bridge's echo: ``iface.test_comms("hi").response == "hi"``."""
        return (yield Call("testComms", pb.testCommsRequest(message=message)))

    test_comms_async = test_comms.twin()

    # -- registers -------------------------------------------------------------------------

    def _target(self, bus_id: str, bus: Bus) -> dict[str, Any]:
        """Request fields naming the bus: ``bus_id`` (classic), or 1.x inline settings for ``bus``."""
        if bus is None:
            return {"bus_id": bus_id}
        config = bus if isinstance(bus, BusConfig) else self._configured(bus)
        return {"bus_id": config.name, **settings_fields(config)}

    def _configured(self, name: str) -> BusConfig:
        for config in self.buses:
            if config.name == name:
                return config
        known = ", ".join(repr(c.name) for c in self.buses) or "none"
        raise ValueError(f"no configured Modbus bus named {name!r} (configured: {known})")

    def _request(
        self, message: type, bus_id: str, bus: Bus, unit: int, register_type: int, address: int,
        retries: int | None = None, **fields: Any,
    ) -> Any:  # fmt: skip
        """A register request for ``message``: unit, table, address, the bus, and ``retries`` if given."""
        request = message(
            modbus_id=int(unit), register_type=int(register_type), address=int(address),
            **fields, **self._target(bus_id, bus),
        )  # fmt: skip
        if retries is not None:
            request.retries = int(retries)
        return request

    def _with_bus(self, rpc: str, request: Any, bus_id: str, configure_bus: bool) -> Effects[Any]:
        """One register rpc; if the bridge has lost a configured bus (it restarted), re-open
        the app's buses and try once more."""
        call = Call(rpc, request, check_bus=bus_id if configure_bus and self.buses else None)
        response = yield call
        if response is None and bus_id in self._lost_buses:
            self._lost_buses.discard(bus_id)
            if (yield from self._setup()):
                response = yield call
        return response

    @dual_method
    def read_registers(
        self,
        bus_id: str = "default",
        modbus_id: int = 1,
        start_address: int = 0,
        num_registers: int = 1,
        register_type: int = HOLDING_REGISTER,
        configure_bus: bool = True,
        bus: Bus = None,
        retries: int | None = None,
    ) -> Effects[int | list[int] | None]:
        """Read registers (1 coil, 2 discrete input, 3 input, 4 holding): None on failure,
        an int for one register, a list otherwise.

        ``iface.read_registers(modbus_id=1, start_address=0, num_registers=2, register_type=3)``
        """
        request = self._request(
            pb.readRegisterRequest, bus_id, bus, modbus_id, register_type, start_address, retries,
            count=int(num_registers),
        )  # fmt: skip
        response = yield from self._with_bus("readRegisters", request, bus_id, configure_bus)
        return None if response is None else unwrap_values(response.values)

    read_registers_async = read_registers.twin()

    @dual_method
    def write_registers(
        self,
        bus_id: str = "default",
        modbus_id: int = 1,
        start_address: int = 0,
        values: Sequence[int] | int | None = None,
        register_type: int = HOLDING_REGISTER,
        configure_bus: bool = True,
        bus: Bus = None,
        retries: int | None = None,
    ) -> Effects[bool]:
        """Write holding registers (4) or coils (1) from ``start_address``; True on success.

        ``iface.write_registers(modbus_id=1, start_address=100, values=[500, 1])``
        """
        if values is None:
            raise ValueError("write_registers needs values, e.g. values=[1, 2]")
        values = [values] if isinstance(values, int) else [int(v) for v in values]
        request = self._request(
            pb.writeRegisterRequest, bus_id, bus, modbus_id, register_type, start_address, retries, values=values
        )
        return (yield from self._with_bus("writeRegisters", request, bus_id, configure_bus)) is not None

    write_registers_async = write_registers.twin()

    def add_read_register_subscription(
        self,
        bus_id: str = "default",
        modbus_id: int = 1,
        start_address: int = 0,
        num_registers: int = 1,
        register_type: int = HOLDING_REGISTER,
        poll_secs: float = 3,
        callback: ValuesCallback | None = None,
        bus: Bus = None,
    ) -> asyncio.Task[Any] | None:
        """Call ``callback(values)`` with a fresh read every ``poll_secs``; returns the asyncio Task.

        Needs a running event loop. The subscription reconnects by itself after a bridge restart.
        Without a callback nothing is started and None is returned (as in classic pydoover).
        """
        if callback is None:
            log.error("add_read_register_subscription needs a callback; no subscription started")
            return None
        request = self._request(
            pb.readRegisterSubscriptionRequest, bus_id, bus, modbus_id, register_type, start_address,
            count=int(num_registers), poll_secs=max(1, round(poll_secs)),
        )  # fmt: skip
        return RegisterSubscription(self, request, callback).start()

    # -- names ------------------------------------------------------------------------------

    getBusStatus = get_bus_status  # noqa: N815 - classic alias
    fetch_bus_status = get_bus_status  # 1.x
