"""Running live commands: streams (`channel tail`, `io pulses`) until --count, --timeout or Ctrl-C,
and the refresh clock of the `watch` commands."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator

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
            noun = what.removesuffix("s") if count == 1 else what
            note(f"--timeout {timeout:g}s passed before {count} {noun} arrived")
            raise typer.Exit(exit_codes.TIMEOUT) from None
    except KeyboardInterrupt:
        pass


def ticks(interval: float, count: int | None, until: float | None) -> Iterator[int]:
    """0, 1, 2 ... every ``interval`` seconds (without drift) until ``count`` ticks or ``until`` seconds."""
    start, taken = time.monotonic(), 0
    while True:
        yield taken
        taken += 1
        due = start + taken * interval
        if (count is not None and taken >= count) or (until is not None and due - start > until):
            return
        time.sleep(max(0.0, due - time.monotonic()))
