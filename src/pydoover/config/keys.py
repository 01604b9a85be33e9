"""Config keys, the ``NotSet`` sentinel and ``Variable`` defaults.

>>> transform_key("Crank Time (seconds)")
'crank_time_(seconds)'
>>> str(Variable("device", "digitalInputCount"))
'$device.digitalinputcount'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class _Sentinel(enum.Enum):
    NotSet = "NotSet"

    def __repr__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return False


NotSet = _Sentinel.NotSet
"""Marks an element with no default (which makes it required). Compare with ``is``."""


def transform_key(display_name: str) -> str:
    """The config key of a display name: lower-cased, spaces replaced by ``_``, other characters kept."""
    return display_name.lower().replace(" ", "_")


@dataclass(frozen=True)
class Variable:
    """A default that refers to a value the platform fills in, serialised as ``$<scope>.<name>``.

    Example: ``Integer("DI Count", default=Variable("device", "digitalInputCount"))``.
    """

    scope: str
    name: str

    def __str__(self) -> str:
        return f"${transform_key(self.scope)}.{transform_key(self.name)}"
