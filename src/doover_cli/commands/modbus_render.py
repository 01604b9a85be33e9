"""A read's result and its two faces: aligned lines for people, one JSON object for scripts.

holding 100  0x01F4  500
meter.voltage  input 0-1  0x4366 0x1EB8  230.12 V

{"bus": "default", "unit": 1, "table": "input", "address": 0, "type": "float32", "order": "ABCD",
 "scale": 1.0, "registers": [17254, 7864], "values": [230.12], "point": "meter.voltage", "units": "V"}
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .modbus_support import Span
from .modbus_values import NUMERIC, json_value, raw_text


@dataclass(frozen=True)
class Reading:
    """The registers (bits as 0/1) read for a span, and the values they decode to."""

    span: Span
    registers: list[int]

    @cached_property
    def values(self) -> list[Any]:
        return self.span.codec.values(self.registers)

    def rows(self) -> list[tuple[str, ...]]:
        """Per value: (point name when named,) where, raw registers, decoded value with units."""
        span, width = self.span, self.span.codec.width
        named = (span.point,) if span.point else ()
        return [
            (
                *named,
                span.where(index),
                raw_text(self.registers[index * width : (index + 1) * width], span.bits),
                span.codec.text(value, span.units),
            )
            for index, value in enumerate(self.values)
        ]


def span_json(span: Span, bus: str) -> dict[str, Any]:
    """What a span addresses, with its decoding; order and scale are null where they do not apply."""
    codec = span.codec
    data = {
        "bus": bus,
        "unit": span.unit,
        "table": span.table,
        "address": span.address,
        "type": codec.type,
        "order": None if codec.type == "bool" else codec.order,
        "scale": codec.scale if codec.type in NUMERIC else None,
    }
    return data


def point_json(span: Span) -> dict[str, Any]:
    """The point's name and units, for a named span; nothing otherwise."""
    return {"point": span.point, "units": span.units or None} if span.point else {}


def reading_json(reading: Reading, bus: str) -> dict[str, Any]:
    values = [json_value(v) for v in reading.values]
    return {
        **span_json(reading.span, bus),
        "registers": reading.registers,
        "values": values,
        **point_json(reading.span),
    }


def aligned(rows: list[tuple[str, ...]], prefix: str = "") -> str:
    """Rows as lines with their columns aligned, two spaces apart."""
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(prefix + line.rstrip() for line in lines)
