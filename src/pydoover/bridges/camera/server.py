"""Assemble the local Camera bridge: the cameras, their gRPC servicer and their HTTP server."""

from __future__ import annotations

from collections.abc import Sequence

import grpc

from ..._grpc import camera_iface_pb2_grpc as pb_grpc
from ...endpoints import CAMERA_HTTP_PORT, endpoint
from ..host import BridgeStartError
from .cameras import CameraSet
from .http_view import CameraHttpServer
from .servicer import CameraServicer
from .spec import CameraSpec

HEALTH_NAME = endpoint("camera").health
DEFAULT_PORT = endpoint("camera").port
DEFAULT_HTTP_PORT = CAMERA_HTTP_PORT  # MJPEG and snapshots over HTTP


class CameraBridge:
    name = "camera"
    health_name = HEALTH_NAME

    def __init__(self, specs: Sequence[CameraSpec] = ()) -> None:
        self.cameras = CameraSet(list(specs))
        self.http = CameraHttpServer(self.cameras)

    def register(self, server: grpc.aio.Server) -> None:
        pb_grpc.add_CameraInterfaceServicer_to_server(CameraServicer(self.cameras), server)

    async def start_http(self, host: str, port: int) -> int:
        """Serve the cameras over HTTP on ``host:port`` (0 picks a free port); return the port."""
        try:
            bound = await self.http.start(host, port)
        except OSError as exc:
            self.close()
            raise BridgeStartError(f"camera: cannot serve HTTP on {host}:{port} ({exc.strerror or exc})") from None
        url_host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # a wildcard is not an address to visit
        url_host = f"[{url_host}]" if ":" in url_host else url_host
        self.cameras.http_base = f"http://{url_host}:{bound}"
        return bound

    def describe(self) -> str:
        cameras = self.cameras.cameras.values()
        listed = ", ".join(f"{camera.name} ({camera.spec.kind}: {camera.spec.shown_source})" for camera in cameras)
        listed = listed or "no cameras (add them with --camera NAME=SOURCE or a device file's [[cameras]])"
        http = f"; HTTP views at {self.cameras.http_base}/cameras" if self.cameras.http_base else ""
        return listed + http

    def close(self) -> None:
        self.http.close()
        self.cameras.close()
