"""Parsing the times users type: `--since 10m`, `--since 2026-11-26T10:00`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .errors import UsageError

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A duration ago (``30s``, ``10m``, ``2h``, ``1d``) or an ISO 8601 time (local if no zone)."""
    now = now or datetime.now(UTC)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", text)
    if match:
        try:
            return now - timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})
        except OverflowError:
            raise UsageError(f"--since {text!r} reaches back before the year 1") from None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since {text!r} is not a duration (30s, 10m, 2h, 1d) or an ISO 8601 time") from None
    return when if when.tzinfo else when.astimezone()
