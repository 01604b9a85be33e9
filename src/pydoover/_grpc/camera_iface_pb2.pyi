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

class CameraInfo(_message.Message):
    __slots__ = ("name", "source", "kind", "width", "height", "fps", "state", "last_error", "viewers", "frames", "mjpeg_url", "snapshot_url")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    VIEWERS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MJPEG_URL_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_URL_FIELD_NUMBER: _ClassVar[int]
    name: str
    source: str
    kind: str
    width: int
    height: int
    fps: float
    state: str
    last_error: str
    viewers: int
    frames: int
    mjpeg_url: str
    snapshot_url: str
    def __init__(self, name: _Optional[str] = ..., source: _Optional[str] = ..., kind: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[float] = ..., state: _Optional[str] = ..., last_error: _Optional[str] = ..., viewers: _Optional[int] = ..., frames: _Optional[int] = ..., mjpeg_url: _Optional[str] = ..., snapshot_url: _Optional[str] = ...) -> None: ...

class ListCamerasRequest(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, names: _Optional[_Iterable[str]] = ...) -> None: ...

class ListCamerasResponse(_message.Message):
    __slots__ = ("response_header", "cameras")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    cameras: _containers.RepeatedCompositeFieldContainer[CameraInfo]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., cameras: _Optional[_Iterable[_Union[CameraInfo, _Mapping]]] = ...) -> None: ...

class SnapshotRequest(_message.Message):
    __slots__ = ("name", "width", "height", "quality")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    width: int
    height: int
    quality: int
    def __init__(self, name: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., quality: _Optional[int] = ...) -> None: ...

class Frame(_message.Message):
    __slots__ = ("jpeg", "width", "height", "seq", "timestamp_ms")
    JPEG_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    jpeg: bytes
    width: int
    height: int
    seq: int
    timestamp_ms: int
    def __init__(self, jpeg: _Optional[bytes] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., seq: _Optional[int] = ..., timestamp_ms: _Optional[int] = ...) -> None: ...

class SnapshotResponse(_message.Message):
    __slots__ = ("response_header", "frame")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    frame: Frame
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., frame: _Optional[_Union[Frame, _Mapping]] = ...) -> None: ...

class StreamFramesRequest(_message.Message):
    __slots__ = ("name", "width", "height", "quality", "fps")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    name: str
    width: int
    height: int
    quality: int
    fps: float
    def __init__(self, name: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., quality: _Optional[int] = ..., fps: _Optional[float] = ...) -> None: ...

class FrameResponse(_message.Message):
    __slots__ = ("response_header", "frame", "dropped")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    frame: Frame
    dropped: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., frame: _Optional[_Union[Frame, _Mapping]] = ..., dropped: _Optional[int] = ...) -> None: ...

class StreamInfoRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class StreamInfoResponse(_message.Message):
    __slots__ = ("response_header", "camera", "uri", "codec", "container", "bitrate")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    URI_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    CONTAINER_FIELD_NUMBER: _ClassVar[int]
    BITRATE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    camera: CameraInfo
    uri: str
    codec: str
    container: str
    bitrate: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., camera: _Optional[_Union[CameraInfo, _Mapping]] = ..., uri: _Optional[str] = ..., codec: _Optional[str] = ..., container: _Optional[str] = ..., bitrate: _Optional[int] = ...) -> None: ...
