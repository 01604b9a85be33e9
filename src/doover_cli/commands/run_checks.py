"""What `doover run` checks before it starts anything, as one-line CLI errors.

Bad addresses are usage errors (exit 2); bridges that do not answer are named with the flag that
points at them (exit 3); files that do not exist are refused; files the reused bridges cannot take
are said to be not applied.
"""

from __future__ import annotations

from pathlib import Path

from .. import exit_codes
from ..errors import CLIError, UsageError
from ..output import warn

# With --until-healthy and no --timeout, give up after this long rather than wait forever
# on an app that never completes a loop.
UNTIL_HEALTHY_TIMEOUT = 120.0


def check_inputs(explicit: dict[str, str | None], device: Path | None, modbus_map: Path | None) -> None:
    """Refuse unusable bridge addresses and missing files before anything starts."""
    from pydoover.devrun.preflight import bad_uris, missing_files

    problems = bad_uris({name: uri for name, uri in explicit.items() if uri})
    problems += missing_files(device=device, modbus_map=modbus_map)
    if problems:
        raise UsageError("; ".join(problems))


def check_plans(plans) -> None:
    """Each folder is an app project (as `doover config validate` says when not) and each app
    key can name channels and registrations: no spaces, slashes or control characters."""
    from pydoover.project import ProjectError

    for plan in plans:
        try:
            plan.project.package_dir  # noqa: B018 - raises when there is no app package
        except ProjectError as missing:
            try:
                plan.project.app_entry()  # the message `config validate` gives, when it has one
            except ProjectError as exc:
                raise UsageError(str(exc)) from None
            raise UsageError(str(missing)) from None
        key = plan.app_key
        if not key or not key.isprintable() or any(c.isspace() or c in "/\\" for c in key):
            raise UsageError(f"app key {key!r} must be non-empty, without spaces, slashes or control characters")


def check_bridges(plans, bridges, device: Path | None, modbus_map: Path | None) -> None:
    """For bridges the session does not start: each one the apps need must answer, and the
    project's device file and register map are said to be not applied."""
    from pydoover.devrun.preflight import describe_unreachable, unapplied_files, unreachable, uses_modbus

    if bridges.settings is not None:
        return
    needed = ["dda", "apps", "platform"]
    if any(uses_modbus(plan.project.package_dir) for plan in plans):
        needed.append("modbus")
    uris = {name: bridges.uris[name] for name in needed}
    missing = unreachable(uris)
    if missing:
        raise CLIError(describe_unreachable(missing, uris), exit_codes.UNREACHABLE)
    for path in unapplied_files(plans[0].project.root, device, modbus_map):
        warn(f"{path} is not applied: the bridges already running at {uris['platform']} keep their own "
             "device file and register map; stop them to run with it")  # fmt: skip


def lock_apps(plans, bridges):
    """Hold the one-session-per-app lock (a usage error names the session already running)."""
    from pydoover.devrun.lock import SessionLock, SessionLocked

    lock = SessionLock(bridges.uris.get("apps", "local"), [plan.app_key for plan in plans])
    try:
        lock.acquire()
    except SessionLocked as exc:
        raise UsageError(str(exc)) from None
    return lock
