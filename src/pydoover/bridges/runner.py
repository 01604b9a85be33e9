"""Run the local bridges until told to stop: what `doover bridge up` calls."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .dda.channels import ChannelEvent
from .dda.server import DEFAULT_PORT as DDA_PORT
from .dda.server import DdaBridge
from .host import LOOPBACK, BridgeHost, RunningBridge
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


async def serve(
    settings: BridgeSettings,
    on_ready: Callable[[list[RunningBridge]], None] = lambda running: None,
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
    try:
        platform = PlatformBridge(settings.device_file)  # a bad device file fails before anything listens
        dda = DdaBridge(settings.store, durable_fsync=settings.fsync)
        if on_channel_event is not None:
            dda.hub.add_observer(on_channel_event)
        await host.start(dda, settings.dda_port)
        await host.start(platform, settings.plt_port)
        on_ready(list(host.running))
        await stop.wait()
    finally:
        await host.stop()
