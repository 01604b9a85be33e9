"""gRPC server reflection on every bridge, so `grpcurl -plaintext 127.0.0.1:50051 list` and
`describe` work without the .proto files.

The services a bridge serves are noted as it registers them (the generated ``add_*_to_server``
functions name each one), so no bridge has to list its own.
"""

from __future__ import annotations

import grpc
from grpc_reflection.v1alpha import reflection

HEALTH_SERVICE = "grpc.health.v1.Health"


class _Recording:
    """Passes every call on to the server, noting the names of the services registered."""

    def __init__(self, server: grpc.aio.Server):
        self._server = server
        self.services: list[str] = []

    def add_registered_method_handlers(self, service_name, method_handlers):
        self.services.append(service_name)
        return self._server.add_registered_method_handlers(service_name, method_handlers)  # pyright: ignore[reportAttributeAccessIssue]

    def __getattr__(self, name):
        return getattr(self._server, name)


def register_with_reflection(bridge, server: grpc.aio.Server) -> list[str]:
    """``bridge.register(server)``, then serve reflection for its services (and health); returns them."""
    recording = _Recording(server)
    bridge.register(recording)
    names = [*recording.services, HEALTH_SERVICE, reflection.SERVICE_NAME]
    reflection.enable_server_reflection(names, server)
    return names
