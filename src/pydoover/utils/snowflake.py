"""Time-ordered 64-bit message ids (snowflake layout), as the local DDA issues them.

``id = (ms since 2020-01-01 UTC) << 22 | worker (10 bits, 0 here) << 12 | sequence (12 bits)``,
so ids sort by creation time, and a timestamp maps to the smallest id at or after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
TIME_SHIFT = 22
SEQUENCE_MASK = (1 << 12) - 1


def id_floor_for_ms(epoch_ms: int) -> int:
    """The smallest id that could have been issued at ``epoch_ms``."""
    return max(epoch_ms - EPOCH_MS, 0) << TIME_SHIFT


def ms_of_id(message_id: int) -> int:
    """The creation time (epoch ms) encoded in an id."""
    return (message_id >> TIME_SHIFT) + EPOCH_MS


def id_floor_for_datetime(when: datetime) -> int:
    return id_floor_for_ms(int(when.timestamp() * 1000))


def datetime_of_id(message_id: int) -> datetime:
    return datetime.fromtimestamp(ms_of_id(message_id) / 1000, tz=UTC)


class SnowflakeIds:
    """Issues strictly increasing ids, also across restarts (seed with the last id issued)."""

    def __init__(self, last_id: int = 0, clock_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000) -> None:
        self._clock_ms = clock_ms
        self._last = last_id

    def next(self) -> int:
        candidate = id_floor_for_ms(self._clock_ms())
        # Same millisecond, or a clock that stepped back: continue after the last id.
        self._last = max(candidate, self._last + 1)
        return self._last
