"""What a `doover modbus` command addresses: the bridge, the bus, and the registers (a :class:`Span`).

    span = Addressing(table="input", as_type="float32").span(None, count=2)   # input 0-3, two floats
    span = Addressing().span("meter.voltage")                                # from the register map
    zero_based(40101, None, one_based=True) == ("holding", 100)

Also the write confirmation for non-local bridges. Nothing here talks to a bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..confirm import confirm_remote
from ..errors import UsageError
from ..output import note
from ..targets import is_local
from .modbus_values import Codec

if TYPE_CHECKING:
    from pydoover.docker.modbus.config import BusConfig

    from .modbus_points import NamedPoint

REGISTER_TYPE = {"coil": 1, "discrete": 2, "input": 3, "holding": 4}  # the Doover register_type numbers
BIT_TABLES = ("coil", "discrete")
PLURAL = {"coil": "coils", "discrete": "discrete inputs", "input": "input registers", "holding": "holding registers"}
WRITABLE = ("coil", "holding")
MAX_READ = {"coil": 2000, "discrete": 2000, "input": 125, "holding": 125}
MAX_WRITE = {"coil": 1968, "holding": 123}
ONE_BASED_TABLES = {0: "coil", 1: "discrete", 3: "input", 4: "holding"}  # 0xxxx 1xxxx 3xxxx 4xxxx
DEFAULT_TIMEOUT = {"tcp": 2.0, "serial": 0.3}  # the SDK's ModbusConfig defaults


# -- the bridge and the bus ---------------------------------------------------------------------


@dataclass(frozen=True)
class BusChoice:
    """A bus the bridge has open (``--bus``), or one it opens on the fly (``--tcp`` / ``--serial``)."""

    name: str = "default"
    tcp: str | None = None
    serial: str | None = None
    baud: int = 9600
    parity: str = "N"
    method: str = "rtu"
    data_bits: int = 8
    stop_bits: int = 1
    timeout: float | None = None

    @property
    def kind(self) -> str:
        return "tcp" if self.tcp else "serial" if self.serial else "named"

    @property
    def label(self) -> str:
        """How output names the bus: ``default``, ``tcp:10.0.0.5:502`` or ``serial:/dev/ttyUSB0``."""
        return {"tcp": f"tcp:{self.tcp}", "serial": f"serial:{self.serial}"}.get(self.kind, self.name)

    def config(self, default_timeout: float | None = None) -> BusConfig | None:
        """1.x inline bus settings for a bus opened on the fly; None for a named bus."""
        from pydoover.docker.modbus.config import BusConfig

        if self.kind == "named":
            return None
        timeout = self.timeout or default_timeout or DEFAULT_TIMEOUT[self.kind]
        return BusConfig(
            bus_type="tcp" if self.tcp else "serial",
            name=self.name,  # only a label: empty lets the bridge name the bus after its settings
            serial_port=self.serial or "",
            serial_baud=self.baud,
            serial_method=self.method,
            serial_bits=self.data_bits,
            serial_parity=self.parity,
            serial_stop=self.stop_bits,
            serial_timeout=timeout,
            tcp_uri=self.tcp or "",
            tcp_timeout=timeout,
        )


# -- addresses --------------------------------------------------------------------------------


def zero_based(address: int | None, table: str | None, one_based: bool) -> tuple[str | None, int | None]:
    """``(table, address)`` on the wire. With ``one_based``: ``40101`` is holding 100, ``30001`` input 0,
    ``10001`` discrete 0, ``1``-``9999`` coils (six-digit ``400001`` forms too); with a table, address - 1."""
    if address is None:
        if one_based:
            raise UsageError("--one-based needs --address")
        return table, None
    if not one_based:
        if address > 65535:
            raise UsageError(f"--address must be 0-65535, not {address} (40001-style numbers need --one-based)")
        return table, address
    if table is None:
        table, number = _table_of(address)
    elif 1 <= address <= 65536:
        number = address
    else:
        raise UsageError(f"--address must be 1-65536 with --one-based and --type, not {address}")
    note(f"--one-based {address} is {table} {number - 1} (0-based)")
    return table, number - 1


def _table_of(address: int) -> tuple[str, int]:
    """``40101`` -> ``("holding", 101)``: the table a one-based number names, and its one-based offset."""
    size = 100000 if address >= 100000 else 10000
    prefix, offset = divmod(address, size)
    table = ONE_BASED_TABLES.get(prefix)
    if table is None or offset == 0 or offset > 65536:
        raise UsageError(
            f"--one-based --address {address} is not a 0xxxx coil, 1xxxx discrete, 3xxxx input or 4xxxx holding "
            "number; give --type to number within one table"
        )
    return table, offset


def where_text(table: str, start: int, registers: int) -> str:
    """``holding 100``, or ``input 0-3`` for several registers."""
    end = start + registers - 1
    return f"{table} {start}" if end == start else f"{table} {start}-{end}"


@dataclass(frozen=True)
class Span:
    """Registers to read or write: ``count`` values of ``codec`` from ``address`` of ``table`` on ``unit``."""

    unit: int
    table: str
    address: int
    count: int
    codec: Codec
    point: str | None = None  # the qualified point name, when named
    units: str = ""

    @property
    def bits(self) -> bool:
        return self.table in BIT_TABLES

    @property
    def registers(self) -> int:
        return self.count * self.codec.width

    @property
    def register_type(self) -> int:
        return REGISTER_TYPE[self.table]

    def where(self, index: int | None = None) -> str:
        """``holding 100-101``: the whole span, or value ``index`` of it."""
        if index is None:
            return where_text(self.table, self.address, self.registers)
        width = self.codec.width
        return where_text(self.table, self.address + index * width, width)


@dataclass(frozen=True)
class Addressing:
    """The addressing options as given (None: not given); :meth:`span` fills the rest from a point or defaults."""

    unit: int | None = None
    table: str | None = None
    address: int | None = None
    as_type: str | None = None
    order: str | None = None
    scale: float | None = None
    map_path: Path | None = None

    def span(self, ref: str | None = None, count: int | None = None) -> Span:
        """The span of point ``ref`` (or of the options alone), with any option given overriding the point."""
        return self.span_of(self.point(ref) if ref else None, count)

    def span_of(self, named: NamedPoint | None, count: int | None = None) -> Span:
        point = named.point if named else None
        table = self.table or (point.table if point else "holding")
        decoding = point if point and (point.table in BIT_TABLES) == (table in BIT_TABLES) else None
        span = Span(
            unit=self.unit if self.unit is not None else (named.unit if named else 1),
            table=table,
            address=self.address if self.address is not None else (point.address if point else 0),
            count=count or 1,
            codec=self._codec(table, decoding),  # a point moved to the other kind of table keeps no decoding
            point=named.name if named else None,
            units=point.units if point else "",
        )
        check_span(span)
        return span

    def point(self, ref: str) -> NamedPoint:
        from .modbus_points import find_point, load_map

        source = str(self.map_path) if self.map_path else "the built-in power-meter map"
        return find_point(load_map(self.map_path), ref, source)

    def map_spans(self) -> list[Span]:
        """One span per point of ``--map`` (what `watch --map FILE` shows)."""
        from .modbus_points import load_map, named_points

        return [self.span_of(named) for named in named_points(load_map(self.map_path))]

    def _codec(self, table: str, point) -> Codec:
        bits = table in BIT_TABLES
        as_type = self.as_type or (point.type if point else None) or ("bool" if bits else "uint16")
        if bits != (as_type == "bool"):
            what = "coils and discrete inputs are bits (--as bool)" if bits else "--as bool is for coils and discretes"
            raise UsageError(f"--as {as_type} does not fit the {table} table: {what}")
        if as_type == "bool" and self.order:
            raise UsageError(f"--order does not apply to {table}s (single bits)")
        numeric = as_type not in ("bool", "hex", "bits")
        if not numeric and self.scale is not None:
            raise UsageError(f"--scale applies to numeric types, not --as {as_type}")
        order = self.order or (point.order if point else "ABCD")
        scale = self.scale if self.scale is not None else (point.scale if point and numeric else 1.0)
        return Codec(as_type, order, scale)


def check_span(span: Span) -> None:
    limit = MAX_READ[span.table]
    if span.registers > limit:
        need = f"{span.count} {span.codec.type} values need {span.registers} {PLURAL[span.table]}"
        raise UsageError(f"too many values: {need}; one request takes at most {limit}")
    if span.address + span.registers - 1 > 65535:
        raise UsageError(f"{span.where()} runs past address 65535")


# -- writes -----------------------------------------------------------------------------------


def check_writable(span: Span) -> None:
    if span.table not in WRITABLE:
        raise UsageError(f"the {span.table} table is read-only; write coils or holding registers (--type)")
    if span.registers > MAX_WRITE[span.table]:
        raise UsageError(f"too many values: one request writes at most {MAX_WRITE[span.table]} {PLURAL[span.table]}")


def confirm_write(
    uri: str, target: str, new: str, yes: bool, current: Callable[[], str] | None = None, bus: BusChoice | None = None
) -> None:
    """A write to a non-local bridge, or through a local one to a non-local ``--tcp`` device, needs
    ``--yes`` or a typed confirmation, like `doover io`.

    The refusal (no ``--yes`` and stdin not a terminal) comes before any rpc; after it the current
    value (``current()``, one read) is shown on stderr and, without ``--yes``, the user is asked.
    """
    kind = "bridge"
    if is_local(uri) and bus is not None and bus.tcp and not is_local(bus.tcp):
        uri, kind = bus.tcp, "device"
    shown = None if current is None else (lambda: f"{target} at {uri} is {current()}")
    confirm_remote(uri, f"write {target}", yes, shown, kind, question=f"write {new} to {target} at {uri}?",
                   show_before_refusing=False)  # fmt: skip
