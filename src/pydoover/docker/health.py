"""Client side of the standard gRPC health service, as the bridges expose it."""

from __future__ import annotations

from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

UNREACHABLE = "UNREACHABLE"


def check_health(uri: str, service: str, timeout: float = 2.0) -> str:
    """The serving status name (``SERVING``, ``NOT_SERVING``, ...) or ``UNREACHABLE``."""
    with grpc.insecure_channel(uri) as channel:
        stub: Any = health_pb2_grpc.HealthStub(channel)  # generated stub: methods are set in __init__
        try:
            response = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return "SERVICE_UNKNOWN"
            return UNREACHABLE
    return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
