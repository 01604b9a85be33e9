"""Containers: elements that hold other elements (groups, collapsible submodules, the app root).

    >>> from pydoover import ui
    >>> pump = ui.Submodule("pump", "Pump", children=[ui.BooleanVariable("running", "Running")])
    >>> sorted(pump.to_dict()["children"])
    ['running']

A ``Container`` subclass collects its own elements: element attributes (set before calling
``super().__init__`` or defined on the class) and methods decorated with ``@ui.action`` and
friends become children when it is built (``auto_add_elements=True``).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any, TypeVar, overload

from .decorators import build_interactions
from .element import Element

E = TypeVar("E", bound=Element)


def flatten_children(children: tuple[Any, ...]) -> list[Any]:
    """Accept ``add_children(a, b)`` and the older ``add_children([a, b])``."""
    if len(children) == 1 and isinstance(children[0], (list, tuple)):
        return list(children[0])
    return list(children)


def as_element(item: Any) -> Element:
    """An element, or a decorated bound method turned into its interaction."""
    if isinstance(item, Element):
        return item
    owner = getattr(item, "__self__", None)
    spec = getattr(item, "_ui_interaction", None)
    if owner is not None and spec is not None:
        return build_interactions(owner, only=item.__name__)[0]
    raise TypeError(f"UI children must be ui.Element instances, got {item!r}")


def _own_elements(container: Container) -> list[Element]:
    """Element attributes of a container subclass (instance first, then class, by attribute name)."""
    found: dict[str, Element] = {}
    for namespace in (vars(container), *(vars(cls) for cls in type(container).__mro__)):
        for attr, value in namespace.items():
            if isinstance(value, Element) and value is not container and attr not in found and attr != "parent":
                found[attr] = value
    return list(found.values())


class Container(Element):
    """A group of elements, exported as ``children: {name: element}``."""

    type = "uiContainer"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        children: list[Element] | None = None,
        status_icon: str | None = None,
        auto_add_elements: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self._children: list[Element] = []
        self.status_icon = status_icon
        self.add_children(*(children or []))
        if auto_add_elements:
            self._add_own_elements()

    def _add_own_elements(self) -> None:
        built = build_interactions(self)
        inside = {id(e) for child in self._children for e in child.walk()}
        extra = [e for e in [*built, *_own_elements(self)] if id(e) not in inside]
        self.add_children(*dict.fromkeys(extra))

    @property
    def children(self) -> list[Element]:
        return list(self._children)

    def add_children(self, *children: Element) -> None:
        """Add elements; one with the same name as an existing child replaces it."""
        for child in map(as_element, flatten_children(children)):
            self._children = [c for c in self._children if c is not child and c.name != child.name]
            self._children.append(child)
            child.parent = self

    def remove_children(self, *children: Element | str) -> None:
        """Remove elements (or element names) from anywhere below this container."""
        for child in flatten_children(children):
            for container in [self, *self.get_all_elements(Container)]:
                container._remove_direct(child)

    def _remove_direct(self, child: Element | str) -> None:
        def matches(element: Element) -> bool:
            if isinstance(child, str):
                return element.name == child or getattr(element, "local_name", None) == child
            return element is child

        for element in [c for c in self._children if matches(c)]:
            self._children.remove(element)
            element.parent = None

    def set_children(self, children: list[Element]) -> None:
        """Replace all children."""
        self.clear_children()
        self.add_children(*flatten_children((children,)))

    def clear_children(self) -> None:
        for child in self._children:
            child.parent = None
        self._children = []

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self._children:
            yield from child.walk()

    @overload
    def get_all_elements(self, type_filter: None = None) -> list[Element]: ...
    @overload
    def get_all_elements(self, type_filter: builtins.type[E]) -> list[E]: ...
    def get_all_elements(self, type_filter: builtins.type[E] | None = None) -> list[Element] | list[E]:
        """Every element below this container, optionally only those of one type."""
        below = [e for e in self.walk() if e is not self]
        if type_filter is None:
            return below
        return [e for e in below if isinstance(e, type_filter)]

    def get_element(self, name: str) -> Element | None:
        """The element below this container with this name (full or un-prefixed), or None."""
        below = self.get_all_elements()
        exact = next((e for e in below if e.name == name), None)
        return exact or next((e for e in below if getattr(e, "local_name", None) == name), None)

    def _type_fields(self) -> dict[str, Any]:
        return {"statusIcon": self.status_icon, "children": {c.name: c.to_dict() for c in self._children}}


class Submodule(Container):
    """A collapsible section with a status line."""

    type = "uiSubmodule"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        children: list[Element] | None = None,
        status: str | None = None,
        is_collapsed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, children=children, **kwargs)
        self.status = status
        self.is_collapsed = is_collapsed

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "statusString": self.status, "defaultOpen": not self.is_collapsed}


class Application(Container):
    """The root of an app's UI (the UI manager owns one, named after the app key)."""

    type = "uiApplication"

    def __init__(
        self,
        name: str | None,
        display_name: str | None = None,
        children: list[Element] | None = None,
        variant: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, children=children, **kwargs)  # type: ignore[arg-type]  # unnamed until keyed
        self.variant = variant

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "variant": self.variant}
