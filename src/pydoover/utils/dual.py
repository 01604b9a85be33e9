"""Sync/async dual dispatch: one method that works called plainly and awaited.

Classic Doover apps call interface methods both ways (``await iface.get_di(0)`` and
``iface.get_di(0)``). The rule, written once here:

* In a thread running an event loop, on an object whose ``_is_async`` is true (or ``None``,
  meaning "decide by context"), the call is routed to the ``<name>_async`` twin and scheduled
  at once as a task. Awaiting it gives the result; not awaiting it still runs the call.
* Everywhere else (plain scripts, sync main loops running in an executor thread) the
  blocking version runs and returns the value.
* ``run_sync=True`` forces the blocking version.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Generator
from typing import Any


def _loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def wants_async(obj: Any) -> bool:
    """True when a dual call on ``obj`` should take its async path."""
    if not _loop_running_here():
        return False
    return getattr(obj, "_is_async", None) in (None, True)


def maybe_async() -> Callable:
    """Decorate a sync method whose ``<name>_async`` twin exists on the same class."""

    def wrapper(func: Callable) -> Callable:
        twin = f"{func.__name__}_async"

        @functools.wraps(func)
        def inner(self, *args, run_sync: bool = False, **kwargs):
            if not run_sync and wants_async(self):
                return asyncio.ensure_future(getattr(self, twin)(*args, **kwargs))
            return func(self, *args, **kwargs)

        return inner

    return wrapper


class dual_method:  # noqa: N801 - used as a decorator, named like one
    """Turn one effect-yielding generator into a sync method and its ``_async`` twin.

    The generator holds all the logic (request building, response parsing); it yields
    effects and receives their results. The owner class supplies two drivers,
    ``_drive_sync(gen)`` and ``_drive_async(gen)``, which perform the effects over their
    transport. This is how every SDK method is written exactly once.
    """

    def __init__(self, func: Callable[..., Generator]):
        self.func = func
        functools.update_wrapper(self, func)

    def __set_name__(self, owner: type, name: str) -> None:
        func = self.func

        async def run_async(obj, *args, **kwargs):
            return await obj._drive_async(func(obj, *args, **kwargs))

        run_async.__name__ = run_async.__qualname__ = f"{name}_async"
        run_async.__doc__ = f"Awaitable twin of :meth:`{name}`."
        if f"{name}_async" not in owner.__dict__:
            setattr(owner, f"{name}_async", run_async)

        @maybe_async()
        @functools.wraps(func)
        def run_sync(obj, *args, **kwargs):
            return obj._drive_sync(func(obj, *args, **kwargs))

        setattr(owner, name, run_sync)


def drive_effects(gen: Generator, perform: Callable[[Any], Any]) -> Any:
    """Run an effect generator, answering each effect with ``perform(effect)``; its return value."""
    result = None
    while True:
        try:
            effect = gen.send(result)
        except StopIteration as done:
            return done.value
        result = perform(effect)


async def drive_effects_async(gen: Generator, perform: Callable[[Any], Any]) -> Any:
    """:func:`drive_effects` with an awaitable ``perform``."""
    result = None
    while True:
        try:
            effect = gen.send(result)
        except StopIteration as done:
            return done.value
        result = await perform(effect)


async def call_maybe_async(
    func: Callable, *args: Any, as_task: bool = False, in_executor: bool = True, **kwargs: Any
) -> Any:
    """Call a sync or async callable from async code.

    Coroutine functions are awaited; plain callables run in the default executor (or
    directly with ``in_executor=False``). With ``as_task=True`` the call is scheduled and
    the task returned instead of awaited.
    """
    if inspect.iscoroutinefunction(func):
        awaitable = func(*args, **kwargs)
    elif in_executor:
        loop = asyncio.get_running_loop()
        awaitable = loop.run_in_executor(None, functools.partial(func, *args, **kwargs))
    else:
        result = func(*args, **kwargs)
        if not inspect.isawaitable(result):
            return result
        awaitable = result
    if as_task:
        return asyncio.ensure_future(awaitable)
    return await awaitable
