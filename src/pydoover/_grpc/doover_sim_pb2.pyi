from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ForceRequest(_message.Message):
    __slots__ = ("io_type", "pin", "value")
    IO_TYPE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    io_type: str
    pin: int
    value: float
    def __init__(self, io_type: _Optional[str] = ..., pin: _Optional[int] = ..., value: _Optional[float] = ...) -> None: ...

class ForceResponse(_message.Message):
    __slots__ = ("success", "message")
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    success: bool
    message: str
    def __init__(self, success: _Optional[bool] = ..., message: _Optional[str] = ...) -> None: ...

class ReleaseRequest(_message.Message):
    __slots__ = ("io_type", "pin")
    IO_TYPE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    io_type: str
    pin: int
    def __init__(self, io_type: _Optional[str] = ..., pin: _Optional[int] = ...) -> None: ...

class ReleaseResponse(_message.Message):
    __slots__ = ("success", "message", "released")
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RELEASED_FIELD_NUMBER: _ClassVar[int]
    success: bool
    message: str
    released: int
    def __init__(self, success: _Optional[bool] = ..., message: _Optional[str] = ..., released: _Optional[int] = ...) -> None: ...

class ListPinsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PinState(_message.Message):
    __slots__ = ("io_type", "pin", "name", "units", "value", "forced")
    IO_TYPE_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    FORCED_FIELD_NUMBER: _ClassVar[int]
    io_type: str
    pin: int
    name: str
    units: str
    value: float
    forced: bool
    def __init__(self, io_type: _Optional[str] = ..., pin: _Optional[int] = ..., name: _Optional[str] = ..., units: _Optional[str] = ..., value: _Optional[float] = ..., forced: _Optional[bool] = ...) -> None: ...

class ListPinsResponse(_message.Message):
    __slots__ = ("pins",)
    PINS_FIELD_NUMBER: _ClassVar[int]
    pins: _containers.RepeatedCompositeFieldContainer[PinState]
    def __init__(self, pins: _Optional[_Iterable[_Union[PinState, _Mapping]]] = ...) -> None: ...
