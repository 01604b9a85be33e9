"""DeviceAgentInterface: the SDK client of the Device Agent (DDA) bridge.

The classic surface of sdk-contract.md §4.1; every rpc-backed method works called plainly or
awaited and has an ``_async`` twin, both produced from one generator body.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from time import monotonic
from typing import Any

from ..._grpc import device_agent_pb2 as pb
from ..._grpc import device_agent_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ...utils.diff import apply_diff, json_copy, maybe_load_json
from ...utils.dual import call_maybe_async, dual_method
from ...utils.updates import INTEREST_METADATA, ChannelUpdate
from ..grpc_interface import Call, Effects, GRPCInterface, Sleep
from .subscription import ChannelStream

log = logging.getLogger(__name__)

DEFAULT_DDA_URI = endpoint("dda").default_uri


def encode_payload(message: Any) -> str:
    """Dicts, lists and numbers are sent as JSON; strings are sent as they are."""
    return message if isinstance(message, str) else json.dumps(message)


class DeviceAgentInterface(GRPCInterface):
    stub = pb_grpc.deviceAgentStub
    bridge_name = "DDA"

    def __init__(
        self,
        app_key: str | None = None,
        dda_uri: str = DEFAULT_DDA_URI,
        is_async: bool | None = None,
        dda_timeout: float = 7,
        max_conn_attempts: int = 5,
        time_between_connection_attempts: float = 10,
        raise_on_error: bool = False,
    ):
        super().__init__(app_key, dda_uri or DEFAULT_DDA_URI, is_async, dda_timeout, raise_on_error)
        self.max_conn_attempts = max_conn_attempts
        self.time_between_connection_attempts = time_between_connection_attempts
        self.is_dda_available = False
        self.is_dda_online = False
        self.has_dda_been_online = False
        self.agent_id: str | None = None
        self.last_channel_message_ts: dict[str, datetime] = {}
        self._subscriptions: dict[
            str, list[Callable[..., Any] | UpdateListener]
        ] = {}  # classic callbacks and UpdateListeners
        self._listeners: dict[str, asyncio.Task[None]] = {}
        self._aggregates: dict[str, Any] = {}
        self._synced_channels: dict[str, bool] = {}
        self._interests: dict[str, set[tuple[str, ...]] | None] = {}  # None: the whole channel

    # -- status flags -------------------------------------------------------------------

    def on_response_header(self, header: Any) -> None:
        if header is None:
            return
        self.is_dda_available = bool(header.success)
        self.is_dda_online = bool(header.cloud_synced)
        self.has_dda_been_online = self.has_dda_been_online or self.is_dda_online

    def get_is_dda_available(self) -> bool:
        return self.is_dda_available

    def get_is_dda_online(self) -> bool:
        return self.is_dda_online

    def get_has_dda_been_online(self) -> bool:
        return self.has_dda_been_online

    @staticmethod
    def has_persistent_connection() -> bool:
        return True

    def _header(self) -> pb.RequestHeader:
        return pb.RequestHeader(app_id=self.app_key) if self.app_key else pb.RequestHeader()

    def subscription_request(self, channel_name: str) -> pb.ChannelSubscriptionRequest:
        return pb.ChannelSubscriptionRequest(channel_name=channel_name, header=self._header())

    def subscription_metadata(self, channel_name: str) -> tuple[tuple[str, str], ...]:
        """gRPC metadata asking the bridge for only the parts of the channel listened to.

        Empty when anything wants the whole channel. Our local DDA then leaves out the updates
        that touch none of those parts; a bridge that does not know the header sends everything.
        """
        paths = self._interests.get(channel_name)
        if not paths:
            return ()
        return ((INTEREST_METADATA, json.dumps(sorted(list(p) for p in paths))),)

    # -- unary rpcs ---------------------------------------------------------------------

    @dual_method
    def test_comms(self, message: str = "Comms Check Message") -> Effects[pb.TestCommsResponse | None]:
        """Send TestComms; return the whole response, or None when the DDA did not answer."""
        return (yield Call("TestComms", pb.TestCommsRequest(message=message, header=self._header())))

    test_comms_async = test_comms.twin()

    @dual_method
    def await_dda_available(self, timeout: float = 10) -> Effects[bool]:
        """Poll TestComms every second until it succeeds (True) or ``timeout`` passes (False)."""
        deadline = monotonic() + timeout
        while True:
            if (yield Call("TestComms", pb.TestCommsRequest(message="Comms Check Message", header=self._header()))):
                return True
            if monotonic() + 1 > deadline:
                return False
            yield Sleep(1)

    await_dda_available_async = await_dda_available.twin()

    @dual_method
    def get_channel_aggregate(self, channel_name: str) -> Effects[Any]:
        """The channel's aggregate (parsed JSON, or the raw string), or None on failure."""
        request = pb.ChannelDetailsRequest(channel_name=channel_name, header=self._header())
        response = yield Call("GetChannelDetails", request)
        if response is None:
            return None
        return maybe_load_json(response.channel.aggregate)

    get_channel_aggregate_async = get_channel_aggregate.twin()

    def _write(
        self, channel_name: str, message: Any, record_log: bool, max_age: int | None
    ) -> Effects[pb.ChannelWriteResponse | None]:
        request = pb.ChannelWriteRequest(
            channel_name=channel_name,
            message_payload=encode_payload(message),
            save_log=record_log,
            header=self._header(),
        )
        if max_age is not None:
            request.max_age = int(max_age)
        return (yield Call("WriteToChannel", request))

    @dual_method
    def publish_to_channel(
        self, channel_name: str, message: Any, record_log: bool = True, max_age: int | None = None
    ) -> Effects[bool]:
        """Write ``message`` to the channel (dicts are JSON-encoded). True when the DDA accepted it."""
        response = yield from self._write(channel_name, message, record_log, max_age)
        return response is not None

    publish_to_channel_async = publish_to_channel.twin()

    @dual_method
    def write_to_channel(
        self, channel_name: str, message: Any, record_log: bool = True, max_age: int | None = None
    ) -> Effects[str | None]:
        """Like :meth:`publish_to_channel`, but return the new message's id (None on failure)."""
        response = yield from self._write(channel_name, message, record_log, max_age)
        return None if response is None else response.message_id

    write_to_channel_async = write_to_channel.twin()

    @dual_method
    def get_temp_token(self) -> Effects[tuple[str, datetime, str] | None]:
        """Deprecated classic call: ``(token, valid_until datetime, endpoint)`` or None."""
        response = yield Call("GetTempAPIToken", pb.TempAPITokenRequest(header=self._header()))
        if response is None:
            return None
        return response.token, datetime.fromtimestamp(float(response.valid_until)), response.endpoint

    get_temp_token_async = get_temp_token.twin()

    @dual_method
    def get_debug_info(self) -> Effects[pb.DebugInfoResponse | None]:
        """The DDA's GetDebugInfo response, or None."""
        return (yield Call("GetDebugInfo", pb.DebugInfoRequest(header=self._header())))

    get_debug_info_async = get_debug_info.twin()

    @dual_method
    def list_channels(self, include_aggregate: bool = False) -> Effects[dict[str, Any] | None]:
        """1.x ListChannels: ``{name: aggregate-or-None}``, or None on failure."""
        request = pb.ListChannelsRequest(header=self._header(), include_aggregate=include_aggregate)
        response = yield Call("ListChannels", request)
        if response is None:
            return None
        return {
            ch.channel_name: maybe_load_json(ch.aggregate) if ch.HasField("aggregate") else None
            for ch in response.channels
        }

    list_channels_async = list_channels.twin()

    @dual_method
    def get_messages(
        self, channel_name: str, after: int | None = None, before: int | None = None, limit: int | None = None
    ) -> Effects[list[pb.Message] | None]:
        """1.x GetMessages: a list of ``pb.Message`` (oldest first), or None on failure."""
        request = pb.GetMessagesRequest(header=self._header(), channel_name=channel_name)
        for name, value in (("after", after), ("before", before), ("limit", limit)):
            if value is not None:
                setattr(request, name, value)
        response = yield Call("GetMessages", request)
        return None if response is None else list(response.messages)

    get_messages_async = get_messages.twin()

    # -- subscriptions ------------------------------------------------------------------

    def add_subscription(self, channel_name: str, callback: Callable[..., Any]) -> None:
        """Call ``callback(channel_name, aggregate)`` on every update of the channel.

        Each call gets its own copy of the whole merged aggregate, which it may change freely.
        Must be called with a running event loop; one listener task serves every callback
        of a channel.
        """
        self._subscriptions.setdefault(channel_name, []).append(callback)
        self.add_interest(channel_name, None)
        self._start_listener(channel_name)

    def add_update_listener(
        self, channel_name: str, listener: Callable[[ChannelUpdate], Any], interest: list[list[str]] | None = None
    ) -> None:
        """Call ``listener(ChannelUpdate)`` on every update of the channel, without copying anything.

        The update carries the diff and the SDK's cached aggregate, which the listener must not
        change (see :mod:`pydoover.utils.updates`). With ``interest`` (a list of key paths) the
        listener reads only those parts: while every subscriber of the channel says so, only they
        are kept current (the bridge is asked to send nothing else). Needs a running event loop,
        like :meth:`add_subscription`.
        """
        self._subscriptions.setdefault(channel_name, []).append(UpdateListener(listener))
        self.add_interest(channel_name, interest)
        self._start_listener(channel_name)

    def add_interest(self, channel_name: str, paths: list[list[str]] | None) -> None:
        """Keep these parts of the channel current too (None: all of it); resubscribes if that widens it."""
        current = self._interests.get(channel_name, set())
        if current is None:
            return
        wanted = None if paths is None else current | {tuple(path) for path in paths}
        if wanted == current and channel_name in self._interests:
            return
        self._interests[channel_name] = wanted
        listener = self._listeners.get(channel_name)
        if listener is None or listener.done():
            return
        loop = listener.get_loop()
        if _running_loop() is loop:
            self._resubscribe(channel_name)
        else:  # a sync main loop or a test, in another thread
            loop.call_soon_threadsafe(self._resubscribe, channel_name)

    def _resubscribe(self, channel_name: str) -> None:
        """Restart the channel's stream (it begins with a full resync), e.g. to send new metadata."""
        listener = self._listeners.pop(channel_name, None)
        if listener is not None and not listener.done():
            listener.cancel()
            self._start_listener(channel_name)

    def interest(self, channel_name: str) -> list[tuple[str, ...]] | None:
        """The parts of the channel kept current (None: all of it)."""
        paths = self._interests.get(channel_name)
        return None if paths is None else sorted(paths)

    def _start_listener(self, channel_name: str) -> None:
        listener = self._listeners.get(channel_name)
        if listener is None or listener.done():
            self._listeners[channel_name] = asyncio.get_running_loop().create_task(
                self.start_subscription_listener(channel_name), name=f"dda-subscription-{channel_name}"
            )

    async def start_subscription_listener(self, channel_name: str) -> None:
        """Listen to a channel forever, resyncing the aggregate after every reconnection."""
        stream = ChannelStream(self, channel_name, max_backoff=self.time_between_connection_attempts)
        async for event in stream:
            if event.kind == "sync":
                self._aggregates.pop(channel_name, None)
            await self.recv_update_callback(channel_name, event.response)

    async def recv_update_callback(self, channel_name: str, response: Any) -> None:
        """Merge one subscription response into the cached aggregate and fan out callbacks.

        The cached aggregate is never changed in place: a diff is merged copy-on-write (only the
        dicts along its paths are copied), so an update costs the size of the diff, and an
        aggregate handed to a listener stays as it was.
        """
        diff = None
        if channel_name in self._aggregates:
            diff = maybe_load_json(response.message.payload)
            data = apply_diff(self._aggregates[channel_name], diff)
        else:
            data = await self.get_channel_aggregate_async(channel_name)
        if data in (None, "None"):
            data = {}
        self._aggregates[channel_name] = data
        self._synced_channels[channel_name] = True
        self.last_channel_message_ts[channel_name] = datetime.now()
        update = ChannelUpdate(channel_name, data, diff)
        for callback in self._subscriptions.get(channel_name, []):
            if isinstance(callback, UpdateListener):
                await call_maybe_async(callback.func, update, as_task=True)
            else:
                await call_maybe_async(callback, channel_name, json_copy(data), as_task=True)

    def is_channel_synced(self, channel_name: str) -> bool:
        return self._synced_channels.get(channel_name, False)

    @dual_method
    def wait_for_channels_sync(
        self, channel_names: list[str], timeout: float = 5, inter_wait: float = 0.02
    ) -> Effects[bool]:
        """True once every channel has had its first update; False after ``timeout``."""
        deadline = monotonic() + timeout
        while not all(self.is_channel_synced(name) for name in channel_names):
            if monotonic() >= deadline:
                return False
            yield Sleep(inter_wait)
        return True

    wait_for_channels_sync_async = wait_for_channels_sync.twin()

    def listen_channel(self, channel_name: str) -> None:
        """Print ``"<name> <json>"`` for every update of a channel until interrupted."""

        async def listen() -> None:
            self.add_subscription(channel_name, lambda name, data: print(name, json.dumps(data), flush=True))
            await asyncio.Event().wait()

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(listen())

    def _cancel_listeners(self) -> None:
        for task in self._listeners.values():
            task.cancel()
        self._listeners.clear()

    def close(self) -> None:
        self._cancel_listeners()
        super().close()

    async def close_async(self) -> None:
        self._cancel_listeners()
        await super().close_async()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@dataclass(frozen=True)
class UpdateListener:
    """A listener added with :meth:`DeviceAgentInterface.add_update_listener` (gets a ChannelUpdate)."""

    func: Callable[[ChannelUpdate], Any]
