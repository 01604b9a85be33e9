"""Run differential cases in whichever pydoover is importable and record each outcome as plain JSON.

A case is Python source: every statement runs, and the value of the last one (an expression) is the
case's result. The outcome is ``{"exc": <exception type name or None>, "mro": [...], "result": ...}``.
This file needs only the standard library, so the same code runs in-process against our SDK and, as a
script, in the public pydoover 0.4.18 virtualenv (cases on stdin, outcomes on stdout, one process
for the whole table)::

    python differential.py < cases.json > outcomes.json
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import datetime
import enum
import json
import logging
import math
import sys
import warnings
from typing import Any

PRELUDE = """
import asyncio, datetime, enum, json
from pydoover import config, ui
import pydoover.utils as utils
"""


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-able data; objects become ``{"$type": name}`` so they still compare by kind."""
    if depth > 30:
        return {"$deep": True}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, (list, tuple)):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return {"$set": sorted(repr(item) for item in value)}
    if isinstance(value, enum.Enum):
        return {"$enum": plain(value.value, depth + 1)}
    if isinstance(value, (datetime.datetime, datetime.date)):
        return {"$datetime": value.isoformat()}
    return {"$type": type(value).__name__}


def run_case(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    try:
        exec(PRELUDE, namespace)
        tree = ast.parse(code)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<case>", "exec"), namespace)
        result = None
        if last is not None:
            result = eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)
            if asyncio.iscoroutine(result):
                result = asyncio.run(result)
    except Exception as exc:  # the outcome under test
        return {"exc": type(exc).__name__, "mro": [cls.__name__ for cls in type(exc).__mro__], "result": None}
    return {"exc": None, "mro": [], "result": plain(result)}


def run_all(cases: dict[str, str]) -> dict[str, dict[str, Any]]:
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {case_id: run_case(code) for case_id, code in cases.items()}
    finally:
        logging.disable(logging.NOTSET)


if __name__ == "__main__":
    cases = json.load(sys.stdin)
    with contextlib.redirect_stdout(sys.stderr):  # what the SDK itself prints must not mix with the outcomes
        outcomes = run_all(cases)
    json.dump(outcomes, sys.stdout)
