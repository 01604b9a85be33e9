"""Channel diff semantics shared by the SDK and the local DDA.

A diff is merged into an aggregate recursively: dict values merge key by key, a ``None``
(JSON ``null``) deletes the key, and any non-dict diff replaces the value outright.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

_ATOMS = (str, int, float, bool, type(None))
_MISSING = object()


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


def json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars), several times faster than
    ``copy.deepcopy``; anything else inside is deep-copied the ordinary way."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    if isinstance(value, _ATOMS):
        return value
    return copy.deepcopy(value)


def is_applied(data: Any, diff: Any) -> bool:
    """True when ``data`` already holds every value of ``diff`` (merging it would change nothing).

    Walks only the diff's paths, so its cost is the diff's size, not the data's.
    """
    if not isinstance(diff, dict):
        return data == diff
    if not isinstance(data, dict):
        return False
    return all(is_applied(data.get(key, _MISSING), value) for key, value in diff.items())


def touches(diff: Any, path: Sequence[str]) -> bool:
    """True when merging ``diff`` may change the value at ``path`` (a list of keys)."""
    node = diff
    for key in path:
        if not isinstance(node, dict):
            return True  # replaces or deletes everything below
        if key not in node:
            return False
        node = node[key]
    return True


def values_at(data: Any, shape: Any) -> Any:
    """``data``'s values at the paths of ``shape`` (a diff), as a diff: merged into anything, it
    puts those paths back to what ``data`` holds (``None``, i.e. delete, where ``data`` has nothing)."""
    out = {}
    for key, value in shape.items():
        have = data.get(key) if isinstance(data, dict) else None
        out[key] = values_at(have, value) if isinstance(value, dict) and isinstance(have, dict) else json_copy(have)
    return out


def diff_within(diff: Any, paths: Sequence[Sequence[str]]) -> Any:
    """The part of ``diff`` that can change a value at or below one of ``paths``; None if none.

    A non-dict on the way down (a replacement or a ``null`` above a path) is kept whole, since it
    changes everything below it::

        diff_within({"a": {"x": 1}, "b": 2}, [["a"]])          # {"a": {"x": 1}}
        diff_within({"b": 2}, [["a"]])                          # None: nothing under "a" changed
    """
    trie: dict = {}
    for path in paths:
        node = trie
        for key in path[:-1]:
            node = node.setdefault(key, {})
            if node is True:
                break
        else:
            if path:
                node[path[-1]] = True
            else:
                return diff
    return _cut(diff, trie)


def _cut(diff: Any, trie: Any) -> Any:
    if trie is True or not isinstance(diff, dict):
        return diff
    out = {}
    for key, below in trie.items():
        if key in diff:
            part = _cut(diff[key], below)
            if part is not None or diff[key] is None:
                out[key] = part
    return out or None
