"""Checking a config against a JSON Schema with the ``jsonschema`` library (Draft 2020-12), in our words.

Upstream pydoover 1.x exports schemas that use the whole of JSON Schema (``allOf``, ``if``/``then``
conditionals, ``$ref``), so their configs are checked by the library, never by importing the app's
classes. Each error keeps its path and reads like the classic checks: expected / found / did-you-mean.

>>> schema = {"type": "object", "properties": {"mode": {"enum": ["auto", "manual"]}}, "required": ["pin"]}
>>> for problem in standard_problems(schema, {"mode": "atuo"}):
...     print(problem)
(top level): missing required key "pin"
mode: expected one of auto, manual; found "atuo" (did you mean "auto"?)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .describe import choices_text, did_you_mean, join_path, kind_of, number_text, show_value, where
from .validation import ConfigError, Problem

TYPO_CUTOFF = 0.75  # as close as the classic checks ask before calling an unknown key a typo
LIMITS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "more than",
    "exclusiveMaximum": "less than",
    "minLength": "a string of at least {} characters",
    "maxLength": "a string of at most {} characters",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
}


def standard_problems(schema: dict[str, Any], data: Any) -> list[Problem]:
    """Every error of ``data`` against ``schema`` (Draft 2020-12), ordered by path; empty when valid."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda error: [str(part) for part in error.absolute_path])
    problems = [problem for error in errors for problem in _problems(error)]
    reported = {problem.path for problem in problems}
    return problems + [typo for typo in _typos(schema, data, "") if typo.path not in reported]


def _typos(node: Any, data: Any, path: str) -> list[Problem]:
    """Unknown keys spelled close to a known key the config lacks: errors, even where extra keys are allowed
    (the classic rule; the platform adds keys of its own, but never ones that look like the app's)."""
    if not isinstance(node, dict) or not isinstance(data, dict) or not isinstance(node.get("properties"), dict):
        return []
    known = node["properties"]
    missing = [key for key in known if key not in data]
    found = []
    for key, value in data.items():
        if key in known:
            found += _typos(known[key], value, join_path(path, key))
        elif did_you_mean(key, missing, TYPO_CUTOFF):
            found.append(_unknown(path, key, missing))
    return found


def _path(parts: Iterable[Any]) -> str:
    path = ""
    for part in parts:
        path = join_path(path, part)
    return path


def _problems(error: Any) -> list[Problem]:  # a jsonschema ValidationError
    """Our wording for one library error (``required`` and ``additionalProperties`` may name several keys)."""
    path = _path(error.absolute_path)
    keyword, value, found = error.validator, error.validator_value, error.instance
    if keyword == "required":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [_missing(path, key, found, known) for key in value if isinstance(found, dict) and key not in found]
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(found, dict):
        known = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        return [_unknown(path, key, known) for key in found if key not in known]
    if keyword == "enum":
        suggestion = did_you_mean(found, value)
        return [_problem(keyword, path, f"one of {choices_text(value)}", show_value(found), suggestion)]
    if keyword == "const":
        return [_problem(keyword, path, show_value(value), show_value(found))]
    if keyword == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        return [_problem(keyword, path, f"a value of type {wanted}", f"{kind_of(found)} {show_value(found)}")]
    if keyword in LIMITS:
        phrase = LIMITS[keyword]
        expected = phrase.format(value) if "{}" in phrase else f"{phrase} {number_text(value)}"
        return [_problem(keyword, path, expected, show_value(found))]
    return [_problem(keyword, path, f"{keyword} {show_value(value)}", f"{show_value(found)} ({error.message})")]


def _missing(path: str, key: str, found: dict, known: dict) -> Problem:
    close = did_you_mean(key, [name for name in found if name not in known])
    hint = f' (found "{close}": a typo?)' if close else ""
    message = f'{where(path)}: missing required key "{key}"{hint}'
    return Problem(join_path(path, key), "a value", "nothing", message, "missing", close)


def _unknown(path: str, key: str, known: list[str]) -> Problem:
    suggestion = did_you_mean(key, known)
    hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
    message = f"{join_path(path, key)}: unknown key{hint}"
    return Problem(join_path(path, key), f"one of {choices_text(known)}", show_value(key), message, "unknown_key",
                   suggestion)  # fmt: skip


def _problem(kind: str, path: str, expected: str, found: str, suggestion: str | None = None) -> Problem:
    message = f"{where(path)}: expected {expected}; found {found}"
    if suggestion:
        message += f' (did you mean "{suggestion}"?)'
    return Problem(path, expected, found, message, kind, suggestion)


def check_standard(schema: dict[str, Any], data: Any, *, source: str = "config") -> None:
    """Raise ``ConfigError`` listing every problem when ``data`` does not fit ``schema`` (Draft 2020-12)."""
    problems = standard_problems(schema, data)
    if problems:
        raise ConfigError(problems, source)
