"""Scalar elements: ``Integer``, ``Number``, ``Boolean``, ``String`` and ``Application``.

>>> from pydoover.config import Integer, Number
>>> Integer("Digital Output Number", default=2, minimum=0).to_dict()["type"]
'integer'
>>> Number("Pump On Time", default=5.0).value
5.0
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypeVar

from .element import ConfigElement

N = TypeVar("N", int, float, default=int)

_LIMITS = {
    "minimum": "minimum",
    "exclusive_minimum": "exclusiveMinimum",
    "maximum": "maximum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
}


class Integer(ConfigElement[N]):
    """A whole number; the default must be an ``int`` (or None). Limits are exported as given."""

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
        self.minimum = minimum
        self.exclusive_minimum = exclusive_minimum
        self.maximum = maximum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of

    def _check_default(self, default: Any) -> None:
        self._require_default(default, isinstance(default, int), "an int or None")

    def _type_schema(self) -> dict[str, Any]:
        return {keyword: getattr(self, attr) for attr, keyword in _LIMITS.items() if getattr(self, attr) is not None}


class Number(Integer[float]):
    """A real number; the default must be a ``float`` (write ``5.0``, not ``5``)."""

    _json_type = "number"

    def _check_default(self, default: Any) -> None:
        self._require_default(default, isinstance(default, float), "a float or None (write 5.0, not 5)")


class Boolean(ConfigElement[bool]):
    """True or false; the default must be a ``bool``."""

    _json_type = "boolean"

    def _check_default(self, default: Any) -> None:
        self._require_default(default, isinstance(default, bool), "a bool or None")


class String(ConfigElement[str]):
    """Text; ``length`` and ``pattern`` (a regular expression) are exported as given, for the UI and validators."""

    _json_type = "string"

    def __init__(self, display_name: str, *, length: int | None = None, pattern: str | None = None, **kwargs: Any):
        super().__init__(display_name, **kwargs)
        self.length = length
        self.pattern = pattern

    def _check_default(self, default: Any) -> None:
        self._require_default(default, isinstance(default, str), "a str or None")

    def _type_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.length is not None:
            out["length"] = self.length
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out


class Application(ConfigElement[str]):
    """The key of another app on the same device (a string with ``format: doover-application``)."""

    _json_type = "string"

    def _check_default(self, default: Any) -> None:
        self._require_default(default, isinstance(default, str), "a str (an app key) or None")

    def _type_schema(self) -> dict[str, Any]:
        return {"format": "doover-application"}
