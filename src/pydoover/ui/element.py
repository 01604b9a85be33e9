"""``Element``: the base of every classic UI element, and the JSON rules they all share.

Every element exports itself with :meth:`Element.to_dict` as the dict the Doover site reads from
the ``ui_state`` channel. Keys whose value is ``None`` are left out (a ``null`` in a diff means
"remove"), so an element only sends what it has.

    >>> from pydoover import ui
    >>> level = ui.Element("level", "Tank Level", position=3, units="%")
    >>> level.to_dict()["displayString"], level.to_dict()["units"]
    ('Tank Level', '%')
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

FIRST_POSITION = 51
"""Elements created without a ``position`` are numbered from here, in creation order."""

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")
"""What an interaction's full (app-key prefixed) name must match to be registered."""

_positions = itertools.count(FIRST_POSITION)


class UIUsageError(ValueError, RuntimeError):
    """A UI element used in a way it cannot work (classic pydoover raised ``RuntimeError``)."""


class NotSet:
    """Sentinel for "no value given" (distinct from ``None``, which is a value). Compare with ``is``."""


def next_position() -> int:
    """The next default position (a process-wide counter starting at 51)."""
    return next(_positions)


def json_value(value: Any) -> Any:
    """A value as the site expects it: datetimes as epoch seconds, sets and tuples as lists."""
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, (set, frozenset, tuple)):
        return [json_value(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def drop_none(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the keys whose value is ``None`` or :class:`NotSet`."""
    return {key: value for key, value in data.items() if value is not None and value is not NotSet}


class Element:
    """Base class of UI elements: a name, how it is shown, and where.

    ``display_str=`` is accepted for ``display_name`` (older apps). Any other keyword becomes an
    attribute and is exported under its own name, so ``Element("x", units="%")`` sends
    ``"units": "%"``.
    """

    type = "uiElement"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        is_available: bool | None = None,
        help_str: str | None = None,
        verbose_str: str | None = None,
        show_activity: bool | None = True,
        form: str | None = None,
        graphic: str | None = None,
        layout: str | None = None,
        component_url: str | None = None,
        position: int | None = None,
        conditions: dict | None = None,
        hidden: bool = False,
        **kwargs: Any,
    ) -> None:
        display_str = kwargs.pop("display_str", None)
        self.name = name
        self.display_name = display_name if display_name is not None else display_str
        self.is_available = is_available
        self.help_str = help_str
        self.verbose_str = verbose_str
        self.show_activity = show_activity
        self.form = form
        self.graphic = graphic
        self.layout = layout
        self.component_url = component_url
        self.position = next_position() if position is None else position
        self.conditions = conditions
        self.hidden = hidden
        self.parent: Element | None = None
        self._extra_keys = list(kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def to_dict(self) -> dict[str, Any]:
        """The element as the site reads it (``None`` values left out)."""
        return drop_none({**self._common_fields(), **self._extra_fields(), **self._type_fields()})

    def _common_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "displayString": self.display_name,
            "isAvailable": self.is_available,
            "helpString": self.help_str,
            "verboseString": self.verbose_str,
            "showActivity": self.show_activity,
            "form": self.form,
            "graphic": self.graphic,
            "layout": self.layout,
            "componentUrl": self.component_url,
            "position": self.position,
            "conditions": self.conditions,
            "hidden": self.hidden,
        }

    def _extra_fields(self) -> dict[str, Any]:
        """Extra constructor keywords, read live from the attributes (callables are not data)."""
        values = ((key, getattr(self, key, None)) for key in self._extra_keys)
        return {key: json_value(value) for key, value in values if not callable(value)}

    def _type_fields(self) -> dict[str, Any]:
        """Keys a subclass adds; override in subclasses."""
        return {}

    def walk(self) -> Iterator[Element]:
        """This element and everything below it (containers override)."""
        yield self
