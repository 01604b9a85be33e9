"""A register read every ``poll_secs``, streamed by the bridge, that survives bridge restarts.

    task = iface.add_read_register_subscription(modbus_id=1, start_address=0, num_registers=2,
                                                 poll_secs=1, callback=on_values)

``callback(values)`` (sync or async) gets None for a failed read, an int for one register and a
list otherwise, as in classic pydoover. Unlike the classic client, a broken stream is reopened
with backoff instead of ending the subscription; a request the bridge refuses as malformed (400)
ends it with one error line, since asking again cannot help.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from ..._grpc import modbus_iface_pb2 as pb
from ...utils.dual import call_maybe_async
from ..reconnect import reconnecting
from .messages import unwrap_values

if TYPE_CHECKING:
    from .interface import ModbusInterface

log = logging.getLogger(__name__)

BAD_REQUEST = 400
ValuesCallback = Callable[[int | list[int] | None], Any]


class RequestRefused(Exception):
    pass


class RegisterSubscription:
    min_backoff = 0.25
    max_backoff = 5.0

    def __init__(self, iface: ModbusInterface, request: pb.readRegisterSubscriptionRequest, callback: ValuesCallback):
        self.iface = iface
        self.request = request
        self.callback = callback
        self.task: asyncio.Task | None = None
        self._last_reason: str | None = None

    def start(self) -> asyncio.Task:
        """Run in the current event loop; returns the task (cancel it to stop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("a register subscription needs a running event loop: start it from async code") from None
        self.task = loop.create_task(self._run(), name=f"modbus-subscription-{self.request.address}")
        return self.task

    async def _run(self) -> None:
        try:
            async for response in reconnecting(self._one_stream, self.min_backoff, self.max_backoff, self._lost):
                values = unwrap_values(response.values) if response.response_header.success else None
                await self._deliver(values)
        except RequestRefused as exc:
            log.error("modbus register subscription ended: %s", exc)

    async def _deliver(self, values: int | list[int] | None) -> None:
        try:
            await call_maybe_async(self.callback, values)
        except Exception:  # one failing callback must not end the subscription
            log.exception("callback of the modbus register subscription failed")

    async def _one_stream(self) -> AsyncIterator[pb.readRegisterSubscriptionResponse]:
        call = self.iface.async_stub().readRegisterSubscription(self.request)
        try:
            async for response in call:
                header = response.response_header
                if not header.success and header.response_code == BAD_REQUEST:
                    raise RequestRefused(header.response_message)
                self._last_reason = None
                yield response
        finally:
            call.cancel()

    def _lost(self, reason: str, retry_in: float) -> None:
        level = logging.DEBUG if reason == self._last_reason else logging.WARNING
        self._last_reason = reason
        log.log(level, "modbus register subscription lost (%s); reconnecting in %.1fs", reason, retry_in)
