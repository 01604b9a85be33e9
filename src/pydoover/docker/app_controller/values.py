"""What the App Controller client hands out: apps, log lines, commands and action results."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..._grpc import app_controller_pb2 as pb

# What a supervisor reports; the bridge shows "lost" when the supervisor left while the process was live.
STATES = ("starting", "running", "healthy", "unhealthy", "restarting", "stopped", "exited")


def from_ms(ms: int) -> datetime | None:
    return datetime.fromtimestamp(ms / 1000, tz=UTC) if ms else None


def to_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="milliseconds") if when else None


def as_argv(command: str | Sequence[str]) -> list[str]:
    """A command as argv: a string is split like a shell would."""
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def _optional(message: Any, name: str) -> Any:
    return getattr(message, name) if message.HasField(name) else None


@dataclass(frozen=True)
class AppStatus:
    """One app as the App Controller sees it (``state`` is ``lost`` when its supervisor left)."""

    app_key: str
    display_name: str
    state: str
    pid: int | None = None
    command: tuple[str, ...] = ()
    cwd: str = ""
    started_at: datetime | None = None
    uptime_secs: float | None = None
    restarts: int = 0
    last_exit_code: int | None = None
    detail: str = ""
    supervised: bool = False
    state_since: datetime | None = None
    log_lines: int = 0

    @classmethod
    def from_pb(cls, info: pb.AppInfo) -> AppStatus:
        return cls(
            app_key=info.app_key,
            display_name=info.display_name,
            state=info.state,
            pid=_optional(info, "pid"),
            command=tuple(info.command),
            cwd=info.cwd,
            started_at=from_ms(info.started_at_ms),
            uptime_secs=_optional(info, "uptime_secs"),
            restarts=info.restarts,
            last_exit_code=_optional(info, "last_exit_code"),
            detail=info.detail,
            supervised=info.supervised,
            state_since=from_ms(info.state_since_ms),
            log_lines=info.log_lines,
        )

    def to_json(self) -> dict:
        return {
            "app_key": self.app_key,
            "display_name": self.display_name,
            "state": self.state,
            "pid": self.pid,
            "uptime_secs": None if self.uptime_secs is None else round(self.uptime_secs, 3),
            "restarts": self.restarts,
            "last_exit_code": self.last_exit_code,
            "supervised": self.supervised,
            "detail": self.detail,
            "command": list(self.command),
            "cwd": self.cwd,
            "started_at": iso(self.started_at),
            "state_since": iso(self.state_since),
            "log_lines": self.log_lines,
        }


@dataclass(frozen=True)
class LogLine:
    """One line of an app's output. ``timestamp`` None (when pushing) means "when the bridge got it"."""

    text: str
    stream: str = "stdout"
    timestamp: datetime | None = None
    app_key: str = ""
    seq: int = 0

    @classmethod
    def from_pb(cls, line: pb.LogLine) -> LogLine:
        return cls(line.text, line.stream, from_ms(line.timestamp_ms), line.app_key, line.seq)

    def to_pb(self) -> pb.LogLine:
        ms = to_ms(self.timestamp) if self.timestamp else 0
        return pb.LogLine(text=self.text, stream=self.stream, timestamp_ms=ms)

    def to_json(self) -> dict:
        return {
            "seq": self.seq,
            "app_key": self.app_key,
            "timestamp": iso(self.timestamp),
            "stream": self.stream,
            "text": self.text,
        }


@dataclass(frozen=True)
class AppCommand:
    """A user's request for the supervisor: ``action`` is start, stop or restart.

    Acknowledge it with ``iface.ack_command(command)`` once done (or ``success=False`` and why);
    the user waits ``timeout_secs`` for that.
    """

    id: str
    app_key: str
    action: str
    requested_at: datetime | None = None
    timeout_secs: float = 0.0

    @classmethod
    def from_pb(cls, command: pb.Command) -> AppCommand:
        return cls(
            command.command_id, command.app_key, command.action, from_ms(command.requested_at_ms), command.timeout_secs
        )


@dataclass(frozen=True)
class ActionResult:
    """A start/stop/restart the supervisor acknowledged: its message and the app afterwards."""

    app_key: str
    action: str
    message: str = ""
    app: AppStatus | None = field(default=None)

    def to_json(self) -> dict:
        return {
            "app_key": self.app_key,
            "action": self.action,
            "message": self.message,
            "app": self.app.to_json() if self.app else None,
        }
