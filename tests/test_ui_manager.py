"""UIManager against a real local DDA: what it publishes, when, and how site commands come back."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest

from pydoover import ui
from pydoover.docker import DeviceAgentInterface

APP = "tank"


@dataclass
class Published:
    channel: str
    message: Any
    record_log: bool
    max_age: int | None


class SpyAgent(DeviceAgentInterface):
    """A real DDA client that also remembers what it was asked to publish (the local DDA does
    not keep ``max_age``, so the test reads it here)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[Published] = []

    def _write(self, channel_name, message, record_log, max_age):
        self.published.append(Published(channel_name, message, record_log, max_age))
        return (yield from super()._write(channel_name, message, record_log, max_age))

    def on(self, channel: str) -> list[Published]:
        return [p for p in self.published if p.channel == channel]


async def eventually(condition, timeout: float = 3.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.fixture
async def spy(bridges):
    client = SpyAgent(APP, bridges.dda_uri, time_between_connection_attempts=0.2)
    yield client
    await client.close_async()


async def started(spy: SpyAgent, *children: ui.Element, **kwargs: Any) -> ui.UIManager:
    """A manager as the Application leaves it after start-up: cleared, subscribed, synced."""
    manager = ui.UIManager(APP, client=spy, **kwargs)
    manager.add_children(*children)
    assert await manager.clear_ui_async()
    manager.start_comms()
    assert await manager.await_comms_sync_async(5)
    spy.published.clear()
    return manager


async def app_state(agent: DeviceAgentInterface) -> Any:
    aggregate = await agent.get_channel_aggregate_async("ui_state")
    return aggregate["state"]["children"].get(APP)


# -- ui_state --------------------------------------------------------------------------------


async def test_first_push_sends_the_whole_tree_logged_then_only_the_diff(spy, agent):
    level = ui.NumericVariable("level", "Level", curr_val=1)
    manager = await started(spy, level, ui.Action("start", "Start"))
    assert await manager.handle_comms_async() is True
    [first] = spy.on("ui_state")
    assert first.message == {"state": {"children": {APP: manager.root.to_dict()}}}
    assert (first.record_log, first.max_age) == (True, 600)
    assert await app_state(agent) == manager.root.to_dict()

    level.update(5)
    assert await manager.handle_comms_async() is True
    second = spy.on("ui_state")[-1]
    assert second.message == {"state": {"children": {APP: {"children": {"level": {"currentValue": 5}}}}}}
    assert (second.record_log, second.max_age) == (False, 600)
    messages = await agent.get_messages_async("ui_state")
    assert json.loads(messages[-1].data_json) == second.message
    assert (await app_state(agent))["children"]["level"]["currentValue"] == 5

    await manager.handle_comms_async()
    assert len(spy.on("ui_state")) == 2, "nothing changed, nothing sent"


async def test_a_removed_child_is_sent_as_null(spy, agent):
    manager = await started(spy, ui.TextVariable("a", "A"), ui.TextVariable("b", "B"))
    await manager.handle_comms_async()
    manager.remove_children("a")
    await manager.handle_comms_async()
    assert spy.on("ui_state")[-1].message == {"state": {"children": {APP: {"children": {"a": None}}}}}
    assert set((await app_state(agent))["children"]) == {"b"}


async def test_max_age_drops_to_4_s_while_someone_else_watches(spy, agent):
    spy.agent_id = "device-1"
    level = ui.NumericVariable("level", "Level")
    manager = await started(spy, level)
    await agent.publish_to_channel_async("ui_state@wss_connections", {"connections": {"device-1": True}})
    await manager.handle_comms_async()
    assert spy.on("ui_state")[-1].max_age == 600, "the device's own connection is not a viewer"

    await agent.publish_to_channel_async("ui_state@wss_connections", {"connections": {"viewer-7": True}})
    await eventually(manager.is_being_observed)
    level.update(2)
    await manager.handle_comms_async()
    assert spy.on("ui_state")[-1].max_age == 4

    await agent.publish_to_channel_async("ui_state@wss_connections", {"connections": {"viewer-7": None}})
    await eventually(lambda: not manager.is_being_observed())
    level.update(3)
    await manager.handle_comms_async()
    assert spy.on("ui_state")[-1].max_age == 600


async def test_record_log_follows_thresholds_critical_changes_force_and_period(spy):
    flag, level = ui.BooleanVariable("flag", "Flag", curr_val=False), ui.NumericVariable("level", "Level")
    manager = await started(spy, flag, level, min_ui_update_period=0.3)
    await manager.handle_comms_async()

    async def push_logged(change) -> bool:
        change()
        await manager.handle_comms_async()
        return spy.on("ui_state")[-1].record_log

    assert await push_logged(lambda: level.update(1)) is False
    assert await push_logged(lambda: flag.update(True)) is True, "a boolean crossed its threshold"
    assert await push_logged(lambda: manager.update_variable("level", 2, critical=True)) is True
    assert await push_logged(lambda: level.update(3)) is False
    level.update(4)
    await manager.handle_comms_async(force_log=True)
    assert spy.on("ui_state")[-1].record_log is True
    await asyncio.sleep(0.35)
    assert await push_logged(lambda: level.update(5)) is True, "the last logged push is too old"


async def test_nothing_is_pushed_before_the_ui_channels_have_synced(spy):
    manager = ui.UIManager(APP, client=spy)
    manager.add_children(ui.TextVariable("a", "A"))
    assert await manager.handle_comms_async() is False
    manager.start_comms()
    assert await manager.await_comms_sync_async(5)
    assert await manager.handle_comms_async() is True
    assert spy.on("ui_state")


async def test_startup_clear_removes_the_apps_old_tree(spy, agent):
    await agent.publish_to_channel_async(
        "ui_state", {"state": {"children": {APP: {"name": APP, "old": 1}, "other_app": {"name": "other_app"}}}}
    )
    manager = ui.UIManager(APP, client=spy)
    assert await manager.clear_ui_async()
    [clear] = spy.on("ui_state")
    assert clear.message == {"state": {"children": {APP: None}}} and clear.max_age == -1
    assert (await agent.get_channel_aggregate_async("ui_state"))["state"]["children"] == {
        "other_app": {"name": "other_app"}
    }


async def test_variables_without_a_value_adopt_the_cloud_value(spy, agent):
    await agent.publish_to_channel_async(
        "ui_state", {"state": {"children": {APP: {"children": {"level": {"currentValue": 9}}}}}}
    )
    level = ui.NumericVariable("level", "Level")
    manager = ui.UIManager(APP, client=spy)
    manager.add_children(level)
    manager.start_comms()
    assert await manager.await_comms_sync_async(5)
    assert level.current_value == 9


async def test_the_sync_face_publishes_from_a_worker_thread(spy, agent):
    level = ui.NumericVariable("level", "Level", curr_val=1)
    manager = await started(spy, level)
    assert await asyncio.to_thread(manager.handle_comms) is True
    assert (await app_state(agent))["children"]["level"]["currentValue"] == 1
    assert await asyncio.to_thread(manager.send_notification, "from a thread") is True
    assert (await agent.get_channel_aggregate_async("significantEvent")) == {"notification_msg": "from a thread"}


# -- ui_cmds ---------------------------------------------------------------------------------


class PumpApp:
    def __init__(self):
        self.seen: list = []
        self.got_update = asyncio.Event()

    @ui.action("start", "Start")
    async def start(self, new_value):
        self.seen.append(("action", new_value))

    @ui.callback("start")
    def on_start_classic(self, element, new_value):
        self.seen.append(("sync handler", element.name, new_value))

    @ui.callback(r"speed_\d")
    async def on_speed(self, new_value):
        self.seen.append(("async handler", new_value))
        self.got_update.set()

    @ui.callback("camera_get_now", global_interaction=True)
    async def on_camera(self, element, new_value):
        self.seen.append(("global", element.name, new_value))


async def test_a_site_command_runs_the_callback_then_matching_handlers(spy, agent):
    manager = await started(spy)
    app = PumpApp()
    pressed = []
    manager.add_children(ui.Slider("speed_1", "Speed", callback=pressed.append, default=0))
    manager.register_callbacks(app)

    await agent.publish_to_channel_async(
        "ui_cmds", {"cmds": {"tank_start": True, "tank_speed_1": 40, "camera_get_now": "now"}}
    )
    await eventually(lambda: len(app.seen) == 4 and pressed)
    assert sorted(app.seen, key=str) == sorted(
        [
            ("action", True),
            ("sync handler", "tank_start", True),
            ("async handler", 40),
            ("global", "camera_get_now", "now"),
        ],
        key=str,
    )
    assert app.seen.index(("action", True)) < app.seen.index(("sync handler", "tank_start", True)), "callback first"
    assert pressed == [40] and manager.get_command("speed_1").current_value == 40
    assert isinstance(manager.get_command("camera_get_now"), ui.SlimCommand)

    app.seen.clear()
    app.got_update.clear()
    await agent.publish_to_channel_async("ui_cmds", {"cmds": {"tank_speed_1": None}})
    await asyncio.wait_for(app.got_update.wait(), 3)
    assert app.seen == [("async handler", 0)], "a removed command goes back to its default"


async def test_coerce_command_publishes_ui_cmds_and_does_not_echo_the_callback(spy, agent):
    app = PumpApp()
    manager = await started(spy)
    manager.register_callbacks(app)
    manager.coerce_command("start", "running")
    await manager.handle_comms_async()
    [cmds] = spy.on("ui_cmds")
    assert cmds.message == {"cmds": {"tank_start": "running"}} and (cmds.record_log, cmds.max_age) == (True, 1)
    assert await agent.get_channel_aggregate_async("ui_cmds") == {"cmds": {"tank_start": "running"}}
    await asyncio.sleep(0.2)
    assert app.seen == []
    assert (await app_state(agent))["children"]["tank_start"]["currentValue"] == "running"
    await manager.handle_comms_async()
    assert len(spy.on("ui_cmds")) == 1, "the cloud has it now"


def test_command_aggregates_may_be_json_strings_without_the_wrapper():
    manager = ui.UIManager(APP)
    seen = []
    manager.add_children(ui.Action("stop", "Stop", callback=seen.append))
    manager.on_command_update(None, json.dumps({"tank_stop": 1}))
    manager.on_command_update(None, {"cmds": {"tank_stop": 2}})
    manager.on_command_update(None, "not json")
    assert seen == [1, 2, None]


def test_a_local_change_not_yet_published_is_not_overwritten_by_the_site():
    manager = ui.UIManager(APP)
    mode = ui.StateCommand("mode", "Mode", user_options=[ui.Option("auto"), ui.Option("manual")])
    manager.add_children(mode)
    mode.coerce("manual")
    manager.on_command_update(None, {"cmds": {"tank_mode": "auto"}})
    assert mode.current_value == "manual"


# -- notifications ---------------------------------------------------------------------------


async def test_notifications_land_on_significant_event_and_the_activity_log(spy, agent):
    manager = ui.UIManager(APP, client=spy)
    assert await manager.send_notification_async("Tank low") is True
    assert await agent.get_channel_aggregate_async("significantEvent") == {"notification_msg": "Tank low"}
    assert await agent.get_channel_aggregate_async("activity_logs") == {"action_string": "Tank low"}
    note = spy.on("significantEvent")[0]
    assert (note.record_log, note.max_age) == (True, 1)
    await manager.send_notification("quiet", record_activity=False)
    assert await agent.get_channel_aggregate_async("activity_logs") == {"action_string": "Tank low"}
    assert [json.loads(m.data_json) for m in await agent.get_messages_async("significantEvent")] == [
        {"notification_msg": "Tank low"},
        {"notification_msg": "quiet"},
    ]


async def test_a_command_known_only_by_name_can_be_reset_by_the_app(spy, agent):
    manager = await started(spy)
    await agent.publish_to_channel_async("ui_cmds", {"cmds": {"camera_snapshots": "take"}})
    await eventually(lambda: manager.get_command("camera_snapshots") is not None)
    manager.coerce_command("camera_snapshots", None)
    await manager.handle_comms_async()
    assert await agent.get_channel_aggregate_async("ui_cmds") == {"cmds": {}}
