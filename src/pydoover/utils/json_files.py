"""Reading a JSON file that must hold one object, with a one-line error naming the file and the fault.

    data = read_json_object(path, "a JSON object of config keys")

Used for config files, ``doover_config.json`` and the simulators' sample configs; callers turn
:class:`JsonFileError` into their own error type. Light on purpose: the standard library only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class JsonFileError(ValueError):
    """The file is unreadable, not JSON, or not a JSON object; the text says which, in one line."""


def read_json_object(path: str | os.PathLike[str], what: str = "a JSON object") -> dict[str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JsonFileError(f"{path} does not exist") from None
    except OSError as exc:
        raise JsonFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise JsonFileError(f"{path} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFileError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise JsonFileError(f"{path}: expected {what}, not {type(data).__name__}")
    return data
