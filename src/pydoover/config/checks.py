"""Checks for element constructor arguments and the errors they raise.

Classic pydoover 0.4.18 raised ``AssertionError``, ``AttributeError`` or ``KeyError`` where a
clearer type belongs; the error classes here are both, so code written against either catches them.
"""

from __future__ import annotations

from typing import Any


class DefaultTypeError(TypeError, AssertionError):
    """A default of the wrong type for its element (classic: a bare ``assert``)."""


class WrongKindError(TypeError, AttributeError):
    """A display name that is not text, or config data that is not an object (classic: ``AttributeError``)."""


class NotAChoiceError(ValueError, KeyError):
    """A value that is not one of a Python-enum ``Enum``'s choices (classic: ``KeyError``)."""

    __str__ = BaseException.__str__  # KeyError would quote the message


def label(cls: type, display_name: Any) -> str:
    """How messages name an element: ``Integer 'Pump Pin'``."""
    return f"{cls.__name__} {display_name!r}"


def option_error(owner: str, option: str, expected: str, got: Any, error: type[Exception] = TypeError) -> Exception:
    """``TypeError("Integer 'Pin': default must be an int or None, not str 'x'")``."""
    return error(f"{owner}: {option} must be {expected}, not {type(got).__name__} {got!r}")


def require(owner: str, option: str, value: Any, ok: bool, expected: str, error: type[Exception] = TypeError) -> None:
    """Raise ``option_error`` unless ``ok``."""
    if not ok:
        raise option_error(owner, option, expected, value, error)
