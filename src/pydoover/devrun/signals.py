"""SIGTERM and SIGHUP stop a `doover run` session as Ctrl-C does: every app is stopped first.

Without this, ``kill PID`` or closing the terminal ends doover at once and leaves its apps
running, re-parented to init, against bridges that are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


async def until_signalled(work: Awaitable[Any]) -> signal.Signals | None:
    """Await ``work``; a stop signal cancels it (so its clean-up runs) and is returned."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    received: list[signal.Signals] = []

    def stop(sig: signal.Signals) -> None:
        received.append(sig)
        task.cancel()

    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop, sig)
    try:
        await task
    except asyncio.CancelledError:
        if not received:
            raise
    finally:
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return received[0] if received else None
