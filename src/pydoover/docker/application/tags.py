"""Tags: small shared values in the ``tag_values`` channel, per app and global.

    self.set_tag("level", 3.2)                   # {"<app_key>": {"level": 3.2}}
    self.get_tag("pump_on", app_key="sim_app")   # another app's tag
    self.set_global_tag("site_mode", "auto")     # {"site_mode": "auto"}
    self.subscribe_to_tag("level", on_level)     # on_level(tag_key, new_value), sync or async

The ``tag_values`` aggregate is cached from its subscription; a write is skipped when it would
change nothing (``only_if_changed``), merged into the cache at once (so ``get_tag`` sees it before
the round trip) and published as the classic client does (``record_log=True``, ``max_age=3600``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...utils.diff import apply_diff, generate_diff
from ...utils.dual import call_maybe_async, maybe_async

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

    def value_in(self, diff: dict) -> tuple[bool, Any]:
        scope = diff if self.app_key is None else diff.get(self.app_key)
        if not isinstance(scope, dict) or self.key not in scope:
            return False, None
        return True, scope[self.key]


class TagsMixin:
    """Tag methods of :class:`Application` (needs ``app_key``, ``device_agent``)."""

    app_key: str | None
    device_agent: Any

    def _init_tags(self) -> None:
        self._tag_values: dict[str, Any] = {}
        self._tag_subscriptions: list[TagSubscription] = []
        self._unconfirmed_tags: list[tuple[float, dict]] = []  # (when, write) not yet seen in an update

    # -- reading ------------------------------------------------------------------------------

    def get_tag(self, key: str, app_key: str | None = None, default: Any = None) -> Any:
        """A tag of this app (or of ``app_key``), or ``default``."""
        scope = self._tag_values.get(app_key or self.app_key)
        return scope.get(key, default) if isinstance(scope, dict) else default

    def get_global_tag(self, key: str, default: Any = None) -> Any:
        return self._tag_values.get(key, default)

    def subscribe_to_tag(
        self, key: str, callback: Callable[[str, Any], Any], app_key: str | None = None, global_tag: bool = False
    ) -> None:
        """Call ``callback(key, new_value)`` whenever the tag changes in ``tag_values``."""
        scope = None if global_tag else (app_key or self.app_key)
        self._tag_subscriptions.append(TagSubscription(key, scope, callback))

    # -- writing ------------------------------------------------------------------------------

    def _tag_change(self, values: dict[str, Any], app_key: str | None, is_global: bool, only_if_changed: bool):
        """The payload to publish for ``values`` (None when nothing would change); merged into the cache."""
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

    def _publish_tags(self, payload):
        return self.device_agent.publish_to_channel(
            TAG_CHANNEL, payload, record_log=True, max_age=TAG_MAX_AGE, run_sync=True
        )

    async def _publish_tags_async(self, payload):
        return await self.device_agent.publish_to_channel_async(
            TAG_CHANNEL, payload, record_log=True, max_age=TAG_MAX_AGE
        )

    @maybe_async()
    def set_tags(self, values: dict[str, Any], app_key: str | None = None, only_if_changed: bool = True) -> None:
        """Set several tags of this app (or ``app_key``) in one write."""
        payload = self._tag_change(values, app_key, False, only_if_changed)
        if payload is not None:
            self._publish_tags(payload)

    async def set_tags_async(self, values: dict[str, Any], app_key: str | None = None, only_if_changed: bool = True):
        payload = self._tag_change(values, app_key, False, only_if_changed)
        if payload is not None:
            await self._publish_tags_async(payload)

    @maybe_async()
    def set_tag(self, key: str, value: Any, app_key: str | None = None, only_if_changed: bool = True) -> None:
        """Set one tag of this app (or ``app_key``): ``self.set_tag("level", 3.2)``."""
        self.set_tags({key: value}, app_key, only_if_changed, run_sync=True)

    async def set_tag_async(self, key: str, value: Any, app_key: str | None = None, only_if_changed: bool = True):
        await self.set_tags_async({key: value}, app_key, only_if_changed)

    @maybe_async()
    def set_global_tag(self, key: str, value: Any, only_if_changed: bool = True) -> None:
        """Set a tag shared by every app: ``self.set_global_tag("site_mode", "auto")``."""
        payload = self._tag_change({key: value}, None, True, only_if_changed)
        if payload is not None:
            self._publish_tags(payload)

    async def set_global_tag_async(self, key: str, value: Any, only_if_changed: bool = True):
        payload = self._tag_change({key: value}, None, True, only_if_changed)
        if payload is not None:
            await self._publish_tags_async(payload)

    # -- updates from the channel -------------------------------------------------------------

    async def _on_tag_update(self, _channel: str, aggregate: Any) -> None:
        """Take the channel's aggregate, keeping our own writes that it does not show yet (an
        update sent before our write arrived must not undo it in the cache)."""
        aggregate = aggregate if isinstance(aggregate, dict) else {}
        recent = time.monotonic() - UNCONFIRMED_FOR  # older writes were overtaken by another app's
        self._unconfirmed_tags = [(t, p) for t, p in self._unconfirmed_tags if t > recent and not _shows(aggregate, p)]
        for _, payload in self._unconfirmed_tags:
            aggregate = apply_diff(aggregate, payload, do_delete=True)
        diff = generate_diff(self._tag_values, aggregate, do_delete=False)
        self._tag_values = aggregate
        if diff:
            await self._fulfil_tag_subscriptions(diff)

    async def _fulfil_tag_subscriptions(self, diff: dict) -> None:
        calls = []
        for subscription in self._tag_subscriptions:
            changed, value = subscription.value_in(diff)
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


def _shows(aggregate: dict, payload: dict) -> bool:
    """True when ``aggregate`` already holds every value of ``payload``."""
    return not generate_diff(aggregate, apply_diff(aggregate, payload, do_delete=False), do_delete=False)
