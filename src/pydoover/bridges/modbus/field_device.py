"""A simulated Modbus field device, driven by a register map, served by pymodbus on loopback or a serial line.

    device = FieldDevice(register_map)                   # Modbus TCP
    port = await device.start()                          # 127.0.0.1, an OS-chosen port

    device = FieldDevice(register_map, framer="rtu")     # RTU (or "ascii") framing ...
    port = await device.start()                          # ... over TCP: reach it as serial port
                                                         # socket://127.0.0.1:<port>, or as an
                                                         # ethernet bus with modbus_method "rtu"
    path = await device.start_serial()                   # ... on a virtual serial line (a pty
                                                         # pair, POSIX): a client opens ``path``
    path = await device.start_serial("/dev/ttyUSB1", baud=19200, parity="E")   # a real port

Values are computed on read: pymodbus calls the device's ``action`` hook before it answers any
request, and the hook writes every signal-driven point of the addressed table into the live
registers from the time since the device started. So a reply is exact at the moment it is
built, there is no background task to start, stop or race with client writes, and an idle
device costs nothing. Points without a signal keep their initial value until a client writes
them, and the write sticks; a write to a signal-driven point is overwritten at the next read.

Faults are injected per unit at the protocol layer (pymodbus's ``trace_pdu`` hook), so they work
the same with every framing: a request whose PDU the hook swallows is never answered
(``timeout``, ``drop_every``), and a response it replaces becomes a Modbus exception
(``exception``). A request for a unit the map does not define is answered with exception 0x0B
(gateway target device failed to respond).

Coils and discrete inputs are addressed per bit. Each table is valid from address 0 to the last
address the map mentions (for bit tables, rounded up to a multiple of 16); beyond that a request
gets exception 0x02 (illegal data address).

A virtual serial line (:class:`PtyLine`) carries bytes only: baud rate, parity, data and stop
bits are not simulated, so a client with settings that differ from the device's still talks to
it (and some kernels refuse parity or 7 data bits on a pty outright). Use 8N1 on a pty, and the
``socket://`` route when only the framing matters.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from pymodbus import FramerType
from pymodbus.constants import ExcCodes
from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from .pty_line import PtyLine
from .register_map import BIT_TABLES, INT_RANGE, Point, RegisterMap, Unit, default_register_map, encode

ILLEGAL_ADDRESS = ExcCodes.ILLEGAL_ADDRESS  # 0x02
GATEWAY_NO_RESPONSE = ExcCodes.GATEWAY_NO_RESPONSE  # 0x0B
FAULT_KINDS = ("timeout", "exception", "drop_every")
FRAMERS = {"socket": FramerType.SOCKET, "rtu": FramerType.RTU, "ascii": FramerType.ASCII}

_TABLE_OF_FUNCTION = {1: "coil", 5: "coil", 15: "coil", 2: "discrete", 4: "input"}
_TABLE_OF_FUNCTION.update(dict.fromkeys((3, 6, 16, 22, 23), "holding"))


@dataclass
class Fault:
    kind: str
    count: int | None = None
    until: float | None = None  # time.monotonic() deadline
    code: int | None = None
    every: int | None = None
    seen: int = field(default=0)

    def expired(self, now: float) -> bool:
        return (self.until is not None and now >= self.until) or (self.count is not None and self.seen >= self.count)


class FieldDevice:
    """``FieldDevice(register_map)``; ``await start()`` or ``await start_serial()``; ``inject(...)``; ``await stop()``.

    ``framer`` is the framing the device speaks: ``socket`` (Modbus TCP), ``rtu`` or ``ascii``.
    When it is not given, :meth:`start` speaks Modbus TCP and :meth:`start_serial` speaks RTU.
    """

    def __init__(
        self,
        register_map: RegisterMap | None = None,
        *,
        framer: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        if framer is not None and framer not in FRAMERS:
            raise ValueError(f"framer must be socket, rtu or ascii, not {framer!r}")
        self.register_map = register_map or default_register_map()
        self.framer = framer
        self._clock = clock
        self._t0 = clock()
        self._server: ModbusTcpServer | ModbusSerialServer | None = None
        self._line: PtyLine | None = None
        self.serial_port: str | None = None  # the port a client opens, while serving a serial line
        self._faults: dict[int, Fault] = {}
        self._empty: set[tuple[int, str]] = set()  # (unit, table) with nothing mapped
        self._replies: dict[tuple[int, int], tuple[int, int]] = {}  # (unit, tid) -> (function, code)
        self._behaviours = {
            unit.id: [(point, point.behaviour()) for point in unit.points if point.signal is not None]
            for unit in self.register_map.units
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int | None:
        """The TCP port served by :meth:`start`; None when stopped or serving a serial line."""
        if not isinstance(self._server, ModbusTcpServer) or self._server.transport is None:
            return None
        return self._server.transport.sockets[0].getsockname()[1]

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Serve on TCP ``host:port`` (0 picks a free port) with the device's framing; returns the bound port."""
        self._check_stopped()
        framer = FRAMERS[self.framer or "socket"]
        self._t0 = self._clock()
        server = ModbusTcpServer(self._devices(), framer=framer, address=(host, port), trace_pdu=self._trace_pdu)
        await server.serve_forever(background=True)
        self._server = server
        return self.port

    async def start_serial(
        self,
        port: str | None = None,
        *,
        baud: int = 9600,
        data_bits: int = 8,
        parity: str = "N",
        stop_bits: int = 1,
    ) -> str:
        """Serve RTU (or ASCII) on the serial port ``port``, or on a new virtual serial line.

        Without ``port`` the device takes one end of a :class:`PtyLine` and the call returns the
        other end, the path a client opens (e.g. ``/dev/pts/4``); with ``port`` it returns ``port``.
        Raises OSError (or termios.error) when the port cannot be opened with these settings.
        """
        self._check_stopped()
        framer = self.framer or "rtu"
        if framer == "socket":
            raise ValueError("a serial line carries rtu or ascii framing, not socket (Modbus TCP)")
        line = PtyLine() if port is None else None
        device_end, client_end = (line.device_end, line.client_end) if line else (port, port)
        self._t0 = self._clock()
        server = ModbusSerialServer(
            self._devices(),
            framer=FRAMERS[framer],
            port=device_end,
            baudrate=baud,
            bytesize=data_bits,
            parity=parity,
            stopbits=stop_bits,
            trace_pdu=self._trace_pdu,
        )
        try:
            await server.serve_forever(background=True)
        except BaseException:
            if line is not None:
                line.close()
            raise
        self._server, self._line, self.serial_port = server, line, client_end
        return client_end

    async def stop(self) -> None:
        server, self._server = self._server, None
        line, self._line = self._line, None
        self.serial_port = None
        if server is not None:
            await server.shutdown()
            await asyncio.sleep(0)  # let the transports finish closing
        if line is not None:
            line.close()

    async def __aenter__(self) -> FieldDevice:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    def _check_stopped(self) -> None:
        if self._server is not None:
            raise RuntimeError("the field device is already running")

    def _devices(self) -> list[SimDevice]:
        devices = [self._sim_device(unit) for unit in self.register_map.units]
        devices.append(self._catch_all())
        return devices

    # ------------------------------------------------------------------ faults

    def inject(
        self,
        unit: int,
        kind: str,
        count: int | None = None,
        seconds: float | None = None,
        code: int | None = None,
        every: int | None = None,
    ) -> Fault:
        """Make ``unit`` misbehave, replacing any fault it already has.

        * ``timeout``: no answer at all.
        * ``exception``: answer Modbus exception ``code`` (1-255) instead of the data.
        * ``drop_every``: leave every ``every``-th request (2 or more) unanswered.

        The fault ends after ``count`` requests to the unit (answered or not) or ``seconds``,
        whichever comes first; with neither it lasts until :meth:`clear`.
        """
        self.register_map.unit(unit)  # KeyError for a unit the map does not have
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if kind == "exception" and (code is None or not 1 <= code <= 255):
            raise ValueError("an exception fault needs code= a Modbus exception code (1-255)")
        if kind == "drop_every" and (every is None or every < 2):
            raise ValueError("a drop_every fault needs every= 2 or more (use timeout to drop every request)")
        if count is not None and count < 1:
            raise ValueError("count must be 1 or more")
        if seconds is not None and seconds <= 0:
            raise ValueError("seconds must be positive")
        until = None if seconds is None else time.monotonic() + seconds
        fault = Fault(kind, count=count, until=until, code=code, every=every)
        self._faults[unit] = fault
        return fault

    def clear(self, unit: int | None = None) -> None:
        """End the fault on ``unit``, or on every unit."""
        if unit is None:
            self._faults.clear()
        else:
            self._faults.pop(unit, None)

    def faults(self) -> dict[int, Fault]:
        """The faults still in force, by unit."""
        now = time.monotonic()
        for unit, fault in list(self._faults.items()):
            if fault.expired(now):
                del self._faults[unit]
        return dict(self._faults)

    def _trace_pdu(self, sending: bool, pdu: ModbusPDU) -> ModbusPDU | None:
        key = (pdu.dev_id, pdu.transaction_id)
        if sending:
            reply = self._replies.pop(key, None)
            if reply is None:
                return pdu
            function, code = reply
            return ExceptionResponse(function, code, device_id=pdu.dev_id, transaction=pdu.transaction_id)
        if pdu.dev_id not in self._behaviours:
            self._replies[key] = (pdu.function_code, GATEWAY_NO_RESPONSE)
            return pdu
        fault = self._faults.get(pdu.dev_id)
        if fault is None:
            return pdu
        if fault.expired(time.monotonic()):
            del self._faults[pdu.dev_id]
            return pdu
        fault.seen += 1
        if fault.count is not None and fault.seen >= fault.count:
            del self._faults[pdu.dev_id]
        if fault.kind == "timeout" or (fault.kind == "drop_every" and fault.seen % fault.every == 0):
            return None  # pymodbus answers nothing when the hook swallows the request
        if fault.kind == "exception":
            self._replies[key] = (pdu.function_code, fault.code)
        return pdu

    # ------------------------------------------------------------------ datastore

    def _sim_device(self, unit: Unit) -> SimDevice:
        blocks = []
        for table in ("coil", "discrete", "holding", "input"):  # the order SimDevice expects
            values = unit.initial(table)
            points = [p for p in unit.points if p.table == table]
            for point in points:
                raw = self._raw(point, point.initial, wrap=False)
                values.update(zip(range(point.address, point.address + len(raw)), raw, strict=True))
            if not values:  # pymodbus needs a block; _refresh refuses every address in it
                self._empty.add((unit.id, table))
                kind = DataType.BITS if table in BIT_TABLES else DataType.REGISTERS
                blocks.append([SimData(0, values=[False] * 16 if table in BIT_TABLES else 0, datatype=kind)])
                continue
            top = max(values) + 1
            if table in BIT_TABLES:
                bits = [False] * top
                for address, value in values.items():
                    bits[address] = bool(value)
                blocks.append([SimData(0, values=bits, datatype=DataType.BITS)])
            else:
                regs = [0] * top
                for address, value in values.items():
                    regs[address] = value
                blocks.append([SimData(0, values=regs, datatype=DataType.REGISTERS)])
        return SimDevice(unit.id, simdata=tuple(blocks), action=partial(self._refresh, unit.id))

    def _catch_all(self) -> SimDevice:
        """Unit 0 stands for every unit the map lacks; the trace hook turns its answers into 0x0B."""

        async def refuse(*_args) -> ExcCodes:
            return GATEWAY_NO_RESPONSE

        blocks = tuple([SimData(0, values=0, datatype=DataType.REGISTERS)] for _ in range(4))
        blocks = ([SimData(0, values=[False] * 16, datatype=DataType.BITS)],) * 2 + blocks[2:]
        return SimDevice(0, simdata=blocks, action=refuse)

    async def _refresh(
        self, unit: int, function: int, start: int, _address: int, _count: int, registers: list[int], _values
    ) -> ExcCodes | None:
        """pymodbus's action hook: write the signal-driven points of the table being accessed."""
        table = _TABLE_OF_FUNCTION.get(function)
        if (unit, table) in self._empty:
            return ILLEGAL_ADDRESS
        t = self._clock() - self._t0
        for point, behaviour in self._behaviours[unit]:
            if point.table != table:
                continue
            raw = self._raw(point, behaviour.value(t), wrap=point.signal.kind == "counter")
            if table in BIT_TABLES:
                index, bit = point.address // 16 - start, point.address % 16
                registers[index] = (registers[index] & ~(1 << bit)) | (raw[0] << bit)
            else:
                registers[point.address - start : point.address - start + len(raw)] = raw
        return None

    @staticmethod
    def _raw(point: Point, value: float, *, wrap: bool) -> list[int]:
        """An engineering value as the point's registers: scaled, then clamped (counters wrap)."""
        if point.type == "bool":
            return [1 if value else 0]
        raw = value / point.scale
        if point.type in INT_RANGE:
            low, high = INT_RANGE[point.type]
            raw = round(raw) if math.isfinite(raw) else 0
            raw = low + (raw - low) % (high - low + 1) if wrap else min(max(raw, low), high)
        return encode(raw, point.type, point.order)
