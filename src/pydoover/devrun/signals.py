"""Stopping a session cleanly on SIGTERM and SIGHUP as on Ctrl-C: what it started is stopped and removed."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


async def until_signalled(job: Coroutine) -> None:
    """Run ``job``; SIGTERM or SIGHUP cancels it (its clean-up runs) and returns normally."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(job)
    signalled = []

    def stop(signum: int) -> None:
        signalled.append(signum)
        task.cancel()

    for signum in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread: no handlers
            loop.add_signal_handler(signum, stop, signum)
    try:
        await task
    except asyncio.CancelledError:
        if not signalled:
            raise
    finally:
        for signum in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
