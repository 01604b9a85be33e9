"""What a channel value may be: JSON that every read path of a DDA can serve back.

Values are served as JSON text and as a protobuf ``Struct``, and a Struct carries numbers as
doubles, nests only so deep (protobuf's parsers stop at 100 nested messages, and a JSON level
costs two), and holds only valid Unicode. A value outside those limits would be stored and then
fail every read of its channel, so it is refused when written, with the reason.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

# Events wrap a value two levels deeper (``{"aggregate": {"data": value}}``); a value nested 31
# deep is the most a 1.x subscriber can still parse, so the limit leaves a margin below that.
MAX_DEPTH = 30
STRUCT_MAX_DEPTH = MAX_DEPTH + 2  # a value in its event wrapping; 1.x clients parse a little deeper still
MAX_ID = 2**63 - 1  # ids and epoch-ms timestamps are SQLite integers
_MAX_FLOAT = sys.float_info.max
MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last time a datetime holds


class ValueRefused(ValueError):
    """A value no read path could serve back; the text says which part and why."""


def parse_json(text: str, what: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and says when text nests too deeply to parse."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueRefused(f"{what} nests too deeply to parse; the limit is {MAX_DEPTH} levels") from None
    except (json.JSONDecodeError, ValueRefused):
        raise
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit for conversions
        raise ValueRefused(f"{what}: {exc}") from None


def load_value(text: str, what: str = "data") -> Any:
    """JSON text as a channel value, refused (:class:`ValueRefused`) when no read could serve it.

    Invalid JSON raises ``json.JSONDecodeError`` as ``json.loads`` does.
    """
    value = parse_json(text, what)
    check_value(value, what)
    return value


def check_value(value: Any, what: str = "data", max_depth: int = MAX_DEPTH) -> None:
    """Refuse a value nested deeper than ``max_depth``, a number a double cannot hold, or bad Unicode."""
    if not _fits(value, max_depth):
        _explain(value, what, max_depth)


def _fits(value: Any, depth_left: int) -> bool:
    """The quick test of every write: no paths built. Recursion stops at ``depth_left`` levels."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _encodable(value)
    if kind is dict:
        return depth_left > 0 and all(
            (key.isascii() or _encodable(key)) and _fits(child, depth_left - 1) for key, child in value.items()
        )
    if kind is list:
        return depth_left > 0 and all(_fits(child, depth_left - 1) for child in value)
    if kind is float:
        return -_MAX_FLOAT <= value <= _MAX_FLOAT  # False for NaN and both infinities
    if kind is int:
        return -_MAX_FLOAT <= value <= _MAX_FLOAT  # exact: Python compares int and float exactly
    return True  # bool, None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _explain(value: Any, what: str, max_depth: int) -> None:
    """Raise :class:`ValueRefused` naming the first part of ``value`` that does not fit."""
    pending = [(value, 0, what)]
    while pending:  # iterative: a hostile value must not exhaust the interpreter's stack
        item, depth, path = pending.pop()
        if isinstance(item, dict | list):
            if depth >= max_depth:
                raise ValueRefused(f"{path} nests deeper than {max_depth} levels; flatten the value")
            if isinstance(item, dict):
                for key, child in item.items():
                    _check_text(key, f"a key in {path}")
                    pending.append((child, depth + 1, f"{path}.{key}"))
            else:
                pending.extend((child, depth + 1, f"{path}[{index}]") for index, child in enumerate(item))
        elif isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            _check_int(item, path)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueRefused(f"{path} is {item}; JSON numbers must be finite (no NaN or Infinity)")


def check_id(value: int, what: str) -> int:
    if not 0 <= value <= MAX_ID:
        raise ValueRefused(f"{what} {value} is out of range; expected 0 to {MAX_ID}")
    return value


def check_timestamp_ms(value: int, what: str = "timestamp") -> int:
    if not 0 <= value <= MAX_TIMESTAMP_MS:
        raise ValueRefused(
            f"{what} {value} is out of range; expected epoch milliseconds from 0 to {MAX_TIMESTAMP_MS} (year 9999)"
        )
    return value


def _check_int(number: int, path: str) -> None:
    if not -_MAX_FLOAT <= number <= _MAX_FLOAT:
        raise ValueRefused(
            f"{path} is an integer too large to serve as a number (over 308 digits); send it as a string"
        )


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise ValueRefused(f"{path} contains a lone surrogate {bad!r}; strings must be valid Unicode") from None


def _refuse_constant(name: str) -> Any:
    raise ValueRefused(f"{name} is not a JSON number; numbers must be finite")
