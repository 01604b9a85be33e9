"""Which bridge a command talks to: --dda-uri / env, --remote (like classic REMOTE_DEV), defaults.

Also the typer option types shared by every command that talks to a bridge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pydoover.endpoints import ENDPOINTS, LOOPBACK, endpoint

from .errors import UsageError

BRIDGES = ("dda", "platform", "modbus", "apps", "camera")  # what the CLI talks to
DEFAULT_PORTS = {entry.name: entry.port for entry in ENDPOINTS if entry.name in BRIDGES}
# Health-service names of the bridges `doover bridge up` runs.
HEALTH_NAMES = {entry.name: entry.health for entry in ENDPOINTS if entry.name in BRIDGES}
LOCAL_HOSTS = ("localhost", LOOPBACK)


URI_HELP_NAMES = {
    "dda": "DDA bridge",
    "platform": "Platform bridge",
    "modbus": "Modbus bridge",
    "apps": "App Controller bridge",
    "camera": "Camera bridge",
}


def uri_option(name: str):
    """The ``--<bridge>-uri`` option (and its env var) of bridge ``name``."""
    entry = endpoint(name)
    help_text = f"{URI_HELP_NAMES[name]} address HOST:PORT [default: {entry.default_uri}]."
    return typer.Option(entry.uri_flag, envvar=entry.env, help=help_text)


DdaUri = Annotated[str | None, uri_option("dda")]
PltUri = Annotated[str | None, uri_option("platform")]
ModbusUri = Annotated[str | None, uri_option("modbus")]
AppsUri = Annotated[str | None, uri_option("apps")]
CamUri = Annotated[str | None, uri_option("camera")]
Remote = Annotated[
    str | None,
    typer.Option("--remote", envvar="REMOTE_DEV", help="Device host: replaces localhost in every bridge URI."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (NDJSON for streams).")]
AppDir = Annotated[
    Path,
    typer.Argument(metavar="APP_DIR", help="The app's folder [default: the current folder].", show_default=False),
]
MAX_DEADLINE = 3600.0
Deadline = Annotated[
    float, typer.Option("--deadline", min=0.1, max=MAX_DEADLINE, help="Per-call deadline in seconds (0.1-3600).")
]


def resolve_uri(bridge: str, explicit: str | None = None, remote: str | None = None) -> str:
    """The URI for ``bridge``: explicit/env value or the local default, with ``remote``
    replacing a local host name (as classic pydoover's REMOTE_DEV does)."""
    uri = explicit or endpoint(bridge).default_uri
    if remote:
        host, sep, port = uri.rpartition(":")
        if host in LOCAL_HOSTS:
            uri = f"{remote}{sep}{port}"
    check_address(bridge, uri, "--remote" if remote and not explicit else None)
    return uri


def check_address(bridge: str, uri: str, given_by: str | None = None) -> None:
    """A usage error (naming the option) when ``uri`` cannot be a bridge address at all."""
    from pydoover.addresses import address_problem

    problem = address_problem(uri)
    if problem:
        entry = endpoint(bridge)
        raise UsageError(f"{given_by or f'{entry.uri_flag} / {entry.env}'} {uri}: {problem}")


def is_local(uri: str) -> bool:
    return uri.rpartition(":")[0] in LOCAL_HOSTS
