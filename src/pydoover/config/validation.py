"""Validating an app config against its schema, reporting every problem at once.

Works from a ``Schema`` instance or from its exported JSON (``doover_config.json``'s
``config_schema``), with the same results, so a config can be checked without importing the app.

>>> from pydoover import config
>>> class PumpConfig(config.Schema):
...     def __init__(self):
...         self.pin = config.Integer("Pump Pin", minimum=0)
...         self.on_time = config.Number("Pump On Time", default=5.0)
...         self.mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")
>>> for problem in validate(PumpConfig(), {"pump_pin": -1, "pump_on_tme": 3.0, "mode": "atuo"}):
...     print(problem)
pump_pin: expected at least 0; found -1
mode: expected one of auto, manual; found "atuo" (did you mean "auto"?)
pump_on_tme: unknown key (did you mean "pump_on_time"?)

Unknown keys: a key close to a known key that the config lacks is an error with a did-you-mean;
other unknown keys are allowed where the schema allows additional elements (the deployment config
carries ``AGENT_ID``, ``APP_DISPLAY_NAME``...), and errors where it does not. Integers are strict:
``3.0`` is not an integer (the app would get a float), and ``true`` is not a number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any, cast

from .describe import (
    APP_KEY_FORMAT,
    choices_text,
    count,
    did_you_mean,
    expected_of,
    join_path,
    kind_of,
    number_text,
    show_value,
    types_of,
    where,
)
from .sample import is_placeholder

KEY_CUTOFF = 0.75  # how close an unknown key must be to a known one to be called a typo
CHOICE_CUTOFF = 0.6
PLATFORM_KEYS = frozenset({"AGENT_ID", "APP_DISPLAY_NAME", "APP_KEY"})
PLATFORM_PREFIXES = ("dv_app_", "interpreter_")
_APP_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config: where, what was expected, what was found, as one line.

    ``kind`` names the check (``type``, ``missing``, ``unknown_key``, ``enum``, ``minimum``...);
    ``suggestion`` is the did-you-mean, when there is one.
    """

    path: str
    expected: str
    found: str
    message: str
    kind: str
    suggestion: str | None = None

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ConfigError(ValueError):
    """An invalid config: ``problems`` holds every ``Problem``; ``str()`` lists them one per line."""

    def __init__(self, problems: list[Problem], source: str = "config") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [f"{self.source} is invalid ({count(len(self.problems), 'problem')}):"]
        lines += [f"  {problem.message}" for problem in self.problems]
        return "\n".join(lines)


def json_schema_of(schema: Any) -> dict[str, Any]:
    """The JSON schema of a ``Schema`` (or element) instance; a dict is taken to be one already."""
    if isinstance(schema, dict):
        return schema
    to_dict = getattr(schema, "to_dict", None)
    if callable(to_dict):
        return cast("dict[str, Any]", to_dict())
    raise TypeError(f"expected a config Schema or its JSON schema (a dict), not {type(schema).__name__}")


def validate(schema: Any, data: Any, *, app_keys: Collection[str] | None = None, strict: bool = False) -> list[Problem]:
    """Every problem of ``data`` (an app's config keys) against ``schema``; empty when valid.

    ``app_keys``, when given, are the apps on the device: ``doover-application`` values must be one.
    ``strict`` makes every key an object's schema does not name a problem (as `doover config
    validate` checks files), not only near-misses of known keys and keys of closed objects.
    """
    walker = _Walker(app_keys, strict)
    walker.value(json_schema_of(schema), data, "")
    return walker.problems


def check(schema: Any, data: Any, *, source: str = "config", app_keys: Collection[str] | None = None) -> None:
    """Raise ``ConfigError`` listing every problem when ``data`` does not fit ``schema``.

    >>> check({"type": "object", "required": ["pin"]}, {}, source="deployment config")
    Traceback (most recent call last):
    ...
    pydoover.config.validation.ConfigError: deployment config is invalid (1 problem):
      pin: missing required key (expected any value)
    """
    problems = validate(schema, data, app_keys=app_keys)
    if problems:
        raise ConfigError(problems, source)


STRICT_ENV = "DOOVER_STRICT_CONFIG"
"""Set to 1 to make a running app (and ``doover run``) refuse an invalid config instead of warning."""


def running_anyway(problems: list[Problem], source: str) -> str:
    """The warning for a config an app runs with despite ``problems`` (classic pydoover runs it unchecked).

    A running app logs it and ``doover run`` prints it, so both read the same.
    """
    return f"{ConfigError(problems, source)}\nrunning with these values as given (--strict-config or {STRICT_ENV}=1 refuses them)"


def _problem(
    kind: str, path: str, expected: str, found: str, hint: str | None = None, suggestion: str | None = None
) -> Problem:
    """A problem whose message reads ``path: expected X; found Y (hint)``."""
    message = f"{where(path)}: expected {expected}; found {found}" + (f" ({hint})" if hint else "")
    return Problem(path, expected, found, message, kind, suggestion)


class _Walker:
    """Walks a value and its schema node together, collecting problems (never stopping at the first)."""

    def __init__(self, app_keys: Collection[str] | None, strict: bool = False) -> None:
        self.app_keys = app_keys
        self.strict = strict
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def value(self, node: Any, value: Any, path: str) -> None:
        if not isinstance(node, dict) or _own_null_default(node, value):
            return
        if is_placeholder(value):
            self._placeholder(node, value, path)
        elif "enum" in node:
            self._enum(node, value, path)
        elif self._type_ok(node, value, path):
            self._keywords(node, value, path)

    def _keywords(self, node: dict[str, Any], value: Any, path: str) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            _check_limits(self, node, value, path)
        elif isinstance(value, str):
            _check_string(self, node, value, path)
        elif isinstance(value, list):
            _check_array(self, node, value, path)
        elif isinstance(value, dict):
            _check_object(self, node, value, path)

    def _placeholder(self, node: dict[str, Any], value: str, path: str) -> None:
        expected = expected_of(node)
        message = f"{where(path)}: placeholder not filled in; expected {expected}"
        self.add(Problem(path, expected, show_value(value, limit=60), message, "placeholder"))

    def _enum(self, node: dict[str, Any], value: Any, path: str) -> None:
        choices = node["enum"] if isinstance(node["enum"], list) else []
        if any(_same(value, choice) for choice in choices):
            return
        guess = None
        if not isinstance(value, (dict, list)):
            guess = did_you_mean(value, choices, CHOICE_CUTOFF)
        hint = f'did you mean "{guess}"?' if guess is not None else None
        expected = f"one of {choices_text(choices)}"
        self.add(_problem("enum", path, expected, show_value(value), hint, suggestion=guess))

    def _type_ok(self, node: dict[str, Any], value: Any, path: str) -> bool:
        types = types_of(node)
        if not types or any(_is_type(value, name) for name in types):
            return True
        expected = expected_of({"type": types})
        found = f"{show_value(value)}, {kind_of(value)}" if not isinstance(value, (dict, list)) else show_value(value)
        self.add(_problem("type", path, expected, found, _type_hint(types, value)))
        return False


def _own_null_default(node: dict[str, Any], value: Any) -> bool:
    """``null`` for an element whose default is ``null`` (classic's ``default=None``: optional, no value)."""
    return value is None and "default" in node and node["default"] is None


_TYPE_TESTS = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _is_type(value: Any, name: str) -> bool:
    """Whether ``value`` is of JSON type ``name`` (an unknown type name accepts anything)."""
    test = _TYPE_TESTS.get(name)
    return True if test is None else test(value)


def _type_hint(types: list[str], value: Any) -> str | None:
    """``write 3``, ``write 5 without quotes``: the likely fix for a value of the wrong type."""
    if "integer" in types and isinstance(value, float) and value.is_integer():
        return f"write {int(value)}"
    if isinstance(value, str):
        text = value.strip()
        if "boolean" in types and text.lower() in ("true", "false"):
            return f"write {text.lower()} without quotes"
        if {"integer", "number"} & set(types) and _is_type(_parse_number(text), "number"):
            return f"write {text} without quotes"
    return None


def _parse_number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def _same(value: Any, choice: Any) -> bool:
    """JSON equality: ``1 == 1.0``, but ``true`` is not ``1``."""
    return value == choice and isinstance(value, bool) == isinstance(choice, bool)


def _check_limits(walker: _Walker, node: dict[str, Any], value: float, path: str) -> None:
    bounds = (
        ("minimum", "at least", lambda v, b: v >= b),
        ("exclusiveMinimum", "more than", lambda v, b: v > b),
        ("maximum", "at most", lambda v, b: v <= b),
        ("exclusiveMaximum", "less than", lambda v, b: v < b),
    )
    for keyword, words, ok in bounds:
        bound = node.get(keyword)
        if _is_type(bound, "number") and not ok(value, bound):
            walker.add(_problem(keyword, path, f"{words} {number_text(bound)}", number_text(value)))
    step: Any = node.get("multipleOf")
    if _is_type(step, "number") and step > 0 and not _is_multiple(value, step):
        walker.add(_problem("multipleOf", path, f"a multiple of {number_text(step)}", number_text(value)))


def _is_multiple(value: float, step: float) -> bool:
    quotient = value / step
    return math.isclose(quotient, round(quotient), rel_tol=1e-9, abs_tol=1e-9)


def _check_string(walker: _Walker, node: dict[str, Any], value: str, path: str) -> None:
    found = f"{show_value(value)} ({count(len(value), 'character')})"
    longest: list[Any] = [n for n in (node.get("length"), node.get("maxLength")) if _is_type(n, "integer")]
    if longest and len(value) > min(longest):
        walker.add(_problem("maxLength", path, f"at most {count(min(longest), 'character')}", found))
    shortest: Any = node.get("minLength")
    if _is_type(shortest, "integer") and len(value) < shortest:
        walker.add(_problem("minLength", path, f"at least {count(shortest, 'character')}", found))
    pattern = node.get("pattern")
    if isinstance(pattern, str) and not _matches(pattern, value):
        walker.add(_problem("pattern", path, f"text matching {pattern}", show_value(value)))
    if node.get("format") == APP_KEY_FORMAT:
        _check_app_key(walker, value, path)


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a broken pattern is the schema's fault; do not blame the config for it


def _check_app_key(walker: _Walker, value: str, path: str) -> None:
    if not _APP_KEY.match(value):
        walker.add(_problem("format", path, "an app key (letters, digits, _ - .)", show_value(value)))
    elif walker.app_keys is not None and value not in walker.app_keys:
        guess = did_you_mean(value, walker.app_keys)
        hint = f'did you mean "{guess}"?' if guess else None
        expected = f"the key of an app on the device: {choices_text(sorted(walker.app_keys))}"
        walker.add(_problem("format", path, expected, show_value(value), hint, suggestion=guess))


def _check_array(walker: _Walker, node: dict[str, Any], rows: list[Any], path: str) -> None:
    found = count(len(rows), "item")
    fewest: Any = node.get("minItems")
    most: Any = node.get("maxItems")
    if _is_type(fewest, "integer") and len(rows) < fewest:
        walker.add(_problem("minItems", path, f"at least {count(fewest, 'item')}", found))
    if _is_type(most, "integer") and len(rows) > most:
        walker.add(_problem("maxItems", path, f"at most {count(most, 'item')}", found))
    if node.get("uniqueItems") is True:
        _check_unique(walker, rows, path)
    items = node.get("items")
    for index, row in enumerate(rows):
        walker.value(items, row, join_path(path, index))


def _check_unique(walker: _Walker, rows: list[Any], path: str) -> None:
    for index, row in enumerate(rows):
        first = next((i for i in range(index) if _same_json(rows[i], row)), None)
        if first is not None:
            found = f"a repeat of {join_path(path, first)}"
            walker.add(_problem("uniqueItems", join_path(path, index), "a value not already in the list", found))


def _same_json(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    return _same(a, b)


def _check_object(walker: _Walker, node: dict[str, Any], data: dict[str, Any], path: str) -> None:
    properties: Any = node.get("properties") if isinstance(node.get("properties"), dict) else {}
    listed = node.get("required")
    required = [key for key in listed if isinstance(key, str)] if isinstance(listed, list) else []
    absent = [key for key in properties if key not in data]
    meant: dict[str, str] = {}  # unknown key -> the known key it was probably meant to be
    for key in data:
        if key not in properties and not (not path and _platform_key(key)):
            guess = did_you_mean(key, absent, KEY_CUTOFF)
            if guess is not None:
                meant[key] = guess
    for key, child in properties.items():
        if key in data:
            walker.value(child, data[key], join_path(path, key))
        elif key in required and key not in meant.values():
            _missing(walker, child, join_path(path, key))
    for key in required:
        if key not in properties and key not in data:
            _missing(walker, {}, join_path(path, key))
    _check_unknown(walker, node, data, path, properties, meant)


def _missing(walker: _Walker, child: Any, path: str) -> None:
    expected = expected_of(child) if isinstance(child, dict) else "any value"
    message = f"{where(path)}: missing required key (expected {expected})"
    walker.add(Problem(path, expected, "nothing", message, "missing"))


def _check_unknown(
    walker: _Walker,
    node: dict[str, Any],
    data: dict[str, Any],
    path: str,
    properties: dict[str, Any],
    meant: dict[str, str],
) -> None:
    closed = node.get("additionalElements") is False or node.get("additionalProperties") is False
    closed = closed or (walker.strict and bool(properties))
    for key in data:
        if key in properties or (not path and _platform_key(key)):
            continue
        key_path = join_path(path, key)
        if key in meant:
            message = f'{where(key_path)}: unknown key (did you mean "{meant[key]}"?)'
            walker.add(Problem(key_path, "a known key", show_value(key), message, "unknown_key", meant[key]))
        elif closed:
            expected = f"one of {choices_text(properties)}" if properties else "no keys"
            message = f"{where(key_path)}: unknown key; expected {expected}"
            walker.add(Problem(key_path, expected, show_value(key), message, "unknown_key"))


def _platform_key(key: str) -> bool:
    """Keys the platform adds to every app's deployment config."""
    return key in PLATFORM_KEYS or key.startswith(PLATFORM_PREFIXES)
