"""What the UI manager sends to the cloud, how long the DDA may hold it, and when it is logged.

The rules (sdk-contract §6):

* ``ui_cmds``: interactions the app changed with ``coerce`` whose value differs from the cloud's
  are published as ``{"cmds": {full_name: value}}`` with ``record_log=True, max_age=1``.
* ``ui_state``: the diff between the app's UI tree and the last cloud state of
  ``state.children.<app_key>`` (changed keys only, removed keys as ``null``, new children whole),
  published as ``{"state": {"children": {app_key: diff}}}``. Nothing is sent when nothing changed.
* ``max_age``: 4 s while someone watches the app on the site, else 600 s.
* ``record_log``: on the first push, when a critical change is pending, when a variable crossed its
  ``log_threshold`` (or was updated with ``force_log``), when forced, or when the last logged push
  is more than ``min_ui_update_period`` (600 s) old.

    publisher = Publisher(min_ui_update_period=600, min_observed_update_period=4)
    publisher.receive_state(aggregate, "pump_app")
    plan = publisher.plan(root, "pump_app", record_log=True, max_age=600)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..utils.diff import apply_diff, generate_diff, json_copy, maybe_load_json, touches
from .containers import Container
from .element import NotSet
from .interactions import Interaction
from .variables import Variable

STATE_CHANNEL = "ui_state"
CMDS_CHANNEL = "ui_cmds"
CONNECTIONS_CHANNEL = "ui_state@wss_connections"
NOTIFICATION_CHANNEL = "significantEvent"
ACTIVITY_CHANNEL = "activity_logs"

CMDS_MAX_AGE = 1
NOTIFICATION_MAX_AGE = 1
CLEAR_MAX_AGE = -1


def wrap_state(app_key: str | None, body: dict | None) -> dict[str, Any]:
    """The ``ui_state`` message carrying one app's tree or diff (``None`` clears the app)."""
    return {"state": {"children": {app_key: body}}}


def state_path(app_key: str | None) -> list[Any]:
    """Where an app's tree lives in the ``ui_state`` aggregate."""
    return ["state", "children", app_key]


def app_state(aggregate: Any, app_key: str | None) -> dict[str, Any] | None:
    """This app's subtree of a ``ui_state`` aggregate, or None when the cloud has none."""
    data = maybe_load_json(aggregate)
    try:
        node = data["state"]["children"][app_key]
    except (KeyError, TypeError):
        return None
    return node if isinstance(node, dict) else None


def is_observed(connections: Any, agent_id: Any) -> bool:
    """True when ``ui_state@wss_connections`` lists a viewer other than the device agent itself."""
    data = maybe_load_json(connections)
    conns = data.get("connections") if isinstance(data, dict) else None
    if not isinstance(conns, dict) or not conns:
        return False
    ids = {str(key) for key in conns}
    return len(ids) > 1 or (agent_id is not None and ids != {str(agent_id)})


def adopt_cloud_values(container: Container, cloud: dict[str, Any] | None) -> None:
    """Let variables the app has not set take their ``currentValue`` from the cloud's tree."""
    children = cloud.get("children") if isinstance(cloud, dict) else None
    if not isinstance(children, dict):
        return
    for child in container.children:
        node = children.get(child.name)
        if isinstance(child, Variable):
            child.adopt_cloud_state(node)
        elif isinstance(child, Container):
            adopt_cloud_values(child, node)


@dataclass
class PushPlan:
    """What one push sends: a ``ui_cmds`` update and/or a ``ui_state`` diff (None = nothing)."""

    cmds: dict[str, Any] | None
    state_diff: dict[str, Any] | None
    record_log: bool
    max_age: int | None
    coerced: list[Interaction]


class Publisher:
    """The cloud's last known UI state and commands, and the publishing rules applied to them."""

    def __init__(self, min_ui_update_period: float = 600, min_observed_update_period: float = 4) -> None:
        self.min_ui_update_period = min_ui_update_period
        self.min_observed_update_period = min_observed_update_period
        self.state_aggregate: Any = None
        self.cloud_state: dict[str, Any] | None = None
        self.cloud_cmds: dict[str, Any] = {}
        self.connections: Any = None
        self.state_received = False
        self.cmds_received = False
        self.coerced: dict[int, Interaction] = {}
        self.critical_pending = False
        self.last_logged_at: float | None = None

    # -- what the cloud says ------------------------------------------------------------

    def receive_state(self, aggregate: Any, app_key: str | None, diff: Any = None) -> dict[str, Any] | None:
        """Take a ``ui_state`` aggregate; return this app's part of it (a copy of its own).

        With the ``diff`` that produced the aggregate, an update that leaves this app's part alone
        (another app's UI) costs nothing and returns None.
        """
        self.state_aggregate = aggregate
        if self.state_received and diff is not None and not touches(maybe_load_json(diff), state_path(app_key)):
            return None
        self.cloud_state = json_copy(app_state(aggregate, app_key))
        self.state_received = True
        return self.cloud_state

    def rekey(self, app_key: str | None) -> None:
        """The app key changed: the cloud state that matters is another subtree."""
        self.cloud_state = app_state(self.state_aggregate, app_key)

    def receive_cmds(self, cmds: dict[str, Any]) -> None:
        self.cloud_cmds = dict(cmds)
        self.cmds_received = True

    def receive_connections(self, aggregate: Any) -> None:
        self.connections = maybe_load_json(aggregate)

    def observed(self, agent_id: Any) -> bool:
        return is_observed(self.connections, agent_id)

    # -- deciding -----------------------------------------------------------------------

    def note_coerced(self, interaction: Interaction, critical: bool) -> None:
        self.coerced[id(interaction)] = interaction
        self.critical_pending = self.critical_pending or critical

    def max_age(self, agent_id: Any) -> int:
        observed = self.observed(agent_id)
        return int(self.min_observed_update_period if observed else self.min_ui_update_period)

    def wants_log(self, root: Container, force: bool = False, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if force or self.critical_pending or self.last_logged_at is None:
            return True
        if now - self.last_logged_at > self.min_ui_update_period:
            return True
        return any(v.has_pending_log_request() for v in root.get_all_elements(Variable))

    def cmds_update(self) -> dict[str, Any]:
        """Locally coerced values the cloud does not have yet."""
        update = {}
        for interaction in self.coerced.values():
            value = interaction.json_value()
            if self.cloud_cmds.get(interaction.name, NotSet) != value:
                update[interaction.name] = value
        return update

    def plan(
        self,
        root: Container,
        record_log: bool,
        max_age: int | None,
        should_remove: bool = True,
        even_if_empty: bool = False,
    ) -> PushPlan:
        diff = generate_diff(self.cloud_state or {}, root.to_dict(), do_delete=should_remove)
        state = diff if diff or even_if_empty else None
        return PushPlan(self.cmds_update() or None, state, record_log, max_age, list(self.coerced.values()))

    # -- after publishing ---------------------------------------------------------------

    def cmds_published(self, plan: PushPlan, ok: bool) -> None:
        if ok:
            self.cloud_cmds = apply_diff(self.cloud_cmds, plan.cmds or {}, do_delete=True)
            for interaction in plan.coerced:
                self.coerced.pop(id(interaction), None)

    def state_published(self, plan: PushPlan, ok: bool, root: Container, now: float | None = None) -> None:
        if not ok:
            return
        self.critical_pending = False
        if plan.state_diff is None:
            return
        self.cloud_state = apply_diff(self.cloud_state or {}, plan.state_diff)
        if plan.record_log:
            self.last_logged_at = time.monotonic() if now is None else now
            for variable in root.get_all_elements(Variable):
                variable.mark_logged()

    def cleared(self) -> None:
        """The app's state was removed from the cloud: the next push sends everything, logged."""
        self.cloud_state = None
        self.last_logged_at = None
