"""How `doover modbus` turns registers into values and values into registers (``--as``, ``--order``, ``--scale``).

    codec = Codec("float32", "CDAB")
    codec.values([0x0000, 0x3F80]) == [1.0]
    codec.parse("1.5") == [0x0000, 0x3FC0]          # a VALUE argument of `modbus write`
    Codec("uint16", scale=0.1).values([500]) == [50.0]

Built on :mod:`pydoover.utils.registers` (which imports nothing heavy). Besides the numeric types,
``hex`` and ``bits`` show one register as ``0x01F4`` or ``0000 0001 1111 0100``, and ``bool`` is
the type of coils and discrete inputs.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydoover.utils.registers import INT_RANGE, TYPES, WIDTH, decode, encode

from ..errors import UsageError
from .io_support import parse_switch

AsType = Literal["uint16", "int16", "uint32", "int32", "float32", "float64", "hex", "bits", "bool"]
Order = Literal["ABCD", "CDAB", "BADC", "DCBA"]
NUMERIC = TYPES  # int16 uint16 int32 uint32 float32 float64
WORD_FORMS = ("hex", "bits")  # one register shown as text


@dataclass(frozen=True)
class Codec:
    """A value type with its byte/word order and scale (value = raw * scale)."""

    type: str = "uint16"
    order: str = "ABCD"
    scale: float = 1.0

    @property
    def width(self) -> int:
        """Registers (or bits) per value."""
        return WIDTH.get(self.type, 1)

    # -- registers to values -------------------------------------------------------------------

    def values(self, registers: list[int]) -> list[Any]:
        """Every value in ``registers`` (a whole number of values)."""
        step = self.width
        return [self.decode(registers[i : i + step]) for i in range(0, len(registers), step)]

    def decode(self, words: list[int]) -> Any:
        if self.type == "bool":
            return bool(words[0])
        if self.type in WORD_FORMS:
            word = decode(words, "uint16", self.order)
            return f"0x{word:04X}" if self.type == "hex" else f"{word:016b}"
        return scaled(decode(words, self.type, self.order), self.type, self.scale)

    def text(self, value: Any, units: str = "") -> str:
        """A value for people: on/off, grouped bits, numbers with their units."""
        if self.type == "bool":
            return "on" if value else "off"
        if self.type == "bits":
            return " ".join(value[i : i + 4] for i in range(0, 16, 4))
        if self.type == "hex":
            return value
        return f"{value}{f' {units}' if units else ''}"

    # -- values to registers ------------------------------------------------------------------

    def parse(self, text: str) -> list[int]:
        """A VALUE argument as this codec's registers; a usage error naming VALUE when it does not fit."""
        if self.type == "bool":
            return [int(parse_switch(text))]
        if self.type in WORD_FORMS:
            return encode(self._word(text), "uint16", self.order)
        number = self._number(text)
        raw = number / self.scale
        if self.type in INT_RANGE:
            raw = self._whole(text, raw)
        try:
            return encode(raw, self.type, self.order)
        except (ValueError, OverflowError):
            low, high = INT_RANGE.get(self.type, ("", ""))
            bounds = f" ({low}..{high})" if self.type in INT_RANGE else ""
            raw_note = f" is {raw:g} raw and" if self.scale != 1 else ""
            raise UsageError(f"VALUE {text!r}{raw_note} does not fit {self.type}{bounds}") from None

    def _word(self, text: str) -> int:
        base, what = (16, "a hex value like 0x01F4") if self.type == "hex" else (2, "16 binary digits")
        cleaned = re.sub(r"[\s_]", "", text)
        try:
            word = int(cleaned, base)
        except ValueError:
            word = -1
        if not 0 <= word <= 0xFFFF:
            raise UsageError(f"VALUE {text!r} is not one register: --as {self.type} expects {what}")
        return word

    def _number(self, text: str) -> float | int:
        try:
            if re.fullmatch(r"[+-]?0[xXbBoO][0-9a-fA-F_]+", text):
                number = int(text, 0)
            else:
                number = int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
        except ValueError:
            raise UsageError(f"VALUE {text!r} is not a number; --as {self.type} expects one like 12.5") from None
        if not math.isfinite(number):
            raise UsageError(f"VALUE {text!r} must be a finite number")
        return number

    def _whole(self, text: str, raw: float) -> int:
        nearest = round(raw)
        if abs(raw - nearest) > 1e-6 * max(1.0, abs(raw)):
            steps = f" of {self.scale:g} steps (--scale {self.scale:g})" if self.scale != 1 else ""
            raise UsageError(f"VALUE {text!r} is not a whole number{steps}; {self.type} holds integers")
        return nearest


def scaled(raw: float | int, value_type: str, scale: float) -> float | int:
    """``raw * scale`` without float noise: ints stay ints, 500 * 0.1 is 50.0, float32 keeps its digits."""
    if value_type == "float32":
        raw = shortest_f32(raw)
    if scale == 1:
        return raw
    if value_type in INT_RANGE and scale == int(scale):
        return raw * int(scale)
    value = raw * scale
    if not math.isfinite(value):
        return value
    if value_type in INT_RANGE:
        return round(value, decimals(scale))
    return float(f"{value:.12g}")


def shortest_f32(value: float) -> float:
    """The shortest decimal that is the same float32: 230.1234130859375 -> 230.12341."""
    if not math.isfinite(value):
        return value
    packed = struct.pack(">f", value)
    for digits in range(6, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.pack(">f", candidate) == packed:
            return candidate
    return value


def decimals(scale: float) -> int:
    """Digits after the point that ``scale`` has: 0.1 -> 1, 0.25 -> 2, 10 -> 0."""
    exponent = Decimal(repr(scale)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def raw_text(registers: list[int], bits: bool) -> str:
    """Registers as ``0x01F4 0x0000``; bits as ``1``/``0``."""
    return " ".join(str(int(r)) if bits else f"0x{r & 0xFFFF:04X}" for r in registers)


def json_value(value: Any) -> Any:
    """Non-finite floats as strings, since JSON has no NaN or Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value
