"""Channel updates as the SDK's own listeners see them: the diff and the shared aggregate.

A classic subscription callback gets ``(channel_name, aggregate)``, a private copy of the whole
aggregate, on every update. That copy costs the aggregate's size, and on shared channels such as
``tag_values`` and ``ui_state`` (every app writes its part) the aggregate grows with the number of
apps. The SDK's own consumers (tags, the UI manager) listen with :func:`listen` instead: they get a
:class:`ChannelUpdate` whose ``aggregate`` is the interface's cached copy, shared and not to be
changed, and the ``diff`` that produced it, so they can skip updates to other apps' parts and copy
only what they keep::

    async def on_tags(update: ChannelUpdate) -> None:
        if update.diff is not None and not touches(update.diff, [my_key]):
            return
        mine = json_copy(update.aggregate.get(my_key))

    listen(device_agent, "tag_values", on_tags)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .dual import call_maybe_async

# gRPC metadata on GetChannelSubscription: a JSON list of key paths, the only parts of the channel
# the subscriber reads. Our DDA leaves out updates touching none of them; others ignore it.
INTEREST_METADATA = "x-doover-interest"


@dataclass(frozen=True)
class ChannelUpdate:
    """One update of a channel: read ``aggregate``, never change it (it is the SDK's own copy)."""

    channel: str
    aggregate: Any
    diff: Any = None  # None: a (re)sync, anything in the aggregate may have changed


def listen(
    client: Any, channel: str, listener: Callable[[ChannelUpdate], Any], interest: list[list[str]] | None = None
) -> None:
    """Call ``listener(update)`` on every update of ``channel`` through ``client``.

    ``interest``: the key paths the listener reads (None: anything), so that other parts need not
    be sent. Clients without update listeners (anything offering only the classic
    ``add_subscription``) deliver each update as a resync of the aggregate they pass.
    """
    add_listener = getattr(client, "add_update_listener", None)
    if add_listener is not None:
        add_listener(channel, listener, interest)
        return

    async def adapter(name: str, aggregate: Any) -> None:
        await call_maybe_async(listener, ChannelUpdate(name, aggregate), in_executor=False)

    client.add_subscription(channel, adapter)
