from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseHeader(_message.Message):
    __slots__ = ("success", "response_code", "response_message")
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    success: bool
    response_code: int
    response_message: str
    def __init__(self, success: _Optional[bool] = ..., response_code: _Optional[int] = ..., response_message: _Optional[str] = ...) -> None: ...

class AppInfo(_message.Message):
    __slots__ = ("app_key", "display_name", "state", "pid", "command", "cwd", "started_at_ms", "uptime_secs", "restarts", "last_exit_code", "detail", "supervised", "state_since_ms", "log_lines")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    UPTIME_SECS_FIELD_NUMBER: _ClassVar[int]
    RESTARTS_FIELD_NUMBER: _ClassVar[int]
    LAST_EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    SUPERVISED_FIELD_NUMBER: _ClassVar[int]
    STATE_SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    LOG_LINES_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    display_name: str
    state: str
    pid: int
    command: _containers.RepeatedScalarFieldContainer[str]
    cwd: str
    started_at_ms: int
    uptime_secs: float
    restarts: int
    last_exit_code: int
    detail: str
    supervised: bool
    state_since_ms: int
    log_lines: int
    def __init__(self, app_key: _Optional[str] = ..., display_name: _Optional[str] = ..., state: _Optional[str] = ..., pid: _Optional[int] = ..., command: _Optional[_Iterable[str]] = ..., cwd: _Optional[str] = ..., started_at_ms: _Optional[int] = ..., uptime_secs: _Optional[float] = ..., restarts: _Optional[int] = ..., last_exit_code: _Optional[int] = ..., detail: _Optional[str] = ..., supervised: _Optional[bool] = ..., state_since_ms: _Optional[int] = ..., log_lines: _Optional[int] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ("app_key", "pid", "command", "cwd", "display_name")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    pid: int
    command: _containers.RepeatedScalarFieldContainer[str]
    cwd: str
    display_name: str
    def __init__(self, app_key: _Optional[str] = ..., pid: _Optional[int] = ..., command: _Optional[_Iterable[str]] = ..., cwd: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class RegisterResponse(_message.Message):
    __slots__ = ("response_header", "app")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    app: AppInfo
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., app: _Optional[_Union[AppInfo, _Mapping]] = ...) -> None: ...

class ReportStatusRequest(_message.Message):
    __slots__ = ("app_key", "state", "pid", "exit_code", "detail")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    state: str
    pid: int
    exit_code: int
    detail: str
    def __init__(self, app_key: _Optional[str] = ..., state: _Optional[str] = ..., pid: _Optional[int] = ..., exit_code: _Optional[int] = ..., detail: _Optional[str] = ...) -> None: ...

class ReportStatusResponse(_message.Message):
    __slots__ = ("response_header", "app")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    app: AppInfo
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., app: _Optional[_Union[AppInfo, _Mapping]] = ...) -> None: ...

class LogLine(_message.Message):
    __slots__ = ("seq", "timestamp_ms", "stream", "text", "app_key")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    seq: int
    timestamp_ms: int
    stream: str
    text: str
    app_key: str
    def __init__(self, seq: _Optional[int] = ..., timestamp_ms: _Optional[int] = ..., stream: _Optional[str] = ..., text: _Optional[str] = ..., app_key: _Optional[str] = ...) -> None: ...

class PushLogsRequest(_message.Message):
    __slots__ = ("app_key", "lines")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    lines: _containers.RepeatedCompositeFieldContainer[LogLine]
    def __init__(self, app_key: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[LogLine, _Mapping]]] = ...) -> None: ...

class PushLogsResponse(_message.Message):
    __slots__ = ("response_header", "accepted")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    accepted: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., accepted: _Optional[int] = ...) -> None: ...

class WatchCommandsRequest(_message.Message):
    __slots__ = ("app_key",)
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    def __init__(self, app_key: _Optional[str] = ...) -> None: ...

class Command(_message.Message):
    __slots__ = ("command_id", "app_key", "action", "requested_at_ms", "timeout_secs")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECS_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    app_key: str
    action: str
    requested_at_ms: int
    timeout_secs: float
    def __init__(self, command_id: _Optional[str] = ..., app_key: _Optional[str] = ..., action: _Optional[str] = ..., requested_at_ms: _Optional[int] = ..., timeout_secs: _Optional[float] = ...) -> None: ...

class WatchCommandsResponse(_message.Message):
    __slots__ = ("response_header", "command")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    command: Command
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., command: _Optional[_Union[Command, _Mapping]] = ...) -> None: ...

class AckCommandRequest(_message.Message):
    __slots__ = ("command_id", "success", "message")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    success: bool
    message: str
    def __init__(self, command_id: _Optional[str] = ..., success: _Optional[bool] = ..., message: _Optional[str] = ...) -> None: ...

class AckCommandResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class ListAppsRequest(_message.Message):
    __slots__ = ("app_keys",)
    APP_KEYS_FIELD_NUMBER: _ClassVar[int]
    app_keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, app_keys: _Optional[_Iterable[str]] = ...) -> None: ...

class ListAppsResponse(_message.Message):
    __slots__ = ("response_header", "apps")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    APPS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    apps: _containers.RepeatedCompositeFieldContainer[AppInfo]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., apps: _Optional[_Iterable[_Union[AppInfo, _Mapping]]] = ...) -> None: ...

class GetLogsRequest(_message.Message):
    __slots__ = ("app_key", "tail", "since_ms")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    TAIL_FIELD_NUMBER: _ClassVar[int]
    SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    tail: int
    since_ms: int
    def __init__(self, app_key: _Optional[str] = ..., tail: _Optional[int] = ..., since_ms: _Optional[int] = ...) -> None: ...

class GetLogsResponse(_message.Message):
    __slots__ = ("response_header", "lines", "boot_id")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    BOOT_ID_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    lines: _containers.RepeatedCompositeFieldContainer[LogLine]
    boot_id: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[LogLine, _Mapping]]] = ..., boot_id: _Optional[str] = ...) -> None: ...

class FollowLogsRequest(_message.Message):
    __slots__ = ("app_key", "tail", "since_ms", "after_seq", "boot_id")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    TAIL_FIELD_NUMBER: _ClassVar[int]
    SINCE_MS_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    BOOT_ID_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    tail: int
    since_ms: int
    after_seq: int
    boot_id: str
    def __init__(self, app_key: _Optional[str] = ..., tail: _Optional[int] = ..., since_ms: _Optional[int] = ..., after_seq: _Optional[int] = ..., boot_id: _Optional[str] = ...) -> None: ...

class FollowLogsResponse(_message.Message):
    __slots__ = ("response_header", "lines", "dropped", "boot_id", "head_seq")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    BOOT_ID_FIELD_NUMBER: _ClassVar[int]
    HEAD_SEQ_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    lines: _containers.RepeatedCompositeFieldContainer[LogLine]
    dropped: int
    boot_id: str
    head_seq: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[LogLine, _Mapping]]] = ..., dropped: _Optional[int] = ..., boot_id: _Optional[str] = ..., head_seq: _Optional[int] = ...) -> None: ...

class AppActionRequest(_message.Message):
    __slots__ = ("app_key", "timeout_secs")
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECS_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    timeout_secs: float
    def __init__(self, app_key: _Optional[str] = ..., timeout_secs: _Optional[float] = ...) -> None: ...

class AppActionResponse(_message.Message):
    __slots__ = ("response_header", "message", "app")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    message: str
    app: AppInfo
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., message: _Optional[str] = ..., app: _Optional[_Union[AppInfo, _Mapping]] = ...) -> None: ...

class RemoveAppRequest(_message.Message):
    __slots__ = ("app_key",)
    APP_KEY_FIELD_NUMBER: _ClassVar[int]
    app_key: str
    def __init__(self, app_key: _Optional[str] = ...) -> None: ...

class RemoveAppResponse(_message.Message):
    __slots__ = ("response_header", "app")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    app: AppInfo
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., app: _Optional[_Union[AppInfo, _Mapping]] = ...) -> None: ...
