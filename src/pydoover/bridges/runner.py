"""The local bridges as one set: what `doover bridge up`, `doover run` and the test helpers start."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .app_controller.server import DEFAULT_PORT as APPS_PORT
from .app_controller.server import AppControllerBridge
from .camera.server import DEFAULT_HTTP_PORT as CAM_HTTP_PORT
from .camera.server import DEFAULT_PORT as CAM_PORT
from .camera.server import CameraBridge
from .camera.spec import CameraSpec, combine, parse_camera
from .dda.channels import ChannelEvent
from .dda.server import DEFAULT_PORT as DDA_PORT
from .dda.server import DdaBridge
from .host import LOOPBACK, BridgeHost, BridgeStartError
from .modbus import simulation
from .modbus.field_device import FieldDevice
from .modbus.register_map import RegisterMap, load_register_map
from .modbus.server import DEFAULT_PORT as MODBUS_PORT
from .modbus.server import ModbusBridge
from .platform.device_file import DeviceSpec
from .platform.server import DEFAULT_PORT as PLATFORM_PORT
from .platform.server import PlatformBridge
from .ports import busy_ports


@dataclass
class BridgeSettings:
    host: str = LOOPBACK
    dda_port: int = DDA_PORT
    store: str | Path | None = None
    fsync: bool = False  # also survive a power cut (synchronous=FULL), at a cost in write rate
    plt_port: int = PLATFORM_PORT
    device: DeviceSpec | str | Path | None = None  # a device file or spec [default: a typical controller]
    modbus_port: int = MODBUS_PORT
    modbus_sim: bool = False  # also run the simulated field device, as bus "default"
    modbus_map: RegisterMap | str | Path | None = None  # its register map (implies modbus_sim)
    modbus_sim_port: int = simulation.DEFAULT_SIM_PORT
    apps_port: int = APPS_PORT
    cam_port: int = CAM_PORT
    # "NAME=SOURCE" texts or CameraSpecs; the device file's [[cameras]] are added to them
    cameras: list[CameraSpec | str] = dataclasses.field(default_factory=list)
    cam_http_port: int | None = None  # MJPEG and snapshots over HTTP [default: 50060; 0 when cam_port is 0]


@dataclass
class Listener:
    """One thing the bridges listen on, for the start-up report."""

    name: str
    uri: str
    detail: str


class BridgeSet:
    """Every local bridge (and the simulated field device) in the running event loop.

    bridges = BridgeSet(BridgeSettings(dda_port=0, plt_port=0, ...))
    listeners = await bridges.start()      # the ports actually bound are written back to settings
    ...
    await bridges.stop()
    """

    def __init__(self, settings: BridgeSettings, on_channel_event: Callable[[ChannelEvent], None] | None = None):
        self.settings = settings
        self.on_channel_event = on_channel_event
        self.host = BridgeHost(settings.host)
        self.dda: DdaBridge | None = None
        self.platform: PlatformBridge | None = None
        self.modbus: ModbusBridge | None = None
        self.apps: AppControllerBridge | None = None
        self.field_device: FieldDevice | None = None
        self.camera: CameraBridge | None = None

    async def start(self) -> list[Listener]:
        """Start every bridge; a bad device file or register map fails before anything listens."""
        settings = self.settings
        busy = busy_ports(settings)
        if busy:
            raise BridgeStartError("; ".join(busy))
        device = settings.device
        self.platform = PlatformBridge(spec=device) if isinstance(device, DeviceSpec) else PlatformBridge(device)
        register_map = settings.modbus_map
        if register_map is not None and not isinstance(register_map, RegisterMap):
            register_map = load_register_map(register_map)
        self.dda = DdaBridge(settings.store, durable_fsync=settings.fsync)
        if self.on_channel_event is not None:
            self.dda.hub.add_observer(self.on_channel_event)
        self.modbus = ModbusBridge(host=settings.host)
        self.apps = AppControllerBridge()
        given = [spec if isinstance(spec, CameraSpec) else parse_camera(spec) for spec in settings.cameras]
        self.camera = CameraBridge(combine(given, self.platform.spec.cameras))
        if settings.cam_http_port is None:
            settings.cam_http_port = 0 if settings.cam_port == 0 else CAM_HTTP_PORT
        try:
            for bridge, field in (
                (self.dda, "dda_port"),
                (self.platform, "plt_port"),
                (self.modbus, "modbus_port"),
                (self.apps, "apps_port"),
                (self.camera, "cam_port"),
            ):
                setattr(settings, field, (await self.host.start(bridge, getattr(settings, field))).port)
            settings.cam_http_port = await self.camera.start_http(settings.host, settings.cam_http_port)
            if settings.modbus_sim or register_map is not None:
                self.field_device = await simulation.start_simulated_device(
                    self.modbus, register_map, settings.host, settings.modbus_sim_port
                )
                settings.modbus_sim_port = self.field_device.port
        except BaseException:
            await self.stop(grace=0)
            raise
        return self.listeners()

    def listeners(self) -> list[Listener]:
        found = [Listener(r.bridge.name, r.uri, r.bridge.describe()) for r in self.host.running]
        if self.field_device is not None:
            uri = f"{self.settings.host}:{self.field_device.port}"
            found.append(Listener("modbus-sim", uri, simulation.describe(self.field_device)))
        return found

    async def stop(self, grace: float = 1.0) -> None:
        if self.field_device is not None:
            await self.field_device.stop()
            self.field_device = None
        await self.host.stop(grace)


async def serve(
    settings: BridgeSettings,
    on_ready: Callable[[list[Listener]], None] = lambda listeners: None,
    on_channel_event: Callable[[ChannelEvent], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Start every local bridge, call ``on_ready``, serve until ``stop`` is set or SIGINT/SIGTERM."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
    bridges = BridgeSet(settings, on_channel_event)
    try:
        on_ready(await bridges.start())
        await stop.wait()
    finally:
        await bridges.stop()
