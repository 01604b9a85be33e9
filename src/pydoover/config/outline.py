"""A config schema seen as a flat list of keys: the table `doover config show` prints, and the
difference between two exported schemas that `doover config export` reports.

Nested keys get dotted paths; rows of an array are written ``[]`` (``pumps[].pin``).

>>> schema = {"type": "object", "required": ["pin"], "properties": {
...     "pin": {"type": "integer", "description": "Pump pin"},
...     "mode": {"enum": ["auto", "manual"], "type": "string", "default": "auto"}}}
>>> [(k.path, k.type, k.required) for k in outline(schema)]
[('pin', 'integer', True), ('mode', 'enum', False)]
>>> new = {**schema, "properties": {**schema["properties"], "mode": {"type": "string", "default": "auto"}}}
>>> [change.summary() for change in diff_schemas(schema, new)]
['mode: enum ["auto", "manual"] -> (none)']
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .describe import APP_KEY_FORMAT, types_of

_NESTED = ("properties", "items", "required")
_QUIET = ("x-position",)  # positions renumber whenever a key is added or removed; not worth a line each


@dataclass(frozen=True)
class KeyInfo:
    """One key of a schema: where it sits, its type, default, whether it is required, its description."""

    path: str
    type: str
    required: bool
    has_default: bool = False
    default: Any = None
    description: str = ""
    title: str = ""
    choices: list[Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.path,
            "title": self.title,
            "type": self.type,
            "default": self.default,
            "has_default": self.has_default,
            "required": self.required,
            "description": self.description,
            "choices": self.choices,
        }


@dataclass(frozen=True)
class SchemaChange:
    """A key added, removed or changed between two schemas; ``fields`` maps keyword -> (old, new)."""

    path: str
    change: str  # "added" | "removed" | "changed"
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def summary(self) -> str:
        """``pump_on_time: default 5.0 -> 6.0`` (added and removed keys: just the path)."""
        if self.change != "changed":
            return self.path
        parts = [f"{name} {_show(old)} -> {_show(new)}" for name, (old, new) in self.fields.items()]
        return f"{self.path}: {'; '.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        fields = {name: {"old": old, "new": new} for name, (old, new) in self.fields.items()}
        return {"key": self.path, "change": self.change, "fields": fields}


def outline(schema: Any) -> list[KeyInfo]:
    """Every key of ``schema`` (a ``Schema`` or its JSON), parents before their children."""
    from .validation import json_schema_of

    return [_info(*row) for row in _walk(json_schema_of(schema), "")]


def diff_schemas(old: Any, new: Any) -> list[SchemaChange]:
    """Keys added, removed and changed going from ``old`` to ``new`` (``old`` may be None).

    Listed in ``new``'s key order, removed keys last. ``x-position`` is not compared: it renumbers
    whenever a key is added or removed.
    """
    from .validation import json_schema_of

    before = _flat(json_schema_of(old)) if old is not None else {}
    after = _flat(json_schema_of(new))
    changes = [SchemaChange(path, "added") for path in after if path not in before]
    changes += [SchemaChange(path, "removed") for path in before if path not in after]
    for path in after.keys() & before.keys():
        fields = _changed_fields(before[path], after[path])
        if fields:
            changes.append(SchemaChange(path, "changed", fields))
    order: dict[str, int] = {}
    for path in [*after, *before]:
        order.setdefault(path, len(order))
    return sorted(changes, key=lambda change: order[change.path])


def type_text(node: dict[str, Any]) -> str:
    """``integer``, ``enum``, ``application``, ``integer|string``, or ``any``."""
    if isinstance(node.get("enum"), list):
        return "enum"
    if node.get("format") == APP_KEY_FORMAT:
        return "application"
    return "|".join(types_of(node)) or "any"


def _walk(node: dict[str, Any], path: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """``(path, node, required)`` for every key below ``node``, parents first."""
    properties = node.get("properties")
    if isinstance(properties, dict):
        required: Any = node.get("required") if isinstance(node.get("required"), list) else []
        for key, child in properties.items():
            if isinstance(child, dict):
                child_path = f"{path}.{key}" if path else key
                yield child_path, child, key in required
                yield from _walk(child, child_path)
    items = node.get("items")
    if path and isinstance(items, dict):
        if isinstance(items.get("properties"), dict):
            yield from _walk(items, f"{path}[]")
        else:
            yield f"{path}[]", items, False


def _info(path: str, node: dict[str, Any], required: bool) -> KeyInfo:
    choices = node["enum"] if isinstance(node.get("enum"), list) else None
    return KeyInfo(
        path=path,
        type=type_text(node),
        required=required,
        has_default="default" in node,
        default=node.get("default"),
        description=str(node.get("description") or ""),
        title=str(node.get("title") or ""),
        choices=choices,
    )


def _flat(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``path -> the key's own keywords`` (children left out; whether it is required put in)."""
    return {path: {"required": required, **_own_keywords(node)} for path, node, required in _walk(schema, "")}


def _own_keywords(node: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in node.items() if name not in _NESTED and name not in _QUIET}


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    names = [*new, *(name for name in old if name not in new)]
    return {name: (old.get(name), new.get(name)) for name in names if _show(old.get(name)) != _show(new.get(name))}


def _show(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False)
