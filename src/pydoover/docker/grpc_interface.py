"""GRPCInterface: the transport shared by every SDK client of a Doover bridge.

One persistent channel per interface (a ``grpc.Channel`` for sync calls and a
``grpc.aio.Channel`` per event loop for async ones), a per-call deadline, fast reconnection
after a bridge restart, and response-header checks. Subclasses write each public method once
as an effect-yielding generator (see :class:`pydoover.utils.dual.dual_method`); the two
drivers below perform those effects over the sync or async channel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field
from typing import Any, TypeAlias, TypeVar

import grpc

from ..utils.dual import drive_effects, drive_effects_async
from .errors import BridgeError, BridgeRejectedError, BridgeTimeoutError, BridgeUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_MESSAGE_BYTES = 16 * 1024 * 1024

# Retry only UNAVAILABLE (the connection was not there), for 0.7 s in all (0.1 + 0.2 + 0.4):
# longer than the channel's reconnect backoff (capped at 250 ms below), so a call rides over a
# bridge restart; short enough that a bridge which is down is reported within a second.
_SERVICE_CONFIG = {
    "methodConfig": [
        {
            "name": [{}],
            "retryPolicy": {
                "maxAttempts": 4,
                "initialBackoff": "0.1s",
                "maxBackoff": "0.4s",
                "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        }
    ]
}

CHANNEL_OPTIONS = [
    ("grpc.enable_retries", 1),
    ("grpc.service_config", json.dumps(_SERVICE_CONFIG)),
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 250),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]


# Answers a Call can get instead of None, when it asks for them (see Call.optional and Call.reattach).
UNIMPLEMENTED = object()  # the bridge has no such rpc
UNKNOWN_APP = object()  # the App Controller refused with 404: it does not know the app


@dataclass(frozen=True)
class Call:
    """Effect: make one unary rpc. The driver sends back the checked response (or the part of it
    ``field`` names), or None on failure, or one of the answers the call asks for:

    * ``deadline``: seconds for this call instead of the interface's ``timeout``;
    * ``field``: answer with this field of the response; a repeated field as a list, its only
      element when ``unwrap`` (default) and it has one; an unset optional field as None;
    * ``optional``: a bridge without this rpc answers :data:`UNIMPLEMENTED` instead of failing;
    * ``reattach``: a refusal with response code 404 answers :data:`UNKNOWN_APP` instead of failing;
    * ``check_bus``: a Modbus bus the bridge should have open (see ``ModbusInterface.on_rejected``).

    ``options``, a dict of those names, is the older spelling, still accepted.
    """

    rpc: str
    request: Any
    options: Mapping[str, Any] = dataclass_field(default_factory=dict)
    deadline: float | None = None
    field: str | None = None
    unwrap: bool = True
    optional: bool = False
    reattach: bool = False
    check_bus: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.options) - _OPTION_NAMES
        if unknown:
            raise TypeError(
                f"Call({self.rpc!r}): unknown option(s) {sorted(unknown)}; expected {sorted(_OPTION_NAMES)}"
            )
        for name, value in self.options.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Sleep:
    """Effect: wait, blocking or asynchronously depending on the driver."""

    seconds: float


Effects: TypeAlias = Generator[Call | Sleep, Any, T]  # the body of a dual method returning T
_OPTION_NAMES = {f.name for f in fields(Call)} - {"rpc", "request", "options"}
NOT_FOUND = 404


def read_field(response: Any, name: str, unwrap: bool) -> Any:
    """``Call.field``: one field of a response (see :class:`Call`)."""
    value = getattr(response, name)
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = list(value)
        return items[0] if unwrap and len(items) == 1 else items
    if response.DESCRIPTOR.fields_by_name[name].has_presence and not response.HasField(name):
        return None
    return value


class GRPCInterface:
    """Base class for bridge clients.

    ``stub`` is the generated stub class; ``bridge_name`` names the bridge in messages.
    With ``raise_on_error=True`` failures raise :class:`BridgeError` subclasses instead of
    returning ``None``.
    """

    stub: type
    bridge_name = "gRPC"
    header_message_field = "response_message"

    def __init__(
        self,
        app_key: str | None,
        uri: str,
        is_async: bool | None = None,
        timeout: float = 7,
        raise_on_error: bool = False,
    ):
        self.app_key = app_key
        self._uri = uri
        self._is_async = is_async
        self.timeout = timeout
        self.raise_on_error = raise_on_error
        self._channel: grpc.Channel | None = None
        self._sync_stub = None
        self._aio: tuple[asyncio.AbstractEventLoop, grpc.aio.Channel, Any] | None = None
        self._last_failure: str | None = None

    # -- channels ---------------------------------------------------------------------

    @property
    def uri(self) -> str:
        return self._uri

    @uri.setter
    def uri(self, value: str) -> None:
        if value != self._uri:
            self._drop_channels()
        self._uri = value

    def sync_stub(self) -> Any:
        """The stub on this interface's persistent sync channel (created on first use)."""
        if self._sync_stub is None:
            self._channel = grpc.insecure_channel(self._uri, options=CHANNEL_OPTIONS)
            self._sync_stub = self.stub(self._channel)
        return self._sync_stub

    def async_stub(self) -> Any:
        """The stub on this interface's aio channel for the running event loop."""
        loop = asyncio.get_running_loop()
        if self._aio is None or self._aio[0] is not loop:
            channel = grpc.aio.insecure_channel(self._uri, options=CHANNEL_OPTIONS)
            self._aio = (loop, channel, self.stub(channel))
        return self._aio[2]

    def _drop_channels(self) -> None:
        if self._channel is not None:
            self._channel.close()
        self._channel = self._sync_stub = None
        self._aio = None  # an aio channel can only be closed from its own loop

    def close(self) -> None:
        """Close the sync channel; the aio channel is closed by :meth:`close_async`."""
        self._drop_channels()

    async def close_async(self) -> None:
        aio = self._aio
        self._drop_channels()
        if aio is not None and aio[0] is asyncio.get_running_loop():
            await aio[1].close()

    # -- calls --------------------------------------------------------------------------

    def make_request(self, stub_call: str, request: Any, deadline: float | None = None, **options: Any) -> Any:
        """Make one blocking rpc (``deadline`` seconds, default ``timeout``; ``options`` as in :class:`Call`)."""
        return self.perform_call(Call(stub_call, request, options, deadline=deadline))

    async def make_request_async(
        self, stub_call: str, request: Any, deadline: float | None = None, **options: Any
    ) -> Any:
        """Make one rpc on the aio channel: :meth:`make_request`, awaited."""
        return await self.perform_call_async(Call(stub_call, request, options, deadline=deadline))

    def perform_call(self, call: Call) -> Any:
        """Make one blocking rpc; its answer as :class:`Call` describes."""
        try:
            response = getattr(self.sync_stub(), call.rpc)(call.request, timeout=call.deadline or self.timeout)
        except grpc.RpcError as exc:
            return self._failure(call, self._rpc_error(call.rpc, exc))
        return self._answer(call, response)

    async def perform_call_async(self, call: Call) -> Any:
        """:meth:`perform_call` on the aio channel."""
        try:
            response = await getattr(self.async_stub(), call.rpc)(call.request, timeout=call.deadline or self.timeout)
        except grpc.RpcError as exc:
            return self._failure(call, self._rpc_error(call.rpc, exc))
        return self._answer(call, response)

    def _drive_sync(self, gen: Generator[Call | Sleep, Any, T]) -> T:
        return drive_effects(gen, self._perform)

    async def _drive_async(self, gen: Generator[Call | Sleep, Any, T]) -> T:
        return await drive_effects_async(gen, self._perform_async)

    def _perform(self, effect: Call | Sleep) -> Any:
        if isinstance(effect, Sleep):
            time.sleep(effect.seconds)
            return None
        return self.perform_call(effect)

    async def _perform_async(self, effect: Call | Sleep) -> Any:
        if isinstance(effect, Sleep):
            await asyncio.sleep(effect.seconds)
            return None
        return await self.perform_call_async(effect)

    # -- response checking (shared by both drivers) -------------------------------------

    def _answer(self, call: Call, response: Any) -> Any:
        if response is None:
            return self._failed(self.error(call.rpc, "EMPTY", "the bridge sent no response"))
        header = getattr(response, "response_header", None)
        if call.reattach and header is not None and not header.success and header.response_code == NOT_FOUND:
            return UNKNOWN_APP
        self.on_response_header(header)
        if header is None:
            return self._failed(self.error(call.rpc, "NO_HEADER", "the response has no header"))
        if not header.success:
            self.on_rejected(call.rpc, response, call)
            detail = getattr(header, self.header_message_field, "") or "no reason given"
            code = getattr(header, "response_code", 0) or None
            return self._failed(self.error(call.rpc, "REJECTED", detail, code))
        self._last_failure = None
        return response if call.field is None else read_field(response, call.field, call.unwrap)

    def _failure(self, call: Call, err: BridgeError) -> Any:
        if call.optional and err.status == "UNIMPLEMENTED":
            return UNIMPLEMENTED
        return self._failed(err)

    def on_response_header(self, header: Any) -> None:
        """Hook: look at every response header, successful or not (the DDA reads its flags)."""

    def on_rejected(self, stub_call: str, response: Any, call: Call) -> None:
        """Hook: look at a ``success=false`` answer before it becomes None or an error."""

    rejected_error: type[BridgeRejectedError] = BridgeRejectedError  # what a refusal raises

    def error(self, rpc: str, status: str, detail: str = "", code: int | None = None) -> BridgeError:
        kinds: dict[str, type[BridgeError]] = {
            "UNAVAILABLE": BridgeUnavailableError,
            "DEADLINE_EXCEEDED": BridgeTimeoutError,
            "REJECTED": self.rejected_error,
        }
        kind = kinds.get(status, BridgeError)
        return kind(self.bridge_name, self._uri, rpc, status, detail, code)

    def _rpc_error(self, rpc: str, exc: grpc.RpcError) -> BridgeError:
        code = exc.code() if hasattr(exc, "code") else None
        details = exc.details() if hasattr(exc, "details") else str(exc)
        return self.error(rpc, code.name if code else "UNKNOWN", details or "")

    def _failed(self, err: BridgeError) -> None:
        if self.raise_on_error:
            raise err
        # One line per distinct failure; repeats while a bridge stays down go to debug.
        key = f"{err.rpc}:{err.status}"
        level = logging.DEBUG if key == self._last_failure else logging.WARNING
        self._last_failure = key
        log.log(level, "%s", err.describe())
        return None
