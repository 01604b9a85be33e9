"""Parameters: values the user types or picks on the site (numbers, text, yes/no, dates).

>>> from pydoover import ui
>>> ui.NumericParameter("setpoint", "Setpoint", min_val=0, max_val=10).to_dict()["type"]
'uiFloatParam'
>>> flag = ui.BooleanParameter("enabled", "Enabled")
>>> flag.transform_check("false")
False
"""

from __future__ import annotations

from typing import Any

from .interactions import Interaction

_FALSE_WORDS = {"false", "0", "no", "off", ""}


class NumericParameter(Interaction):
    """A number input, optionally bounded."""

    type = "uiFloatParam"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        min_val: float | None = None,
        max_val: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self.min_val = min_val
        self.max_val = max_val

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "min": self.min_val, "max": self.max_val}


class TextParameter(Interaction):
    """A text input (``is_text_area`` for several lines)."""

    type = "uiTextParam"

    def __init__(self, name: str, display_name: str | None = None, is_text_area: bool = False, **kwargs: Any) -> None:
        super().__init__(name, display_name, **kwargs)
        self.is_text_area = is_text_area

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "isTextArea": self.is_text_area}


class BooleanParameter(Interaction):
    """A yes/no switch. Values from the site are stored as ``bool`` (``"false"``/``"0"`` are False).

    Classic pydoover raised ``NotImplementedError`` here; this one works.
    """

    type = "uiBoolParam"

    def transform_check(self, new_value: Any) -> Any:
        new_value = super().transform_check(new_value)
        if isinstance(new_value, str):
            return new_value.strip().lower() not in _FALSE_WORDS
        return new_value if new_value is None else bool(new_value)


class DateTimeParameter(Interaction):
    """A date (``include_time`` adds the time of day); the value is kept as epoch seconds."""

    type = "uiDatetimeParam"

    def __init__(self, name: str, display_name: str | None = None, include_time: bool = False, **kwargs: Any) -> None:
        super().__init__(name, display_name, **kwargs)
        self.include_time = include_time

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "includeTime": self.include_time}
