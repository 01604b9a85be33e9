"""Small value types used by elements: colours, widgets, variants, ranges and options.

>>> from pydoover import ui
>>> ui.Range("Low", 0, 20, ui.Colour.red).to_dict()
{'min': 0, 'max': 20, 'colour': 'red', 'show_on_graph': True, 'label': 'Low'}
>>> ui.Option("auto", "Automatic").to_dict()
{'name': 'auto', 'displayString': 'Automatic', 'type': 'uiElement'}
"""

from __future__ import annotations

import enum
from typing import Any


class Colour:
    """Colours the site understands: plain CSS colour names."""

    blue = "blue"
    yellow = "yellow"
    red = "red"
    green = "green"
    magenta = "magenta"
    limegreen = "limegreen"
    tomato = "tomato"
    orange = "orange"
    purple = "purple"
    grey = "grey"

    @staticmethod
    def from_hex(hex_string: str) -> str:
        """A hex colour (``"#FF5733"``) where a Colour is expected; the site takes it as given."""
        return hex_string

    @staticmethod
    def from_string(value: str) -> str:
        """Any HTML colour name (``"brown"``) where a Colour is expected; the site takes it as given."""
        return value


class Widget:
    """How a :class:`~pydoover.ui.NumericVariable` is drawn (its ``form``)."""

    linear = "linearGauge"
    radial = "radialGauge"


class ApplicationVariant:
    """How an app's UI is laid out on the site (see ``UIManager.set_variant``)."""

    submodule = "submodule"
    stacked = "stacked"


class ConnectionType(enum.StrEnum):
    """How a device connects, for :class:`~pydoover.ui.ConnectionInfo`."""

    constant = "constant"
    periodic = "periodic"
    other = "other"


class Range:
    """A coloured band on a variable's gauge and graph."""

    def __init__(
        self,
        label: str | None = None,
        min_val: float | None = None,
        max_val: float | None = None,
        colour: str = Colour.blue,
        show_on_graph: bool = True,
    ) -> None:
        self.label = label
        self.min_val = min_val
        self.max_val = max_val
        self.colour = colour
        self.show_on_graph = show_on_graph

    def __repr__(self) -> str:
        return f"Range({self.label!r}, {self.min_val!r}, {self.max_val!r}, {self.colour!r})"

    def to_dict(self) -> dict[str, Any]:
        data = {
            "min": self.min_val,
            "max": self.max_val,
            "colour": str(self.colour),
            "show_on_graph": self.show_on_graph,
        }
        if self.label is not None:
            data["label"] = self.label
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Range:
        """Build a range from its JSON form (older apps pass ranges as dicts)."""
        return cls(
            label=data.get("label"),
            min_val=data.get("min", data.get("min_val")),
            max_val=data.get("max", data.get("max_val")),
            colour=data.get("colour", Colour.blue),
            show_on_graph=data.get("show_on_graph", True),
        )


class Option:
    """One choice of a :class:`~pydoover.ui.StateCommand`."""

    def __init__(self, name: str, display_name: str | None = None) -> None:
        self.name = name
        self.display_name = display_name

    def __repr__(self) -> str:
        return f"Option({self.name!r}, {self.display_name!r})"

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, "displayString": self.display_name, "type": "uiElement"}
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Option:
        """Build an option from its JSON form (older apps pass options as dicts)."""
        return cls(data["name"], data.get("displayString", data.get("display_name")))
