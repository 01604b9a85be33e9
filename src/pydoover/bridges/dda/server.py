"""Assemble the local DDA: store, channel hub and servicer."""

from __future__ import annotations

from pathlib import Path

import grpc

from ..._grpc import device_agent_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ..state_dir import default_state_dir
from .channels import ChannelHub
from .servicer import DeviceAgentServicer
from .store import SqliteStore

HEALTH_NAME = endpoint("dda").health
DEFAULT_PORT = endpoint("dda").port
STORE_FILE = "dda.sqlite3"


def default_store_path() -> Path:
    return default_state_dir() / STORE_FILE


class DdaBridge:
    """The DDA's parts, ready to be added to a gRPC server by the bridge host."""

    name = "dda"
    health_name = HEALTH_NAME

    def __init__(self, store_path: str | Path | None = None, durable_fsync: bool = False):
        self.store_path = Path(store_path) if store_path else default_store_path()
        self.store = SqliteStore(self.store_path, durable_fsync=durable_fsync)
        self.hub = ChannelHub(self.store)

    def register(self, server: grpc.aio.Server) -> None:
        pb_grpc.add_deviceAgentServicer_to_server(DeviceAgentServicer(self.hub), server)

    def describe(self) -> str:
        return f"store {self.store_path}" + (", fsync" if self.store.durable_fsync else "")

    def close(self) -> None:
        self.store.close()
