"""Readable help: ``get-di [OPTIONS] PIN...`` rather than ``{PIN...}...``, and ``--count INTEGER``
rather than ``<int range>`` or ``<list[int]>`` (type names leaking from the annotations)."""

from __future__ import annotations

import re

from typer.core import TyperArgument, _TyperParameter

WORDS = {"int": "INTEGER", "float": "NUMBER", "str": "TEXT", "path": "PATH", "bool": "BOOLEAN"}
_display_type = _TyperParameter.display_type


def readable_type(label: str) -> str:
    """``<int range>`` -> ``INTEGER``, ``<list[float]>`` -> ``NUMBER...``, ``<a|b>`` -> ``[a|b]``."""
    inner = label.strip("<>")
    listed = re.fullmatch(r"list\[(.*)\]", inner)
    if listed:
        return readable_type(f"<{listed.group(1)}>") + "..."
    inner = inner.removesuffix(" range")
    if inner in WORDS:
        return WORDS[inner]
    return f"[{inner}]" if "|" in inner else inner.upper()


def _readable_display_type(self, ctx) -> str:
    return readable_type(_display_type(self, ctx))


def _usage_name(self) -> str:
    name = self.display_name_raw
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if self.required else f"[{name}]"


def install() -> None:
    _TyperParameter.display_type = _readable_display_type
    TyperArgument._usage_display_name = _usage_name
