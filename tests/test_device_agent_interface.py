"""DeviceAgentInterface against a real local DDA: both faces, failures, reconnection."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from pydoover.docker import BridgeRejectedError, BridgeUnavailableError, DeviceAgentInterface, MockDeviceAgentInterface
from pydoover.testing import LocalBridges


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sync_publish_and_aggregate_round_trip(agent):
    assert agent.publish_to_channel("tank", {"level": 3}) is True
    assert agent.publish_to_channel("tank", {"temp": 20}, record_log=False, max_age=-1) is True
    assert agent.get_channel_aggregate("tank") == {"level": 3, "temp": 20}
    assert agent.get_is_dda_available() and agent.get_is_dda_online() and agent.get_has_dda_been_online()


async def test_async_twins_and_awaited_dual_methods(agent):
    assert await agent.publish_to_channel_async("tank", {"level": 1})
    assert await agent.publish_to_channel("tank", {"level": 2})
    assert await agent.get_channel_aggregate("tank") == {"level": 2}
    assert (await agent.test_comms_async("hi")).response == "hi"
    assert await agent.await_dda_available_async(1) is True


def test_one_persistent_channel_serves_every_call(agent):
    agent.get_channel_aggregate("a")
    channel = agent._channel
    for _ in range(5):
        agent.publish_to_channel("a", {"x": 1})
    assert agent._channel is channel


def test_unreachable_bridge_returns_none_and_logs_one_clear_line(caplog):
    agent = DeviceAgentInterface("app", f"127.0.0.1:{free_port()}", dda_timeout=2)
    with caplog.at_level(logging.WARNING, logger="pydoover"):
        assert agent.get_channel_aggregate("tank") is None
        assert agent.publish_to_channel("tank", {"a": 1}) is False
    lines = [r.getMessage() for r in caplog.records]
    assert any(
        "DDA bridge at 127.0.0.1:" in line and "GetChannelDetails failed (UNAVAILABLE)" in line for line in lines
    )
    assert agent.await_dda_available(timeout=0.5) is False


def test_raise_on_error_raises_with_the_status():
    agent = DeviceAgentInterface("app", f"127.0.0.1:{free_port()}", raise_on_error=True)
    with pytest.raises(BridgeUnavailableError) as caught:
        agent.get_channel_aggregate("tank")
    assert caught.value.rpc == "GetChannelDetails" and caught.value.status == "UNAVAILABLE"


def test_refused_request_raises_rejected_with_the_bridges_reason(bridges):
    agent = DeviceAgentInterface("app", bridges.dda_uri, raise_on_error=True)
    with pytest.raises(BridgeRejectedError, match="channel_name is empty"):
        agent.publish_to_channel("", {"a": 1})


def test_calls_recover_after_the_bridge_restarts(tmp_path):
    with LocalBridges(store=tmp_path / "dda.sqlite3") as bridges:
        agent = DeviceAgentInterface("app", bridges.dda_uri)
        assert agent.publish_to_channel("tank", {"level": 1})
        bridges.restart()
        assert agent.get_channel_aggregate("tank") == {"level": 1}, "persisted, and the same client reconnected"
        assert agent.publish_to_channel("tank", {"level": 2})


async def test_subscription_callbacks_get_merged_aggregates(agent):
    seen: list = []
    agent.publish_to_channel_async  # noqa: B018 - the twin exists
    await agent.publish_to_channel_async("cfg", {"a": 1})
    agent.add_subscription("cfg", lambda name, data: seen.append((name, data)))
    assert await agent.wait_for_channels_sync_async(["cfg"], timeout=5)
    await agent.publish_to_channel_async("cfg", {"b": {"c": 2}})
    await agent.publish_to_channel_async("cfg", {"a": None})
    await wait_for(lambda: len(seen) >= 3)
    assert seen == [("cfg", {"a": 1}), ("cfg", {"a": 1, "b": {"c": 2}}), ("cfg", {"b": {"c": 2}})]
    await agent.close_async()


async def test_subscriber_keeps_receiving_after_the_bridge_restarts(tmp_path):
    bridges = LocalBridges(store=tmp_path / "dda.sqlite3").start()
    agent = DeviceAgentInterface("app", bridges.dda_uri, time_between_connection_attempts=0.5)
    seen: list = []

    async def record(name, data):
        seen.append(data)

    agent.add_subscription("cfg", record)
    assert await agent.wait_for_channels_sync_async(["cfg"])
    await agent.publish_to_channel_async("cfg", {"before": 1})
    await wait_for(lambda: {"before": 1} in seen)
    await asyncio.to_thread(bridges.restart)
    await asyncio.sleep(1.0)  # the listener notices and reconnects with backoff
    writer = DeviceAgentInterface("writer", bridges.dda_uri)
    assert await asyncio.to_thread(writer.publish_to_channel, "cfg", {"after": 2})
    await wait_for(lambda: seen and seen[-1] == {"before": 1, "after": 2})
    await agent.close_async()
    await asyncio.to_thread(bridges.stop)


async def test_wait_for_channels_sync_times_out_without_a_bridge():
    agent = DeviceAgentInterface("app", f"127.0.0.1:{free_port()}", time_between_connection_attempts=0.2)
    agent.add_subscription("deployment_config", lambda *a: None)
    assert await agent.wait_for_channels_sync_async(["deployment_config"], timeout=0.5) is False
    await agent.close_async()


async def test_mock_device_agent_keeps_channels_in_memory():
    mock = MockDeviceAgentInterface("app")
    assert mock.get_is_dda_online() and await mock.await_dda_available_async(1)
    mock.channels["deployment_config"] = {"applications": {"app": {"x": 1}}}
    seen = []
    mock.add_subscription("deployment_config", lambda name, data: seen.append(data))
    assert await mock.wait_for_channels_sync_async(["deployment_config"])
    await wait_for(lambda: seen)
    assert seen == [{"applications": {"app": {"x": 1}}}]
    assert await mock.publish_to_channel("out", {"a": 1}) is True
    assert mock.publish_to_channel("out", {"b": 2}, run_sync=True) is True
    assert mock.channels["out"] == {"b": 2}, "publishing replaces, as the classic mock does"
    assert await mock.get_channel_aggregate("out") == {"b": 2}
    with pytest.raises(RuntimeError, match="no gRPC requests"):
        mock.make_request("TestComms", None)


async def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
