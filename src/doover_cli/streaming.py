"""Running a live stream command (`channel tail`, `io pulses`) until --count, --timeout or Ctrl-C."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine

import typer

from . import exit_codes
from .output import note


def run_stream(stream: Coroutine, timeout: float | None, count: int | None, what: str) -> None:
    """Run ``stream`` (which returns once it has shown ``count`` items) for at most ``timeout`` s.

    A timeout before ``count`` items exits 4 (naming ``what``, e.g. "messages"); a timeout with no
    ``--count`` and Ctrl-C are normal ends (exit 0).
    """
    try:
        asyncio.run(asyncio.wait_for(stream, timeout))
    except TimeoutError:
        if count is not None:
            note(f"--timeout {timeout:g}s passed before {count} {what} arrived")
            raise typer.Exit(exit_codes.TIMEOUT) from None
    except KeyboardInterrupt:
        pass
