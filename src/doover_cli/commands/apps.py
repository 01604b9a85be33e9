"""`doover apps ps | logs | restart | stop | start | rm`: the apps a supervisor (`doover run`) runs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from ..command_target import Target, target_options
from ..errors import CLIError, UsageError, from_bridge_error
from ..option_groups import DEFAULT, with_options
from ..output import note
from ..render import timestamp_text
from ..streaming import run_stream

if TYPE_CHECKING:
    from pydoover.docker.app_controller import ActionResult, AppStatus, LogLine

app = typer.Typer(
    help="List, restart, stop apps and read their logs.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

AppKey = Annotated[
    str, typer.Argument(metavar="APP", help="The app's key, as `doover apps ps` shows it.", show_default=False)
]
reading = target_options("apps")
acting = target_options("apps", yes="Act on a non-local device without asking.")
AckTimeout = Annotated[
    float,
    typer.Option(
        "--timeout", min=0.1, max=300, help="Seconds to wait for the supervisor to acknowledge (exit 4 after)."
    ),
]
PAST = {"start": "started", "stop": "stopped", "restart": "restarted", "remove": "removed"}


@contextlib.contextmanager
def bridge_errors() -> Iterator[None]:
    """App Controller failures as one line and an exit code (refusals show the bridge's own words)."""
    from pydoover.docker.app_controller import AppControllerRejected
    from pydoover.docker.errors import BridgeError, BridgeUnavailableError

    try:
        yield
    except AppControllerRejected as exc:
        if exc.code == 400:
            raise UsageError(exc.detail) from None
        raise CLIError(exc.detail, exit_codes.TIMEOUT if exc.code == 504 else exit_codes.FAILED) from None
    except BridgeUnavailableError as exc:
        raise CLIError(
            f"cannot reach the App Controller at {exc.uri}; start the local bridges with `doover bridge up`, "
            "or point --apps-uri / --remote at a device",
            exit_codes.UNREACHABLE,
        ) from None
    except BridgeError as exc:
        raise from_bridge_error(exc) from None


# -- rendering -----------------------------------------------------------------------------


def uptime_text(secs: float | None) -> str:
    if secs is None:
        return "-"
    secs = int(secs)
    if secs < 60:
        return f"{secs}s"
    if secs < 3600:
        return f"{secs // 60}m{secs % 60:02d}s"
    if secs < 86400:
        return f"{secs // 3600}h{secs % 3600 // 60:02d}m"
    return f"{secs // 86400}d{secs % 86400 // 3600:02d}h"


def dash(value: object) -> object:
    return "-" if value is None else value


def app_row(status: AppStatus) -> tuple:
    return (
        status.app_key,
        "-" if status.display_name == status.app_key else status.display_name,  # no name of its own
        status.state,
        dash(status.pid),
        uptime_text(status.uptime_secs),
        status.restarts,
        dash(status.last_exit_code),
        status.detail or "-",
    )


def state_text(status: AppStatus) -> str:
    return status.state + (f", pid {status.pid}" if status.pid is not None else "")


_LOG_RECORD = re.compile(r"(^|[\s\-|\[])(DEBUG|INFO)([\s\-|:\]]|$)")


def stream_label(line: LogLine) -> str:
    """``out``, ``err``, or ``log`` for an informational log record (Python logs to stderr)."""
    if line.stream != "stderr":
        return "out"
    return "log" if _LOG_RECORD.search(line.text[:120]) else "err"


def log_text(line: LogLine) -> str:
    stream = stream_label(line)
    when = timestamp_text(line.timestamp) if line.timestamp else "-"
    return f"{when}  {line.app_key}  {stream}  {line.text}"


def action_text(result: ActionResult) -> str:
    now = f" (now {state_text(result.app)})" if result.app else ""
    said = f": {result.message}" if result.message else ""
    return f"{PAST[result.action]} {result.app_key}{now}{said}"


# -- commands --------------------------------------------------------------------------------


@app.command("ps")
@with_options(target=reading)
def ps(
    app_keys: Annotated[
        list[str] | None,
        typer.Argument(metavar="APP...", help="Only these apps [default: every app].", show_default=False),
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """List the apps: state, pid, uptime, restarts and last exit code.

    State is starting, running, healthy, unhealthy, restarting, stopped, exited, or lost (the
    supervisor went away while the app ran).

    Example: doover apps ps --remote 192.168.1.20
    """
    with bridge_errors():
        statuses = target.client("apps").list_apps(*(app_keys or ()))
    columns = ["app", "name", "state", "pid", "uptime", "restarts", "last exit", "detail"]
    target.output.table([s.to_json() for s in statuses], columns, [app_row(s) for s in statuses])
    if not statuses and not target.json:
        note("no apps yet: `doover run` registers the apps it starts")


@app.command("logs")
@with_options(target=reading)
def logs(
    app_key: Annotated[
        str | None, typer.Argument(metavar="APP", help="One app [default: every app].", show_default=False)
    ] = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines until Ctrl-C.")] = False,
    tail: Annotated[
        int | None, typer.Option("--tail", min=0, help="Start with the last N lines [default: all kept].")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only lines since a time: 30s, 10m, 2h, 1d or ISO 8601.")
    ] = None,
    count: Annotated[int | None, typer.Option("--count", min=1, help="With -f: exit after N lines.")] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0, help="With -f: exit after S seconds (exit 4 if --count was not reached)."),
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """Print an app's recent output (the bridge keeps its last 2,000 lines); -f follows it.

    With --json every line is one JSON object (NDJSON), with or without -f.

    Example: doover apps logs tank -f --tail 20
    """
    from ..timespec import parse_since

    start = parse_since(since) if since else None
    if not follow and (count is not None or timeout is not None):
        raise UsageError("--count and --timeout only apply with --follow (-f)")
    out = target.output
    iface = target.client("apps")
    with bridge_errors():
        if not follow:
            for line in iface.get_logs(app_key, tail=tail, since=start):
                out.record(line.to_json(), log_text(line))
            return
        if app_key:
            iface.get_app(app_key)  # an unknown app or an unreachable bridge fails now, not in the loop
        else:
            iface.list_apps()
        lines = iface.follow_logs(app_key, tail=tail, since=start, on_status=note)

        async def stream() -> None:
            shown = 0
            async for line in lines:
                out.record(line.to_json(), log_text(line))
                shown += 1
                if count is not None and shown >= count:
                    return

        run_stream(stream(), timeout, count, "log lines")


def act(action: str, app_key: str, timeout: float, target: Target) -> None:
    iface = target.client("apps")
    with bridge_errors():
        confirm(target, iface, action, app_key)
        result = getattr(iface, f"{action}_app")(app_key, timeout=timeout)
    target.output.result(result.to_json(), action_text(result))


def confirm(target: Target, iface, action: str, app_key: str) -> None:
    """On a non-local target: show the app's state, then need --yes or a typed confirmation."""
    target.confirm(
        "apps",
        f"{action} app {app_key}",
        lambda: f"app {app_key} at {iface.uri} is {state_text(iface.get_app(app_key))}",
        declined=f"not confirmed; app {app_key} was not {PAST[action]}",
    )


@app.command("restart")
@with_options(target=acting)
def restart(app_key: AppKey, timeout: AckTimeout = 10.0, target: Target = DEFAULT) -> None:
    """Restart an app through its supervisor; returns once the supervisor acknowledged.

    Example: doover apps restart tank
    """
    act("restart", app_key, timeout, target)


@app.command("stop")
@with_options(target=acting)
def stop(app_key: AppKey, timeout: AckTimeout = 10.0, target: Target = DEFAULT) -> None:
    """Stop an app through its supervisor (which stays ready to start it again).

    Example: doover apps stop tank --remote 192.168.1.20 --yes
    """
    act("stop", app_key, timeout, target)


@app.command("start")
@with_options(target=acting)
def start(app_key: AppKey, timeout: AckTimeout = 10.0, target: Target = DEFAULT) -> None:
    """Start a stopped app through its supervisor.

    Example: doover apps start tank
    """
    act("start", app_key, timeout, target)


@app.command("rm")
@with_options(target=acting)
def rm(app_key: AppKey, target: Target = DEFAULT) -> None:
    """Forget a stale app (lost whose process ended, exited or stopped) and its logs.

    An app that runs, or that a `doover run` still supervises, is refused: stop it first.

    Example: doover apps rm tank
    """
    iface = target.client("apps")
    with bridge_errors():
        confirm(target, iface, "remove", app_key)
        removed = iface.remove_app(app_key)
    target.output.result(removed.to_json(), f"removed {app_key} (was {state_text(removed)})")
