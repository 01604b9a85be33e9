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

Sync and async clients can both talk to it, since it has its own event loop.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from ..bridges.app_controller.server import AppControllerBridge
from ..bridges.dda.server import DdaBridge
from ..bridges.host import BridgeHost
from ..bridges.modbus.field_device import FieldDevice
from ..bridges.modbus.register_map import RegisterMap, load_register_map
from ..bridges.modbus.server import ModbusBridge
from ..bridges.modbus.simulation import start_simulated_device
from ..bridges.platform.device_file import DeviceSpec
from ..bridges.platform.server import PlatformBridge


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
    ):
        self.store = store
        self.dda_port = dda_port
        self.plt_port = plt_port
        self.device = device
        self.modbus_port = modbus_port
        self.modbus_sim = modbus_sim or modbus_map is not None
        self.modbus_map = (
            modbus_map if modbus_map is None or isinstance(modbus_map, RegisterMap) else load_register_map(modbus_map)
        )
        self.field_device_port = 0
        self.apps_port = apps_port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._host: BridgeHost | None = None
        self.dda: DdaBridge | None = None
        self.platform: PlatformBridge | None = None
        self.modbus: ModbusBridge | None = None
        self.field_device: FieldDevice | None = None
        self.apps: AppControllerBridge | None = None

    @property
    def dda_uri(self) -> str:
        return f"127.0.0.1:{self.dda_port}"

    @property
    def plt_uri(self) -> str:
        return f"127.0.0.1:{self.plt_port}"

    @property
    def modbus_uri(self) -> str:
        return f"127.0.0.1:{self.modbus_port}"

    @property
    def apps_uri(self) -> str:
        return f"127.0.0.1:{self.apps_port}"

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
        self._thread.join(5)
        self._loop.close()
        self._loop = self._thread = self._host = None

    def restart(self) -> None:
        """Stop and start again on the same port with the same store."""
        self.stop()
        self.start()

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _start(self) -> None:
        self._host = BridgeHost()
        self.dda = DdaBridge(self.store)
        self.dda_port = (await self._host.start(self.dda, self.dda_port)).port
        if isinstance(self.device, DeviceSpec):
            self.platform = PlatformBridge(spec=self.device)
        else:
            self.platform = PlatformBridge(self.device)
        self.plt_port = (await self._host.start(self.platform, self.plt_port)).port
        self.modbus = ModbusBridge()
        self.modbus_port = (await self._host.start(self.modbus, self.modbus_port)).port
        self.apps = AppControllerBridge()
        self.apps_port = (await self._host.start(self.apps, self.apps_port)).port
        if self.modbus_sim:
            self.field_device = await start_simulated_device(self.modbus, self.modbus_map, port=self.field_device_port)
            self.field_device_port = self.field_device.port

    async def _stop(self) -> None:
        if self.field_device is not None:
            await self.field_device.stop()
        await self._host.stop(grace=0.2)

    def __enter__(self) -> LocalBridges:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
