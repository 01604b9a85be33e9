"""The one rule for writes that can move something real: a non-local target needs ``--yes`` or a
typed confirmation; without a terminal to ask on, it is refused before anything is sent.

    confirm_remote("10.0.0.5:50051", "publish to channel tank", yes=False)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import redirect_stdout

import typer

from .errors import CLIError, UsageError
from .output import note
from .targets import is_local


def confirm_remote(
    uri: str,
    action: str,
    yes: bool,
    current: Callable[[], str] | None = None,
    kind: str = "bridge",
    question: str | None = None,
    declined: str = "not confirmed; nothing was written",
    show_before_refusing: bool = True,
) -> None:
    """Ask before ``action`` on the non-local ``uri``; ``current()`` is a line saying what is there now
    (shown first, or only once the user may go on when reading it costs a bus request)."""
    if is_local(uri):
        return
    if current is not None and show_before_refusing:
        note(current())
    if not yes and (sys.stdin is None or not sys.stdin.isatty()):
        raise UsageError(f"{uri} is not a local {kind}: pass --yes to {action} (stdin is not a terminal)")
    if current is not None and not show_before_refusing:
        note(current())
    if yes:
        return
    with redirect_stdout(sys.stderr):  # the whole prompt on stderr: stdout carries data only
        confirmed = typer.confirm(question or f"{action} at {uri}?", err=True)
    if not confirmed:
        raise CLIError(declined)
