"""What a dev session reports as it runs, for the CLI to render (human lines or NDJSON)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class SessionEvent:
    kind: str  # bridges, starting, healthy, unhealthy, exited, restarting, stopped, log, error, note
    app: str | None = None
    message: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    time: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        record = {key: value for key, value in asdict(self).items() if value not in (None, "", {})}
        record.update(record.pop("data", {}))
        record["time"] = datetime.fromtimestamp(self.time, UTC).isoformat(timespec="milliseconds")
        return record
