"""16-bit Modbus registers to and from typed values, in any word and byte order.

    encode(1.0, "float32") == [0x3F80, 0x0000]
    decode([0x0000, 0x3F80], "float32", "CDAB") == 1.0

Shared by the simulated field device, the SDK and ``doover modbus``; imports nothing heavy.
"""

from __future__ import annotations

import math
import struct

TYPES = ("int16", "uint16", "int32", "uint32", "float32", "float64")
ORDERS = ("ABCD", "CDAB", "BADC", "DCBA")
WIDTH = {"bool": 1, "int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2, "float64": 4}
_STRUCT = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "float32": "f", "float64": "d"}
INT_RANGE = {"int16": (-(2**15), 2**15 - 1), "uint16": (0, 2**16 - 1), "int32": (-(2**31), 2**31 - 1)}
INT_RANGE["uint32"] = (0, 2**32 - 1)


def encode(value: float, value_type: str, order: str = "ABCD") -> list[int]:
    """A value as 16-bit registers, e.g. ``encode(1.0, "float32") == [0x3F80, 0x0000]``.

    Integer types round the value and raise ``ValueError`` when it does not fit. ``order`` names the
    four bytes of a 32-bit value as sent: ABCD big-endian, CDAB word-swapped, BADC byte-swapped
    within each word, DCBA both; 16- and 64-bit values follow the same two swaps.
    """
    if value_type == "bool":
        return [1 if value else 0]
    code = _STRUCT.get(value_type)
    if code is None:
        raise ValueError(f"unknown type {value_type!r}")
    if value_type in INT_RANGE:
        if not math.isfinite(value):
            raise ValueError(f"{value!r} does not fit {value_type}")
        value = round(value)
        low, high = INT_RANGE[value_type]
        if not low <= value <= high:
            raise ValueError(f"{value} does not fit {value_type} ({low}..{high})")
    data = struct.pack(f">{code}", value)
    words = [data[i : i + 2] for i in range(0, len(data), 2)]
    return [int.from_bytes(word, "big") for word in _reorder(words, order)]


def decode(registers: list[int], value_type: str, order: str = "ABCD") -> float | int | bool:
    """The inverse of :func:`encode`: ``decode([0x0000, 0x3F80], "float32", "CDAB") == 1.0``."""
    if value_type == "bool":
        return bool(registers[0])
    code = _STRUCT.get(value_type)
    if code is None:
        raise ValueError(f"unknown type {value_type!r}")
    if len(registers) != WIDTH[value_type]:
        raise ValueError(f"{value_type} needs {WIDTH[value_type]} registers, got {len(registers)}")
    words = [(reg & 0xFFFF).to_bytes(2, "big") for reg in registers]
    # Both swaps are their own inverse, so undoing the order is applying it again.
    return struct.unpack(f">{code}", b"".join(_reorder(words, order)))[0]


def _reorder(words: list[bytes], order: str) -> list[bytes]:
    if order not in ("ABCD", "CDAB", "BADC", "DCBA"):
        raise ValueError(f"unknown order {order!r}; expected ABCD, CDAB, BADC or DCBA")
    if order in ("BADC", "DCBA"):
        words = [word[::-1] for word in words]
    if order in ("CDAB", "DCBA"):
        words = words[::-1]
    return words
