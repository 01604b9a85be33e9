"""Run the local bridges on a background thread, on free loopback ports.

    with LocalBridges(store=tmp_path / "dda.sqlite3") as bridges:
        agent = DeviceAgentInterface("my_app", bridges.dda_uri)
        ...
        bridges.restart()  # same ports, same store: clients reconnect by themselves
        bridges.plt_uri, bridges.platform.device  # the Platform bridge and its simulated device

    with LocalBridges(modbus_sim=True) as bridges:     # or modbus_map=RegisterMap / path
        bridges.modbus_uri                             # bus "default" is the simulated field device
        bridges.field_device.inject(1, "timeout", count=2)

    with LocalBridges() as bridges:
        bridges.apps_uri, bridges.apps.registry                # the App Controller and its apps

    with LocalBridges(cameras=["front=sim"]) as bridges:       # or CameraSpec objects
        bridges.cam_uri, bridges.cam_http_url                  # the Camera bridge, gRPC and HTTP

Sync and async clients can both talk to it, since it has its own event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..bridges.camera.spec import CameraSpec
from ..bridges.modbus.register_map import RegisterMap
from ..bridges.platform.device_file import DeviceSpec
from ..bridges.runner import BridgeSet, BridgeSettings

if TYPE_CHECKING:
    from ..bridges.app_controller.server import AppControllerBridge
    from ..bridges.camera.server import CameraBridge
    from ..bridges.dda.server import DdaBridge
    from ..bridges.modbus.field_device import FieldDevice
    from ..bridges.modbus.server import ModbusBridge
    from ..bridges.platform.server import PlatformBridge

T = TypeVar("T")


class LocalBridges:
    def __init__(
        self,
        store: str | Path = ":memory:",
        dda_port: int = 0,
        plt_port: int = 0,
        device: DeviceSpec | str | Path | None = None,
        modbus_port: int = 0,
        modbus_sim: bool = False,
        modbus_map: RegisterMap | str | Path | None = None,
        apps_port: int = 0,
        cameras: Sequence[CameraSpec | str] = (),
        cam_port: int = 0,
    ) -> None:
        self.settings = BridgeSettings(
            dda_port=dda_port,
            store=store,
            plt_port=plt_port,
            device=device,
            modbus_port=modbus_port,
            modbus_sim=modbus_sim or modbus_map is not None,
            modbus_map=modbus_map,
            modbus_sim_port=0,
            apps_port=apps_port,
            cam_port=cam_port,
            cameras=list(cameras),
            cam_http_port=0,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._set: BridgeSet | None = None

    # The running bridges (None until started).
    @property
    def dda(self) -> DdaBridge | None:
        return None if self._set is None else self._set.dda

    @property
    def platform(self) -> PlatformBridge | None:
        return None if self._set is None else self._set.platform

    @property
    def modbus(self) -> ModbusBridge | None:
        return None if self._set is None else self._set.modbus

    @property
    def apps(self) -> AppControllerBridge | None:
        return None if self._set is None else self._set.apps

    @property
    def field_device(self) -> FieldDevice | None:
        return None if self._set is None else self._set.field_device

    @property
    def camera(self) -> CameraBridge | None:
        return None if self._set is None else self._set.camera

    @property
    def field_device_port(self) -> int:
        return self.settings.modbus_sim_port

    @property
    def dda_uri(self) -> str:
        return f"127.0.0.1:{self.settings.dda_port}"

    @property
    def plt_uri(self) -> str:
        return f"127.0.0.1:{self.settings.plt_port}"

    @property
    def modbus_uri(self) -> str:
        return f"127.0.0.1:{self.settings.modbus_port}"

    @property
    def apps_uri(self) -> str:
        return f"127.0.0.1:{self.settings.apps_port}"

    @property
    def cam_uri(self) -> str:
        return f"127.0.0.1:{self.settings.cam_port}"

    @property
    def cam_http_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.cam_http_port}"

    def start(self) -> LocalBridges:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="local-bridges", daemon=True)
        self._thread.start()
        self._call(self._start())
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        cast(threading.Thread, self._thread).join(5)
        self._loop.close()
        self._loop = self._thread = self._set = None

    def restart(self) -> None:
        """Stop and start again on the same port with the same store."""
        self.stop()
        self.start()

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, cast(asyncio.AbstractEventLoop, self._loop)).result(10)

    async def _start(self) -> None:
        self._set = BridgeSet(self.settings)
        await self._set.start()  # the bound ports are kept in settings, so a restart reuses them

    async def _stop(self) -> None:
        await cast(BridgeSet, self._set).stop(grace=0.2)

    def __enter__(self) -> LocalBridges:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
