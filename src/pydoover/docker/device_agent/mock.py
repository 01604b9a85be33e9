"""MockDeviceAgentInterface: an in-memory DDA stand-in for app unit tests (no bridge needed)."""

from __future__ import annotations

import json
from typing import Any

from ..._grpc import device_agent_pb2 as pb
from ...utils.dual import maybe_async
from ..grpc_interface import Call
from .interface import DeviceAgentInterface


class MockDeviceAgentInterface(DeviceAgentInterface):
    """Channels live in the ``channels`` dict; a publish replaces the channel's value.

    Status flags read as online, ``await_dda_available`` succeeds at once, subscriptions are
    fed from ``channels`` when waited on, and nothing touches the network.
    """

    def __init__(self, app_key: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(app_key, *args, **kwargs)
        self.is_dda_available = self.is_dda_online = self.has_dda_been_online = True
        self.channels: dict[str, Any] = {}

    def perform_call(self, call: Call) -> Any:
        raise RuntimeError("MockDeviceAgentInterface makes no gRPC requests; use its `channels` dict")

    async def perform_call_async(self, call: Call) -> Any:
        return self.perform_call(call)

    def _start_listener(self, channel_name: str) -> None:
        """No stream: subscriptions are fed from ``channels`` when waited on."""

    async def start_subscription_listener(self, channel_name: str) -> bool:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        return True

    async def recv_update_callback(self, channel_name: str, response: Any) -> None:
        self._aggregates.pop(channel_name, None)
        await super().recv_update_callback(channel_name, response)

    @maybe_async()
    def get_channel_aggregate(self, channel_name: str) -> Any:  # pyright: ignore[reportIncompatibleVariableOverride]
        return self.channels.get(channel_name, {})

    async def get_channel_aggregate_async(self, channel_name: str) -> Any:
        return self.channels.get(channel_name, {})

    @maybe_async()
    def publish_to_channel(  # pyright: ignore[reportIncompatibleVariableOverride]
        self, channel_name: str, message: Any, record_log: bool = True, max_age: int | None = None
    ) -> bool:
        self.channels[channel_name] = message
        return True

    async def publish_to_channel_async(self, *args: Any, **kwargs: Any) -> bool:
        publish: Any = self.publish_to_channel  # maybe_async's run_sync is not in the typed signature
        return bool(publish(*args, run_sync=True, **kwargs))

    @maybe_async()
    def await_dda_available(self, timeout: float = 10) -> bool:  # pyright: ignore[reportIncompatibleVariableOverride]
        return True

    async def await_dda_available_async(self, timeout: float = 10) -> bool:
        return True

    async def wait_for_channels_sync_async(
        self, channel_names: list[str], timeout: float = 5, inter_wait: float = 0.02
    ) -> bool:
        for name in channel_names:
            aggregate = json.dumps(self.channels.get(name, {}))
            response = pb.ChannelSubscriptionResponse(channel=pb.ChannelDetails(channel_name=name, aggregate=aggregate))
            await self.recv_update_callback(name, response)
        return True
