"""Assemble the local Modbus bridge: a BusManager and a ServerManager behind the modbusIface servicer."""

from __future__ import annotations

import grpc

from ..._grpc import modbus_iface_pb2_grpc
from ...endpoints import endpoint
from ..host import LOOPBACK
from .buses import BusManager
from .servers import ServerManager
from .servicer import ModbusServicer

HEALTH_NAME = endpoint("modbus").health
DEFAULT_PORT = endpoint("modbus").port


class ModbusBridge:
    name = "modbus"
    health_name = HEALTH_NAME

    def __init__(self, buses: BusManager | None = None, host: str = LOOPBACK):
        """``host`` is where Modbus servers listen when createServer names no host (the bridge's own)."""
        self.buses = buses or BusManager()
        self.servers = ServerManager(default_host=host)

    def register(self, server: grpc.aio.Server) -> None:
        modbus_iface_pb2_grpc.add_modbusIfaceServicer_to_server(ModbusServicer(self.buses, self.servers), server)

    def describe(self) -> str:
        buses = self.buses.list()
        if not buses:
            return "no buses open (apps open them with openBus or per request)"
        return ", ".join(f"{status.bus_id} ({status.settings.label})" for status in buses)

    def close(self) -> None:
        """Cancel scheduled writes, close every bus's connection and stop every Modbus server."""
        self.servers.close()
        self.buses.close()
