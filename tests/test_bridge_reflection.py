"""Every bridge answers gRPC server reflection, so grpcurl can list and describe it."""

from __future__ import annotations

import grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc


def _services(uri: str) -> set[str]:
    with grpc.insecure_channel(uri) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        (response,) = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
    return {service.name for service in response.list_services_response.service}


def _describe(uri: str, symbol: str) -> bytes:
    with grpc.insecure_channel(uri) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(file_containing_symbol=symbol)
        (response,) = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
    return b"".join(response.file_descriptor_response.file_descriptor_proto)


def test_every_bridge_lists_and_describes_its_services(bridges):
    expected = {
        bridges.dda_uri: "device_agent.deviceAgent",
        bridges.plt_uri: "platform_iface.platformIface",
        bridges.modbus_uri: "modbus_iface.modbusIface",
        bridges.apps_uri: "doover.app_controller.AppController",
    }
    for uri, service in expected.items():
        services = _services(uri)
        assert service in services and "grpc.health.v1.Health" in services, (uri, services)
        assert service.rsplit(".", 1)[-1].encode() in _describe(uri, service)
    assert "doover.sim.Simulation" in _services(bridges.plt_uri)
