"""Subscribers that read only parts of a channel.

Every app writes its own part of shared channels such as ``tag_values`` and ``ui_state``, and a
classic subscription delivers every write to every subscriber: N apps cost each app N updates per
round. Our SDK says which parts it reads in the ``x-doover-interest`` gRPC metadata of
``GetChannelSubscription`` (a JSON list of key paths, e.g. ``[["state", "children", "pump"]]``);
such a subscriber gets only the part of each diff under those paths, and no response at all for a
write that touches none of them. The first response (the subscription marker) is unchanged, and a
subscriber without the header (classic and 1.x clients, ``doover channel tail``) gets everything.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from ...utils.diff import diff_within
from ...utils.updates import INTEREST_METADATA

log = logging.getLogger(__name__)


def requested_paths(metadata: Iterable[Any] | None) -> list[list[str]] | None:
    """The key paths a subscriber asked for, or None (everything; also for a header we can't read)."""
    for key, value in metadata or ():
        if key != INTEREST_METADATA:
            continue
        try:
            paths = json.loads(value)
        except ValueError:
            paths = None
        if isinstance(paths, list) and all(isinstance(p, list) and all(isinstance(k, str) for k in p) for p in paths):
            return paths
        log.warning("ignoring %s=%r: expected a JSON list of key paths (lists of strings)", key, value)
    return None


def visible_diff(diff: Any, paths: list[list[str]] | None) -> tuple[bool, Any]:
    """(send?, what to send) for one written diff and a subscriber's paths."""
    if paths is None or not isinstance(diff, dict):
        return True, diff  # a non-dict write replaces the whole aggregate: everyone needs it
    part = diff_within(diff, paths)
    return part is not None, part
