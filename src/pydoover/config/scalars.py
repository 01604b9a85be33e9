"""Scalar elements: ``Integer``, ``Number``, ``Boolean``, ``String`` and ``Application``.

>>> from pydoover.config import Integer, Number
>>> Integer("Digital Output Number", default=2, minimum=0).to_dict()["type"]
'integer'
>>> Number("Pump On Time", default=5.0).value
5.0
"""

from __future__ import annotations

from typing import Any

from .checks import is_int, is_number, optional_count, require
from .element import ConfigElement

_LIMITS = {
    "minimum": "minimum",
    "exclusive_minimum": "exclusiveMinimum",
    "maximum": "maximum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
}


class Integer(ConfigElement):
    """A whole number; the default must be an ``int``."""

    _json_type = "integer"

    def __init__(
        self,
        display_name: str,
        *,
        minimum: float | None = None,
        exclusive_minimum: float | None = None,
        maximum: float | None = None,
        exclusive_maximum: float | None = None,
        multiple_of: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(display_name, **kwargs)
        limits = {
            "minimum": minimum,
            "exclusive_minimum": exclusive_minimum,
            "maximum": maximum,
            "exclusive_maximum": exclusive_maximum,
            "multiple_of": multiple_of,
        }
        for option, limit in limits.items():
            require(self._label, option, limit, limit is None or is_number(limit), "a number or None")
        self.minimum = minimum
        self.exclusive_minimum = exclusive_minimum
        self.maximum = maximum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of

    def _check_default(self, default: Any) -> None:
        require(self._label, "default", default, is_int(default), "an int")

    def _type_schema(self) -> dict[str, Any]:
        return {keyword: getattr(self, attr) for attr, keyword in _LIMITS.items() if getattr(self, attr) is not None}


class Number(Integer):
    """A real number; the default must be a ``float`` (write ``5.0``, not ``5``)."""

    _json_type = "number"

    def _check_default(self, default: Any) -> None:
        require(self._label, "default", default, isinstance(default, float), "a float (write 5.0, not 5)")


class Boolean(ConfigElement):
    """True or false; the default must be a ``bool``."""

    _json_type = "boolean"

    def _check_default(self, default: Any) -> None:
        require(self._label, "default", default, isinstance(default, bool), "a bool")


class String(ConfigElement):
    """Text; ``length`` and ``pattern`` (a regular expression) are exported for the UI and validators."""

    _json_type = "string"

    def __init__(self, display_name: str, *, length: int | None = None, pattern: str | None = None, **kwargs: Any):
        super().__init__(display_name, **kwargs)
        optional_count(self._label, "length", length)
        require(self._label, "pattern", pattern, pattern is None or isinstance(pattern, str), "a str or None")
        self.length = length
        self.pattern = pattern

    def _check_default(self, default: Any) -> None:
        require(self._label, "default", default, isinstance(default, str), "a str")

    def _type_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.length is not None:
            out["length"] = self.length
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out


class Application(ConfigElement):
    """The key of another app on the same device (a string with ``format: doover-application``)."""

    _json_type = "string"

    def _check_default(self, default: Any) -> None:
        require(self._label, "default", default, isinstance(default, str), "a str (an app key)")

    def _type_schema(self) -> dict[str, Any]:
        return {"format": "doover-application"}
