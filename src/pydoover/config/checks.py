"""Checks for element constructor arguments, each failing with a one-line message naming the option."""

from __future__ import annotations

from typing import Any


def label(cls: type, display_name: str) -> str:
    """How messages name an element: ``Integer 'Pump Pin'``."""
    return f"{cls.__name__} {display_name!r}"


def is_int(value: Any) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """An int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def option_error(owner: str, option: str, expected: str, got: Any) -> TypeError:
    """``TypeError("Integer 'Pin': minimum must be a number or None, not str 'x'")``."""
    return TypeError(f"{owner}: {option} must be {expected}, not {type(got).__name__} {got!r}")


def require(owner: str, option: str, value: Any, ok: bool, expected: str) -> None:
    """Raise ``option_error`` unless ``ok``."""
    if not ok:
        raise option_error(owner, option, expected, value)


def optional_count(owner: str, option: str, value: Any) -> None:
    """``value`` is None or a non-negative int (lengths and item counts)."""
    require(owner, option, value, value is None or (is_int(value) and value >= 0), "a non-negative int or None")
