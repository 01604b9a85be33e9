"""Sync/async dual dispatch: one method that works called plainly and awaited.

Classic Doover apps call interface methods both ways (``await iface.get_di(0)`` and
``iface.get_di(0)``). The rule, written once here:

* In a thread running an event loop, on an object whose ``_is_async`` is true (or ``None``,
  meaning "decide by context"), the call is routed to the ``<name>_async`` twin and scheduled
  at once as a task. Awaiting it gives the result; not awaiting it still runs the call.
* Everywhere else (plain scripts, sync main loops running in an executor thread) the
  blocking version runs and returns the value.
* ``run_sync=True`` forces the blocking version.

Types: a type checker sees the plain face as returning the blocking result (``iface.get_di(0)``
is ``bool | list[bool] | None``) and the ``_async`` twin as a coroutine of it. A twin is visible
to type checkers when the class declares it next to its method (``get_di_async = get_di.twin()``);
an undeclared twin is still added at class creation for the runtime.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Coroutine, Generator
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast, overload

S = TypeVar("S")  # the owner instance
P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")


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


def maybe_async() -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """Decorate a sync method whose ``<name>_async`` twin exists on the same class."""

    def wrapper(func: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        twin = f"{func.__name__}_async"

        @functools.wraps(func)
        def inner(self: S, *args: Any, run_sync: bool = False, **kwargs: Any) -> Any:
            if not run_sync and wants_async(self):
                return asyncio.ensure_future(getattr(self, twin)(*args, **kwargs))
            return func(self, *args, **kwargs)

        return cast("Callable[Concatenate[S, P], R]", inner)

    return wrapper


if TYPE_CHECKING:

    class AsyncTwin(Generic[S, P, T]):
        """What a type checker sees for ``<name>_async = <name>.twin()``: an awaitable method."""

        @overload
        def __get__(self, obj: None, owner: type[Any]) -> Callable[Concatenate[S, P], Coroutine[Any, Any, T]]: ...
        @overload
        def __get__(self, obj: S, owner: type[Any]) -> Callable[P, Coroutine[Any, Any, T]]: ...
        def __get__(self, obj: Any, owner: type[Any]) -> Any: ...


class dual_method(Generic[S, P, T]):  # noqa: N801 - used as a decorator, named like one
    """Turn one effect-yielding generator into a sync method and its ``_async`` twin.

    The generator holds all the logic (request building, response parsing); it yields
    effects and receives their results. The owner class supplies two drivers,
    ``_drive_sync(gen)`` and ``_drive_async(gen)``, which perform the effects over their
    transport. This is how every SDK method is written exactly once.

        @dual_method
        def get_di(self, *di: int) -> Effects[bool | list[bool] | None]: ...

        get_di_async = get_di.twin()
    """

    def __init__(self, func: Callable[Concatenate[S, P], Generator[Any, Any, T]]):
        self.func = func
        functools.update_wrapper(cast(Any, self), func)

        async def run_async(obj: Any, *args: Any, **kwargs: Any) -> Any:
            return await obj._drive_async(func(obj, *args, **kwargs))

        run_async.__name__ = f"{func.__name__}_async"
        run_async.__qualname__ = f"{func.__qualname__}_async"
        run_async.__doc__ = f"Awaitable twin of :meth:`{func.__name__}`."
        self._run_async = run_async

    def twin(self) -> AsyncTwin[S, P, T]:
        """The ``_async`` twin, to declare in the class body so type checkers and IDEs see it."""
        return cast("AsyncTwin[S, P, T]", self._run_async)

    def __set_name__(self, owner: type, name: str) -> None:
        func = self.func
        if f"{name}_async" not in owner.__dict__:
            setattr(owner, f"{name}_async", self._run_async)

        @maybe_async()
        @functools.wraps(func)
        def run_sync(obj: Any, *args: Any, **kwargs: Any) -> Any:
            return obj._drive_sync(func(obj, *args, **kwargs))

        setattr(owner, name, run_sync)

    # Never called at run time (__set_name__ replaces the descriptor with a plain function):
    # these tell type checkers what the plain face takes and returns.
    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Callable[Concatenate[S, P], T]: ...
    @overload
    def __get__(self, obj: S, owner: type[Any]) -> Callable[P, T]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        return self if obj is None else functools.partial(self._run_sync_unbound, obj)

    def _run_sync_unbound(self, obj: Any, *args: Any, **kwargs: Any) -> Any:
        return obj._drive_sync(self.func(obj, *args, **kwargs))


def drive_effects(gen: Generator[Any, Any, T], perform: Callable[[Any], Any]) -> T:
    """Run an effect generator, answering each effect with ``perform(effect)``; its return value."""
    result: Any = None
    while True:
        try:
            effect = gen.send(result)
        except StopIteration as done:
            return cast(T, done.value)
        result = perform(effect)


async def drive_effects_async(gen: Generator[Any, Any, T], perform: Callable[[Any], Any]) -> T:
    """:func:`drive_effects` with an awaitable ``perform``."""
    result: Any = None
    while True:
        try:
            effect = gen.send(result)
        except StopIteration as done:
            return cast(T, done.value)
        result = await perform(effect)


async def call_maybe_async(
    func: Callable[..., Any], *args: Any, as_task: bool = False, in_executor: bool = True, **kwargs: Any
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
