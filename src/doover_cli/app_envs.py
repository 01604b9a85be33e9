"""Giving each app `doover run` starts its own environment, and saying so (progress, --verbose)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CLIError, UsageError
from .output import note


@contextmanager
def env_errors() -> Iterator[None]:
    """An app environment's failure as one line: exit 2 for the user's input, exit 1 when setup failed."""
    from pydoover.devrun.appenv import AppEnvError
    from pydoover.project import ProjectError

    try:
        yield
    except ProjectError as exc:
        raise UsageError(str(exc)) from None
    except AppEnvError as exc:
        raise (UsageError(str(exc)) if exc.bad_input else CLIError(str(exc))) from None


def prepare_envs(plans: list, python: Path | None, verbose: bool) -> None:
    """Resolve (make or sync, when needed) each plan's environment; ``python`` is for the first app only."""
    from pydoover.devrun.appenv import resolve_env

    for index, plan in enumerate(plans):
        with env_errors():
            plan.env = resolve_env(plan.project, python if index == 0 else None, note)
            plan.env.command(plan.project)  # no entry point: say so now, not after the bridges start
        if verbose:
            note(f"{plan.app_key}: {plan.env.describe()}")
