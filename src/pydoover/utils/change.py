"""``@on_change``: call back when what a function returns differs from last time."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

_UNSET = object()
F = TypeVar("F", bound=Callable[..., Any])


def on_change(callback: Callable[..., Any] | str, name: str | None = None) -> Callable[[F], F]:
    """Decorate a function so ``callback(new, old, is_first, name)`` runs when its result changes.

    The callback runs on the first call (``is_first=True``, ``old=None``) and whenever the result
    differs (``!=``) from the previous one. ``callback`` may be a callable or the name of a method
    on the decorated method's object. Each object keeps its own last value; ``name`` (default: the
    function's name) labels the detector. Decorating an ``async def`` gives an async function
    whose callback may also be async.

    Example::

        class Pump:
            def report(self, new, old, is_first, detector):
                print(f"{detector}: {old} -> {new}")

            @on_change("report", name="running")
            def is_running(self) -> bool:
                return self.read_di(0)
    """

    def decorator(func: F) -> F:
        label = name or func.__name__

        def changed(wrapper: Callable[..., Any], args: tuple[Any, ...], result: Any) -> Callable[[], Any] | None:
            """Record ``result``; return the bound notifier to call, or ``None`` when unchanged."""
            store = _store(wrapper, args)
            previous = store.get(label, _UNSET)
            if previous is not _UNSET and previous == result:
                return None
            target = _resolve(callback, args)
            old = None if previous is _UNSET else previous

            def notify() -> Any:
                outcome = target(result, old, previous is _UNSET, label)
                store[label] = result
                return outcome

            return notify

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                result = await func(*args, **kwargs)
                notify = changed(async_wrapper, args, result)
                if notify is not None:
                    outcome = notify()
                    if inspect.isawaitable(outcome):
                        await outcome
                return result

            return cast(F, async_wrapper)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = func(*args, **kwargs)
            notify = changed(wrapper, args, result)
            if notify is not None:
                notify()
            return result

        return cast(F, wrapper)

    return decorator


def _store(wrapper: Callable[..., Any], args: tuple[Any, ...]) -> dict[str, Any]:
    """Last results by detector name: on the method's object, or on the function itself."""
    owner: Any = args[0] if args and hasattr(args[0], "__dict__") else wrapper
    store = getattr(owner, "_on_change_results", None)
    if store is None:
        store = owner._on_change_results = {}
    return cast("dict[str, Any]", store)


def _resolve(callback: Callable[..., Any] | str, args: tuple[Any, ...]) -> Callable[..., Any]:
    if not isinstance(callback, str):
        return callback
    if not args:
        raise ValueError(f"on_change callback {callback!r} names a method, but there is no object to look it up on")
    target = getattr(args[0], callback, None)
    if not callable(target):
        raise ValueError(f"on_change callback {callback!r} is not a method of {type(args[0]).__name__}")
    return target
