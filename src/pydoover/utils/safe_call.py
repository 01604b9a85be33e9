"""Call something and log, rather than raise, what it throws (for callbacks that must not kill a loop)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)


def _name(func: Callable) -> str:
    return getattr(func, "__qualname__", None) or repr(func)


def wrap_try_except(func: Callable, *args: Any, **kwargs: Any) -> Any:
    """Return ``func(*args, **kwargs)``; if it raises, log the traceback and return ``None``.

    Example::

        wrap_try_except(user_callback, new_value)
    """
    try:
        return func(*args, **kwargs)
    except Exception as exc:
        log.exception("Error in %s: %s", _name(func), exc)
        return None


async def wrap_try_except_async(func: Callable[..., Awaitable], *args: Any, **kwargs: Any) -> Any:
    """Await ``func(*args, **kwargs)``; if it raises, log the traceback and return ``None``.

    Example::

        await wrap_try_except_async(self.publish_status, "ok")
    """
    try:
        return await func(*args, **kwargs)
    except Exception as exc:
        log.exception("Error in %s: %s", _name(func), exc)
        return None
