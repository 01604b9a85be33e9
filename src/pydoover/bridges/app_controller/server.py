"""Assemble the local App Controller: log store, app registry and servicer."""

from __future__ import annotations

import grpc

from ..._grpc import app_controller_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from .logs import LINES_PER_APP, LogStore
from .registry import AppRegistry
from .servicer import AppControllerServicer

HEALTH_NAME = endpoint("apps").health
DEFAULT_PORT = endpoint("apps").port


class AppControllerBridge:
    """The App Controller's parts, ready to be added to a gRPC server by the bridge host."""

    name = "apps"
    health_name = HEALTH_NAME

    def __init__(self, lines_per_app: int = LINES_PER_APP):
        self.logs = LogStore(lines_per_app)
        self.registry = AppRegistry(self.logs)

    def register(self, server: grpc.aio.Server) -> None:
        pb_grpc.add_AppControllerServicer_to_server(AppControllerServicer(self.registry), server)

    def describe(self) -> str:
        return f"in memory: apps and their last {self.logs.lines_per_app:,} log lines each"

    def close(self) -> None:
        self.registry.close()
