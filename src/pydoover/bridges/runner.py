"""Run the local bridges until told to stop: what `doover bridge up` calls."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .app_controller.server import DEFAULT_PORT as APPS_PORT
from .app_controller.server import AppControllerBridge
from .dda.channels import ChannelEvent
from .dda.server import DEFAULT_PORT as DDA_PORT
from .dda.server import DdaBridge
from .host import LOOPBACK, BridgeHost
from .modbus import simulation
from .modbus.register_map import load_register_map
from .modbus.server import DEFAULT_PORT as MODBUS_PORT
from .modbus.server import ModbusBridge
from .platform.server import DEFAULT_PORT as PLATFORM_PORT
from .platform.server import PlatformBridge


@dataclass
class BridgeSettings:
    host: str = LOOPBACK
    dda_port: int = DDA_PORT
    store: Path | None = None
    fsync: bool = False  # also survive a power cut (synchronous=FULL), at a cost in write rate
    plt_port: int = PLATFORM_PORT
    device_file: Path | None = None
    modbus_port: int = MODBUS_PORT
    modbus_sim: bool = False  # also run the simulated field device, as bus "default"
    modbus_map: Path | None = None  # its register map (implies modbus_sim) [default: a power meter]
    modbus_sim_port: int = simulation.DEFAULT_SIM_PORT
    apps_port: int = APPS_PORT


@dataclass
class Listener:
    """One thing `serve` listens on, for the start-up report."""

    name: str
    uri: str
    detail: str


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
    host = BridgeHost(settings.host)
    device = None
    try:
        # Bad device files and register maps fail before anything listens.
        platform = PlatformBridge(settings.device_file)
        register_map = load_register_map(settings.modbus_map) if settings.modbus_map else None
        dda = DdaBridge(settings.store, durable_fsync=settings.fsync)
        if on_channel_event is not None:
            dda.hub.add_observer(on_channel_event)
        modbus = ModbusBridge(host=settings.host)
        apps = AppControllerBridge()
        for bridge, port in (
            (dda, settings.dda_port),
            (platform, settings.plt_port),
            (modbus, settings.modbus_port),
            (apps, settings.apps_port),
        ):
            await host.start(bridge, port)
        if settings.modbus_sim or settings.modbus_map:
            device = await simulation.start_simulated_device(
                modbus, register_map, settings.host, settings.modbus_sim_port
            )
        listeners = [Listener(r.bridge.name, r.uri, r.bridge.describe()) for r in host.running]
        if device is not None:
            listeners.append(Listener("modbus-sim", f"{settings.host}:{device.port}", simulation.describe(device)))
        on_ready(listeners)
        await stop.wait()
    finally:
        if device is not None:
            await device.stop()
        await host.stop()
