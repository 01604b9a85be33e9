from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseHeader(_message.Message):
    __slots__ = ("success", "response_code", "message")
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    success: bool
    response_code: int
    message: str
    def __init__(self, success: _Optional[bool] = ..., response_code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class TestCommsRequest(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: str
    def __init__(self, message: _Optional[str] = ...) -> None: ...

class TestCommsResponse(_message.Message):
    __slots__ = ("response_header", "response")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    response: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., response: _Optional[str] = ...) -> None: ...

class getDIRequest(_message.Message):
    __slots__ = ("di", "include_pulses")
    DI_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PULSES_FIELD_NUMBER: _ClassVar[int]
    di: _containers.RepeatedScalarFieldContainer[int]
    include_pulses: bool
    def __init__(self, di: _Optional[_Iterable[int]] = ..., include_pulses: _Optional[bool] = ...) -> None: ...

class getDIResponse(_message.Message):
    __slots__ = ("response_header", "di", "readings")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DI_FIELD_NUMBER: _ClassVar[int]
    READINGS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    di: _containers.RepeatedScalarFieldContainer[bool]
    readings: _containers.RepeatedCompositeFieldContainer[DIReading]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., di: _Optional[_Iterable[bool]] = ..., readings: _Optional[_Iterable[_Union[DIReading, _Mapping]]] = ...) -> None: ...

class DIReading(_message.Message):
    __slots__ = ("pin", "value", "pulse_count", "pulse_rate_hz")
    PIN_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    PULSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    PULSE_RATE_HZ_FIELD_NUMBER: _ClassVar[int]
    pin: int
    value: bool
    pulse_count: int
    pulse_rate_hz: float
    def __init__(self, pin: _Optional[int] = ..., value: _Optional[bool] = ..., pulse_count: _Optional[int] = ..., pulse_rate_hz: _Optional[float] = ...) -> None: ...

class getAIRequest(_message.Message):
    __slots__ = ("ai",)
    AI_FIELD_NUMBER: _ClassVar[int]
    ai: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, ai: _Optional[_Iterable[int]] = ...) -> None: ...

class getAIResponse(_message.Message):
    __slots__ = ("response_header", "ai")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    AI_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    ai: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., ai: _Optional[_Iterable[float]] = ...) -> None: ...

class pulseCounterRequest(_message.Message):
    __slots__ = ("di", "edge")
    DI_FIELD_NUMBER: _ClassVar[int]
    EDGE_FIELD_NUMBER: _ClassVar[int]
    di: int
    edge: str
    def __init__(self, di: _Optional[int] = ..., edge: _Optional[str] = ...) -> None: ...

class pulseCounterResponse(_message.Message):
    __slots__ = ("response_header", "di", "value", "dt_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DI_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    DT_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    di: int
    value: bool
    dt_secs: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., di: _Optional[int] = ..., value: _Optional[bool] = ..., dt_secs: _Optional[float] = ...) -> None: ...

class getDORequest(_message.Message):
    __slots__ = ("do",)
    DO_FIELD_NUMBER: _ClassVar[int]
    do: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, do: _Optional[_Iterable[int]] = ...) -> None: ...

class getDOResponse(_message.Message):
    __slots__ = ("response_header", "do")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DO_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    do: _containers.RepeatedScalarFieldContainer[bool]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., do: _Optional[_Iterable[bool]] = ...) -> None: ...

class getDOCurrentRequest(_message.Message):
    __slots__ = ("do",)
    DO_FIELD_NUMBER: _ClassVar[int]
    do: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, do: _Optional[_Iterable[int]] = ...) -> None: ...

class getDOCurrentResponse(_message.Message):
    __slots__ = ("response_header", "current")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    current: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., current: _Optional[_Iterable[float]] = ...) -> None: ...

class setDORequest(_message.Message):
    __slots__ = ("do", "value")
    DO_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    do: _containers.RepeatedScalarFieldContainer[int]
    value: _containers.RepeatedScalarFieldContainer[bool]
    def __init__(self, do: _Optional[_Iterable[int]] = ..., value: _Optional[_Iterable[bool]] = ...) -> None: ...

class setDOResponse(_message.Message):
    __slots__ = ("response_header", "do")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DO_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    do: _containers.RepeatedScalarFieldContainer[bool]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., do: _Optional[_Iterable[bool]] = ...) -> None: ...

class scheduleDORequest(_message.Message):
    __slots__ = ("do", "value", "time_secs")
    DO_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    do: _containers.RepeatedScalarFieldContainer[int]
    value: _containers.RepeatedScalarFieldContainer[bool]
    time_secs: float
    def __init__(self, do: _Optional[_Iterable[int]] = ..., value: _Optional[_Iterable[bool]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class scheduleDOResponse(_message.Message):
    __slots__ = ("response_header", "do", "time_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DO_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    do: _containers.RepeatedScalarFieldContainer[bool]
    time_secs: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., do: _Optional[_Iterable[bool]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class getAORequest(_message.Message):
    __slots__ = ("ao",)
    AO_FIELD_NUMBER: _ClassVar[int]
    ao: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, ao: _Optional[_Iterable[int]] = ...) -> None: ...

class getAOResponse(_message.Message):
    __slots__ = ("response_header", "ao")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    AO_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    ao: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., ao: _Optional[_Iterable[float]] = ...) -> None: ...

class getIoTableRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getIoTableResponse(_message.Message):
    __slots__ = ("response_header", "io_table")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    IO_TABLE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    io_table: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., io_table: _Optional[str] = ...) -> None: ...

class setAORequest(_message.Message):
    __slots__ = ("ao", "value")
    AO_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ao: _containers.RepeatedScalarFieldContainer[int]
    value: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, ao: _Optional[_Iterable[int]] = ..., value: _Optional[_Iterable[float]] = ...) -> None: ...

class setAOResponse(_message.Message):
    __slots__ = ("response_header", "ao")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    AO_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    ao: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., ao: _Optional[_Iterable[float]] = ...) -> None: ...

class scheduleAORequest(_message.Message):
    __slots__ = ("ao", "value", "time_secs")
    AO_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    ao: _containers.RepeatedScalarFieldContainer[int]
    value: _containers.RepeatedScalarFieldContainer[float]
    time_secs: float
    def __init__(self, ao: _Optional[_Iterable[int]] = ..., value: _Optional[_Iterable[float]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class scheduleAOResponse(_message.Message):
    __slots__ = ("response_header", "ao", "time_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    AO_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    ao: _containers.RepeatedScalarFieldContainer[float]
    time_secs: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., ao: _Optional[_Iterable[float]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class getValueRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[_Iterable[str]] = ...) -> None: ...

class getValueResponse(_message.Message):
    __slots__ = ("response_header", "value")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    value: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., value: _Optional[_Iterable[str]] = ...) -> None: ...

class setValueRequest(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: _containers.RepeatedScalarFieldContainer[str]
    value: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[_Iterable[str]] = ..., value: _Optional[_Iterable[str]] = ...) -> None: ...

class setValueResponse(_message.Message):
    __slots__ = ("response_header", "value")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    value: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., value: _Optional[_Iterable[str]] = ...) -> None: ...

class getSystemStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getSystemStatusResponse(_message.Message):
    __slots__ = ("response_header", "input_voltage", "temperature", "rtc_time", "uptime", "system_info", "scheduled_startup_secs", "scheduled_shutdown_secs", "system_current", "system_power", "wake_reason", "wake_on_voltage")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    INPUT_VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    RTC_TIME_FIELD_NUMBER: _ClassVar[int]
    UPTIME_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_INFO_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_STARTUP_SECS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_SHUTDOWN_SECS_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_CURRENT_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_POWER_FIELD_NUMBER: _ClassVar[int]
    WAKE_REASON_FIELD_NUMBER: _ClassVar[int]
    WAKE_ON_VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    input_voltage: float
    temperature: float
    rtc_time: str
    uptime: float
    system_info: str
    scheduled_startup_secs: int
    scheduled_shutdown_secs: int
    system_current: float
    system_power: float
    wake_reason: str
    wake_on_voltage: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., input_voltage: _Optional[float] = ..., temperature: _Optional[float] = ..., rtc_time: _Optional[str] = ..., uptime: _Optional[float] = ..., system_info: _Optional[str] = ..., scheduled_startup_secs: _Optional[int] = ..., scheduled_shutdown_secs: _Optional[int] = ..., system_current: _Optional[float] = ..., system_power: _Optional[float] = ..., wake_reason: _Optional[str] = ..., wake_on_voltage: _Optional[float] = ...) -> None: ...

class getShutdownImmunityRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getShutdownImmunityResponse(_message.Message):
    __slots__ = ("response_header", "immunity_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    IMMUNITY_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    immunity_secs: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., immunity_secs: _Optional[int] = ...) -> None: ...

class setShutdownImmunityRequest(_message.Message):
    __slots__ = ("immunity_secs",)
    IMMUNITY_SECS_FIELD_NUMBER: _ClassVar[int]
    immunity_secs: int
    def __init__(self, immunity_secs: _Optional[int] = ...) -> None: ...

class setShutdownImmunityResponse(_message.Message):
    __slots__ = ("response_header", "immunity_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    IMMUNITY_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    immunity_secs: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., immunity_secs: _Optional[int] = ...) -> None: ...

class scheduleStartupRequest(_message.Message):
    __slots__ = ("time_secs",)
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    time_secs: float
    def __init__(self, time_secs: _Optional[float] = ...) -> None: ...

class scheduleStartupResponse(_message.Message):
    __slots__ = ("response_header", "time_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    time_secs: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class scheduleShutdownRequest(_message.Message):
    __slots__ = ("time_secs",)
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    time_secs: float
    def __init__(self, time_secs: _Optional[float] = ...) -> None: ...

class scheduleShutdownResponse(_message.Message):
    __slots__ = ("response_header", "time_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    TIME_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    time_secs: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., time_secs: _Optional[float] = ...) -> None: ...

class rebootRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class rebootResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class shutdownRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class shutdownResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class getTemperatureRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getTemperatureResponse(_message.Message):
    __slots__ = ("response_header", "temperature")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    temperature: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., temperature: _Optional[float] = ...) -> None: ...

class getInputVoltageRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getInputVoltageResponse(_message.Message):
    __slots__ = ("response_header", "voltage")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    voltage: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., voltage: _Optional[float] = ...) -> None: ...

class getSystemPowerRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getSystemPowerResponse(_message.Message):
    __slots__ = ("response_header", "power_watts")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    POWER_WATTS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    power_watts: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., power_watts: _Optional[float] = ...) -> None: ...

class loadFirmwareRequest(_message.Message):
    __slots__ = ("url", "target")
    URL_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    url: str
    target: str
    def __init__(self, url: _Optional[str] = ..., target: _Optional[str] = ...) -> None: ...

class loadFirmwareResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class loadBootloaderRequest(_message.Message):
    __slots__ = ("url",)
    URL_FIELD_NUMBER: _ClassVar[int]
    url: str
    def __init__(self, url: _Optional[str] = ...) -> None: ...

class loadBootloaderResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class getFirmwareVersionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getFirmwareVersionResponse(_message.Message):
    __slots__ = ("response_header", "version")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    version: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., version: _Optional[str] = ...) -> None: ...

class getLocationRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getLocationResponse(_message.Message):
    __slots__ = ("response_header", "latitude", "longitude", "altitude_m", "accuracy_m", "speed_mps", "heading_deg", "sat_count", "timestamp")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    ALTITUDE_M_FIELD_NUMBER: _ClassVar[int]
    ACCURACY_M_FIELD_NUMBER: _ClassVar[int]
    SPEED_MPS_FIELD_NUMBER: _ClassVar[int]
    HEADING_DEG_FIELD_NUMBER: _ClassVar[int]
    SAT_COUNT_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    latitude: float
    longitude: float
    altitude_m: float
    accuracy_m: float
    speed_mps: float
    heading_deg: float
    sat_count: int
    timestamp: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., altitude_m: _Optional[float] = ..., accuracy_m: _Optional[float] = ..., speed_mps: _Optional[float] = ..., heading_deg: _Optional[float] = ..., sat_count: _Optional[int] = ..., timestamp: _Optional[str] = ...) -> None: ...

class syncRtcTimeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class syncRtcTimeResponse(_message.Message):
    __slots__ = ("response_header",)
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ...) -> None: ...

class EventDetail(_message.Message):
    __slots__ = ("event_id", "event", "pin", "value", "time", "cm4_online")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    CM4_ONLINE_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    event: str
    pin: int
    value: str
    time: int
    cm4_online: bool
    def __init__(self, event_id: _Optional[int] = ..., event: _Optional[str] = ..., pin: _Optional[int] = ..., value: _Optional[str] = ..., time: _Optional[int] = ..., cm4_online: _Optional[bool] = ...) -> None: ...

class getEventsRequest(_message.Message):
    __slots__ = ("events_from",)
    EVENTS_FROM_FIELD_NUMBER: _ClassVar[int]
    events_from: int
    def __init__(self, events_from: _Optional[int] = ...) -> None: ...

class getEventsResponse(_message.Message):
    __slots__ = ("response_header", "events", "events_synced")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_SYNCED_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    events: _containers.RepeatedCompositeFieldContainer[EventDetail]
    events_synced: bool
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., events: _Optional[_Iterable[_Union[EventDetail, _Mapping]]] = ..., events_synced: _Optional[bool] = ...) -> None: ...

class getDIEventsRequest(_message.Message):
    __slots__ = ("pin", "rising", "falling", "include_system_events", "events_from")
    PIN_FIELD_NUMBER: _ClassVar[int]
    RISING_FIELD_NUMBER: _ClassVar[int]
    FALLING_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SYSTEM_EVENTS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FROM_FIELD_NUMBER: _ClassVar[int]
    pin: int
    rising: bool
    falling: bool
    include_system_events: bool
    events_from: int
    def __init__(self, pin: _Optional[int] = ..., rising: _Optional[bool] = ..., falling: _Optional[bool] = ..., include_system_events: _Optional[bool] = ..., events_from: _Optional[int] = ...) -> None: ...

class getDIEventsResponse(_message.Message):
    __slots__ = ("response_header", "events", "events_synced")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_SYNCED_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    events: _containers.RepeatedCompositeFieldContainer[EventDetail]
    events_synced: bool
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., events: _Optional[_Iterable[_Union[EventDetail, _Mapping]]] = ..., events_synced: _Optional[bool] = ...) -> None: ...

class IoChannelDetail(_message.Message):
    __slots__ = ("channel", "device_channel", "io_type", "kind", "units", "supports_events", "supports_pulse_counter", "supports_di_config", "supports_pulse_count", "supports_pulse_rate")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DEVICE_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    IO_TYPE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_EVENTS_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_PULSE_COUNTER_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_DI_CONFIG_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_PULSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUPPORTS_PULSE_RATE_FIELD_NUMBER: _ClassVar[int]
    channel: int
    device_channel: int
    io_type: str
    kind: str
    units: str
    supports_events: bool
    supports_pulse_counter: bool
    supports_di_config: bool
    supports_pulse_count: bool
    supports_pulse_rate: bool
    def __init__(self, channel: _Optional[int] = ..., device_channel: _Optional[int] = ..., io_type: _Optional[str] = ..., kind: _Optional[str] = ..., units: _Optional[str] = ..., supports_events: _Optional[bool] = ..., supports_pulse_counter: _Optional[bool] = ..., supports_di_config: _Optional[bool] = ..., supports_pulse_count: _Optional[bool] = ..., supports_pulse_rate: _Optional[bool] = ...) -> None: ...

class IoDeviceDetail(_message.Message):
    __slots__ = ("name", "type", "index", "is_master", "online", "channels")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    IS_MASTER_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    index: int
    is_master: bool
    online: bool
    channels: _containers.RepeatedCompositeFieldContainer[IoChannelDetail]
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., index: _Optional[int] = ..., is_master: _Optional[bool] = ..., online: _Optional[bool] = ..., channels: _Optional[_Iterable[_Union[IoChannelDetail, _Mapping]]] = ...) -> None: ...

class getIoDetailsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getIoDetailsResponse(_message.Message):
    __slots__ = ("response_header", "devices")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    DEVICES_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    devices: _containers.RepeatedCompositeFieldContainer[IoDeviceDetail]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., devices: _Optional[_Iterable[_Union[IoDeviceDetail, _Mapping]]] = ...) -> None: ...

class getWakeOnVoltageRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getWakeOnVoltageResponse(_message.Message):
    __slots__ = ("response_header", "voltage")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    voltage: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., voltage: _Optional[float] = ...) -> None: ...

class setWakeOnVoltageRequest(_message.Message):
    __slots__ = ("voltage",)
    VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    voltage: float
    def __init__(self, voltage: _Optional[float] = ...) -> None: ...

class setWakeOnVoltageResponse(_message.Message):
    __slots__ = ("response_header", "voltage")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    voltage: float
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., voltage: _Optional[float] = ...) -> None: ...

class getWakeReasonRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getWakeReasonResponse(_message.Message):
    __slots__ = ("response_header", "wake_reason")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    WAKE_REASON_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    wake_reason: str
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., wake_reason: _Optional[str] = ...) -> None: ...

class SleepLogEntry(_message.Message):
    __slots__ = ("timestamp", "input_voltage", "system_current", "di", "do", "ai", "ao", "system_power")
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    INPUT_VOLTAGE_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_CURRENT_FIELD_NUMBER: _ClassVar[int]
    DI_FIELD_NUMBER: _ClassVar[int]
    DO_FIELD_NUMBER: _ClassVar[int]
    AI_FIELD_NUMBER: _ClassVar[int]
    AO_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_POWER_FIELD_NUMBER: _ClassVar[int]
    timestamp: int
    input_voltage: float
    system_current: float
    di: _containers.RepeatedScalarFieldContainer[bool]
    do: _containers.RepeatedScalarFieldContainer[bool]
    ai: _containers.RepeatedScalarFieldContainer[float]
    ao: _containers.RepeatedScalarFieldContainer[float]
    system_power: float
    def __init__(self, timestamp: _Optional[int] = ..., input_voltage: _Optional[float] = ..., system_current: _Optional[float] = ..., di: _Optional[_Iterable[bool]] = ..., do: _Optional[_Iterable[bool]] = ..., ai: _Optional[_Iterable[float]] = ..., ao: _Optional[_Iterable[float]] = ..., system_power: _Optional[float] = ...) -> None: ...

class getSleepLogRequest(_message.Message):
    __slots__ = ("since",)
    SINCE_FIELD_NUMBER: _ClassVar[int]
    since: int
    def __init__(self, since: _Optional[int] = ...) -> None: ...

class getSleepLogResponse(_message.Message):
    __slots__ = ("response_header", "entries")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    entries: _containers.RepeatedCompositeFieldContainer[SleepLogEntry]
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[SleepLogEntry, _Mapping]]] = ...) -> None: ...

class getSleepLogIntervalRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class getSleepLogIntervalResponse(_message.Message):
    __slots__ = ("response_header", "interval_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    interval_secs: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., interval_secs: _Optional[int] = ...) -> None: ...

class setSleepLogIntervalRequest(_message.Message):
    __slots__ = ("interval_secs",)
    INTERVAL_SECS_FIELD_NUMBER: _ClassVar[int]
    interval_secs: int
    def __init__(self, interval_secs: _Optional[int] = ...) -> None: ...

class setSleepLogIntervalResponse(_message.Message):
    __slots__ = ("response_header", "interval_secs")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_SECS_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    interval_secs: int
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., interval_secs: _Optional[int] = ...) -> None: ...

class getDIConfigRequest(_message.Message):
    __slots__ = ("pin",)
    PIN_FIELD_NUMBER: _ClassVar[int]
    pin: int
    def __init__(self, pin: _Optional[int] = ...) -> None: ...

class DIConfig(_message.Message):
    __slots__ = ("pin", "pnp_mode", "irq_edge", "debounce_ms", "wake_on_event")
    PIN_FIELD_NUMBER: _ClassVar[int]
    PNP_MODE_FIELD_NUMBER: _ClassVar[int]
    IRQ_EDGE_FIELD_NUMBER: _ClassVar[int]
    DEBOUNCE_MS_FIELD_NUMBER: _ClassVar[int]
    WAKE_ON_EVENT_FIELD_NUMBER: _ClassVar[int]
    pin: int
    pnp_mode: bool
    irq_edge: str
    debounce_ms: int
    wake_on_event: bool
    def __init__(self, pin: _Optional[int] = ..., pnp_mode: _Optional[bool] = ..., irq_edge: _Optional[str] = ..., debounce_ms: _Optional[int] = ..., wake_on_event: _Optional[bool] = ...) -> None: ...

class getDIConfigResponse(_message.Message):
    __slots__ = ("response_header", "config")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    config: DIConfig
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., config: _Optional[_Union[DIConfig, _Mapping]] = ...) -> None: ...

class setDIConfigRequest(_message.Message):
    __slots__ = ("pin", "pnp_mode", "irq_edge", "debounce_ms", "wake_on_event")
    PIN_FIELD_NUMBER: _ClassVar[int]
    PNP_MODE_FIELD_NUMBER: _ClassVar[int]
    IRQ_EDGE_FIELD_NUMBER: _ClassVar[int]
    DEBOUNCE_MS_FIELD_NUMBER: _ClassVar[int]
    WAKE_ON_EVENT_FIELD_NUMBER: _ClassVar[int]
    pin: int
    pnp_mode: bool
    irq_edge: str
    debounce_ms: int
    wake_on_event: bool
    def __init__(self, pin: _Optional[int] = ..., pnp_mode: _Optional[bool] = ..., irq_edge: _Optional[str] = ..., debounce_ms: _Optional[int] = ..., wake_on_event: _Optional[bool] = ...) -> None: ...

class setDIConfigResponse(_message.Message):
    __slots__ = ("response_header", "config")
    RESPONSE_HEADER_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    response_header: ResponseHeader
    config: DIConfig
    def __init__(self, response_header: _Optional[_Union[ResponseHeader, _Mapping]] = ..., config: _Optional[_Union[DIConfig, _Mapping]] = ...) -> None: ...
