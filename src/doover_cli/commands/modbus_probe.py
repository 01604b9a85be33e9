"""`doover modbus scan` (which unit ids answer) and `doover modbus probe` (which decoding gives a value).

A unit is there when it answers, even with a Modbus exception: only silence, or a gateway's
0x0A/0x0B (path unavailable, target failed to respond), means nobody is at that id.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from ..command_target import Target
from ..errors import CLIError, UsageError
from ..output import Output, note
from .modbus_options import DEFAULT, OneBased, Table, bridge_options, bus_options, with_options
from .modbus_support import BusChoice, where_text, zero_based
from .modbus_values import Codec, raw_text

SCAN_TIMEOUT = 0.3  # seconds a --tcp/--serial bus waits per id while scanning
PROBE_TYPES = ("uint16", "int16", "uint32", "int32", "float32", "float64")  # tie-break order: simplest first
PROBE_ORDERS = ("ABCD", "CDAB", "BADC", "DCBA")
PROBE_SCALES = (1.0, 0.1, 0.01, 0.001, 10.0)
PROBE_TABLES = ("holding", "input")
PROBE_WIDTH = 4  # registers probe reads: enough for a float64
SHORT_READ_CODES = (0x02, 0x03)  # illegal address / value: the table ends before PROBE_WIDTH registers

# -- scan ------------------------------------------------------------------------------------------

Ids = Annotated[str, typer.Option("--ids", help="Unit ids to try, like 1-10,15,20-22.")]
ScanTable = Annotated[Table | None, typer.Option("--type", case_sensitive=False, help="Table read [default: holding].")]
ScanAddress = Annotated[int | None, typer.Option("--address", min=0, help="Address read on each id [default: 0].")]


def parse_ids(text: str) -> list[int]:
    """``"1-3,7"`` -> ``[1, 2, 3, 7]``: ascending, without repeats; a usage error for anything else."""
    ids: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            raise UsageError(f"--ids {text!r}: {part.strip()!r} is not an id or a range like 1-10")
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        if low > high:
            raise UsageError(f"--ids {text!r}: the range {low}-{high} runs backwards")
        if low < 1 or high > 247:
            raise UsageError(f"--ids {text!r}: unit ids are 1-247 (0 is broadcast, which never answers)")
        ids.update(range(low, high + 1))
    return sorted(ids)


def knock(session, unit: int, table: str, address: int) -> dict[str, Any] | None:
    """What unit ``unit`` answers to one read (no retries), or None when nobody is there."""
    from .modbus_client import DeviceError, exception_text

    try:
        registers = session.read_raw(unit, table, address, 1, retries=0)
    except DeviceError as exc:
        if exc.nobody_there:
            return None
        if not 1 <= exc.code <= 255:
            raise  # the bus itself cannot reach anything: scanning on would say nothing
        return {"id": unit, "registers": None, "exception_code": exc.code, "answer": exception_text(exc.code)}
    answer = f"{table} {address} = {raw_text(registers, table in ('coil', 'discrete'))}"
    return {"id": unit, "registers": registers, "exception_code": None, "answer": answer}


def progress(text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\x1b[K{text}", end="", file=sys.stderr, flush=True)


@with_options(bus=bus_options, target=bridge_options)
def scan(
    ids: Ids = "1-247",
    table: ScanTable = None,
    address: ScanAddress = None,
    one_based: OneBased = False,
    bus: BusChoice = DEFAULT,
    target: Target = DEFAULT,
) -> None:
    """Find the unit ids that answer on a bus; exit 1 when none does.

    Reads one register (or bit) at --address from each id, without retries. A Modbus exception
    answer counts as a device; silence or a gateway's 0x0A/0x0B does not. A --tcp/--serial bus
    waits --timeout (0.3 s) per id; a named bus waits its own timeout.

    Example: doover modbus scan --tcp 192.168.1.50:502 --ids 1-10
    """
    from .modbus_client import Session

    wanted = parse_ids(ids)
    table, address = zero_based(address, table, one_based)
    table, address = table or "holding", address or 0
    found = []
    try:
        with Session(target, bus, default_timeout=SCAN_TIMEOUT) as session:
            for unit in wanted:
                progress(f"scanning id {unit} on {bus.label}: {len(found)} found")
                answer = knock(session, unit, table, address)
                if answer is not None:
                    found.append(answer)
    finally:
        progress("")  # never leave the progress line behind (Ctrl-C, an unreachable bridge)
    rows = [(f["id"], f["answer"]) for f in found]
    target.output.table([{k: v for k, v in f.items() if k != "answer"} for f in found], ["id", "answer"], rows)
    if not found:
        raise CLIError(f"no unit answered on bus {bus.label} (ids {ids})")


# -- probe -----------------------------------------------------------------------------------------

ProbeAddress = Annotated[int, typer.Option("--address", min=0, help="First register of the value.")]
ProbeUnit = Annotated[int, typer.Option("--id", min=0, max=247, help="Unit id (slave address) 0-247.")]
ProbeTable = Annotated[
    Table | None, typer.Option("--type", case_sensitive=False, help="Only this table [default: holding and input].")
]
Expect = Annotated[float, typer.Option("--expect", help="The value the device should show (from its display).")]
Tolerance = Annotated[
    float | None,
    typer.Option(
        "--tolerance", min=0, help="Largest difference that matches [default: 0.5% of |--expect|, at least 0.01]."
    ),
]


@dataclass(frozen=True)
class Match:
    table: str
    codec: Codec
    value: float
    diff: float
    registers: list[int]

    def rank(self, tables: list[str]) -> tuple:
        codec = self.codec
        preference = (PROBE_SCALES.index(codec.scale), PROBE_ORDERS.index(codec.order), PROBE_TYPES.index(codec.type))
        return (self.diff, tables.index(self.table), *preference)

    def record(self) -> dict[str, Any]:
        codec = self.codec
        return {"table": self.table, "type": codec.type, "order": codec.order, "scale": codec.scale,
                "value": self.value, "diff": self.diff, "registers": self.registers}  # fmt: skip

    def command(self, unit: int, address: int) -> str:
        """The `doover modbus read` that shows this decoding."""
        codec = self.codec
        parts = [f"--id {unit}"] if unit != 1 else []
        parts += [f"--type {self.table}", f"--address {address}", f"--as {codec.type}"]
        parts += [f"--order {codec.order}"] if codec.order != "ABCD" else []
        parts += [f"--scale {codec.scale:g}"] if codec.scale != 1 else []
        return "doover modbus read " + " ".join(parts)


def decodings(table: str, registers: list[int], expect: float, tolerance: float) -> Iterator[Match]:
    """Every type x order x scale of ``registers`` whose value is within ``tolerance`` of ``expect``."""
    for value_type in PROBE_TYPES:
        codec_width = Codec(value_type).width
        if codec_width > len(registers):
            continue
        words = registers[:codec_width]
        orders = PROBE_ORDERS if codec_width > 1 else ("ABCD", "BADC")  # one word: only the byte swap differs
        for order in orders:
            for scale in PROBE_SCALES:
                codec = Codec(value_type, order, scale)
                value = codec.decode(words)
                if math.isfinite(value) and abs(value - expect) <= tolerance:
                    yield Match(table, codec, value, round(abs(value - expect), 9), words)


def read_block(session, unit: int, table: str, address: int) -> list[int] | Exception:
    """Up to PROBE_WIDTH registers from ``address`` (fewer at the end of the table), or the DeviceError."""
    from .modbus_client import DeviceError

    count = min(PROBE_WIDTH, 65536 - address)
    while True:
        try:
            return session.read_raw(unit, table, address, count)
        except DeviceError as exc:
            if exc.code not in SHORT_READ_CODES or count == 1:
                return exc
            count -= 1


@dataclass(frozen=True)
class Probe:
    """What probe read from each table (registers, or the error), and the decodings that match."""

    unit: int
    address: int
    expect: float
    tolerance: float
    blocks: dict[str, list[int] | Exception]

    @property
    def read(self) -> dict[str, list[int]]:
        return {name: block for name, block in self.blocks.items() if isinstance(block, list)}

    def matches(self) -> list[Match]:
        tables = list(self.blocks)
        found = (m for name, regs in self.read.items() for m in decodings(name, regs, self.expect, self.tolerance))
        return sorted(found, key=lambda match: match.rank(tables))

    def notes(self) -> list[str]:
        """A line per table: the registers read, or why none were."""
        return [
            f"{where_text(name, self.address, len(block))}: {raw_text(block, False)}"
            if isinstance(block, list)
            else str(block)
            for name, block in self.blocks.items()
        ]

    def record(self, matches: list[Match]) -> dict[str, Any]:
        tables = {
            name: {"registers": block, "error": None}
            if isinstance(block, list)
            else {"registers": None, "error": str(block)}
            for name, block in self.blocks.items()
        }
        head = {"unit": self.unit, "address": self.address, "expect": self.expect, "tolerance": self.tolerance}
        return {**head, "tables": tables, "matches": [m.record() for m in matches]}


@with_options(bus=bus_options, target=bridge_options)
def probe(
    address: ProbeAddress,
    expect: Expect,
    tolerance: Tolerance = None,
    unit: ProbeUnit = 1,
    table: ProbeTable = None,
    one_based: OneBased = False,
    bus: BusChoice = DEFAULT,
    target: Target = DEFAULT,
) -> None:
    """Find the type, byte order and scale that turn the registers at --address into --expect.

    Reads up to 4 registers from the holding and input tables (or --type), decodes them every
    way (int16 ... float64, ABCD/CDAB/BADC/DCBA, scale 1, 0.1, 0.01, 0.001, 10) and lists the
    decodings within --tolerance of the value, best first. Exit 1 when none matches.

    Example: doover modbus probe --address 0 --expect 230.1 --tolerance 5
    """
    from .modbus_client import Session

    if not math.isfinite(expect):
        raise UsageError("--expect must be a finite number")
    table, address = zero_based(address, table, one_based)
    if table in ("coil", "discrete"):
        raise UsageError(f"probe decodes registers: use --type holding or input, not {table}")
    with Session(target, bus) as session:
        blocks = {name: read_block(session, unit, name, address) for name in ([table] if table else PROBE_TABLES)}
    if not any(isinstance(block, list) for block in blocks.values()):
        raise next(iter(blocks.values()))  # nothing to decode: the first table's error
    tolerance = max(0.005 * abs(expect), 0.01) if tolerance is None else tolerance
    result = Probe(unit, address, expect, tolerance, blocks)
    matches = result.matches()
    show(result, matches, target.json)
    if not matches:
        raise CLIError(f"no decoding of {' or '.join(result.read)} {address} is within {tolerance:g} of {expect:g}")


def show(result: Probe, matches: list[Match], json_output: bool) -> None:
    """The matches as a table, with what was read and the best match's read command on stderr."""
    if json_output:
        Output(True).result(result.record(matches))
        return
    for line in result.notes():
        note(line)
    if matches:
        rows = [(m.table, m.codec.type, m.codec.order, f"{m.codec.scale:g}", m.value, f"{m.diff:g}",
                 raw_text(m.registers, False)) for m in matches]  # fmt: skip
        Output(False).table(None, ["table", "type", "order", "scale", "value", "diff", "registers"], rows)
        note(f"best match: {matches[0].command(result.unit, result.address)}")
