"""Find a key anywhere in nested dicts (deployment config, UI state, channel aggregates)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any


def _dicts_breadth_first(obj: Any) -> Iterator[tuple[tuple[Any, ...], dict]]:
    """Yield ``(path, dict)`` for ``obj`` and every dict nested in it, shallowest first."""
    queue: deque[tuple[tuple[Any, ...], Any]] = deque([((), obj)])
    while queue:
        path, current = queue.popleft()
        if isinstance(current, dict):
            yield path, current
            queue.extend(((*path, key), value) for key, value in current.items())


def find_object_with_key(obj: dict[Any, Any], key_to_find: Any) -> Any | None:
    """Return the value stored under ``key_to_find`` at any depth of ``obj``, or ``None``.

    The shallowest occurrence wins (ties go to the first in insertion order). Only dicts are
    searched, not lists.

    Example::

        find_object_with_key({"applications": {"pump": {"max_rpm": 3000}}}, "max_rpm")  # 3000
    """
    for _, current in _dicts_breadth_first(obj):
        if key_to_find in current:
            return current[key_to_find]
    return None


def find_path_to_key(obj: dict[Any, Any], key_to_find: Any) -> str | None:
    """Return the dotted path to ``key_to_find`` in ``obj`` (same search as :func:`find_object_with_key`).

    Example::

        find_path_to_key({"applications": {"pump": {"max_rpm": 3000}}}, "max_rpm")
        # "applications.pump.max_rpm"
    """
    for path, current in _dicts_breadth_first(obj):
        if key_to_find in current:
            return ".".join(str(part) for part in (*path, key_to_find))
    return None
