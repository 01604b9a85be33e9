"""The UI manager's two faces: its logic yields effects, and one of two drivers performs them.

Every dual method of ``UIManager`` (``push``/``push_async``, ``handle_comms``/``handle_comms_async``,
...) is one generator that yields :class:`Publish`, :class:`Fetch` and :class:`Invoke` effects.
:func:`drive_sync` performs them with blocking client calls (for sync apps and executor threads);
:func:`drive_async` awaits the client's ``_async`` methods and runs callbacks with
``call_maybe_async`` (sync callbacks go to the default executor, as in classic pydoover).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

from ..utils.dual import call_maybe_async, drive_effects, drive_effects_async

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Publish:
    """Write ``message`` to ``channel``; the driver sends back True when the DDA accepted it."""

    channel: str
    message: Any
    record_log: bool = True
    max_age: int | None = None


@dataclass(frozen=True)
class Fetch:
    """Read a channel's aggregate; the driver sends back the aggregate (None on failure)."""

    channel: str


@dataclass(frozen=True)
class Invoke:
    """Run an app callback (sync or async); a failing callback is logged, not raised."""

    func: Callable[..., Any]
    args: tuple[Any, ...] = ()


Effect = Publish | Fetch | Invoke
T = TypeVar("T")
UIEffects: TypeAlias = Generator[Effect, Any, T]  # the body of a UIManager dual method returning T


def _no_client(effect: Publish | Fetch) -> Any:
    log.warning("UI manager has no client: cannot %s %s", type(effect).__name__.lower(), effect.channel)
    return False if isinstance(effect, Publish) else None


def _describe(func: Callable[..., Any]) -> str:
    return getattr(func, "__qualname__", None) or repr(func)


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def invoke_sync(func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """Call ``func``; a coroutine it returns is run to completion (or scheduled on this thread's loop)."""
    result = func(*args)
    if not inspect.isawaitable(result):
        return result
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_awaited(result))
    return asyncio.ensure_future(result)


def _perform_sync(client: Any, effect: Effect) -> Any:
    if isinstance(effect, Invoke):
        try:
            return invoke_sync(effect.func, effect.args)
        except Exception:
            log.exception("UI callback %s failed", _describe(effect.func))
            return None
    if client is None:
        return _no_client(effect)
    if isinstance(effect, Fetch):
        return client.get_channel_aggregate(effect.channel, run_sync=True)
    return client.publish_to_channel(
        effect.channel, effect.message, record_log=effect.record_log, max_age=effect.max_age, run_sync=True
    )


async def _perform_async(client: Any, effect: Effect) -> Any:
    if isinstance(effect, Invoke):
        try:
            return await call_maybe_async(effect.func, *effect.args)
        except Exception:
            log.exception("UI callback %s failed", _describe(effect.func))
            return None
    if client is None:
        return _no_client(effect)
    if isinstance(effect, Fetch):
        return await client.get_channel_aggregate_async(effect.channel)
    return await client.publish_to_channel_async(
        effect.channel, effect.message, record_log=effect.record_log, max_age=effect.max_age
    )


def drive_sync(client: Any, gen: UIEffects[T]) -> T:
    """Run an effect generator with blocking calls; return its result."""
    return drive_effects(gen, functools.partial(_perform_sync, client))


async def drive_async(client: Any, gen: UIEffects[T]) -> T:
    """Run an effect generator with awaited calls; return its result."""
    return await drive_effects_async(gen, functools.partial(_perform_async, client))
