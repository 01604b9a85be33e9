"""Words for config problems and tables: key paths, values, what a schema node expects, did-you-mean.

Shared by validation, sample generation and the key outline, so they all speak the same language.

>>> join_path(join_path("", "modbus_maps"), 0)
'modbus_maps[0]'
>>> show_value("holdng"), show_value([1, 2])
('"holdng"', 'a list of 2 items')
>>> expected_of({"enum": ["holding", "input"]})
'one of holding, input'
>>> did_you_mean("pump_on_tme", ["pump_on_time", "mode"])
'pump_on_time'
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

ROOT = "(top level)"
"""How a problem with the whole config (not one key) names its place."""

APP_KEY_FORMAT = "doover-application"

TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}

_PLAIN_KEY = re.compile(r"^[^.\[\]\"\s]+$")


def join_path(parent: str, part: str | int) -> str:
    """Extend a key path: ``pumps`` + 0 -> ``pumps[0]``, + ``pin`` -> ``pumps[0].pin``.

    Keys holding dots, brackets, quotes or spaces are written ``["odd key"]``.
    """
    if isinstance(part, int):
        return f"{parent}[{part}]"
    if not _PLAIN_KEY.match(part):
        return f"{parent}[{json.dumps(part, ensure_ascii=False)}]"
    return f"{parent}.{part}" if parent else part


def where(path: str) -> str:
    """The path as shown in a message (the empty root path reads ``(top level)``)."""
    return path or ROOT


def show_value(value: Any, limit: int = 40) -> str:
    """A short rendering of a found value: JSON for scalars, a phrase for lists and objects."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return f"a list of {count(len(value), 'item')}"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def kind_of(value: Any) -> str:
    """The JSON kind of a value, as a phrase: ``a string``, ``an integer``, ``a list``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def types_of(node: dict[str, Any]) -> list[str]:
    """The node's ``type`` keyword as a list (empty when absent or ``unknown``, meaning anything goes)."""
    declared = node.get("type")
    if declared is None or declared == "unknown":
        return []
    return [declared] if isinstance(declared, str) else [t for t in declared if isinstance(t, str)]


def choices_text(choices: Iterable[Any]) -> str:
    """``holding, input, coil`` (strings unquoted, anything else as JSON)."""
    return ", ".join(choice if isinstance(choice, str) else json.dumps(choice) for choice in choices)


def expected_of(node: dict[str, Any]) -> str:
    """What a schema node accepts, in words: ``an integer``, ``one of auto, manual``, ``an app key``."""
    if isinstance(node.get("enum"), list):
        return f"one of {choices_text(node['enum'])}"
    if node.get("format") == APP_KEY_FORMAT:
        return "an app key"
    words = [TYPE_WORDS.get(name, name) for name in types_of(node)]
    return " or ".join(words) if words else "any value"


def number_text(value: Any) -> str:
    """A limit as written in JSON: ``0``, ``0.5``."""
    return json.dumps(value)


def did_you_mean(word: Any, candidates: Iterable[Any], cutoff: float = 0.6) -> str | None:
    """The candidate ``word`` was probably meant to be, if any (case-insensitive, then close spelling)."""
    options = [c for c in candidates if isinstance(c, str)]
    text = str(word)
    for option in options:
        if option.lower() == text.lower() or option == text:
            return option
    by_lower = {option.lower(): option for option in options}
    close = difflib.get_close_matches(text.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


def count(n: int, noun: str) -> str:
    """``1 item``, ``3 items``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
