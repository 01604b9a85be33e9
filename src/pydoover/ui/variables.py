"""Variables: read-only values the app shows on the site (levels, states, times).

    >>> from pydoover import ui
    >>> level = ui.NumericVariable("level", "Tank Level", precision=1, ranges=[ui.Range("Low", 0, 20)])
    >>> level.update(42.345)
    >>> level.to_dict()["currentValue"]
    42.3

A variable with a ``log_threshold`` asks the UI manager to log (record in history) the next push
when its value moves by more than the threshold from the last logged value; ``BooleanVariable``
logs every change (threshold 0). ``update(value, force_log=True)`` always asks for a log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .element import Element, NotSet, json_value
from .helpers import Range


def _as_range(value: Range | dict) -> Range:
    return value if isinstance(value, Range) else Range.from_dict(value)


def crossed_threshold(old: Any, new: Any, threshold: float) -> bool:
    """True when moving from ``old`` to ``new`` is a change worth logging under ``threshold``."""
    if old is NotSet or old is None:
        return new is not None and new is not NotSet
    if old == new:
        return False
    numbers = (int, float)
    if isinstance(old, numbers) and isinstance(new, numbers):
        return abs(new - old) > threshold
    return True


class Variable(Element):
    """A value shown on the site. ``var_type`` is ``"float"``, ``"string"``, ``"bool"`` or ``"time"``."""

    type = "uiVariable"

    def __init__(
        self,
        name: str,
        display_name: str | None,
        var_type: str,
        curr_val: Any = NotSet,
        precision: int | None = None,
        ranges: list[Range | dict] | None = None,
        earliest_data_time: datetime | int | None = None,
        default_zoom: str | None = None,
        log_threshold: float | None = None,
        **kwargs: Any,
    ) -> None:
        precision = precision if precision is not None else kwargs.pop("dec_precision", None)
        super().__init__(name, display_name, **kwargs)
        self.var_type = var_type
        self.precision = precision
        self.ranges = [_as_range(r) for r in ranges or []]
        self.earliest_data_time = earliest_data_time
        self.default_zoom = default_zoom
        self.log_threshold = log_threshold
        self._log_requested = False
        self._last_logged: Any = NotSet
        self._curr_val: Any = NotSet
        if curr_val is not None and curr_val is not NotSet:
            self._curr_val = self._round(curr_val)

    @property
    def current_value(self) -> Any:
        """The value shown on the site (``None`` when never set)."""
        return None if self._curr_val is NotSet else self._curr_val

    @current_value.setter
    def current_value(self, value: Any) -> None:
        self.update(value)

    @property
    def has_local_value(self) -> bool:
        """False until the app gives the variable a value (then the cloud's value is not adopted)."""
        return self._curr_val is not NotSet

    def update(self, new_value: Any, force_log: bool = False) -> None:
        """Set the value (rounded to ``precision``); ``force_log`` logs the next push."""
        new_value = self._round(new_value)
        if force_log or self._crosses_threshold(new_value):
            self._log_requested = True
        self._curr_val = new_value

    def _round(self, value: Any) -> Any:
        if self.precision is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return round(value, self.precision)
        return value

    def _crosses_threshold(self, new_value: Any) -> bool:
        if self.log_threshold is None:
            return False
        reference = self._last_logged if self._last_logged is not NotSet else self._curr_val
        return crossed_threshold(json_value(reference), json_value(new_value), self.log_threshold)

    def has_pending_log_request(self) -> bool:
        """True when a change since the last logged push should be logged."""
        return self._log_requested

    def clear_log_request(self) -> None:
        self._log_requested = False

    def mark_logged(self) -> None:
        """Called by the UI manager after a logged push: thresholds measure from this value."""
        self._log_requested = False
        self._last_logged = self._curr_val

    def adopt_cloud_state(self, state: Any) -> None:
        """Take the cloud's ``currentValue`` if the app has not set one (e.g. after a restart)."""
        if not self.has_local_value and isinstance(state, dict) and "currentValue" in state:
            self._curr_val = state["currentValue"]
            self._last_logged = self._curr_val

    def add_ranges(self, *ranges: Range | dict) -> None:
        """Append ranges (``Range`` objects or their dict form)."""
        self.ranges.extend(_as_range(r) for r in ranges)

    def _type_fields(self) -> dict[str, Any]:
        return {
            "varType": self.var_type,
            "currentValue": json_value(self.current_value),
            "decPrecision": self.precision,
            "earliestDataDate": json_value(self.earliest_data_time),
            "defaultZoom": self.default_zoom,
            "ranges": [r.to_dict() for r in self.ranges],
        }


class NumericVariable(Variable):
    """A number; ``form`` picks a gauge (``ui.Widget.linear`` / ``ui.Widget.radial``)."""

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        curr_val: float | None = None,
        precision: int | None = None,
        ranges: list[Range | dict] | None = None,
        form: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name, display_name, "float", curr_val=curr_val, precision=precision, ranges=ranges, form=form, **kwargs
        )


class TextVariable(Variable):
    """A string."""

    def __init__(self, name: str, display_name: str | None = None, curr_val: str | None = None, **kwargs: Any) -> None:
        super().__init__(name, display_name, "string", curr_val=curr_val, **kwargs)


class BooleanVariable(Variable):
    """A true/false value; every change is logged unless ``log_threshold=None``."""

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        curr_val: bool | None = None,
        log_threshold: float | None = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, "bool", curr_val=curr_val, log_threshold=log_threshold, **kwargs)


class DateTimeVariable(Variable):
    """A point in time: a ``datetime`` or epoch seconds (sent as epoch seconds)."""

    def __init__(
        self, name: str, display_name: str | None = None, curr_val: datetime | int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(name, display_name, "time", curr_val=curr_val, **kwargs)
