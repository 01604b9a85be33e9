"""The apps a device runs, as their supervisors describe them, and the commands users send them.

    registry = AppRegistry(LogStore())
    registry.register("tank", pid=4242, command=["python", "app.py"], cwd="/apps/tank")
    registry.report_status("tank", "healthy")
    with registry.watch("tank") as watcher:          # the supervisor's side of WatchCommands
        command = await watcher.next_command()
        registry.acknowledge(command.id, True, "restarted")
    app, message = await registry.request("tank", "restart", timeout=10)   # the user's side

The registry starts no process: a command goes to the one supervisor watching the app and the
user's request returns when that supervisor acknowledges it. An app whose supervisor leaves while
its process is live becomes ``lost``; once that process ends it is listed as ``exited``, and a
lost app is forgotten an hour after it was lost, or at once by ``registry.remove("tank")`` once
its process has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .errors import (
    CommandFailed,
    Displaced,
    InvalidRequest,
    NoSupervisor,
    NotAcknowledged,
    StillRunning,
    UnknownApp,
    UnknownCommand,
)
from .logs import LogStore, now_ms

LIVE_STATES = ("starting", "running", "healthy", "unhealthy", "restarting")
ENDED_STATES = ("stopped", "exited")
STATES = (*LIVE_STATES, *ENDED_STATES)  # what a supervisor may report
LOST = "lost"  # the supervisor left while the process was live
ACTIONS = ("start", "stop", "restart")
DEFAULT_ACK_TIMEOUT = 10.0
MAX_ACK_TIMEOUT = 300.0
MAX_KEY_CHARS = 200
LOST_EXPIRY = 3600.0  # seconds a lost app stays listed


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs on this machine (the local bridges run beside the apps they list)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but not ours to signal
        return True
    return True


def no_supervisor(app_key: str) -> str:
    return f"no supervisor is running app {app_key} (start it with doover run)"


def check_app_key(app_key: str) -> str:
    if not app_key:
        raise InvalidRequest("app_key is empty")
    if len(app_key) > MAX_KEY_CHARS or not app_key.isprintable() or any(c.isspace() for c in app_key):
        raise InvalidRequest(
            f"app_key {app_key[:40]!r} must be printable, without spaces, at most {MAX_KEY_CHARS} characters"
        )
    return app_key


@dataclass
class App:
    key: str
    display_name: str
    command: tuple[str, ...] = ()
    cwd: str = ""
    pid: int | None = None
    state: str = "stopped"
    detail: str = ""
    started_at_ms: int = 0
    state_since_ms: int = field(default_factory=now_ms)
    starts: int = 0
    last_exit_code: int | None = None
    watcher: Watcher | None = None

    @property
    def restarts(self) -> int:
        return max(self.starts - 1, 0)

    @property
    def supervised(self) -> bool:
        return self.watcher is not None

    def uptime_secs(self, now: float | None = None) -> float | None:
        if self.state not in LIVE_STATES or not self.started_at_ms:
            return None
        return max(0.0, (now or time.time()) - self.started_at_ms / 1000)

    def set_state(self, state: str, detail: str = "") -> None:
        if state != self.state:
            self.state_since_ms = now_ms()
        self.state, self.detail = state, detail


@dataclass
class Command:
    id: str
    app_key: str
    action: str
    requested_at_ms: int
    timeout_secs: float
    outcome: asyncio.Future = field(repr=False)


class Watcher:
    """A supervisor's open WatchCommands stream: the commands sent to it and not yet acknowledged."""

    def __init__(self, app_key: str):
        self.app_key = app_key
        self._queue: asyncio.Queue[Command | None] = asyncio.Queue()
        self.pending: dict[str, Command] = {}

    def send(self, command: Command) -> None:
        self.pending[command.id] = command
        self._queue.put_nowait(command)

    def displace(self) -> None:
        self._queue.put_nowait(None)

    async def next_command(self) -> Command:
        """The next command; raises :class:`Displaced` once another supervisor took over."""
        command = await self._queue.get()
        if command is None:
            raise Displaced(f"another supervisor took over app {self.app_key}")
        return command

    def fail_pending(self, reason: Callable[[str], str]) -> None:
        """Fail every unacknowledged command with ``NoSupervisor(reason(action))``."""
        for command in self.pending.values():
            if not command.outcome.done():
                command.outcome.set_exception(NoSupervisor(reason(command.action)))
        self.pending.clear()


class AppRegistry:
    def __init__(self, logs: LogStore):
        self.logs = logs
        self.apps: dict[str, App] = {}
        self._commands: dict[str, tuple[Watcher, Command]] = {}

    # -- what supervisors say -------------------------------------------------------------

    def register(
        self, app_key: str, pid: int = 0, command: Sequence[str] = (), cwd: str = "", display_name: str = ""
    ) -> App:
        """A supervisor started a process for ``app_key`` (pid 0: none yet)."""
        check_app_key(app_key)
        if pid < 0:
            raise InvalidRequest(f"pid must be 0 (no process) or positive, not {pid}")
        app = self.apps.get(app_key)
        if app is None:
            app = self.apps[app_key] = App(app_key, display_name or app_key)
        app.display_name = display_name or app.display_name
        app.command, app.cwd = tuple(command), cwd
        if not pid:
            app.pid = None
            app.set_state("stopped")
            return app
        if pid != app.pid:  # the same pid again is a supervisor re-attaching, not a new process
            app.starts += 1
            app.started_at_ms = now_ms()
            app.pid = pid
            app.set_state("starting")
        elif app.state == LOST:
            app.set_state("running", "supervisor re-attached")
        return app

    def report_status(
        self, app_key: str, state: str, pid: int | None = None, exit_code: int | None = None, detail: str = ""
    ) -> App:
        app = self.app(app_key)
        if state not in STATES:
            raise InvalidRequest(f"state {state!r} is not one of {', '.join(STATES)}")
        if pid is not None and pid < 0:
            raise InvalidRequest(f"pid must be positive, not {pid}")
        if state in ENDED_STATES:
            app.pid = None
        elif pid:
            app.pid = pid
        if exit_code is not None:
            app.last_exit_code = exit_code
        app.set_state(state, detail)
        return app

    def push_logs(self, app_key: str, lines: Sequence[tuple[int, str, str]]) -> int:
        self.app(app_key)
        return len(self.logs.append(app_key, lines))

    @contextlib.contextmanager
    def watch(self, app_key: str) -> Iterator[Watcher]:
        """Be the supervisor receiving ``app_key``'s commands for the duration of the block."""
        app = self.app(app_key)
        if app.watcher is not None:
            app.watcher.fail_pending(
                lambda action: f"another supervisor took over app {app_key} before {action} was acknowledged"
            )
            app.watcher.displace()
        watcher = app.watcher = Watcher(app_key)
        try:
            yield watcher
        finally:
            self._forget_commands(watcher)
            if app.watcher is watcher:
                app.watcher = None
                watcher.fail_pending(
                    lambda action: f"the supervisor of app {app_key} went away before it acknowledged {action}"
                )
                if app.state in LIVE_STATES and app.pid is None:  # between runs: it had exited
                    app.set_state("exited", "its supervisor disconnected")
                elif app.state in LIVE_STATES:
                    app.set_state(LOST, "its supervisor disconnected")

    def acknowledge(self, command_id: str, success: bool, message: str = "") -> Command:
        try:
            watcher, command = self._commands.pop(command_id)
        except KeyError:
            raise UnknownCommand(
                f"command {command_id!r} is not waiting for an acknowledgement (timed out, or already acknowledged)"
            ) from None
        watcher.pending.pop(command_id, None)
        if not command.outcome.done():
            if success:
                command.outcome.set_result(message)
            else:
                reason = f": {message}" if message else ""
                command.outcome.set_exception(
                    CommandFailed(f"the supervisor could not {command.action} app {command.app_key}{reason}")
                )
        return command

    # -- what users ask ---------------------------------------------------------------------

    def app(self, app_key: str) -> App:
        check_app_key(app_key)
        try:
            return self.apps[app_key]
        except KeyError:
            known = ", ".join(sorted(self.apps)) or "none yet"
            raise UnknownApp(f"no app {app_key} (known apps: {known})") from None

    def select(self, app_keys: Sequence[str] = ()) -> list[App]:
        """The apps named (each must exist), or every app by key."""
        self._settle_lost()
        if app_keys:
            return [self.app(key) for key in app_keys]
        return [self.apps[key] for key in sorted(self.apps)]

    def remove(self, app_key: str) -> App:
        """Forget a stale app and its log lines; refuse one that runs or that a supervisor watches."""
        self._settle_lost()
        app = self.app(app_key)
        if app.watcher is not None:
            raise StillRunning(
                f"app {app_key} is {app.state} under a running `doover run`; "
                f"stop that session (or `doover apps stop {app_key}`) and end it before removing the app"
            )
        if app.state in LIVE_STATES or app.state == LOST:
            raise StillRunning(
                f"app {app_key} is {app.state} and its process (pid {app.pid}) still runs; "
                f"end it (kill {app.pid}) before removing the app"
            )
        del self.apps[app_key]
        self.logs.forget(app_key)
        return app

    async def request(self, app_key: str, action: str, timeout: float | None = None) -> tuple[App, str]:
        """Send ``action`` to the app's supervisor; return the app and its acknowledgement text."""
        if action not in ACTIONS:
            raise InvalidRequest(f"action {action!r} is not one of {', '.join(ACTIONS)}")
        timeout = DEFAULT_ACK_TIMEOUT if timeout is None else timeout
        if not 0 < timeout <= MAX_ACK_TIMEOUT:
            raise InvalidRequest(f"timeout_secs must be above 0 and at most {MAX_ACK_TIMEOUT:g}, not {timeout:g}")
        app = self.app(app_key)
        watcher = app.watcher
        if watcher is None:
            raise NoSupervisor(no_supervisor(app_key))
        outcome = asyncio.get_running_loop().create_future()
        command = Command(uuid.uuid4().hex[:16], app_key, action, now_ms(), timeout, outcome)
        self._commands[command.id] = (watcher, command)
        watcher.send(command)
        try:
            message = await asyncio.wait_for(outcome, timeout)
        except TimeoutError:
            raise NotAcknowledged(
                f"the supervisor of app {app_key} did not acknowledge {action} within {timeout:g} s"
            ) from None
        finally:
            self._commands.pop(command.id, None)
            watcher.pending.pop(command.id, None)
        return app, message

    def _settle_lost(self) -> None:
        """A lost app whose process has ended has exited; one lost longer than LOST_EXPIRY is forgotten."""
        cutoff = now_ms() - LOST_EXPIRY * 1000
        for key, app in list(self.apps.items()):
            if app.state != LOST:
                continue
            if app.state_since_ms < cutoff:
                del self.apps[key]
            elif app.pid is not None and not process_alive(app.pid):
                app.pid = None
                app.set_state("exited", "its process ended while no supervisor watched it")

    def _forget_commands(self, watcher: Watcher) -> None:
        for command_id in list(watcher.pending):
            self._commands.pop(command_id, None)

    def close(self) -> None:
        """Fail every command still waiting (the bridge is stopping)."""
        for watcher, _ in list(self._commands.values()):
            watcher.fail_pending(
                lambda action, key=watcher.app_key: f"the App Controller stopped before app {key} acknowledged {action}"  # type: ignore[misc]
            )
        self._commands.clear()
