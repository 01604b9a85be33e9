"""A sample app config built from a schema's defaults, with placeholders for what has no default.

Placeholder convention: a required value with no default becomes the string
``"<fill in: EXPECTED>"`` (for example ``"<fill in: an integer>"``). Validation reports any value
still holding a placeholder, whatever the key's type, so an unfilled sample never passes.

>>> schema = {"type": "object", "properties": {
...     "pump_pin": {"type": "integer"},
...     "mode": {"enum": ["auto", "manual"], "type": "string", "default": "auto"}}}
>>> sample_config(schema)
{'pump_pin': '<fill in: an integer>', 'mode': 'auto'}
>>> placeholder_paths(sample_config(schema))
['pump_pin']
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .describe import expected_of, join_path, types_of

PLACEHOLDER_START = "<fill in"
_VARIABLE = re.compile(r"^\$[^.\s]+\.\S+$")


def placeholder(expected: str) -> str:
    """The placeholder for a value that must be filled in: ``<fill in: an integer>``."""
    return f"{PLACEHOLDER_START}: {expected}>"


def is_placeholder(value: Any) -> bool:
    """True for a string that is still a ``<fill in...>`` placeholder."""
    return isinstance(value, str) and value.startswith(PLACEHOLDER_START) and value.endswith(">")


def sample_config(schema: Any) -> dict[str, Any]:
    """Every key of ``schema`` (a ``Schema`` or its JSON) with its default, or a placeholder.

    Objects are filled key by key; an array gets ``minItems`` rows (one row when its items are
    objects and no minimum is set, so the row's shape shows).
    """
    from .validation import json_schema_of

    value = sample_value(json_schema_of(schema))
    return value if isinstance(value, dict) else {}


def sample_value(node: dict[str, Any]) -> Any:
    """The sample value of one schema node."""
    if "default" in node and not _platform_variable(node):
        return copy.deepcopy(node["default"])
    types = types_of(node)
    if isinstance(node.get("properties"), dict) and ("object" in types or not types):
        return {key: sample_value(child) for key, child in node["properties"].items() if isinstance(child, dict)}
    if "array" in types:
        return _sample_rows(node)
    return placeholder(expected_of(node))


def placeholder_paths(data: Any, path: str = "") -> list[str]:
    """Key paths in ``data`` that still hold a placeholder."""
    if is_placeholder(data):
        return [path]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in placeholder_paths(value, join_path(path, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in placeholder_paths(value, join_path(path, index))]
    return []


def _sample_rows(node: dict[str, Any]) -> list[Any]:
    items = node.get("items")
    if not isinstance(items, dict):
        return []
    rows = node.get("minItems")
    if not isinstance(rows, int) or isinstance(rows, bool):
        rows = 1 if "object" in types_of(items) else 0
    return [sample_value(items) for _ in range(rows)]


def _platform_variable(node: dict[str, Any]) -> bool:
    """A ``$scope.name`` default the platform fills in; a local config must give a real value."""
    default = node["default"]
    return isinstance(default, str) and bool(_VARIABLE.match(default)) and "string" not in types_of(node)
