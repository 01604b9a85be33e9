"""Channel diff semantics shared by the SDK and the local DDA.

A diff is merged into an aggregate recursively: dict values merge key by key, a ``None``
(JSON ``null``) deletes the key, and any non-dict diff replaces the value outright.
"""

from __future__ import annotations

import json
from typing import Any


def maybe_load_json(data: Any) -> Any:
    """Parse ``data`` as JSON when it is a JSON string; otherwise return it unchanged."""
    if not isinstance(data, (str, bytes, bytearray)):
        return data
    try:
        return json.loads(data)
    except ValueError:
        return data


def apply_diff(data: Any, diff: Any, do_delete: bool = True, clone: bool = True) -> Any:
    """Return ``data`` with ``diff`` merged in.

    With ``clone`` (the default) neither argument is modified, and only the dicts along the diff's
    paths are copied, so merging a small diff into a large aggregate costs the size of the diff.
    ``clone=False`` merges into ``data`` in place (when it is a dict), as classic apps may expect.
    """
    if not isinstance(diff, dict):
        return diff
    merged = (dict(data) if clone else data) if isinstance(data, dict) else {}
    for key, value in diff.items():
        if value is None and do_delete:
            merged.pop(key, None)
        elif isinstance(value, dict):
            merged[key] = apply_diff(merged.get(key), value, do_delete, clone)
        else:
            merged[key] = value
    return merged


def generate_diff(old: Any, new: Any, do_delete: bool = True) -> Any:
    """Return the diff that turns ``old`` into ``new`` under :func:`apply_diff`.

    Removed keys appear as ``None`` when ``do_delete`` is true. Equal inputs give ``{}``.
    """
    if not isinstance(old, dict) or not isinstance(new, dict):
        return {} if old == new else new
    diff: dict[str, Any] = {}
    for key, value in new.items():
        if key not in old:
            diff[key] = value
        elif isinstance(value, dict) and isinstance(old[key], dict):
            nested = generate_diff(old[key], value, do_delete)
            if nested:
                diff[key] = nested
        elif old[key] != value:
            diff[key] = value
    if do_delete:
        diff.update({key: None for key in old if key not in new})
    return diff
