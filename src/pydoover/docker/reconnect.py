"""Reading a server stream forever: reopen it with exponential backoff whenever it breaks.

Shared by every long-lived stream of the SDK (channel subscriptions, pulse counters).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import grpc

Item = TypeVar("Item")


class StreamRejected(Exception):
    """The bridge answered the stream with ``success=false``; the text says why."""


async def reconnecting(
    open_stream: Callable[[], AsyncIterator[Item]],
    min_backoff: float,
    max_backoff: float,
    on_disconnect: Callable[[str, float], None],
) -> AsyncIterator[Item]:
    """Yield every item of ``open_stream()``, reopening it after ``min_backoff`` seconds (doubling
    up to ``max_backoff``) whenever it ends or fails; ``on_disconnect(reason, retry_in)`` hears
    about each break. The backoff resets once a reopened stream yields again."""
    backoff = min_backoff
    while True:
        try:
            async for item in open_stream():
                backoff = min_backoff
                yield item
            reason = "the bridge closed the stream"
        except grpc.RpcError as exc:
            code = exc.code().name if hasattr(exc, "code") and exc.code() else "UNKNOWN"
            reason = f"{code}: {exc.details() if hasattr(exc, 'details') else exc}"
        except StreamRejected as exc:
            reason = str(exc)
        on_disconnect(reason, backoff)
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, max_backoff)
