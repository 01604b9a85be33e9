"""Giving each app `doover run` starts its own environment, and saying so (progress, --verbose)."""

from __future__ import annotations

from pathlib import Path

from .errors import CLIError, UsageError
from .output import note


def prepare_envs(plans: list, python: Path | None, verbose: bool) -> None:
    """Resolve (make or sync, when needed) each plan's environment; ``python`` is for the first app only.

    A failure is one line: exit 2 for a wrong flag, exit 1 when setting up the environment failed.
    """
    from pydoover.devrun.appenv import AppEnvError, resolve_env
    from pydoover.project import ProjectError

    for index, plan in enumerate(plans):
        try:
            plan.env = resolve_env(plan.project, python if index == 0 else None, note)
            plan.env.command(plan.project)  # no entry point: say so now, not after the bridges start
        except ProjectError as exc:
            raise UsageError(str(exc)) from None
        except AppEnvError as exc:
            raise (UsageError(str(exc)) if exc.bad_input else CLIError(str(exc))) from None
        if verbose:
            note(f"{plan.app_key}: {plan.env.describe()}")
