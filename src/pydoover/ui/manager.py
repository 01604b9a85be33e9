"""``UIManager``: an app's UI tree and its sync with the site over ``ui_state`` / ``ui_cmds``.

    from pydoover import ui

    manager = ui.UIManager("pump_app", client=device_agent)
    manager.add_children(ui.NumericVariable("level", "Tank Level"), ui.Action("start", "Start"))
    manager.start_comms()                      # inside a running event loop
    await manager.await_comms_sync_async(15)
    manager.update_variable("level", 42.0)
    await manager.handle_comms_async()         # once per main-loop iteration: publish the diff

The Application does all of this for you; apps mostly call ``add_children``, ``update_variable``,
``coerce_command``, ``set_display_name`` and ``send_notification``. Methods with a sync and an
async face (``push``/``push_async``, ``handle_comms``/``handle_comms_async``, ...) are written
once (see effects.py); called plainly inside a running loop they return a task to await.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from ..utils.dual import dual_method, maybe_async
from ..utils.updates import ChannelUpdate, listen
from .commands import CommandRouter, parse_cmds
from .containers import Application
from .effects import Fetch, Publish, T, UIEffects, drive_async, drive_sync
from .interactions import Interaction
from .publishing import (
    ACTIVITY_CHANNEL,
    CLEAR_MAX_AGE,
    CMDS_CHANNEL,
    CMDS_MAX_AGE,
    CONNECTIONS_CHANNEL,
    NOTIFICATION_CHANNEL,
    NOTIFICATION_MAX_AGE,
    STATE_CHANNEL,
    Publisher,
    adopt_cloud_values,
    state_path,
    wrap_state,
)
from .registry import ElementRegistry, forward

log = logging.getLogger(__name__)


class UIManager:
    """The root ``ui.Application`` container of one app, and the channels that carry it."""

    def __init__(
        self,
        app_key: str | None = None,
        client: Any = None,
        auto_start: bool = False,
        min_ui_update_period: float = 600,
        min_observed_update_period: float = 4,
        is_async: bool | None = None,
    ) -> None:
        self.client = client
        self.auto_start = auto_start
        self._is_async = is_async
        self._root = Application(app_key, auto_add_elements=False)
        self._publisher = Publisher(min_ui_update_period, min_observed_update_period)
        self._router = CommandRouter()
        self._elements = ElementRegistry(self._root, self._router, self._publisher, app_key)
        self._router.on_coerced = self._elements.note_coerced
        self._comms_started = False
        self._closed = False
        self._not_ready_reason: str | None = None
        if auto_start:
            self._start_if_loop_running()

    # -- identity -----------------------------------------------------------------------

    @property
    def app_key(self) -> str | None:
        return self._elements.app_key

    @app_key.setter
    def app_key(self, value: str | None) -> None:
        """Renames the root container and re-namespaces every interaction."""
        self._elements.app_key = value
        self._root.name = value  # type: ignore[assignment]  # the root of a manager without a key is unnamed
        self._publisher.rekey(value)
        self._elements.bind(self._root, validate=False)
        add_interest = getattr(self.client, "add_interest", None)
        if self._comms_started and value and add_interest is not None:
            add_interest(STATE_CHANNEL, [state_path(value)])

    @property
    def min_ui_update_period(self) -> float:
        return self._publisher.min_ui_update_period

    @min_ui_update_period.setter
    def min_ui_update_period(self, value: float) -> None:
        self._publisher.min_ui_update_period = value

    @property
    def min_observed_update_period(self) -> float:
        return self._publisher.min_observed_update_period

    @min_observed_update_period.setter
    def min_observed_update_period(self, value: float) -> None:
        self._publisher.min_observed_update_period = value

    @property
    def root(self) -> Application:
        """The ``ui.Application`` container holding the app's elements."""
        return self._root

    _base_container = root

    @property
    def last_ui_state(self) -> dict[str, Any] | None:
        """The app's subtree of ``ui_state`` as the cloud last had it."""
        return self._publisher.cloud_state

    @property
    def last_ui_cmds(self) -> dict[str, Any]:
        return self._publisher.cloud_cmds

    @property
    def last_ui_state_wss_connections(self) -> Any:
        return self._publisher.connections

    # -- the element tree (ElementRegistry) ------------------------------------------------

    add_children = forward(ElementRegistry.add_children)
    set_children = forward(ElementRegistry.set_children)
    set_ui = forward(ElementRegistry.set_ui)
    set_ui_elements = forward(ElementRegistry.set_ui_elements)
    remove_children = forward(ElementRegistry.remove_children)
    add_interaction = forward(ElementRegistry.add_interaction)
    add_command = forward(ElementRegistry.add_command)
    register_callbacks = forward(ElementRegistry.register_callbacks)
    register_interactions = forward(ElementRegistry.register_interactions)
    get_element = forward(ElementRegistry.get_element)
    full_name = forward(ElementRegistry.full_name)
    get_all_interactions = forward(ElementRegistry.get_all_interactions)
    get_all_interaction_names = forward(ElementRegistry.get_all_interaction_names)
    get_available_commands = forward(ElementRegistry.get_available_commands)
    get_all_variables = forward(ElementRegistry.get_all_variables)
    get_interaction = forward(ElementRegistry.get_interaction)
    get_command = forward(ElementRegistry.get_command)
    coerce_command = forward(ElementRegistry.coerce_command)
    update_variable = forward(ElementRegistry.update_variable)
    record_critical_value = forward(ElementRegistry.record_critical_value)
    set_status_icon = forward(ElementRegistry.set_status_icon)
    set_display_name = forward(ElementRegistry.set_display_name)
    set_display_str = forward(ElementRegistry.set_display_str)
    set_variant = forward(ElementRegistry.set_variant)
    set_position = forward(ElementRegistry.set_position)
    add_cmds_update_subscription = forward(ElementRegistry.add_cmds_update_subscription)

    # -- channels -----------------------------------------------------------------------

    def start_comms(self) -> None:
        """Subscribe to ``ui_state``, ``ui_state@wss_connections`` and ``ui_cmds`` (needs a running loop)."""
        if self._comms_started:
            return
        if self.client is None:
            raise RuntimeError("UIManager.start_comms: no client (pass client=DeviceAgentInterface(...))")
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("UIManager.start_comms must be called from a running event loop") from None
        # Every app writes its tree into ui_state: read our part of the updates, and ask for no more.
        mine = [state_path(self.app_key)] if self.app_key else None
        listen(self.client, STATE_CHANNEL, self._on_state_values, interest=mine)
        listen(self.client, CONNECTIONS_CHANNEL, self._on_connections_values)
        self.client.add_subscription(CMDS_CHANNEL, self.on_command_update_async)
        self._comms_started = True

    def _start_if_loop_running(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        if self.client is not None:
            self.start_comms()

    @property
    def comms_synced(self) -> bool:
        """True once the first ``ui_state`` and ``ui_cmds`` updates have arrived."""
        return self._publisher.state_received and self._publisher.cmds_received

    async def await_comms_sync_async(self, timeout: float = 10) -> bool:
        """Wait (at most ``timeout`` s) for the first ``ui_state`` and ``ui_cmds`` updates."""
        deadline = time.monotonic() + timeout
        waiter = getattr(self.client, "wait_for_channels_sync_async", None)
        if waiter is not None:
            await waiter([STATE_CHANNEL, CMDS_CHANNEL], timeout=timeout)
        while not self.comms_synced:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    @maybe_async()
    def await_comms_sync(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while not self.comms_synced and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.comms_synced

    async def on_state_update(self, _channel_name: Any, aggregate: Any) -> None:
        """``ui_state`` subscription callback."""
        self._receive_state(aggregate)

    async def on_state_wss_update(self, _channel_name: Any, aggregate: Any) -> None:
        """``ui_state@wss_connections`` subscription callback (who is watching)."""
        self._publisher.receive_connections(aggregate)

    async def _on_state_values(self, update: ChannelUpdate) -> None:
        self._receive_state(update.aggregate, update.diff)

    async def _on_connections_values(self, update: ChannelUpdate) -> None:
        self._publisher.receive_connections(update.aggregate)

    def _receive_state(self, aggregate: Any, diff: Any = None) -> None:
        if not self._closed:
            adopt_cloud_values(self._root, self._publisher.receive_state(aggregate, self.app_key, diff))

    def is_being_observed(self) -> bool:
        return self._publisher.observed(getattr(self.client, "agent_id", None))

    def has_been_connected(self) -> bool:
        return bool(self.client is not None and self.client.get_has_dda_been_online())

    get_has_been_connected = has_been_connected

    def is_connected(self) -> bool:
        return bool(self._comms_started and self.client.get_is_dda_online())

    get_is_connected = is_connected

    def close(self) -> None:
        """Stop reacting to channel updates (the client owns and closes the subscriptions)."""
        self._closed = True

    # -- dual methods (one generator each; see effects.py) ------------------------------

    def _drive_sync(self, gen: UIEffects[T]) -> T:
        return drive_sync(self.client, gen)

    async def _drive_async(self, gen: UIEffects[T]) -> T:
        return await drive_async(self.client, gen)

    def _command_steps(self, aggregate: Any) -> UIEffects[None]:
        if self._closed:
            return
        cmds = parse_cmds(aggregate)
        self._publisher.receive_cmds(cmds)
        self._elements.bind(self._root, validate=False)
        interactions: list[Interaction] = self._root.get_all_elements(Interaction)
        pending = list(self._publisher.coerced.values())
        yield from self._router.dispatch(cmds, interactions, self.app_key, skip=pending)

    @dual_method
    def on_command_update(self, _channel_name: Any, aggregate: Any) -> UIEffects[None]:
        """Apply a ``ui_cmds`` aggregate: run callbacks of changed interactions and matching handlers.

        The signature is the subscription callback's ``(channel_name, aggregate)``.
        """
        yield from self._command_steps(aggregate)

    on_command_update_async = on_command_update.twin()

    @dual_method
    def pull(self) -> UIEffects[None]:
        """Fetch ``ui_state`` and ``ui_cmds`` now (instead of waiting for subscription updates)."""
        cmds = yield Fetch(CMDS_CHANNEL)
        state = yield Fetch(STATE_CHANNEL)
        self._receive_state(state)
        yield from self._command_steps(cmds)

    pull_async = pull.twin()

    def _ready(self) -> bool:
        reason = None
        if not self._comms_started:
            reason = "UI comms not started (start_comms)"
        elif not self.client.get_has_dda_been_online():
            reason = "the DDA has not been online yet"
        elif not self.comms_synced:
            reason = "waiting for the first ui_state and ui_cmds updates"
        elif not self.app_key:
            reason = "no app key"
        if reason != self._not_ready_reason:
            self._not_ready_reason = reason
            if reason:
                log.info("UI not pushed: %s", reason)
        return reason is None

    def _push_steps(
        self, record_log: bool, max_age: int | None, should_remove: bool, even_if_empty: bool
    ) -> UIEffects[bool]:
        self._elements.bind(self._root)
        plan = self._publisher.plan(self._root, record_log, max_age, should_remove, even_if_empty)
        ok = True
        if plan.cmds:
            ok = yield Publish(CMDS_CHANNEL, {"cmds": plan.cmds}, True, CMDS_MAX_AGE)
        self._publisher.cmds_published(plan, bool(ok))
        state_ok = True
        if plan.state_diff is not None:
            message = wrap_state(self.app_key, plan.state_diff)
            state_ok = yield Publish(STATE_CHANNEL, message, plan.record_log, plan.max_age)
        self._publisher.state_published(plan, bool(state_ok), self._root)
        return bool(ok and state_ok)

    @dual_method
    def push(
        self,
        record_log: bool = True,
        max_age: int | None = None,
        should_remove: bool = True,
        timestamp: Any = None,
        even_if_empty: bool = False,
    ) -> UIEffects[bool]:
        """Publish pending ``ui_cmds`` changes and the ``ui_state`` diff now. False when not ready.

        ``timestamp`` is accepted for classic callers and ignored (the DDA stamps messages).
        """
        if not self._ready():
            return False
        return (yield from self._push_steps(record_log, max_age, should_remove, even_if_empty))

    push_async = push.twin()

    @dual_method
    def handle_comms(self, force_log: bool = False) -> UIEffects[bool]:
        """Publish what changed, with the max-age and logging rules (run once per main loop)."""
        if self.auto_start and not self._comms_started:
            self._start_if_loop_running()
        if not self._ready():
            return False
        record_log = self._publisher.wants_log(self._root, force=force_log)
        max_age = self._publisher.max_age(getattr(self.client, "agent_id", None))
        return (yield from self._push_steps(record_log, max_age, True, False))

    handle_comms_async = handle_comms.twin()

    @dual_method
    def clear_ui(self) -> UIEffects[bool]:
        """Remove the app's UI from the cloud (``null`` with ``max_age=-1``); the next push resends it."""
        ok = yield Publish(STATE_CHANNEL, wrap_state(self.app_key, None), True, CLEAR_MAX_AGE)
        self._publisher.cleared()
        return bool(ok)

    clear_ui_async = clear_ui.twin()

    @dual_method
    def record_activity(self, message: str) -> UIEffects[bool]:
        """Add a line to the device's activity log (``activity_logs``)."""
        return bool((yield Publish(ACTIVITY_CHANNEL, {"action_string": message}, True, None)))

    record_activity_async = record_activity.twin()

    @dual_method
    def send_notification(self, message: str, record_activity: bool = True) -> UIEffects[bool]:
        """Notify the device's users (``significantEvent``); also log it as activity by default."""
        ok = yield Publish(NOTIFICATION_CHANNEL, {"notification_msg": message}, True, NOTIFICATION_MAX_AGE)
        if record_activity:
            yield Publish(ACTIVITY_CHANNEL, {"action_string": message}, True, None)
        return bool(ok)

    send_notification_async = send_notification.twin()

    @dual_method
    def publish_to_channel(
        self, channel_name: str, data: Any, record_log: bool = True, max_age: int | None = None
    ) -> UIEffects[bool]:
        """Publish through the manager's client (classic helper)."""
        return bool((yield Publish(channel_name, data, record_log, max_age)))

    publish_to_channel_async = publish_to_channel.twin()
