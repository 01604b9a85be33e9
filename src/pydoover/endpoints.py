"""The device bridges' endpoints, in one table: name, default port, env var, CLI flags, health name.

Bridges, SDK clients, ``run_app``, ``doover run``, the CLI targets and the tests read these facts
from here, so a port or a variable name is written once::

    from pydoover.endpoints import ENDPOINTS, endpoint
    endpoint("platform").default_uri      # "127.0.0.1:50053"
    endpoint("platform").env              # "PLT_URI"
"""

from __future__ import annotations

from dataclasses import dataclass

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Endpoint:
    """One bridge as apps and tools address it."""

    name: str  # our short name: "dda", "platform", ...
    title: str  # what people call it in messages
    port: int  # its port on a Doover device
    env: str  # the environment variable apps read its address from
    uri_flag: str  # the CLI option giving its address (HOST:PORT)
    port_flag: str  # the `doover bridge up` option choosing its local port
    health: str  # the grpc.health.v1 service name it reports SERVING for

    @property
    def default_uri(self) -> str:
        return f"{LOOPBACK}:{self.port}"


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("dda", "Device Agent", 50051, "DDA_URI", "--dda-uri", "--dda-port", "doover.DeviceAgent"),
    Endpoint("apps", "App Controller", 50052, "APPS_URI", "--apps-uri", "--apps-port", "doover.AppController"),
    Endpoint("platform", "Platform bridge", 50053, "PLT_URI", "--plt-uri", "--plt-port", "doover.PlatformInterface"),
    Endpoint("modbus", "Modbus bridge", 50054, "MODBUS_URI", "--modbus-uri", "--modbus-port", "doover.ModbusInterface"),
    Endpoint("camera", "Camera bridge", 50050, "CAM_URI", "--cam-uri", "--cam-port", "doover.CameraInterface"),
)

# Two more local listeners, beside the gRPC bridges: the Camera bridge's HTTP views (MJPEG and
# snapshots, for players and browsers) and the dashboard's page.
CAMERA_HTTP_PORT = 50060
DASHBOARD_PORT = 8000

_BY_NAME = {entry.name: entry for entry in ENDPOINTS}


def endpoint(name: str) -> Endpoint:
    """The endpoint called ``name``; KeyError names the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown bridge {name!r}; known: {', '.join(_BY_NAME)}") from None
