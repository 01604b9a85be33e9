"""What keeps the hub current: channel subscriptions, I/O and app polls, and the apps' logs.

Each watcher runs until cancelled, survives its bridge going away (marking it disconnected in the
hub) and picks up again when it returns.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

from ..docker.errors import BridgeError
from ..utils.diff import apply_diff, maybe_load_json
from .clients import RECONNECT_BACKOFF, Clients
from .hub import LOG_BACKLOG, Hub

if TYPE_CHECKING:
    from ..docker.platform.layout import IoLayout

CHANNELS = ("ui_state", "ui_cmds", "tag_values")  # followed for every page
IO_PERIOD = 0.5  # seconds between I/O readings
APPS_PERIOD = 1.0  # seconds between App Controller listings
CAMERAS_PERIOD = 2.0  # seconds between camera listings
ALERTS_CHANNEL = "significantEvent"  # where apps' notifications go (what an alert stream shows)
ALERTS_KEPT = 10
IO_TYPES = ("di", "do", "ai", "ao")


def start_all(clients: Clients, hub: Hub) -> list[asyncio.Task]:
    coroutines = [follow_channel(clients, hub, name) for name in CHANNELS]
    coroutines += [
        poll_io(clients, hub),
        poll_apps(clients, hub),
        follow_logs(clients, hub),
        follow_alerts(clients, hub),
    ]
    return [asyncio.create_task(coroutine) for coroutine in coroutines]


async def follow_channel(clients: Clients, hub: Hub, channel: str) -> None:
    """Publish the channel's aggregate on every update (resynced after each reconnection)."""
    from ..docker.device_agent.subscription import ChannelStream

    def lost(reason: str, _retry_in: float) -> None:
        hub.set_status("dda", False, reason)

    aggregate: Any = None
    async for event in ChannelStream(clients.agent, channel, max_backoff=RECONNECT_BACKOFF, on_disconnect=lost):
        hub.set_status("dda", True)
        if event.kind == "sync" or not isinstance(aggregate, dict):
            try:
                aggregate = await clients.agent.get_channel_aggregate_async(channel)
            except BridgeError:
                continue  # the stream breaks too, and the next sync fetches it again
        else:
            aggregate = apply_diff(aggregate, maybe_load_json(event.response.message.payload))
        hub.publish(channel, aggregate if aggregate not in (None, "None") else {})


async def poll_io(clients: Clients, hub: Hub) -> None:
    while True:
        try:
            hub.publish("io", await read_device(clients))
            hub.set_status("platform", True)
        except BridgeError as exc:
            clients.layout = None  # a restarted bridge may have another device file
            hub.set_status("platform", False, str(exc))
        await asyncio.sleep(IO_PERIOD)


async def read_device(clients: Clients) -> dict:
    """Every pin (type, number, value, units, name, forced), system values and location."""
    from ..docker.platform.values import f32

    platform = clients.platform
    layout = await clients.fetch_layout()
    pins: list[dict[str, Any]] = []
    for io_type in IO_TYPES:
        numbers = layout.pins(io_type) if layout else []
        if not numbers:
            continue
        values = await getattr(platform, f"get_{io_type}_async")(*numbers)
        values = values if len(numbers) > 1 else [values]
        for pin, value in zip(numbers, values, strict=True):
            value = f32(value) if io_type in ("ai", "ao") else bool(value)
            units = cast("IoLayout", layout).units(io_type, pin)  # numbers come from the layout
            pins.append({"io_type": io_type, "pin": pin, "value": value, "units": units, "name": None})
    simulated = await simulated_pins(clients)
    for entry in pins:
        entry.update(simulated.get((entry["io_type"], entry["pin"]), {}))
    location = await platform.get_location_async()
    system = {
        "voltage": await platform.get_system_voltage_async(),
        "temperature": await platform.get_system_temperature_async(),
        "location": asdict(location) if location else None,
    }
    return {"pins": pins, "system": system, "simulated": bool(simulated)}


async def simulated_pins(clients: Clients) -> dict[tuple[str, int], dict]:
    """Names and forced flags from the local simulation (nothing for a real device)."""
    import grpc

    from ..bridges.platform.simcontrol import SimulationError

    if not clients.targets.local("platform"):
        return {}
    try:
        states = await asyncio.to_thread(clients.simulation().pins)
    except (SimulationError, grpc.RpcError):
        return {}
    return {(s.io_type, s.pin): {"name": s.name or None, "forced": s.forced} for s in states}


async def poll_apps(clients: Clients, hub: Hub) -> None:
    while True:
        try:
            apps = await clients.apps.list_apps_async()
            hub.publish("apps", [app.to_json() for app in apps or []])
            hub.set_status("apps", True)
        except BridgeError as exc:
            hub.set_status("apps", False, str(exc))
        await asyncio.sleep(APPS_PERIOD)


async def follow_logs(clients: Clients, hub: Hub) -> None:
    async for line in clients.apps.follow_logs(None, tail=LOG_BACKLOG, max_backoff=RECONNECT_BACKOFF):
        hub.log(line.to_json())


async def follow_alerts(clients: Clients, hub: Hub) -> None:
    """The apps' latest notifications, newest first."""
    from ..docker.device_agent.follow import ChannelFollower

    alerts: deque[dict] = deque(maxlen=ALERTS_KEPT)
    follower = ChannelFollower(clients.agent, [ALERTS_CHANNEL], last=ALERTS_KEPT, max_backoff=RECONNECT_BACKOFF)
    async for message in follower:
        payload = message.payload
        text = payload.get("notification_msg", payload) if isinstance(payload, dict) else payload
        alerts.appendleft({"timestamp": message.timestamp.isoformat(), "text": str(text)})
        hub.publish("alerts", list(alerts))


async def poll_cameras(cameras, hub: Hub) -> None:
    """The live camera source's cameras (name, source, size, fps, state, last error) for the Cameras panel."""
    while True:
        try:
            hub.publish("cameras", await cameras.list_cameras())
            hub.set_status("camera", True)
        except BridgeError as exc:
            hub.set_status("camera", False, str(exc))
        await asyncio.sleep(CAMERAS_PERIOD)
