"""Checking what the user gives before copier runs: the app's name and ``--data KEY=VALUE`` answers.

>>> check_app_name("tank-monitor")
>>> check_app_name("2tanks")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
pydoover.scaffold.errors.ScaffoldUsageError: bad app name '2tanks': it must start with a letter ...
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import ScaffoldUsageError

NAME_RULE = "it must start with a letter and use only letters, digits, '-' and '_'"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_RESERVED = {"pydoover", "doover_cli", "tests", "test", "src"}
_TRUE, _FALSE = {"true", "yes", "y", "on", "1"}, {"false", "no", "n", "off", "0"}


def package_name(app_name: str) -> str:
    """The import name the template derives from an app name (for checks; the template computes its own)."""
    return re.sub(r"-+", "_", app_name).lower()


def check_app_name(name: str) -> None:
    """Raise ScaffoldUsageError saying what is allowed when ``name`` cannot name an app."""
    if not _NAME.match(name):
        raise ScaffoldUsageError(f"bad app name {name!r}: {NAME_RULE} (for example tank-monitor)")
    if len(name) > 64:
        raise ScaffoldUsageError(f"bad app name {name!r}: at most 64 characters")
    package = package_name(name)
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise ScaffoldUsageError(f"bad app name {name!r}: its package `{package}` would be a Python keyword")
    if package in sys.stdlib_module_names or package in _RESERVED:
        raise ScaffoldUsageError(
            f"bad app name {name!r}: its package `{package}` would hide the module of that name; choose another"
        )


def parse_data(pairs: Iterable[str]) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``; a pair without ``=`` is a usage error."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScaffoldUsageError(f"--data {pair!r}: expected KEY=VALUE")
        data[key.strip()] = value
    return data


def choice_values(question: Mapping[str, Any]) -> list[Any]:
    """A question's choices as the values an answer takes (copier allows a list or label: value)."""
    choices = question.get("choices") or []
    if isinstance(choices, Mapping):
        return [value.get("value") if isinstance(value, Mapping) else value for value in choices.values()]
    return [choice[1] if isinstance(choice, list | tuple) else choice for choice in choices]


def askable(questions: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The questions a user answers (derived values, ``when: false``, are not among them)."""
    return [name for name, question in questions.items() if question.get("when", True) is not False]


def check_answers(data: Mapping[str, str], questions: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Turn ``--data`` strings into answers of the right type for ``questions``, or say what is wrong.

    Multi-select answers are comma-separated (``interfaces=io,modbus``; empty for none).
    """
    known = askable(questions)
    answers: dict[str, Any] = {}
    for key, raw in data.items():
        if key == "app_name":
            raise ScaffoldUsageError("--data app_name: give the app's name as the NAME argument")
        if key not in known:
            asked = ", ".join(name for name in known if name != "app_name")
            raise ScaffoldUsageError(f"--data {key}: no such question; the template asks {asked}")
        answers[key] = _typed(key, raw, questions[key])
    return answers


def _typed(key: str, raw: str, question: Mapping[str, Any]) -> Any:
    values = choice_values(question)
    if question.get("multiselect"):
        chosen = [item.strip() for item in raw.split(",") if item.strip()]
        for item in chosen:
            _check_choice(key, item, values)
        return chosen
    if question.get("type") == "bool":
        word = raw.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ScaffoldUsageError(f"--data {key}={raw}: expected yes or no")
        return word in _TRUE
    if values:
        _check_choice(key, raw, values)
    return raw


def _check_choice(key: str, value: str, values: list[Any]) -> None:
    if value not in [str(v) for v in values]:
        raise ScaffoldUsageError(f"--data {key}: {value!r} is not one of {', '.join(map(str, values))}")
