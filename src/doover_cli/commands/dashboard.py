"""`doover dashboard`: the app's UI and the device in a browser, live; and the `--dashboard` flag
that `doover run` and `doover demo` share."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import typer

from pydoover.endpoints import DASHBOARD_PORT

from ..errors import CLIError, UsageError
from ..output import note
from ..targets import AppsUri, CamUri, DdaUri, ModbusUri, PltUri, Remote, resolve_uri

app = typer.Typer(rich_markup_mode=None, add_completion=False)

DEFAULT_PORT = DASHBOARD_PORT

Port = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to serve the page on (0: a free one).")]
Host = Annotated[
    str,
    typer.Option("--host", help="Interface to listen on; anything but loopback needs the access token printed."),
]
Open = Annotated[bool, typer.Option("--open", help="Open the page in a web browser.")]
WithDashboard = Annotated[bool, typer.Option("--dashboard", help="Also serve the dashboard (default port 8000).")]
DashboardPort = Annotated[int, typer.Option("--dashboard-port", min=0, max=65535, help="Port of the --dashboard page.")]


@app.command("dashboard")
def dashboard(
    port: Port = DEFAULT_PORT,
    host: Host = "127.0.0.1",
    open_browser: Open = False,
    dda_uri: DdaUri = None,
    plt_uri: PltUri = None,
    modbus_uri: ModbusUri = None,
    apps_uri: AppsUri = None,
    cam_uri: CamUri = None,
    remote: Remote = None,
) -> None:
    """Serve a web page showing every app's UI, the device's I/O, channels and apps, live.

    Buttons and inputs on the page write the same ui_cmds the Doover site writes; the Cameras panel
    and camera elements show the Camera bridge's cameras live. Ctrl-C stops it.

    Example: doover dashboard --open
    """
    explicit = {"dda": dda_uri, "platform": plt_uri, "modbus": modbus_uri, "apps": apps_uri, "camera": cam_uri}
    server = make_server(explicit, remote, host, port, open_browser)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(server.serve())
    note("stopped")


def make_server(explicit: dict[str, str | None], remote: str | None, host: str, port: int, open_browser: bool):
    """A DashboardServer for these bridges; it prints its URL (to stderr) once it listens."""
    if not host.strip():
        raise UsageError("--host must name an interface, e.g. 127.0.0.1")
    from pydoover.dashboard import Targets
    from pydoover.dashboard.bridge_cameras import BridgeCameras
    from pydoover.dashboard.server import DashboardServer, DashboardStartError

    uris = {name: resolve_uri(name, uri, remote) if (uri or remote) else None for name, uri in explicit.items()}
    targets = Targets.from_uris(uris)
    cameras = BridgeCameras(targets["camera"])
    server = DashboardServer(targets, host, port, open_browser, on_url=_announce, cameras=cameras)
    try:
        server.bind()
    except DashboardStartError as exc:
        raise CLIError(str(exc)) from None
    return server


def beside(enabled: bool, bridge_uris: dict[str, str], port: int, open_browser: bool):
    """The dashboard to run beside a `doover run`/`doover demo` session (None without --dashboard);
    ``bridge_uris`` are the session's bridges, the Camera bridge among them."""
    if not enabled and not open_browser:
        return None
    return make_server(dict(bridge_uris), None, "127.0.0.1", port, open_browser)


def _announce(url: str) -> None:
    note(f"dashboard: {url}")
