"""Running the example apps of ``examples/apps/`` the way the site and a device see them.

    with LocalBridges() as bridges:
        site = Site(bridges)
        await site.deploy("pump_1", {"start_level": 40.0})
        async with running(PumpControllerApplication(config=PumpControllerConfig(), app_key="pump_1",
                                                     test_mode=True), bridges) as app:
            await step(app)
            assert (await site.element("pump_1", "tank_level"))["currentValue"] == 50.0

Everything goes through real local bridges: the site writes ``deployment_config``, ``ui_cmds``
and ``tag_values`` and reads what the app published; the test forces inputs through the
simulation client and reads outputs through the Platform bridge.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.docker import Application, DeviceAgentInterface, ModbusInterface, PlatformInterface
from pydoover.docker.application.run import configure, read_settings
from pydoover.testing import LocalBridges

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "examples" / "apps"
STEP = 10.0  # seconds: the bound on every wait


def add_example_sources() -> None:
    """Make every example app's package importable (``src/`` layout, not installed)."""
    for src in sorted(APPS.glob("*/src")):
        if str(src) not in sys.path:
            sys.path.insert(0, str(src))


async def until(condition: Callable[[], Any], timeout: float = STEP, what: str = "") -> Any:
    """Poll ``condition`` (sync or async) until it is truthy; fail after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not true within {timeout:g} s: {what or condition}")
        await asyncio.sleep(0.02)


def bridge_args(bridges: LocalBridges, *extra: str) -> list[str]:
    return [
        f"--dda-uri={bridges.dda_uri}",
        f"--plt-uri={bridges.plt_uri}",
        f"--modbus-uri={bridges.modbus_uri}",
        *extra,
    ]


@contextlib.asynccontextmanager
async def running(app: Application, bridges: LocalBridges, *flags: str) -> AsyncIterator[Application]:
    """Run ``app`` (built with ``test_mode=True``) against ``bridges`` until the block ends.

    Waits for setup and for the UI channels, so the first ``step`` already publishes the UI.
    """
    configure(app, read_settings(bridge_args(bridges, *flags), {}))
    task = asyncio.create_task(app.run())
    try:
        await asyncio.wait_for(app.wait_until_ready(), STEP)
        assert await app.await_ui_comms_sync(STEP), "the UI channels never synced"
        yield app
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def step(app: Application, times: int = 1) -> None:
    """Run ``times`` main-loop iterations (each begins by publishing the previous one's UI)."""
    for _ in range(times):
        await asyncio.wait_for(app.next(), STEP)


class Site:
    """The Doover site's side of the device's channels."""

    def __init__(self, bridges: LocalBridges):
        self.agent = DeviceAgentInterface("site", bridges.dda_uri)

    async def close(self) -> None:
        await self.agent.close_async()

    async def deploy(self, app_key: str, settings: dict[str, Any], display_name: str = "") -> None:
        entry = {"APP_DISPLAY_NAME": display_name, "AGENT_ID": "agent-1", **settings}
        assert await self.agent.publish_to_channel_async("deployment_config", {"applications": {app_key: entry}})

    async def command(self, app_key: str, name: str, value: Any) -> None:
        """A user changes an interaction on the app's page."""
        assert await self.agent.publish_to_channel_async("ui_cmds", {"cmds": {f"{app_key}_{name}": value}})

    async def cmds(self) -> dict[str, Any]:
        aggregate = await self.agent.get_channel_aggregate_async("ui_cmds")
        return aggregate.get("cmds", {}) if isinstance(aggregate, dict) else {}

    async def ui_state(self, app_key: str) -> dict[str, Any]:
        aggregate = await self.agent.get_channel_aggregate_async("ui_state")
        try:
            return aggregate["state"]["children"][app_key] or {}
        except (KeyError, TypeError):
            return {}

    async def element(self, app_key: str, *path: str) -> dict[str, Any]:
        """An element of the app's published UI, by names down the tree ({} when absent)."""
        node = await self.ui_state(app_key)
        for name in path:
            node = (node.get("children") or {}).get(name) or {}
        return node

    async def set_tags(self, values: dict[str, Any]) -> None:
        """Write ``tag_values`` as another app would (``{app_key: {...}}`` or global keys)."""
        assert await self.agent.publish_to_channel_async("tag_values", values)

    async def tags(self) -> dict[str, Any]:
        return await self.agent.get_channel_aggregate_async("tag_values") or {}

    async def messages(self, channel: str) -> list[Any]:
        return [json.loads(m.data_json) for m in await self.agent.get_messages_async(channel) or []]

    async def notifications(self) -> list[str]:
        return [m.get("notification_msg") for m in await self.messages("significantEvent")]

    async def notified(self, text: str, times: int | None = None) -> bool:
        """``text`` was notified (exactly ``times`` times, when given)."""
        notes = await self.notifications()
        return text in notes if times is None else notes.count(text) == times

    async def shows_display_name(self, app_key: str, name: str) -> bool:
        return (await self.ui_state(app_key)).get("displayString") == name


class Device:
    """The controller's I/O, as a test bench sees it: force inputs, read outputs."""

    def __init__(self, bridges: LocalBridges):
        self.sim = SimulationClient(bridges.plt_uri)
        self.io = PlatformInterface("bench", bridges.plt_uri)

    def force(self, io_type: str, pin: int, value: float) -> None:
        self.sim.force(io_type, pin, value)

    async def do(self, pin: int) -> bool:
        return await self.io.get_do_async(pin)

    async def ao(self, pin: int) -> float:
        return await self.io.get_ao_async(pin)

    async def pulse_until_counted(self, pin: int, counter: Any) -> bool:
        """One pulse on ``pin``; True once ``counter`` has counted any (its stream is connected)."""
        self.force("di", pin, 1)
        self.force("di", pin, 0)
        await asyncio.sleep(0.05)
        return counter.count > 0

    async def close(self) -> None:
        self.sim.close()
        await self.io.close_async()


class SpyAgent(DeviceAgentInterface):
    """A real DDA client that also remembers how it was asked to publish (the bridge does not keep
    ``record_log``/``max_age``); pass it to an app as ``device_agent=``."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.published: list[tuple[str, Any, bool, int | None]] = []

    def _write(self, channel_name, message, record_log, max_age):
        self.published.append((channel_name, message, record_log, max_age))
        return (yield from super()._write(channel_name, message, record_log, max_age))

    def on(self, channel: str) -> list[tuple[str, Any, bool, int | None]]:
        return [p for p in self.published if p[0] == channel]


def modbus_probe(bridges: LocalBridges) -> ModbusInterface:
    """A client reading the simulated field device through the bridge's own bus ``default``."""
    return ModbusInterface("bench", bridges.modbus_uri)


async def coil_is(probe: ModbusInterface, address: int, expected: int) -> bool:
    value = await probe.read_registers_async(bus_id="default", modbus_id=1, start_address=address, register_type=1)
    return value == expected


async def holding_is(probe: ModbusInterface, address: int, expected: int) -> bool:
    value = await probe.read_registers_async(bus_id="default", modbus_id=1, start_address=address, register_type=4)
    return value == expected


async def is_false(value: Any) -> bool:
    """For ``until``: an awaited reading is falsy (``until(lambda: is_false(device.do(2)))``)."""
    return not await value


async def is_about(value: Any, expected: float, tolerance: float = 1e-6) -> bool:
    return abs((await value) - expected) <= tolerance


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def http_status(port: int) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: app\r\n\r\n")
    await writer.drain()
    status = int((await asyncio.wait_for(reader.readline(), STEP)).split()[1])
    writer.close()
    return status


async def healthy(port: int) -> bool:
    return await http_status(port) == 200
