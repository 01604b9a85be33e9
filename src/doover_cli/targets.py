"""Which bridge a command talks to: --dda-uri / env, --remote (like classic REMOTE_DEV), defaults.

Also the typer option types shared by every command that talks to a bridge.
"""

from __future__ import annotations

from typing import Annotated

import typer

DEFAULT_PORTS = {"dda": 50051, "platform": 50053, "modbus": 50054, "apps": 50052}
# Health-service names of the bridges `doover bridge up` runs.
HEALTH_NAMES = {
    "dda": "doover.DeviceAgent",
    "platform": "doover.PlatformInterface",
    "modbus": "doover.ModbusInterface",
    "apps": "doover.AppController",
}
LOCAL_HOSTS = ("localhost", "127.0.0.1")

DdaUri = Annotated[
    str | None,
    typer.Option("--dda-uri", envvar="DDA_URI", help="DDA bridge address HOST:PORT [default: 127.0.0.1:50051]."),
]
PltUri = Annotated[
    str | None,
    typer.Option("--plt-uri", envvar="PLT_URI", help="Platform bridge address HOST:PORT [default: 127.0.0.1:50053]."),
]
ModbusUri = Annotated[
    str | None,
    typer.Option(
        "--modbus-uri", envvar="MODBUS_URI", help="Modbus bridge address HOST:PORT [default: 127.0.0.1:50054]."
    ),
]
AppsUri = Annotated[
    str | None,
    typer.Option(
        "--apps-uri", envvar="APPS_URI", help="App Controller bridge address HOST:PORT [default: 127.0.0.1:50052]."
    ),
]
Remote = Annotated[
    str | None,
    typer.Option("--remote", envvar="REMOTE_DEV", help="Device host: replaces localhost in every bridge URI."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (NDJSON for streams).")]
MAX_DEADLINE = 3600.0
Deadline = Annotated[
    float, typer.Option("--deadline", min=0.1, max=MAX_DEADLINE, help="Per-call deadline in seconds (0.1-3600).")
]


def resolve_uri(bridge: str, explicit: str | None = None, remote: str | None = None) -> str:
    """The URI for ``bridge``: explicit/env value or the local default, with ``remote``
    replacing a local host name (as classic pydoover's REMOTE_DEV does)."""
    uri = explicit or f"127.0.0.1:{DEFAULT_PORTS[bridge]}"
    if remote:
        host, sep, port = uri.rpartition(":")
        if host in LOCAL_HOSTS:
            uri = f"{remote}{sep}{port}"
    return uri


def is_local(uri: str) -> bool:
    return uri.rpartition(":")[0] in LOCAL_HOSTS
