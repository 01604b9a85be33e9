"""Text forms of the things commands print, shared by every command that shows them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any


def timestamp_text(when: datetime | int) -> str:
    """Local time with milliseconds; an int is epoch milliseconds."""
    if isinstance(when, int):
        when = datetime.fromtimestamp(when / 1000, tz=UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def payload_text(payload: Any) -> str:
    """Compact JSON for values; a JSON string of text payload is shown as the text itself."""
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return payload
        if isinstance(payload, str):
            return payload
    return json.dumps(payload, ensure_ascii=False, separators=(", ", ": "))


def message_line(when: datetime | int, channel: str, payload: Any) -> str:
    return f"{timestamp_text(when)}  {channel}  {payload_text(payload)}"


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """Recent values as block characters scaled between their min and max; a flat series is mid-height."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    if span <= 1e-6 * max(1.0, abs(high), abs(low)):
        return SPARK_BLOCKS[3] * len(values)
    top = len(SPARK_BLOCKS) - 1
    return "".join(SPARK_BLOCKS[round((value - low) / span * top)] for value in values)
