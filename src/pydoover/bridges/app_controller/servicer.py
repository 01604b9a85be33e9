"""gRPC servicer for the local App Controller: protobuf in, AppRegistry / LogStore call, protobuf out."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator

from ..._grpc import app_controller_pb2 as pb
from ..._grpc import app_controller_pb2_grpc as pb_grpc
from ..answers import error_answers
from .errors import ERRORS, AppControllerError
from .logs import LogEntry
from .registry import App, AppRegistry, Command

CHUNK_BYTES = 1024 * 1024  # log lines per streamed message, by size
GET_LOGS_BYTES = 8 * 1024 * 1024  # a GetLogs answer keeps the newest lines that fit


def ok_header() -> pb.ResponseHeader:
    return pb.ResponseHeader(success=True)


def failed_header(code: int, message: str) -> pb.ResponseHeader:
    return pb.ResponseHeader(success=False, response_code=code, response_message=message)


answers = error_answers(failed_header, {kind: kind.code for kind in ERRORS})


def streams(response_cls: type) -> Callable:
    """A server stream whose known errors end it with one ``success=false`` response."""

    def wrap(handler: Callable) -> Callable:
        @functools.wraps(handler)
        async def guarded(self, request, context):
            async with contextlib.aclosing(handler(self, request, context)) as responses:
                try:
                    async for response in responses:
                        yield response
                except AppControllerError as exc:
                    yield response_cls(response_header=failed_header(exc.code, str(exc)))

        return guarded

    return wrap


def to_line(entry: LogEntry) -> pb.LogLine:
    return pb.LogLine(
        seq=entry.seq, timestamp_ms=entry.timestamp_ms, stream=entry.stream, text=entry.text, app_key=entry.app_key
    )


def size(entry: LogEntry) -> int:
    return len(entry.text) + len(entry.app_key) + 32


def chunks(entries: list[LogEntry], budget: int = CHUNK_BYTES) -> Iterator[list[LogEntry]]:
    """Consecutive runs of ``entries`` of at most ``budget`` bytes each (at least one entry)."""
    chunk: list[LogEntry] = []
    used = 0
    for entry in entries:
        if chunk and used + size(entry) > budget:
            yield chunk
            chunk, used = [], 0
        chunk.append(entry)
        used += size(entry)
    if chunk:
        yield chunk


def newest_within(entries: list[LogEntry], budget: int) -> list[LogEntry]:
    used, start = 0, len(entries)
    while start > 0 and used + size(entries[start - 1]) <= budget:
        start -= 1
        used += size(entries[start])
    return entries[start:]


def to_command(command: Command) -> pb.Command:
    return pb.Command(
        command_id=command.id,
        app_key=command.app_key,
        action=command.action,
        requested_at_ms=command.requested_at_ms,
        timeout_secs=command.timeout_secs,
    )


def optional(request, name: str):
    return getattr(request, name) if request.HasField(name) else None


class AppControllerServicer(pb_grpc.AppControllerServicer):
    def __init__(self, registry: AppRegistry):
        self.registry = registry
        self.logs = registry.logs

    def info(self, app: App) -> pb.AppInfo:
        info = pb.AppInfo(
            app_key=app.key,
            display_name=app.display_name,
            state=app.state,
            command=list(app.command),
            cwd=app.cwd,
            started_at_ms=app.started_at_ms,
            restarts=app.restarts,
            detail=app.detail,
            supervised=app.supervised,
            state_since_ms=app.state_since_ms,
            log_lines=self.logs.count(app.key),
        )
        if app.pid is not None:
            info.pid = app.pid
        if (uptime := app.uptime_secs()) is not None:
            info.uptime_secs = uptime
        if app.last_exit_code is not None:
            info.last_exit_code = app.last_exit_code
        return info

    def infos(self, apps: Iterable[App]) -> list[pb.AppInfo]:
        return [self.info(app) for app in apps]

    # -- supervisors ------------------------------------------------------------------------

    @answers(pb.RegisterResponse)
    async def Register(self, request, context):
        app = self.registry.register(
            request.app_key, request.pid, tuple(request.command), request.cwd, request.display_name
        )
        return pb.RegisterResponse(response_header=ok_header(), app=self.info(app))

    @answers(pb.ReportStatusResponse)
    async def ReportStatus(self, request, context):
        app = self.registry.report_status(
            request.app_key, request.state, optional(request, "pid"), optional(request, "exit_code"), request.detail
        )
        return pb.ReportStatusResponse(response_header=ok_header(), app=self.info(app))

    @answers(pb.PushLogsResponse)
    async def PushLogs(self, request, context):
        lines = [(line.timestamp_ms, line.stream, line.text) for line in request.lines]
        accepted = self.registry.push_logs(request.app_key, lines)
        return pb.PushLogsResponse(response_header=ok_header(), accepted=accepted)

    @streams(pb.WatchCommandsResponse)
    async def WatchCommands(self, request, context):
        with self.registry.watch(request.app_key) as watcher:
            yield pb.WatchCommandsResponse(response_header=ok_header())
            while True:
                command = await watcher.next_command()
                yield pb.WatchCommandsResponse(response_header=ok_header(), command=to_command(command))

    @answers(pb.AckCommandResponse)
    async def AckCommand(self, request, context):
        self.registry.acknowledge(request.command_id, request.success, request.message)
        return pb.AckCommandResponse(response_header=ok_header())

    # -- users ----------------------------------------------------------------------------

    @answers(pb.ListAppsResponse)
    async def ListApps(self, request, context):
        apps = self.registry.select(tuple(request.app_keys))
        return pb.ListAppsResponse(response_header=ok_header(), apps=self.infos(apps))

    def _app_filter(self, app_key: str) -> str | None:
        """The app whose lines are asked for (None: every app); unknown apps are refused."""
        return self.registry.app(app_key).key if app_key else None

    @answers(pb.GetLogsResponse)
    async def GetLogs(self, request, context):
        entries = self.logs.recent(
            self._app_filter(request.app_key), optional(request, "tail"), optional(request, "since_ms")
        )
        lines = [to_line(entry) for entry in newest_within(entries, GET_LOGS_BYTES)]
        return pb.GetLogsResponse(response_header=ok_header(), lines=lines, boot_id=self.logs.boot_id)

    @streams(pb.FollowLogsResponse)
    async def FollowLogs(self, request, context):
        app_key = self._app_filter(request.app_key)
        boot_id = self.logs.boot_id
        with self.logs.follow(app_key) as follower:
            head = self.logs.head_seq
            if request.boot_id and request.HasField("after_seq"):  # resuming a broken stream
                after = request.after_seq if request.boot_id == boot_id else None
                backlog = self.logs.recent(app_key, after_seq=after)
            else:
                backlog = self.logs.recent(app_key, optional(request, "tail"), optional(request, "since_ms"))
            backlog_chunks = list(chunks(backlog)) or [[]]  # the first response confirms the stream
            for i, chunk in enumerate(backlog_chunks, start=1):
                yield pb.FollowLogsResponse(
                    response_header=ok_header(),
                    lines=map(to_line, chunk),
                    boot_id=boot_id,
                    head_seq=head if i == len(backlog_chunks) else 0,
                )
            while True:
                batch, dropped = await follower.next_batch()
                for i, chunk in enumerate(chunks(batch) if batch else [[]]):
                    yield pb.FollowLogsResponse(
                        response_header=ok_header(),
                        lines=map(to_line, chunk),
                        dropped=dropped if i == 0 else 0,
                        boot_id=boot_id,
                    )

    async def _act(self, request, action: str) -> pb.AppActionResponse:
        app, message = await self.registry.request(request.app_key, action, optional(request, "timeout_secs"))
        return pb.AppActionResponse(response_header=ok_header(), message=message, app=self.info(app))

    @answers(pb.AppActionResponse)
    async def StartApp(self, request, context):
        return await self._act(request, "start")

    @answers(pb.AppActionResponse)
    async def StopApp(self, request, context):
        return await self._act(request, "stop")

    @answers(pb.AppActionResponse)
    async def RestartApp(self, request, context):
        return await self._act(request, "restart")

    @answers(pb.RemoveAppResponse)
    async def RemoveApp(self, request, context):
        app = self.registry.remove(request.app_key)
        return pb.RemoveAppResponse(response_header=ok_header(), app=self.info(app))
