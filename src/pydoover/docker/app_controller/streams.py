"""The App Controller's two long-lived streams, reopened with backoff whenever they break.

:class:`CommandWatch` is a supervisor's ``WatchCommands``: it yields :class:`AppCommand`s and
registers the app again when a restarted bridge no longer knows it. :class:`LogFollow` is a
user's ``FollowLogs``: it yields :class:`LogLine`s and resumes after the last line it saw, so a
broken stream shows no line twice and skips none the bridge still has.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..._grpc import app_controller_pb2 as pb
from ..reconnect import StreamRejected, reconnecting
from .values import AppCommand, LogLine, to_ms

if TYPE_CHECKING:
    from .interface import AppControllerInterface

log = logging.getLogger(__name__)

NOT_FOUND = 404
MIN_BACKOFF = 0.2


class _Stream:
    """Reconnection news for ``on_status``: one line when a stream is lost, one when it is back."""

    def __init__(self, iface: AppControllerInterface, on_status: Callable[[str], None] | None, max_backoff: float):
        self.iface = iface
        self.on_status = on_status or (lambda text: None)
        self.max_backoff = max_backoff
        self._outage = False

    def _reconnecting(self, open_stream: Callable[[], AsyncIterator[Any]]) -> AsyncIterator[Any]:
        return reconnecting(open_stream, min(MIN_BACKOFF, self.max_backoff), self.max_backoff, self._lost)

    def _lost(self, reason: str, retry_in: float) -> None:
        if not self._outage:
            self.on_status(f"lost connection to the App Controller at {self.iface.uri} ({reason}); reconnecting")
        self._outage = True
        log.debug("App Controller stream lost (%s); retrying in %.1fs", reason, retry_in)

    def _connected(self, what: str) -> None:
        if self._outage:
            self.on_status(f"reconnected to the App Controller at {self.iface.uri} ({what})")
        self._outage = False


class CommandWatch(_Stream):
    """``async for command in CommandWatch(iface, "tank"): ...``; see ``iface.watch_commands``."""

    def __init__(
        self,
        iface: AppControllerInterface,
        app_key: str,
        on_status: Callable[[str], None] | None = None,
        max_backoff: float = 5.0,
    ):
        super().__init__(iface, on_status, max_backoff)
        self.app_key = app_key

    def __aiter__(self) -> AsyncIterator[AppCommand]:
        return self._reconnecting(self._one_connection)

    async def _one_connection(self) -> AsyncIterator[AppCommand]:
        call = self.iface.async_stub().WatchCommands(pb.WatchCommandsRequest(app_key=self.app_key))
        try:
            async for response in call:
                header = response.response_header
                if not header.success:
                    await self._refused(header)
                if response.HasField("command"):
                    yield AppCommand.from_pb(response.command)
                else:
                    self._connected(f"watching commands for {self.app_key}")
        finally:
            call.cancel()

    async def _refused(self, header: pb.ResponseHeader) -> None:
        """A restarted bridge that forgot the app: register it again and reconnect. Anything else ends the watch."""
        if header.response_code == NOT_FOUND and self.iface.knows(self.app_key):
            await self.iface.reattach_async(self.app_key)
            raise StreamRejected(f"the bridge did not know app {self.app_key}; registered it again")
        raise self.iface.rejected("WatchCommands", header)


class LogFollow(_Stream):
    """``async for line in LogFollow(iface, "tank", tail=10): ...``; see ``iface.follow_logs``."""

    def __init__(
        self,
        iface: AppControllerInterface,
        app_key: str | None = None,
        tail: int | None = None,
        since: datetime | None = None,
        on_status: Callable[[str], None] | None = None,
        max_backoff: float = 5.0,
    ):
        super().__init__(iface, on_status, max_backoff)
        self.app_key, self.tail, self.since = app_key, tail, since
        self.boot_id = ""  # the bridge run the position below belongs to
        self.position = 0  # the newest seq seen (or known to be behind us)

    def __aiter__(self) -> AsyncIterator[LogLine]:
        return self._reconnecting(self._one_connection)

    def _request(self) -> pb.FollowLogsRequest:
        request = pb.FollowLogsRequest(app_key=self.app_key or "")
        if self.boot_id:  # resuming
            request.boot_id, request.after_seq = self.boot_id, self.position
            return request
        if self.tail is not None:
            request.tail = int(self.tail)
        if self.since is not None:
            request.since_ms = to_ms(self.since)
        return request

    async def _one_connection(self) -> AsyncIterator[LogLine]:
        call = self.iface.async_stub().FollowLogs(self._request())
        try:
            first = True
            async for response in call:
                header = response.response_header
                if not header.success:
                    if header.response_code == NOT_FOUND and self.boot_id:
                        # A restarted bridge that has not heard from the app's supervisor yet.
                        raise StreamRejected(header.response_message)
                    raise self.iface.rejected("FollowLogs", header)
                if first:
                    if response.boot_id != self.boot_id:  # a new bridge run: its seqs start again
                        self.boot_id, self.position = response.boot_id, 0
                    self._connected(f"following {self.app_key or 'every app'}")
                    first = False
                if response.dropped:
                    self.on_status(f"{response.dropped} log lines were dropped: this reader fell behind")
                for line in response.lines:
                    self.position = max(self.position, line.seq)
                    yield LogLine.from_pb(line)
                self.position = max(self.position, response.head_seq)  # lines the backlog left out
        finally:
            call.cancel()
