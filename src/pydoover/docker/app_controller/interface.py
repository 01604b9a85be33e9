"""AppControllerInterface: the SDK client of the App Controller bridge.

A supervisor (``doover run``) describes the app processes it runs and takes users' commands::

    apps = AppControllerInterface("tank")                       # 127.0.0.1:50052
    await apps.register(pid=proc.pid, command=["python", "app.py"], cwd="/apps/tank")
    await apps.report_status("healthy")
    await apps.push_logs([LogLine("level 3.2"), LogLine("oops", stream="stderr")])
    async for command in apps.watch_commands():                 # reconnects by itself
        ...                                                     # stop / start / restart the process
        await apps.ack_command(command, message=f"restarted as pid {new_pid}")

Users (``doover apps``) list apps, read logs and send commands::

    apps = AppControllerInterface()
    apps.list_apps()                     # [AppStatus(app_key="tank", state="healthy", ...)]
    apps.get_logs("tank", tail=20)       # [LogLine(...), ...]
    apps.restart_app("tank")             # returns once the supervisor acknowledged (or failed)
    apps.remove_app("tank")              # forget a stale (lost or exited) entry

Every rpc-backed method works called plainly or awaited and has an ``_async`` twin. A failed call
returns None (False for ``ack_command``) and logs one line; with ``raise_on_error=True`` it raises a
:class:`~pydoover.docker.BridgeError`; refusals are :class:`AppControllerRejected` with the code.

The client remembers what it registered: when a restarted bridge no longer knows the app, the
next ``report_status``/``push_logs`` or the watch's reconnection registers it again (with the last
reported status) before going on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from ..._grpc import app_controller_pb2 as pb
from ..._grpc import app_controller_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ...utils.dual import dual_method
from ..errors import BridgeRejectedError
from ..grpc_interface import UNKNOWN_APP, Call, Effects, GRPCInterface
from .streams import CommandWatch, LogFollow
from .values import ActionResult, AppCommand, AppStatus, LogLine, as_argv, to_ms

log = logging.getLogger(__name__)

DEFAULT_APPS_URI = endpoint("apps").default_uri
DEFAULT_ACK_TIMEOUT = 10.0


class AppControllerRejected(BridgeRejectedError):
    """The App Controller refused a request; ``code`` is its response code (404 unknown app,
    502 the supervisor failed, 503 no supervisor, 504 not acknowledged in time ...)."""


class AppControllerInterface(GRPCInterface):
    """Client of the App Controller: apps, their state and logs, and start/stop/restart commands.

    ``app_key`` is the app the supervisor methods (register, report_status, push_logs,
    watch_commands) talk about unless they are given ``app_key=``.
    """

    stub = pb_grpc.AppControllerStub
    bridge_name = "App Controller"

    def __init__(
        self,
        app_key: str | None = None,
        uri: str = DEFAULT_APPS_URI,
        is_async: bool | None = None,
        timeout: float = 7,
        raise_on_error: bool = False,
    ):
        super().__init__(app_key, uri or DEFAULT_APPS_URI, is_async, timeout, raise_on_error)
        self._registrations: dict[str, pb.RegisterRequest] = {}
        self._statuses: dict[str, pb.ReportStatusRequest] = {}

    rejected_error = AppControllerRejected

    def rejected(self, rpc: str, header: pb.ResponseHeader) -> AppControllerRejected:
        """The error for a refused stream (unary calls get theirs from the shared response check)."""
        detail = header.response_message or "no reason given"
        return cast(AppControllerRejected, self.error(rpc, "REJECTED", detail, header.response_code))

    def _key(self, app_key: str | None) -> str:
        key = app_key or self.app_key
        if not key:
            raise ValueError("no app key: pass app_key= or create the interface with one")
        return key

    # -- supervisors ------------------------------------------------------------------------

    @dual_method
    def register(
        self,
        pid: int,
        command: str | Sequence[str] = (),
        cwd: str = "",
        display_name: str = "",
        app_key: str | None = None,
    ) -> Effects[AppStatus | None]:
        """Say a process was started for the app (every start and restart; pid 0: none yet).

        ``apps.register(pid=4242, command=["python", "app.py"], cwd="/apps/tank", display_name="Tank")``
        """
        key = self._key(app_key)
        request = pb.RegisterRequest(
            app_key=key, pid=int(pid), command=as_argv(command), cwd=str(cwd or ""), display_name=display_name or ""
        )
        self._registrations[key] = request
        self._statuses.pop(key, None)
        response = yield Call("Register", request)
        return None if response is None else AppStatus.from_pb(response.app)

    register_async = register.twin()

    @dual_method
    def report_status(
        self,
        state: str,
        pid: int | None = None,
        exit_code: int | None = None,
        detail: str = "",
        app_key: str | None = None,
    ) -> Effects[AppStatus | None]:
        """Say the app's process changed state: starting, running, healthy, unhealthy, restarting,
        stopped or exited. ``apps.report_status("exited", exit_code=1, detail="Traceback ...")``"""
        key = self._key(app_key)
        request = pb.ReportStatusRequest(app_key=key, state=state, detail=detail or "")
        if pid is not None:
            request.pid = int(pid)
        if exit_code is not None:
            request.exit_code = int(exit_code)
        self._statuses[key] = request
        response = yield from self._for_registered(key, "ReportStatus", request)
        return None if response is None else AppStatus.from_pb(response.app)

    report_status_async = report_status.twin()

    @dual_method
    def push_logs(self, lines: Iterable[LogLine | str], app_key: str | None = None) -> Effects[int | None]:
        """Add output lines (a str is one stdout line stamped by the bridge); returns how many were kept.

        ``apps.push_logs([LogLine("ready", timestamp=now), LogLine("warn", stream="stderr")])``
        """
        key = self._key(app_key)
        batch = [LogLine(line) if isinstance(line, str) else line for line in lines]
        if not batch:
            return 0
        request = pb.PushLogsRequest(app_key=key, lines=[line.to_pb() for line in batch])
        response = yield from self._for_registered(key, "PushLogs", request)
        return None if response is None else response.accepted

    push_logs_async = push_logs.twin()

    def watch_commands(
        self, app_key: str | None = None, on_status: Callable[[str], None] | None = None, max_backoff: float = 5.0
    ) -> CommandWatch:
        """``async for command in apps.watch_commands(): ...`` the app's start/stop/restart requests.

        Reconnects (and registers the app again) when the bridge goes away and comes back;
        ``on_status(text)`` hears about that. Ends with :class:`AppControllerRejected` (code 409)
        when another supervisor starts watching the same app, and 404 when the app was never
        registered. Acknowledge every command with :meth:`ack_command`.
        """
        return CommandWatch(self, self._key(app_key), on_status, max_backoff)

    @dual_method
    def ack_command(self, command: AppCommand | str, success: bool = True, message: str = "") -> Effects[bool]:
        """Tell the user who sent ``command`` it is done (or failed: ``success=False`` and why)."""
        command_id = command.id if isinstance(command, AppCommand) else str(command)
        request = pb.AckCommandRequest(command_id=command_id, success=success, message=message or "")
        return (yield Call("AckCommand", request)) is not None

    ack_command_async = ack_command.twin()

    def _for_registered(self, key: str, rpc: str, request: Any) -> Effects[Any]:
        """Call ``rpc``; if the bridge forgot the app (it restarted), register it again and retry once."""
        if key not in self._registrations:
            return (yield Call(rpc, request))
        response = yield Call(rpc, request, reattach=True)
        if response is UNKNOWN_APP:
            yield from self._reattach(key)
            response = yield Call(rpc, request)
        return response

    def _reattach(self, key: str) -> Effects[bool]:
        log.info("the App Controller at %s does not know app %s (restarted?); registering it again", self.uri, key)
        if (yield Call("Register", self._registrations[key])) is None:
            return False
        if key in self._statuses:
            yield Call("ReportStatus", self._statuses[key])
        return True

    def knows(self, app_key: str) -> bool:
        """True when this client registered ``app_key`` (so it can register it again)."""
        return app_key in self._registrations

    async def reattach_async(self, app_key: str) -> bool:
        """Register ``app_key`` again with what was last sent (and its last reported status)."""
        return await self._drive_async(self._reattach(app_key))

    # -- users ----------------------------------------------------------------------------

    @dual_method
    def list_apps(self, *app_keys: str) -> Effects[list[AppStatus] | None]:
        """Every app (or just ``app_keys``, each of which must exist): ``apps.list_apps()``."""
        response = yield Call("ListApps", pb.ListAppsRequest(app_keys=list(app_keys)))
        return None if response is None else [AppStatus.from_pb(info) for info in response.apps]

    list_apps_async = list_apps.twin()

    @dual_method
    def get_app(self, app_key: str) -> Effects[AppStatus | None]:
        """One app's status: ``apps.get_app("tank").state``."""
        response = yield Call("ListApps", pb.ListAppsRequest(app_keys=[app_key]))
        return None if response is None else AppStatus.from_pb(response.apps[0])

    get_app_async = get_app.twin()

    @dual_method
    def get_logs(
        self, app_key: str | None = None, tail: int | None = None, since: datetime | None = None
    ) -> Effects[list[LogLine] | None]:
        """Kept lines of one app (None: every app, in arrival order): ``apps.get_logs("tank", tail=50)``."""
        request = pb.GetLogsRequest(app_key=app_key or "")
        if tail is not None:
            request.tail = int(tail)
        if since is not None:
            request.since_ms = to_ms(since)
        response = yield Call("GetLogs", request)
        return None if response is None else [LogLine.from_pb(line) for line in response.lines]

    get_logs_async = get_logs.twin()

    def follow_logs(
        self,
        app_key: str | None = None,
        tail: int | None = None,
        since: datetime | None = None,
        on_status: Callable[[str], None] | None = None,
        max_backoff: float = 5.0,
    ) -> LogFollow:
        """``async for line in apps.follow_logs("tank", tail=10): ...``: the backlog, then new lines.

        Resumes without repeats or gaps after a broken stream; ``on_status(text)`` hears about
        outages and about lines dropped because the reader fell behind.
        """
        return LogFollow(self, app_key, tail, since, on_status, max_backoff)

    def _action(self, rpc: str, action: str, app_key: str, timeout: float) -> Effects[ActionResult | None]:
        request = pb.AppActionRequest(app_key=app_key, timeout_secs=float(timeout))
        response = yield Call(rpc, request, deadline=float(timeout) + self.timeout)
        if response is None:
            return None
        app = AppStatus.from_pb(response.app) if response.HasField("app") else None
        return ActionResult(app_key, action, response.message, app)

    @dual_method
    def start_app(self, app_key: str, timeout: float = DEFAULT_ACK_TIMEOUT) -> Effects[ActionResult | None]:
        """Ask the app's supervisor to start it; wait up to ``timeout`` s for its acknowledgement."""
        return (yield from self._action("StartApp", "start", app_key, timeout))

    start_app_async = start_app.twin()

    @dual_method
    def stop_app(self, app_key: str, timeout: float = DEFAULT_ACK_TIMEOUT) -> Effects[ActionResult | None]:
        """Ask the app's supervisor to stop it: ``apps.stop_app("tank").app.state == "stopped"``."""
        return (yield from self._action("StopApp", "stop", app_key, timeout))

    stop_app_async = stop_app.twin()

    @dual_method
    def restart_app(self, app_key: str, timeout: float = DEFAULT_ACK_TIMEOUT) -> Effects[ActionResult | None]:
        """Ask the app's supervisor to restart it: ``apps.restart_app("tank").app.pid``."""
        return (yield from self._action("RestartApp", "restart", app_key, timeout))

    restart_app_async = restart_app.twin()

    @dual_method
    def remove_app(self, app_key: str) -> Effects[AppStatus | None]:
        """Forget a stale app (stopped, exited, or lost whose process ended) and its logs; returns it
        as it was. One that runs or that a supervisor watches is refused (409)."""
        response = yield Call("RemoveApp", pb.RemoveAppRequest(app_key=app_key))
        return None if response is None else AppStatus.from_pb(response.app)

    remove_app_async = remove_app.twin()
