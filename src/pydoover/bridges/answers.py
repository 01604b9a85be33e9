"""Turning domain errors into ``success=false`` answers, for every bridge's servicer.

Nothing a client sends may kill a bridge: a known error becomes a refusal with its text and a
code, anything unexpected is logged with its traceback and answered 500.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def error_answers(failed_header: Callable[[int, str], Any], codes: dict[type[Exception], int]) -> Callable:
    """Build an ``@answers(ResponseCls)`` decorator for one bridge.

    ``failed_header(code, text)`` makes that bridge's response header; ``codes`` maps exception
    types to response codes (first match wins).
    """
    known = tuple(codes)

    def answers(response_cls: type) -> Callable:
        def wrap(handler: Callable) -> Callable:
            @functools.wraps(handler)
            async def guarded(self, request, context):
                try:
                    return await handler(self, request, context)
                except known as exc:
                    code = next(code for kind, code in codes.items() if isinstance(exc, kind))
                    return response_cls(response_header=failed_header(code, str(exc)))
                except Exception as exc:
                    log.exception("%s failed", handler.__name__)
                    return response_cls(response_header=failed_header(500, f"internal error: {exc}"))

            return guarded

        return wrap

    return answers
