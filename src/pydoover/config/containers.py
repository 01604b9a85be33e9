"""Container elements: ``Object`` (named children) and ``Array`` (rows copied from a template).

>>> from pydoover.config import Array, Integer, Object
>>> pump = Object("Pump")
>>> pump.pin = Integer("Pin", default=1)
>>> pumps = Array("Pumps", element=pump)
>>> pumps.load_data([{"pin": 4}, {}])
>>> pumps.value
[{'pin': 4}, {'pin': 1}]
>>> pumps.elements[0].pin.value
4
"""

from __future__ import annotations

import copy
from typing import Any

from .checks import WrongKindError, require
from .element import ConfigElement
from .registry import HasChildren

_OWN_ATTRS = frozenset(
    {
        "display_name",
        "default",
        "description",
        "deprecated",
        "hidden",
        "additional_elements",
        "collapsible",
        "default_collapsed",
    }
)


def _refuse_default(cls: type, display_name: str, default: Any, reason: str) -> None:
    """Any ``default=`` (even None) is refused with ``ValueError``, as classic pydoover does."""
    if default is not _NO_DEFAULT:
        raise ValueError(f"{cls.__name__} {display_name!r} takes no default: {reason}")


_NO_DEFAULT = object()


class Object(HasChildren, ConfigElement[dict[str, Any]]):
    """A group of named child elements, given by attribute assignment or ``add_elements``.

    ``value`` is a dict of the children's values. Keys in the loaded data that match no child
    become plain ``ConfigElement`` extras (listed in ``elements``) when ``additional_elements`` is
    ``True``, else raise ``ValueError``; ``additional_elements`` is exported as given (a schema dict
    too). A child missing from the loaded data falls back to its default.
    """

    _json_type = "object"
    _reserved_attrs = _OWN_ATTRS

    def __init__(
        self,
        display_name: str,
        *,
        additional_elements: Any = True,
        collapsible: bool = True,
        default_collapsed: bool = False,
        default: Any = _NO_DEFAULT,
        **kwargs: Any,
    ) -> None:
        _refuse_default(type(self), display_name, default, "its children carry the defaults")
        super().__init__(display_name, **kwargs)
        for option, flag in (("collapsible", collapsible), ("default_collapsed", default_collapsed)):
            require(self._label, option, flag, isinstance(flag, bool), "a bool")
        if default_collapsed and not collapsible:
            raise ValueError(f"{self._label}: default_collapsed=True needs collapsible=True")
        self.additional_elements = additional_elements
        self.collapsible = collapsible
        self.default_collapsed = default_collapsed
        self._extras: dict[str, ConfigElement] = {}

    def __getattr__(self, name: str) -> ConfigElement:
        # classic: children given to add_elements, and loaded extras, are reachable by their key
        children = self.__dict__.get("_children_map")
        element = children.by_key.get(name) if children is not None else None
        element = element or self.__dict__.get("_extras", {}).get(name)
        if element is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return element

    def add_elements(self, *elements: ConfigElement) -> None:
        """Add children that are not attributes (reach them through ``elements``)."""
        for element in elements:
            if not isinstance(element, ConfigElement):
                kind = type(element).__name__
                raise WrongKindError(f"{self._label}: add_elements takes ConfigElements, not {kind}")
            self._children.add(element)

    @property
    def elements(self) -> list[ConfigElement]:
        """The children in declaration order, then any extras loaded from the deployment config."""
        return [*self._children.by_key.values(), *self._extras.values()]

    @property
    def value(self) -> dict[str, Any]:
        """``{key: child value}`` for every child and extra."""
        items = {**self._children.by_key, **self._extras}
        return {key: element.value for key, element in items.items()}

    @value.setter
    def value(self, data: Any) -> None:
        self.load_data(data)

    def load_data(self, data: Any) -> None:
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise WrongKindError(f"{self._label}: expected an object (dict) of child keys, not {kind}")
        children = self._children.by_key
        unknown = [key for key in data if key not in children]
        if unknown and self.additional_elements is not True:
            allowed = self.additional_elements
            raise ValueError(
                f"{self._label}: unknown key(s) {unknown} and additional_elements is {allowed!r}, not True"
            )
        for key, child in children.items():
            if key in data:
                child.load_data(data[key])
            else:
                child.reset()
        self._extras = {key: _extra(key, data[key]) for key in unknown}

    def reset(self) -> None:
        for child in self._children.by_key.values():
            child.reset()
        self._extras = {}

    def _type_schema(self) -> dict[str, Any]:
        return {
            "properties": self._children.properties(),
            "additionalElements": self.additional_elements,
            "required": self._children.required_keys(),
            "x-collapsible": self.collapsible,
            "x-defaultCollapsed": self.default_collapsed,
        }


def _extra(key: str, data: Any) -> ConfigElement:
    element = ConfigElement(key)
    element.load_data(data)
    return element


class Array(ConfigElement[list[Any]]):
    """A list of rows, each a copy of the ``element`` template holding its own values.

    After loading, ``elements`` lists the row elements and ``value`` their plain values. ``value``
    raises ``ValueError`` until a list has been loaded (an Array has no default, so it is required).
    """

    _json_type = "array"

    def __init__(
        self,
        display_name: str,
        *,
        element: ConfigElement | None = None,
        min_items: int | None = None,
        max_items: int | None = None,
        unique_items: bool | None = None,
        default: Any = _NO_DEFAULT,
        **kwargs: Any,
    ) -> None:
        _refuse_default(type(self), display_name, default, "its rows come from the deployment config")
        super().__init__(display_name, **kwargs)
        if element and not isinstance(element, ConfigElement):
            raise ValueError(f"{self._label}: element must be a ConfigElement template, not {type(element).__name__}")
        # item counts are exported as given, unchecked, as classic pydoover does
        self.element = element or None
        self.min_items = min_items
        self.max_items = max_items
        self.unique_items = unique_items
        self._rows: list[ConfigElement] | None = None

    @property
    def elements(self) -> list[ConfigElement]:
        """One element per loaded row (empty until a list is loaded)."""
        return list(self._rows or [])

    @property
    def value(self) -> list[Any]:
        if self._rows is None:
            raise ValueError(f"Value for {self._key} not set: the deployment config has no list for this Array")
        return [row.value for row in self._rows]

    @value.setter
    def value(self, data: Any) -> None:
        self.load_data(data)

    def load_data(self, data: Any) -> None:
        try:
            rows = list(data)  # classic iterates whatever it is given
        except TypeError:
            raise TypeError(f"{self._label}: expected a list of rows, not {type(data).__name__}") from None
        self._rows = [self._row(index, item) for index, item in enumerate(rows)]

    def reset(self) -> None:
        self._rows = None

    def _row(self, index: int, data: Any) -> ConfigElement:
        if self.element is None:
            row = ConfigElement(f"{self.display_name} {index}")
        else:
            row = copy.deepcopy(self.element)
            row.reset()
        row.load_data(data)
        return row

    def _type_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.element is not None:
            out["items"] = self.element.to_dict()
        if self.min_items is not None:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.unique_items is not None:
            out["uniqueItems"] = self.unique_items
        return out
