"""Helpers for testing apps and tools against real local bridges.

The pytest plugin (:mod:`pydoover.testing.plugin`, registered on install) gives app tests the
``doover_bridges`` and ``doover_app`` fixtures; the names below are what those fixtures hand out,
for use in your own fixtures and type hints. Names are imported on first use, so loading the
plugin costs nothing in projects that do not use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..utils.lazy import lazy_exports

_EXPORTS = {
    "AppFactory": ".factory",
    "AppHarness": ".harness",
    "AppStopped": ".harness",
    "InvalidConfig": "..docker.application.deployment",
    "LocalBridges": ".bridges",
}

__all__ = ["AppFactory", "AppHarness", "AppStopped", "InvalidConfig", "LocalBridges"]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from ..docker.application.deployment import InvalidConfig
    from .bridges import LocalBridges
    from .factory import AppFactory
    from .harness import AppHarness, AppStopped
