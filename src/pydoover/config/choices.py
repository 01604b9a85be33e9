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
from typing import Any, cast

from .checks import NotAChoiceError
from .element import ConfigElement
from .keys import NotSet, Variable


class Enum(ConfigElement):
    """A drop-down of ``choices``.

    As in classic pydoover, neither the default nor a loaded value is checked against a list of
    choices (``doover config validate`` and the start-up warnings report them). With a Python enum
    class, ``value`` maps the loaded text back to the member's value, and text that is no choice
    raises :class:`NotAChoiceError` (a ``KeyError``, as classic raised).
    """

    def __init__(self, display_name: str, *, choices: Any = None, default: Any, **kwargs: Any):
        if isinstance(choices, type) and issubclass(choices, enum.Enum):
            self._enum_class: type[enum.Enum] | None = choices
            self._values = [member.value for member in choices]
            self.choices: Any = [str(value) for value in self._values]
        elif isinstance(choices, str):  # classic exports a lone string as given
            self._enum_class, self._values, self.choices = None, list(choices), choices
        else:
            try:
                self._values = list(cast(Any, choices))  # any iterable; TypeError otherwise
            except TypeError:
                kind = type(choices).__name__
                raise TypeError(
                    f"Enum {display_name!r}: choices must be a list or an enum.Enum class, not {kind}"
                ) from None
            self._enum_class, self.choices = None, list(self._values)
        if isinstance(default, enum.Enum):
            default = str(default.value)
        super().__init__(display_name, default=default, **kwargs)
        self._json_type = _json_type_of(self._values if self._enum_class is None else self.choices)

    def load_data(self, data: Any) -> None:
        if self._enum_class is not None and data not in (None, NotSet) and not isinstance(data, Variable):
            self._index(data)
        super().load_data(data)

    def to_dict(self) -> dict[str, Any]:
        choices = self.choices if isinstance(self.choices, str) else list(self.choices)
        return {"enum": choices, **super().to_dict()}

    def _convert(self, raw: Any) -> Any:
        if self._enum_class is None or raw is None:
            return raw
        return self._values[self._index(raw)]

    def _index(self, raw: Any) -> int:
        """Position of ``raw`` among a Python enum's choices (members and unstringified values also match)."""
        text = str(raw.value) if isinstance(raw, enum.Enum) else str(raw)
        if text in self.choices:
            return self.choices.index(text)
        raise NotAChoiceError(f"{self._label}: value {raw!r} is not one of the choices {self.choices}")


def _json_type_of(choices: list[Any]) -> str | None:
    """``string`` when every choice is a str, ``number`` when every one is a float, else no type."""
    if all(isinstance(choice, str) for choice in choices):
        return "string"
    if all(isinstance(choice, float) for choice in choices):
        return "number"
    return None
