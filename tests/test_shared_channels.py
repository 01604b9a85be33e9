"""Shared channels (tag_values, ui_state) and many apps: what subscribers see, and what they are sent.

Classic callbacks get the full merged aggregate, each its own copy; the SDK's own listeners (tags,
the UI manager) read diffs and ask the local DDA for only the parts they use.
"""

from __future__ import annotations

import asyncio
import json
import time

import grpc

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.docker import Application, DeviceAgentInterface
from pydoover.docker.application.tags import TagsMixin
from pydoover.ui import UIManager
from pydoover.utils.diff import diff_within, is_applied, json_copy, touches, values_at
from pydoover.utils.updates import INTEREST_METADATA, ChannelUpdate, listen
from tests.test_application import make, start, stop

STEP = 10  # seconds; bound on every wait in this file


async def until(predicate, what: str = "condition") -> None:
    deadline = time.monotonic() + STEP
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def raw_updates(uri: str, channel: str, metadata=None, count: int = 0, idle: float = 1.0) -> list:
    """Payloads of a bare GetChannelSubscription after its first response, until ``idle`` s pass quietly."""
    async with grpc.aio.insecure_channel(uri) as chan:
        call = pb_grpc.deviceAgentStub(chan).GetChannelSubscription(
            pb.ChannelSubscriptionRequest(channel_name=channel), metadata=metadata
        )
        await call.read()  # the subscription marker
        payloads = []
        try:
            while True:
                response = await asyncio.wait_for(call.read(), idle)
                payloads.append(json.loads(response.message.payload))
        except TimeoutError:
            call.cancel()
        return payloads


# -- classic callback semantics ---------------------------------------------------------------------


async def test_classic_callbacks_see_the_full_aggregate_and_cannot_corrupt_the_sdks_copy(bridges):
    agent = DeviceAgentInterface("me", bridges.dda_uri)
    writer = DeviceAgentInterface("writer", bridges.dda_uri)
    listened: list[ChannelUpdate] = []
    seen: list = []

    async def vandal(_name, aggregate):
        aggregate.setdefault("me", {})["level"] = "vandalised"
        aggregate.pop("other", None)
        aggregate["junk"] = [1, 2]

    async def record(name, aggregate):
        seen.append((name, json_copy(aggregate)))

    listen(agent, "tag_values", listened.append, interest=[["me"]])  # narrow, but a classic callback widens it
    agent.add_subscription("tag_values", vandal)
    agent.add_subscription("tag_values", record)
    assert await agent.wait_for_channels_sync_async(["tag_values"], timeout=STEP)
    writes = [{"other": {"pump": True}}, {"me": {"level": 1}}, {"other": {"pump": None}}, {"global": 5}]
    for write in writes:
        assert await writer.publish_to_channel_async("tag_values", write)
    expected = [
        {"other": {"pump": True}},
        {"other": {"pump": True}, "me": {"level": 1}},
        {"other": {}, "me": {"level": 1}},
        {"other": {}, "me": {"level": 1}, "global": 5},
    ]
    await until(lambda: len(seen) == 1 + len(writes) and len(listened) >= 1 + len(writes), "every update")
    assert seen == [("tag_values", {})] + [("tag_values", e) for e in expected]
    assert agent._aggregates["tag_values"] == expected[-1], "the SDK's copy is untouched by the vandal"
    assert [u.aggregate for u in listened[1:]] == expected, "listeners saw the untouched aggregates too"
    assert agent.interest("tag_values") is None, "a classic callback needs the whole channel"
    await agent.close_async()
    await writer.close_async()


async def test_an_aggregate_handed_to_a_listener_stays_as_it_was(bridges):
    agent = DeviceAgentInterface("me", bridges.dda_uri)
    listened: list[ChannelUpdate] = []
    listen(agent, "cfg", listened.append)
    assert await agent.wait_for_channels_sync_async(["cfg"], timeout=STEP)
    await agent.publish_to_channel_async("cfg", {"a": {"x": 1}, "b": {"y": 2}})
    await agent.publish_to_channel_async("cfg", {"a": {"x": 3}})
    await until(lambda: len(listened) == 3, "three updates")
    first, second = listened[1], listened[2]
    assert first.aggregate == {"a": {"x": 1}, "b": {"y": 2}}, "copy-on-write: the old aggregate is unchanged"
    assert second.aggregate == {"a": {"x": 3}, "b": {"y": 2}} and second.diff == {"a": {"x": 3}}
    assert second.aggregate["b"] is first.aggregate["b"], "parts the diff did not touch are shared, not copied"
    await agent.close_async()


# -- what the bridge sends ----------------------------------------------------------------------------


async def test_a_subscriber_with_an_interest_is_sent_only_updates_touching_it(bridges):
    writer = DeviceAgentInterface("writer", bridges.dda_uri)
    interest = ((INTEREST_METADATA, json.dumps([["me"], ["shutdown_at"]])),)
    narrow = asyncio.create_task(raw_updates(bridges.dda_uri, "tag_values", interest))
    everything = asyncio.create_task(raw_updates(bridges.dda_uri, "tag_values"))
    garbled = asyncio.create_task(raw_updates(bridges.dda_uri, "tag_values", ((INTEREST_METADATA, "{nope"),)))
    await asyncio.sleep(0.5)  # all three subscribed
    writes = [{"other": {"x": 1}}, {"me": {"y": 2}, "other": {"x": 2}}, {"shutdown_at": 9}, {"third": {"z": 1}}]
    for write in writes:
        assert await writer.publish_to_channel_async("tag_values", write)
    assert await narrow == [{"me": {"y": 2}}, {"shutdown_at": 9}], "only its parts, only when they change"
    assert await everything == writes
    assert await garbled == writes, "an interest it can't read means everything"
    await writer.close_async()


async def test_widening_an_interest_resubscribes_with_a_fresh_aggregate(bridges):
    agent = DeviceAgentInterface("me", bridges.dda_uri)
    writer = DeviceAgentInterface("writer", bridges.dda_uri)
    listened: list[ChannelUpdate] = []
    listen(agent, "tag_values", listened.append, interest=[["me"]])
    assert await agent.wait_for_channels_sync_async(["tag_values"], timeout=STEP)
    await writer.publish_to_channel_async("tag_values", {"other": {"x": 1}})
    await writer.publish_to_channel_async("tag_values", {"me": {"y": 1}})
    await until(lambda: listened[-1].aggregate.get("me") == {"y": 1}, "our own update")
    assert "other" not in listened[-1].aggregate, "other apps' parts are not sent"
    agent.add_interest("tag_values", [["other"]])
    await until(lambda: listened[-1].aggregate.get("other") == {"x": 1}, "a resync")
    await writer.publish_to_channel_async("tag_values", {"other": {"x": 2}})
    await until(lambda: listened[-1].aggregate.get("other") == {"x": 2}, "the other app's update")
    assert agent.interest("tag_values") == [("me",), ("other",)]
    await agent.close_async()
    await writer.close_async()


# -- tags and UI --------------------------------------------------------------------------------------


class Quiet(Application):
    loop_target_period = 0.05


async def test_another_apps_tag_is_current_from_its_first_read(bridges):
    first, second = make(Quiet, bridges, app_key="first"), make(Quiet, bridges, app_key="second")
    tasks = [await start(first), await start(second)]
    try:
        await first.set_tag_async("level", 7.5)
        await until(lambda: first.device_agent.get_channel_aggregate("tag_values", run_sync=True)["first"])
        assert second.get_tag("level", app_key="first") == 7.5, "fetched on first use, not stale"
        await first.set_tag_async("level", 8.0)
        await until(lambda: second.get_tag("level", app_key="first") == 8.0, "the next update")
        assert ("first",) in second.device_agent.interest("tag_values")
        assert ("second",) not in first.device_agent.interest("tag_values")
    finally:
        for task in tasks:
            await stop(task)


async def test_the_ui_manager_asks_only_for_its_own_part_of_ui_state(bridges):
    agent = DeviceAgentInterface("pump", bridges.dda_uri)
    writer = DeviceAgentInterface("writer", bridges.dda_uri)
    manager = UIManager("pump", client=agent)
    manager.start_comms()
    assert agent.interest("ui_state") == [("state", "children", "pump")]
    assert await manager.await_comms_sync_async(STEP)
    await writer.publish_to_channel_async("ui_state", {"state": {"children": {"pump": {"name": "pump", "x": 1}}}})
    await until(lambda: manager.last_ui_state == {"name": "pump", "x": 1}, "our part")
    await writer.publish_to_channel_async("ui_state", {"state": {"children": {"gate": {"name": "gate"}}}})
    await writer.publish_to_channel_async("ui_state", {"state": {"children": {"pump": {"x": 2}}}})
    await until(lambda: manager.last_ui_state == {"name": "pump", "x": 2}, "our next change")
    assert "gate" not in agent._aggregates["ui_state"]["state"]["children"], "another app's part was not sent"
    await agent.close_async()
    await writer.close_async()


class Tags(TagsMixin):
    def __init__(self):
        self.app_key, self.device_agent = "me", None
        self._init_tags()


async def test_an_unconfirmed_tag_write_survives_older_updates_then_gives_way(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("pydoover.docker.application.tags.time.monotonic", lambda: clock[0])
    tags = Tags()
    await tags._on_tag_values(ChannelUpdate("tag_values", {"me": {"level": 1}}))
    tags._tag_change({"level": 2}, None, False, True)  # published, not seen yet
    cloud = {"me": {"level": 1}, "other": {"x": 1}}
    await tags._on_tag_values(ChannelUpdate("tag_values", cloud, {"other": {"x": 1}}))
    assert tags.get_tag("level") == 2, "an update sent before our write must not undo it"
    clock[0] += 10  # our write never arrived: the channel's value wins again
    cloud = {"me": {"level": 1}, "other": {"x": 2}}
    await tags._on_tag_values(ChannelUpdate("tag_values", cloud, {"other": {"x": 2}}))
    assert tags.get_tag("level") == 1 and tags.get_tag("x", app_key="other") == 2


# -- the diff helpers ---------------------------------------------------------------------------------


def test_diff_helpers_walk_only_the_diff():
    data = {"a": {"x": 1, "y": [1, 2]}, "b": 2}
    assert is_applied(data, {"a": {"x": 1}}) and not is_applied(data, {"a": {"x": 2}})
    assert not is_applied(data, {"c": None}) and is_applied({"c": None}, {"c": None})
    assert touches({"state": {"children": {"me": {}}}}, ["state", "children", "me"])
    assert not touches({"state": {"children": {"you": {}}}}, ["state", "children", "me"])
    assert touches({"state": None}, ["state", "children", "me"]), "a delete above the path changes it"
    assert values_at(data, {"a": {"x": 5, "z": 1}, "c": 1}) == {"a": {"x": 1, "z": None}, "c": None}
    assert diff_within({"a": {"x": 1}, "b": 2}, [["a"]]) == {"a": {"x": 1}}
    assert diff_within({"b": 2}, [["a", "x"]]) is None
    assert diff_within({"a": None, "b": 2}, [["a", "x"]]) == {"a": None}
    assert diff_within({"a": {"x": None}}, [["a", "x"], ["a"]]) == {"a": {"x": None}}
    copied = json_copy(data)
    assert copied == data and copied["a"] is not data["a"] and copied["a"]["y"] is not data["a"]["y"]
