"""`doover run`: run an app (and companion apps) against the local bridges, as a device would."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from ..app_envs import prepare_envs as prepare_app_envs
from ..container_support import BuildArgs, DockerHost, Insecure, use_containers
from ..errors import CLIError, UsageError
from ..output import Output, note
from ..targets import AppDir, AppsUri, DdaUri, Json, ModbusUri, PltUri, Remote, resolve_uri
from . import run_checks
from .dashboard import DEFAULT_PORT, DashboardPort, Open, WithDashboard, beside

app = typer.Typer(rich_markup_mode=None, add_completion=False)

COLOURS = ("36", "35", "33", "32", "34", "31")  # ANSI: cyan, magenta, yellow, green, blue, red


@app.command("run")
def run(
    app_dir: AppDir = Path("."),
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file [default: simulators/app_config.json].")
    ] = None,
    app_key: Annotated[
        str | None, typer.Option("--app-key", help="The app's key [default: from doover_config.json].")
    ] = None,
    companions: Annotated[
        list[str] | None,
        typer.Option("--with", metavar="DIR[:KEY]", help="Also run the app in DIR (as KEY), e.g. a simulator app."),
    ] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Restart an app when its sources change.")] = False,
    device: Annotated[
        Path | None,
        typer.Option("--device", help="Device file for the local Platform bridge [default: simulators/device.toml]."),
    ] = None,
    modbus_map: Annotated[
        Path | None,
        typer.Option(
            "--modbus-map", help="Register map of the simulated Modbus device [default: simulators/modbus_map.toml]."
        ),
    ] = None,
    modbus_sim: Annotated[
        bool, typer.Option("--modbus-sim", help="Run the simulated Modbus device (bus 'default').")
    ] = False,
    strict_config: Annotated[
        bool,
        typer.Option(
            "--strict-config", help="Refuse an invalid config (default: warn and run it, as classic pydoover)."
        ),
    ] = False,
    until_healthy: Annotated[
        bool, typer.Option("--until-healthy", help="Exit 0 once every app has completed a main loop.")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.1,
            help="Give up after S seconds (exit 4 with --until-healthy) [default: 120 with --until-healthy].",
        ),
    ] = None,
    dda_uri: DdaUri = None,
    plt_uri: PltUri = None,
    modbus_uri: ModbusUri = None,
    apps_uri: AppsUri = None,
    remote: Remote = None,
    container: Annotated[
        bool, typer.Option("--container", help="Build the app's image and run it (and --with apps) as containers.")
    ] = False,
    build_arg: BuildArgs = None,
    docker_host: DockerHost = None,
    insecure: Insecure = False,
    json_output: Json = False,
    python: Annotated[
        Path | None,
        typer.Option("--python", metavar="PATH", help="Run the app with this interpreter [default: its own env]."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say which environment each app runs in and what it added.")
    ] = False,
    with_dashboard: WithDashboard = False,
    dashboard_port: DashboardPort = DEFAULT_PORT,
    open_browser: Open = False,
) -> None:
    """Run the app in APP_DIR against the local bridges (started here, or reused if running).

    Seeds the app's config (validated first: problems are printed as warnings), starts the app with APP_KEY and the bridge URIs,
    waits for its first good loop, and shows its logs. Ctrl-C stops everything.

    Example: doover run --watch --with ../tank-sim:sim_app
    """
    from pydoover.devrun.seeding import SeedError
    from pydoover.devrun.session import choose_bridges, plan_app
    from pydoover.project import ProjectError, find_project

    try:
        project = find_project(app_dir)
        plans = [plan_app(project, app_key, config, strict_config)]
        plans += [plan_app(find_project(folder), key) for folder, key in map(_companion, companions or [])]
    except (ProjectError, SeedError) as exc:
        raise UsageError(str(exc)) from None
    # no --cam-uri here: the Camera bridge follows --remote (for the apps and the --dashboard)
    explicit = {"dda": dda_uri, "platform": plt_uri, "modbus": modbus_uri, "apps": apps_uri, "camera": None}
    if remote:
        explicit = {name: resolve_uri(name, uri, remote) for name, uri in explicit.items()}
    run_checks.check_plans(plans)
    run_checks.check_inputs(explicit, device, modbus_map)
    if not container:  # an image has its own environment
        prepare_app_envs(plans, python, verbose)
    if strict_config:
        os.environ["DOOVER_STRICT_CONFIG"] = "1"  # the apps refuse an invalid live update too
    bridges = choose_bridges(explicit, project.root, device, modbus_map, modbus_sim)
    if container:
        use_containers(plans, docker_host, insecure, json_output, build_arg)
    run_checks.check_bridges(plans, bridges, device, modbus_map)
    dashboard = beside(with_dashboard, bridges.uris, dashboard_port, open_browser)
    run_session(
        plans, bridges, json_output, watch=watch, until_healthy=until_healthy, timeout=timeout, dashboard=dashboard
    )


def run_session(
    plans, bridges, json_output: bool, watch=False, until_healthy=False, timeout=None, status=None, dashboard=None
) -> None:
    """Run a dev session until Ctrl-C (or every app is healthy), rendering its events."""
    from pydoover.bridges.host import BridgeStartError
    from pydoover.devrun.session import DevSession
    from pydoover.devrun.signals import until_signalled

    width = max(len(plan.app_key) for plan in plans)
    session = DevSession(plans, bridges, _renderer(json_output, width), watch=watch, until_healthy=until_healthy)
    if until_healthy and timeout is None:
        timeout = run_checks.UNTIL_HEALTHY_TIMEOUT
    lock = run_checks.lock_apps(plans, bridges)
    try:
        work = session.run() if status is None else _alongside(session.run(), status(session))
        if dashboard is not None:
            work = dashboard.alongside(work)
        signalled = asyncio.run(until_signalled(asyncio.wait_for(work, timeout)))
        if signalled is not None:
            note(f"{signalled.name} received")
    except TimeoutError:
        if until_healthy:
            raise CLIError(f"not every app completed a main loop within {timeout:g} s (set --timeout to wait longer)",
                           exit_codes.TIMEOUT) from None  # fmt: skip
    except BridgeStartError as exc:
        raise CLIError(f"{exc} (is `doover bridge up` or another `doover run` using the port?)") from None
    except KeyboardInterrupt:
        pass
    finally:
        lock.release()
    note("stopped")


async def _alongside(main, extra) -> None:
    """Run ``main``; ``extra`` (a status reporter) runs beside it and is cancelled when it ends."""
    helper = asyncio.create_task(extra)
    try:
        await main
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)


def _companion(spec: str) -> tuple[Path, str | None]:
    folder, sep, key = spec.rpartition(":") if ":" in spec else (spec, "", "")
    return Path(folder), (key or None) if sep else None


def _renderer(json_mode: bool, width: int):
    out = Output(json_mode)
    colour = sys.stdout.isatty() and not json_mode and "NO_COLOR" not in os.environ
    palette: dict[str, str] = {}
    cycle = itertools.cycle(COLOURS)

    def label(app: str | None) -> str:
        name = f"{(app or 'bridges'):<{max(width, 10)}}"
        if not colour:
            return name
        code = palette.setdefault(app or "", next(cycle))
        return f"\x1b[{code}m{name}\x1b[0m"

    def render(event) -> None:
        bar = "|" if event.kind == "log" else " "
        out.record(event.to_dict(), f"{label(event.app)} {bar} {event.message}")

    return render
