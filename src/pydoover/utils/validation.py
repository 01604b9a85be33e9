"""One-line, path-named messages for pydantic validation errors (device files, register maps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def error_path(loc: tuple[Any, ...]) -> str:
    """``("ai", 2, "signal", "period_s")`` -> ``ai[2].signal.period_s``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("function-after", "function-before", "function-plain") or "[" in str(part):
            continue  # pydantic's internal union/validator labels carry no user meaning
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def describe_errors(errors: Sequence[Mapping[str, Any]], source: str) -> list[str]:
    """Each pydantic error as ``source: path: message (got value)``."""
    lines = []
    for err in errors:
        got = f" (got {err['input']!r})" if "input" in err and not isinstance(err["input"], (dict, list)) else ""
        lines.append(f"{source}: {error_path(tuple(err['loc']))}: {err['msg']}{got}")
    return lines
