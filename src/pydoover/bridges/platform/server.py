"""Assemble the local Platform bridge: device file, simulated device, servicers, ticker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc

from ..._grpc import doover_sim_pb2_grpc, platform_iface_pb2_grpc
from ...endpoints import endpoint
from .device import SimulatedDevice
from .device_file import DeviceSpec, default_device, load_device_file
from .servicer import PlatformServicer
from .simcontrol import SimulationServicer
from .system import SystemState

HEALTH_NAME = endpoint("platform").health
DEFAULT_PORT = endpoint("platform").port
TICK_SECONDS = 0.02  # pulse streams and lags advance this often even when nobody reads


class PlatformBridge:
    name = "platform"
    health_name = HEALTH_NAME

    def __init__(self, device_file: str | Path | None = None, spec: DeviceSpec | None = None):
        self.device_file = device_file
        self.spec = spec or (load_device_file(device_file) if device_file else default_device())
        self.device = SimulatedDevice(self.spec)
        self.system = SystemState.from_spec(self.spec)
        self._ticker: asyncio.Task | None = None

    def register(self, server: grpc.aio.Server) -> None:
        platform_iface_pb2_grpc.add_platformIfaceServicer_to_server(PlatformServicer(self.device, self.system), server)
        doover_sim_pb2_grpc.add_SimulationServicer_to_server(SimulationServicer(self.device), server)
        self._ticker = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            self.device.advance()
            await asyncio.sleep(TICK_SECONDS)

    def describe(self) -> str:
        spec = self.spec
        counts = f"{len(spec.di)} DI, {len(spec.do)} DO, {len(spec.ai)} AI, {len(spec.ao)} AO"
        source = f"device file {self.device_file}" if self.device_file else "built-in device"
        return f"{source}: {counts}"

    def close(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
