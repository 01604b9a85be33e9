"""Run any set of local bridges in one process, each on its own port, with gRPC health.

host = BridgeHost("127.0.0.1")
await host.start(DdaBridge(store_path), port=50051)
...
await host.stop()
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from dataclasses import dataclass
from typing import Protocol

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from .reflection import register_with_reflection
from .undecodable import RefuseUndecodable

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
SERVER_OPTIONS = [
    # Larger than any payload the bridges accept, so oversize requests get a readable
    # success=false answer from the bridge instead of a transport error.
    ("grpc.max_receive_message_length", 16 * 1024 * 1024),
    ("grpc.max_send_message_length", 16 * 1024 * 1024),
    ("grpc.so_reuseport", 0),
]


class Bridge(Protocol):
    name: str
    health_name: str

    def register(self, server: grpc.aio.Server) -> None: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...


class BridgeStartError(RuntimeError):
    """A bridge could not start (most often: its port is taken)."""


@dataclass
class RunningBridge:
    bridge: Bridge
    server: grpc.aio.Server
    health: health.aio.HealthServicer  # pyright: ignore[reportAttributeAccessIssue]  # set on import
    host: str
    port: int

    @property
    def uri(self) -> str:
        return f"{self.host}:{self.port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BridgeHost:
    def __init__(self, host: str = LOOPBACK):
        self.host = host
        self.running: list[RunningBridge] = []

    async def start(self, bridge: Bridge, port: int) -> RunningBridge:
        """Serve ``bridge`` on ``port`` (0 picks a free one) and mark it SERVING."""
        server = grpc.aio.server(options=SERVER_OPTIONS, interceptors=[RefuseUndecodable()])
        register_with_reflection(bridge, server)
        health_servicer = health.aio.HealthServicer()  # pyright: ignore[reportAttributeAccessIssue]
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
        try:
            bound = server.add_insecure_port(f"{self.host}:{port}")
        except RuntimeError as exc:
            bridge.close()
            raise BridgeStartError(f"{bridge.name}: cannot listen on {self.host}:{port} ({exc})") from None
        if bound == 0:
            bridge.close()
            raise BridgeStartError(f"{bridge.name}: cannot listen on {self.host}:{port} (address in use?)")
        await server.start()
        for service in ("", bridge.health_name):
            await health_servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
        running = RunningBridge(bridge, server, health_servicer, self.host, bound)
        self.running.append(running)
        log.info("%s bridge listening on %s (%s)", bridge.name, running.uri, bridge.describe())
        return running

    async def stop(self, grace: float = 1.0) -> None:
        """Report NOT_SERVING, let in-flight calls finish for ``grace`` seconds, then close.

        Every bridge stops at once: a stream (a subscription) never finishes by itself, so each
        one open would otherwise add the whole grace period.
        """
        running, self.running = self.running, []
        await asyncio.gather(*(self._stop(bridge, grace) for bridge in running))

    @staticmethod
    async def _stop(running: RunningBridge, grace: float) -> None:
        await running.health.enter_graceful_shutdown()
        await running.server.stop(grace)
        running.bridge.close()
