"""A classic channel subscription that survives bridge restarts.

:class:`ChannelStream` wraps ``GetChannelSubscription`` in a reconnect loop with exponential
backoff and yields :class:`StreamEvent`s. The first response of every (re)connection comes out
as a ``sync`` event (the bridge's "you are subscribed" marker), later ones as ``message``
events carrying the written diff. Both the app-side listener and ``doover channel tail`` use it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..reconnect import StreamRejected, reconnecting

if TYPE_CHECKING:
    from .interface import DeviceAgentInterface

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamEvent:
    kind: str  # "sync" or "message"
    response: Any


class ChannelStream:
    """Iterate a channel's subscription forever, reconnecting with backoff.

    ``on_disconnect(error_text, retry_in_secs)`` is called each time the stream breaks.
    """

    def __init__(
        self,
        agent: DeviceAgentInterface,
        channel_name: str,
        max_backoff: float = 10.0,
        on_disconnect: Callable[[str, float], None] | None = None,
    ):
        self.agent = agent
        self.channel_name = channel_name
        self.max_backoff = max_backoff
        self.on_disconnect = on_disconnect

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return reconnecting(self._one_connection, min(0.2, self.max_backoff), self.max_backoff, self._lost)

    def _lost(self, reason: str, retry_in: float) -> None:
        if self.on_disconnect is not None:
            self.on_disconnect(reason, retry_in)
        log.debug("subscription to %s lost (%s); retrying in %.1fs", self.channel_name, reason, retry_in)

    async def _one_connection(self) -> AsyncIterator[StreamEvent]:
        request = self.agent.subscription_request(self.channel_name)
        metadata = self.agent.subscription_metadata(self.channel_name)
        call = self.agent.async_stub().GetChannelSubscription(request, metadata=metadata or None)
        try:
            first = True
            async for response in call:
                self.agent.on_response_header(response.response_header)
                if not response.response_header.success:
                    raise StreamRejected(response.response_header.response_message or "subscription refused")
                yield StreamEvent("sync" if first else "message", response)
                first = False
        finally:
            call.cancel()
