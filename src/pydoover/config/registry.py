"""Children of a ``Schema`` or ``Object``: registered on attribute assignment, keyed by config key."""

from __future__ import annotations

from typing import Any

from .element import ConfigElement


class Children:
    """Ordered ``key -> element`` map; auto-positions each new element at its index."""

    def __init__(self) -> None:
        self.by_key: dict[str, ConfigElement] = {}
        self._key_of_attr: dict[str, str] = {}

    def add(self, element: ConfigElement, attr: str | None = None) -> None:
        """Register ``element``; a duplicate config key raises ``ValueError``."""
        if attr is not None:
            self.drop_attr(attr)
        key = element._key
        if key in self.by_key:
            other = self.by_key[key].display_name
            raise ValueError(
                f"duplicate config key {key!r}: {element.display_name!r} and {other!r} give the same key; "
                "rename one (the key is the display name lower-cased with spaces as '_')"
            )
        if element._position is None:
            element._position = len(self.by_key)
        self.by_key[key] = element
        if attr is not None:
            self._key_of_attr[attr] = key

    def drop_attr(self, attr: str) -> None:
        """Unregister the element held by attribute ``attr``, if any."""
        key = self._key_of_attr.pop(attr, None)
        if key is not None:
            del self.by_key[key]

    def required_keys(self) -> list[str]:
        return [key for key, element in self.by_key.items() if element.required]

    def properties(self) -> dict[str, Any]:
        return {key: element.to_dict() for key, element in self.by_key.items()}


class HasChildren:
    """Mixin: assigning a ``ConfigElement`` to an attribute registers it as a child.

    Works whether or not a subclass's ``__init__`` calls ``super().__init__()`` first (classic
    ``Schema`` subclasses often do not).
    """

    _reserved_attrs: frozenset[str] = frozenset()

    @property
    def _children(self) -> Children:
        children = self.__dict__.get("_children_map")
        if children is None:
            children = Children()
            object.__setattr__(self, "_children_map", children)
        return children

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ConfigElement):
            if name in self._reserved_attrs or hasattr(type(self), name):
                raise ValueError(
                    f"{type(self).__name__}.{name}: this attribute name is taken by "
                    f"{type(self).__name__} itself; assign the element {value.display_name!r} to another name"
                )
            self._children.add(value, attr=name)
        else:
            self._children.drop_attr(name)
        object.__setattr__(self, name, value)
