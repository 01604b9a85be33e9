"""``@deprecated``: warn callers that a function or class is on its way out."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any


def deprecated(reason: str | Callable[..., Any]) -> Callable[..., Any]:
    """Mark a function or class deprecated: each call (or instantiation) emits a ``DeprecationWarning``.

    The warning is shown whatever the warning filters say about deprecations. Use it bare or
    with a reason::

        @deprecated
        def old(): ...

        @deprecated("use get_ai_async")
        def fetch_ai(self, pin): ...
    """
    if isinstance(reason, (str, bytes)):
        text = reason.decode() if isinstance(reason, bytes) else reason
        return lambda target: _deprecate(target, f" ({text})")
    if inspect.isclass(reason) or callable(reason):
        return _deprecate(reason, "")
    raise TypeError(repr(type(reason)))


def _deprecate(target: Any, detail: str) -> Any:
    kind = "class" if inspect.isclass(target) else "function"
    message = f"Call to deprecated {kind} {target.__name__}{detail}."
    if inspect.isclass(target):
        setattr(target, "__init__", _warning_wrapper(target.__init__, message))  # noqa: B010 - a method
        return target
    return _warning_wrapper(target, message)


def _warning_wrapper(func: Callable[..., Any], message: str) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("always", DeprecationWarning)
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return func(*args, **kwargs)

    return wrapper
