"""Reading settings files (device files, register maps): TOML, YAML or JSON, checked by pydantic.

Every problem comes back as one line naming the file and the bad field, in
:attr:`SettingsFileError.problems`; nothing is half-loaded.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .validation import describe_errors

Model = TypeVar("Model", bound=BaseModel)


class SettingsFileError(ValueError):
    """A settings file is unreadable or invalid; ``problems`` has one line per bad field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load_settings(path: str | Path, model: type[Model], error: type[SettingsFileError] = SettingsFileError) -> Model:
    """Read ``path`` (``.toml``, ``.yaml``/``.yml`` or ``.json``) and validate it as ``model``."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise error([f"{path}: cannot read: {exc.strerror}"]) from None
    return validate_settings(_parse(path, text, error), model, str(path), error)


def validate_settings(
    data: Any, model: type[Model], source: str, error: type[SettingsFileError] = SettingsFileError
) -> Model:
    if not isinstance(data, dict):
        raise error([f"{source}: expected a table of settings at the top level"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_errors(exc.errors(), source)) from None


def _parse(path: Path, text: str, error: type[SettingsFileError]) -> Any:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml  # only YAML files pay for the import

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
