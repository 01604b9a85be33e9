"""``Enum``: a choice from a fixed list, given as a list or as a Python ``enum.Enum`` class.

>>> import enum
>>> from pydoover.config import Enum
>>> mode = Enum("Mode", choices=["auto", "manual"], default="auto")
>>> mode.to_dict()["enum"]
['auto', 'manual']

With a Python enum, ``str()`` of each member's value is a choice and ``value`` returns the member's
value (classic behaviour):

>>> class Speed(enum.Enum):
...     SLOW = 1
...     FAST = 2
>>> speed = Enum("Speed", choices=Speed, default=Speed.FAST)
>>> speed.default, speed.value
('2', 2)
"""

from __future__ import annotations

import enum
from typing import Any

from .element import ConfigElement
from .keys import NotSet, Variable


class Enum(ConfigElement):
    """A drop-down of ``choices``; loading a value that is not a choice raises ``ValueError``."""

    def __init__(self, display_name: str, *, choices: list[Any] | type[enum.Enum], default: Any, **kwargs: Any):
        if isinstance(choices, type) and issubclass(choices, enum.Enum):
            self._enum_class: type[enum.Enum] | None = choices
            self.choices = [str(member.value) for member in choices]
            self._values = [member.value for member in choices]
        elif isinstance(choices, (list, tuple)):
            self._enum_class = None
            self.choices = list(choices)
            self._values = list(choices)
        else:
            kind = type(choices).__name__
            raise TypeError(f"Enum {display_name!r}: choices must be a list or an enum.Enum class, not {kind}")
        if not self.choices:
            raise ValueError(f"Enum {display_name!r}: choices must not be empty")
        if isinstance(default, enum.Enum):
            default = str(default.value)
        super().__init__(display_name, default=default, **kwargs)
        self._json_type = _json_type_of(self.choices)

    def load_data(self, data: Any) -> None:
        if data is not NotSet and not isinstance(data, Variable):
            self._index(data)
        super().load_data(data)

    def to_dict(self) -> dict[str, Any]:
        return {"enum": list(self.choices), **super().to_dict()}

    def _check_default(self, default: Any) -> None:
        self._index(default, what="default")

    def _convert(self, raw: Any) -> Any:
        return self._values[self._index(raw)]

    def _index(self, raw: Any, what: str = "value") -> int:
        """Position of ``raw`` among the choices; a Python-enum Enum also accepts members and unstringified values."""
        if self._enum_class is not None:
            raw = str(raw.value) if isinstance(raw, enum.Enum) else str(raw)
        for index, choice in enumerate(self.choices):
            if choice == raw and isinstance(choice, bool) == isinstance(raw, bool):
                return index
        raise ValueError(f"{self._label}: {what} {raw!r} is not one of the choices {self.choices}")


def _json_type_of(choices: list[Any]) -> str | None:
    """``string`` when every choice is a str, ``number`` when every one is a float, else no type."""
    if all(isinstance(choice, str) for choice in choices):
        return "string"
    if all(isinstance(choice, float) for choice in choices):
        return "number"
    return None
