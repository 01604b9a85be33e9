"""Reading settings files (device files, register maps): TOML, YAML or JSON, checked by pydantic.

Every problem comes back as one line naming the file and the bad field, in
:attr:`SettingsFileError.problems`; nothing is half-loaded. Hostile files (binary, huge, nested
deeper than any settings need, YAML aliases that expand to millions of values) are refused the
same way, before they cost much memory or time.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .validation import describe_errors

Model = TypeVar("Model", bound=BaseModel)

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32  # settings files nest a few levels; this is far beyond any real one
MAX_VALUES = 100_000  # counted with YAML aliases expanded, as validation would visit them


class SettingsFileError(ValueError):
    """A settings file is unreadable or invalid; ``problems`` has one line per bad field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load_settings(path: str | Path, model: type[Model], error: type[SettingsFileError] = SettingsFileError) -> Model:
    """Read ``path`` (``.toml``, ``.yaml``/``.yml`` or ``.json``) and validate it as ``model``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error([f"{path}: {size} bytes is too large for a settings file (the limit is {MAX_FILE_BYTES})"])
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error([f"{path}: cannot read: {exc.strerror}"]) from None
    except UnicodeDecodeError:
        raise error([f"{path}: not a text file (expected UTF-8 TOML, YAML or JSON)"]) from None
    try:
        data = _parse(path, text, error)
    except RecursionError:
        raise error([f"{path}: nests deeper than {MAX_DEPTH} levels"]) from None
    return validate_settings(data, model, str(path), error)


def validate_settings(
    data: Any, model: type[Model], source: str, error: type[SettingsFileError] = SettingsFileError
) -> Model:
    if not isinstance(data, dict):
        raise error([f"{source}: expected a table of settings at the top level"])
    if problem := _shape_problem(data):
        raise error([f"{source}: {problem}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_errors(exc.errors(), source)) from None


def _shape_problem(data: Any) -> str | None:
    """Why ``data`` is too deep or too big to be settings, or None."""
    pending, seen = [(data, 0)], 0
    while pending:  # iterative, and counting every visit: aliases are visited once per use
        item, depth = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            return f"more than {MAX_VALUES} values (with YAML aliases expanded); not a settings file"
        if isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return f"nests deeper than {MAX_DEPTH} levels"
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def _parse(path: Path, text: str, error: type[SettingsFileError]) -> Any:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml  # type: ignore[import-untyped, unused-ignore]  # only YAML files pay for the import

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise error([f"{path}: not valid YAML: {exc}"]) from None
    parsers = {".toml": tomllib.loads, ".json": json.loads}
    if suffix not in parsers:
        raise error([f"{path}: unknown file type {suffix!r}; expected .toml, .yaml, .yml or .json"])
    try:
        return parsers[suffix](text)
    except ValueError as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        raise error([f"{path}: not valid {suffix[1:].upper()}: {exc}"]) from None
