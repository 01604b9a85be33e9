"""Tags: small shared values in the ``tag_values`` channel, per app and global.

    self.set_tag("level", 3.2)                   # {"<app_key>": {"level": 3.2}}
    self.get_tag("pump_on", app_key="sim_app")   # another app's tag
    self.set_global_tag("site_mode", "auto")     # {"site_mode": "auto"}
    self.subscribe_to_tag("level", on_level)     # on_level(tag_key, new_value), sync or async

The ``tag_values`` aggregate is cached from its subscription; a write is skipped when it would
change nothing (``only_if_changed``), merged into the cache at once (so ``get_tag`` sees it before
the round trip) and published as the classic client does (``record_log=True``, ``max_age=3600``).
Every app writes its tags into the same channel, so the cache takes each update's diff (a copy of
it) rather than the whole aggregate, and it keeps current only the parts the app uses: its own
tags, and each other app's tags or global tag from the first time it reads, writes or subscribes
to them (that first time fetches the channel once). The bridge then sends the app nothing else,
so an app's cost does not grow with the number of apps beside it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...utils.diff import apply_diff, generate_diff, is_applied, json_copy, values_at
from ...utils.dual import call_maybe_async, maybe_async
from ...utils.updates import ChannelUpdate, listen

log = logging.getLogger(__name__)

TAG_CHANNEL = "tag_values"
TAG_MAX_AGE = 3600  # seconds (classic TAG_CLOUD_MAX_AGE)
CALLBACK_TIMEOUT = 1.0
UNCONFIRMED_FOR = 5.0  # seconds a local write outlives updates that do not show it yet


@dataclass(frozen=True)
class TagSubscription:
    key: str
    app_key: str | None  # None: a global tag
    callback: Callable[[str, Any], Any]

    def lookup(self, tags: dict) -> tuple[bool, Any]:
        scope = tags if self.app_key is None else tags.get(self.app_key)
        if not isinstance(scope, dict) or self.key not in scope:
            return False, None
        return True, scope[self.key]

    def change(self, old: dict, new: dict) -> tuple[bool, Any]:
        """(True, new value) when the tag is set in ``new`` and differs from ``old``."""
        present, value = self.lookup(new)
        if not present:
            return False, None
        was_present, old_value = self.lookup(old)
        return (not was_present or old_value != value), value


class TagsMixin:
    """Tag methods of :class:`Application` (needs ``app_key``, ``device_agent``)."""

    app_key: str | None
    device_agent: Any

    def _init_tags(self) -> None:
        self._tag_values: dict[str, Any] = {}
        self._tag_subscriptions: list[TagSubscription] = []
        self._unconfirmed_tags: list[tuple[float, dict]] = []  # (when, write) not yet seen in an update
        self._tag_keys_used: set[str] = set()  # top-level keys of tag_values kept current (beside ours)
        self._tags_listening = False

    def _listen_to_tags(self) -> None:
        """Subscribe to ``tag_values`` for our own tags and every part used so far (needs a running loop)."""
        keys = self._tag_keys_used | ({self.app_key} if self.app_key else set())
        listen(self.device_agent, TAG_CHANNEL, self._on_tag_values, interest=[[key] for key in sorted(keys)])
        self._tags_listening = True

    def _use_tags(self, key: str | None) -> None:
        """Keep the part of ``tag_values`` under ``key`` (an app's scope or a global tag) current."""
        if not key or key in self._tag_keys_used or key == self.app_key:
            return
        self._tag_keys_used.add(key)
        add_interest = getattr(self.device_agent, "add_interest", None)
        if not self._tags_listening or add_interest is None:
            return
        # Not kept current until now: read it once, then have the subscription include it.
        fresh = self.device_agent.get_channel_aggregate(TAG_CHANNEL, run_sync=True)
        if isinstance(fresh, dict):
            self._tag_values = apply_diff(self._tag_values, {key: json_copy(fresh.get(key))})
        add_interest(TAG_CHANNEL, [[key]])

    # -- reading ------------------------------------------------------------------------------

    def get_tag(self, key: str, app_key: str | None = None, default: Any = None) -> Any:
        """A tag of this app (or of ``app_key``), or ``default``."""
        self._use_tags(app_key)
        scope = self._tag_values.get(app_key or self.app_key)  # type: ignore[arg-type]  # None: no such scope
        return scope.get(key, default) if isinstance(scope, dict) else default

    def get_global_tag(self, key: str, default: Any = None) -> Any:
        self._use_tags(key)
        return self._tag_values.get(key, default)

    def subscribe_to_tag(
        self, key: str, callback: Callable[[str, Any], Any], app_key: str | None = None, global_tag: bool = False
    ) -> None:
        """Call ``callback(key, new_value)`` whenever the tag changes in ``tag_values``."""
        scope = None if global_tag else (app_key or self.app_key)
        self._use_tags(key if global_tag else scope)
        self._tag_subscriptions.append(TagSubscription(key, scope, callback))

    # -- writing ------------------------------------------------------------------------------

    def _tag_change(
        self, values: dict[str, Any], app_key: str | None, is_global: bool, only_if_changed: bool
    ) -> dict[Any, Any] | None:
        """The payload to publish for ``values`` (None when nothing would change); merged into the cache."""
        for key in values if is_global else [app_key]:
            self._use_tags(key)
        payload = dict(values) if is_global else {app_key or self.app_key: dict(values)}
        if only_if_changed:
            payload = generate_diff(self._tag_values, payload, do_delete=False)
            if not payload:
                return None
        self._tag_values = apply_diff(
            self._tag_values, payload, do_delete=True
        )  # a None value deletes the tag, as in the aggregate
        self._unconfirmed_tags.append((time.monotonic(), payload))
        return payload

    def _write_tags(self, values: dict[str, Any], app_key: str | None, is_global: bool, only_if_changed: bool) -> None:
        """The blocking write behind ``set_tags``, ``set_tag`` and ``set_global_tag``."""
        payload = self._tag_change(values, app_key, is_global, only_if_changed)
        if payload is not None:
            self._publish_tags(payload)

    def _publish_tags(self, payload: dict[Any, Any]) -> Any:
        return self.device_agent.publish_to_channel(
            TAG_CHANNEL, payload, record_log=True, max_age=TAG_MAX_AGE, run_sync=True
        )

    async def _publish_tags_async(self, payload: dict[Any, Any]) -> Any:
        return await self.device_agent.publish_to_channel_async(
            TAG_CHANNEL, payload, record_log=True, max_age=TAG_MAX_AGE
        )

    @maybe_async()
    def set_tags(self, values: dict[str, Any], app_key: str | None = None, only_if_changed: bool = True) -> None:
        """Set several tags of this app (or ``app_key``) in one write."""
        self._write_tags(values, app_key, False, only_if_changed)

    async def set_tags_async(
        self, values: dict[str, Any], app_key: str | None = None, only_if_changed: bool = True
    ) -> None:
        payload = self._tag_change(values, app_key, False, only_if_changed)
        if payload is not None:
            await self._publish_tags_async(payload)

    @maybe_async()
    def set_tag(self, key: str, value: Any, app_key: str | None = None, only_if_changed: bool = True) -> None:
        """Set one tag of this app (or ``app_key``): ``self.set_tag("level", 3.2)``."""
        self._write_tags({key: value}, app_key, False, only_if_changed)

    async def set_tag_async(
        self, key: str, value: Any, app_key: str | None = None, only_if_changed: bool = True
    ) -> None:
        await self.set_tags_async({key: value}, app_key, only_if_changed)

    @maybe_async()
    def set_global_tag(self, key: str, value: Any, only_if_changed: bool = True) -> None:
        """Set a tag shared by every app: ``self.set_global_tag("site_mode", "auto")``."""
        self._write_tags({key: value}, None, True, only_if_changed)

    async def set_global_tag_async(self, key: str, value: Any, only_if_changed: bool = True) -> None:
        payload = self._tag_change({key: value}, None, True, only_if_changed)
        if payload is not None:
            await self._publish_tags_async(payload)

    # -- updates from the channel -------------------------------------------------------------

    async def _on_tag_values(self, update: ChannelUpdate) -> None:
        """Merge a ``tag_values`` update into the cache, keeping our own writes that the channel
        does not show yet (an update sent before our write arrived must not undo it in the cache)."""
        cloud = update.aggregate if isinstance(update.aggregate, dict) else {}
        if isinstance(update.diff, dict):
            tags = apply_diff(self._tag_values, json_copy(update.diff))
        else:
            tags = json_copy(cloud)  # a (re)sync
        recent = time.monotonic() - UNCONFIRMED_FOR  # older writes were overtaken by another app's
        still_pending = []
        for written_at, payload in self._unconfirmed_tags:
            if is_applied(cloud, payload):
                continue
            if written_at > recent:
                still_pending.append((written_at, payload))
                tags = apply_diff(tags, payload, do_delete=True)  # a None value deletes the tag
            else:
                tags = apply_diff(tags, values_at(cloud, payload))  # give up on it: the channel's values
        self._unconfirmed_tags = still_pending
        old, self._tag_values = self._tag_values, tags
        await self._fulfil_tag_subscriptions(old, tags)

    async def _fulfil_tag_subscriptions(self, old: dict, new: dict) -> None:
        calls = []
        for subscription in self._tag_subscriptions:
            changed, value = subscription.change(old, new)
            if changed:
                calls.append(self._call_tag_callback(subscription, value))
        await asyncio.gather(*calls)

    @staticmethod
    async def _call_tag_callback(subscription: TagSubscription, value: Any) -> None:
        try:
            await asyncio.wait_for(call_maybe_async(subscription.callback, subscription.key, value), CALLBACK_TIMEOUT)
        except TimeoutError:
            log.warning(
                "the callback for tag %r took over %.0f s; not waiting for it", subscription.key, CALLBACK_TIMEOUT
            )
        except Exception:
            log.exception("the callback for tag %r failed", subscription.key)
