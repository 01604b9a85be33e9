"""`doover demo`: the bundled tank-level controller against the local bridges, in one command."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from ..targets import Json
from .dashboard import DEFAULT_PORT, DashboardPort, Open, WithDashboard, beside
from .run import run_session

app = typer.Typer(rich_markup_mode=None, add_completion=False)


@app.command("demo")
def demo(
    until_healthy: Annotated[
        bool, typer.Option("--until-healthy", help="Exit 0 once the app has completed a main loop.")
    ] = False,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Give up after S seconds.")] = None,
    json_output: Json = False,
    with_dashboard: WithDashboard = False,
    dashboard_port: DashboardPort = DEFAULT_PORT,
    open_browser: Open = False,
) -> None:
    """Run the demo app: a pump keeps a simulated tank between 30 % and 80 %, a simulated Modbus
    power meter reports the supply voltage, and tags and UI state flow through the local DDA.

    In another terminal: `doover apps ps`, `doover channel tail tag_values`, `doover io get-ai 0`,
    `doover channel publish ui_cmds '{"cmds": {"tank_controller_mode": "off"}}'`.

    Add --dashboard to see and drive it in a browser at http://127.0.0.1:8000/.

    Example: doover demo --dashboard
    """
    from pydoover.devrun.session import choose_bridges, plan_app
    from pydoover.project import find_project

    from ..demo import DEMO_APP
    from ..demo.status import report_status

    project = find_project(DEMO_APP)
    bridges = choose_bridges(None, project.root, modbus_sim=True, project_store=False)  # not in the install
    plan = plan_app(project)
    status = None if json_output else partial(report_status, app_key=plan.app_key)
    dashboard = beside(with_dashboard, bridges.uris, dashboard_port, open_browser)
    run_session(
        [plan], bridges, json_output, until_healthy=until_healthy, timeout=timeout, status=status, dashboard=dashboard
    )
