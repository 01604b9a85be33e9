"""The writes a page may ask for, each through an SDK client: UI commands, outputs, forced inputs,
channel publishes and app restarts.

Every action takes the request's JSON body and returns a JSON-able result, or raises
:class:`Refused` (a bad request, a bridge's failure) or :class:`NeedsConfirmation` (a write to a
non-local device the page has not confirmed yet: the page asks the user, then sends
``"confirmed": true``).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import Any

from ..docker.errors import BridgeError
from ..ui.publishing import CMDS_CHANNEL, CMDS_MAX_AGE
from .clients import Clients

APP_ACTIONS = ("start", "stop", "restart")


class Refused(Exception):
    """The action was not done; the text says why. ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class NeedsConfirmation(Exception):
    """A write to a device that is not on this machine: the text is the question to ask."""


def field(body: dict, name: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = body.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise Refused(f"{name!r} must be {what}, not {value!r}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def confirm(clients: Clients, bridge: str, body: dict, question: str) -> None:
    if not clients.targets.local(bridge) and body.get("confirmed") is not True:
        raise NeedsConfirmation(f"{question} on {clients.targets[bridge]} (not this machine)?")


async def bridge_call(call: Awaitable) -> Any:
    try:
        return await call
    except BridgeError as exc:
        raise Refused(str(exc), 502) from None


# -- the actions -----------------------------------------------------------------------------


async def ui_command(clients: Clients, body: dict) -> dict:
    """Write ``{"cmds": {name: value}}`` to ``ui_cmds``, as the Doover site does."""
    name = field(body, "name", str, "an interaction's full name")
    value = body.get("value")
    confirm(clients, "dda", body, f"send {name} = {value!r}")
    message_id = await bridge_call(
        clients.agent.write_to_channel_async(CMDS_CHANNEL, {"cmds": {name: value}}, max_age=CMDS_MAX_AGE)
    )
    return {"channel": CMDS_CHANNEL, "message_id": message_id}


async def set_output(clients: Clients, body: dict) -> dict:
    io_type, pin = await _pin(clients, body, ("do", "ao"))
    value = _pin_value(io_type, body)
    confirm(clients, "platform", body, f"set {io_type.upper()} {pin} to {value}")
    await bridge_call(getattr(clients.platform, f"set_{io_type}_async")(pin, value))
    return {"io_type": io_type, "pin": pin, "value": value}


async def force_input(clients: Clients, body: dict) -> dict:
    io_type, pin = await _pin(clients, body, ("di", "ai"))
    value = _pin_value(io_type, body)
    await _simulation(clients, lambda sim: sim.force(io_type, pin, float(value)))
    return {"io_type": io_type, "pin": pin, "value": value}


async def release_input(clients: Clients, body: dict) -> dict:
    io_type, pin = await _pin(clients, body, ("di", "ai"))
    released = await _simulation(clients, lambda sim: sim.release(io_type, pin))
    return {"released": released}


async def publish(clients: Clients, body: dict) -> dict:
    channel = field(body, "channel", str, "a channel name")
    if "payload" not in body:
        raise Refused("'payload' is missing: send the JSON value to publish")
    confirm(clients, "dda", body, f"publish to {channel}")
    message_id = await bridge_call(clients.agent.write_to_channel_async(channel, body["payload"]))
    return {"channel": channel, "message_id": message_id}


async def app_action(clients: Clients, body: dict) -> dict:
    app_key = field(body, "app_key", str, "an app key")
    action = field(body, "action", str, f"one of {', '.join(APP_ACTIONS)}")
    if action not in APP_ACTIONS:
        raise Refused(f"'action' must be one of {', '.join(APP_ACTIONS)}, not {action!r}")
    confirm(clients, "apps", body, f"{action} {app_key}")
    result = await bridge_call(getattr(clients.apps, f"{action}_app_async")(app_key))
    return result.to_json() if result else {}


ACTIONS: dict[str, Callable[[Clients, dict], Awaitable[dict]]] = {
    "ui-command": ui_command,
    "set-output": set_output,
    "force": force_input,
    "release": release_input,
    "publish": publish,
    "app": app_action,
}


# -- pins ------------------------------------------------------------------------------------


async def _pin(clients: Clients, body: dict, io_types: tuple[str, ...]) -> tuple[str, int]:
    io_type = field(body, "io_type", str, " or ".join(io_types))
    if io_type not in io_types:
        raise Refused(f"'io_type' must be {' or '.join(io_types)}, not {io_type!r}")
    pin = field(body, "pin", int, "a pin number")
    layout = await bridge_call(clients.fetch_layout())
    try:
        layout.check(io_type, [pin])
    except ValueError as exc:
        raise Refused(str(exc)) from None
    return io_type, pin


def _pin_value(io_type: str, body: dict) -> bool | float:
    if io_type in ("di", "do"):
        return field(body, "value", bool, "true or false")
    value = field(body, "value", (int, float), "a number")
    if not math.isfinite(value):
        raise Refused(f"'value' must be a finite number, not {value}")
    return float(value)


async def _simulation(clients: Clients, act: Callable[[Any], Any]) -> Any:
    import grpc

    from ..bridges.platform.simcontrol import SimulationError

    if not clients.targets.local("platform"):
        raise Refused("forcing inputs needs the local simulation; this Platform bridge is not on this machine")
    try:
        return await asyncio.to_thread(act, clients.simulation())
    except SimulationError as exc:
        raise Refused(str(exc)) from None
    except grpc.RpcError as exc:
        raise Refused(f"the Platform bridge at {clients.targets['platform']} failed: {exc.code().name}", 502) from None
