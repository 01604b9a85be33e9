"""Plain values of the Platform client: results (Location, IoEvent) and argument normalisation.

Shared by the sync and async faces of :class:`PlatformInterface`; nothing here touches the network.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..._grpc import platform_iface_pb2 as pb

T = TypeVar("T")


@dataclass(frozen=True)
class Location:
    """A position fix from ``get_location()``; fields the bridge did not report are None."""

    latitude: float
    longitude: float
    altitude_m: float | None = None
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading_deg: float | None = None
    sat_count: int | None = None
    timestamp: str | None = None


@dataclass(frozen=True)
class IoEvent:
    """One entry of the platform's event log (``get_events``, ``get_di_events``).

    ``event`` is ``DI_R`` (rising edge), ``DI_F`` (falling edge), ``VI`` or a system event name;
    ``value`` is the pin value as the bridge reports it (a string such as ``"1"``); ``time_ms``
    is epoch milliseconds (also readable as ``time``, the classic name).
    """

    event_id: int
    event: str
    pin: int
    value: str
    time_ms: int
    cm4_online: bool | None = None

    @property
    def time(self) -> int:
        return self.time_ms


# -- argument normalisation ------------------------------------------------------------


def cast_pins(pins: Any) -> list[int]:
    """Flatten ints and (nested) iterables of ints into a list: ``cast_pins([0, (1, 2)]) == [0, 1, 2]``."""
    if isinstance(pins, (str, bytes, bool)) or pins is None:
        raise ValueError(f"pin numbers must be integers, got {pins!r}")
    if isinstance(pins, Iterable):
        return [pin for item in pins for pin in cast_pins(item)]
    try:
        return [operator.index(pins)]
    except TypeError:
        raise ValueError(f"pin numbers must be integers, got {pins!r}") from None


def cast_values(values: Any, convert: Callable[[Any], T]) -> list[T]:
    """Flatten a value or (nested) iterable of values, converting each with ``convert``."""
    if isinstance(values, (str, bytes)) or values is None:
        raise ValueError(f"values must be numbers or booleans, got {values!r}")
    if isinstance(values, Iterable):
        return [value for item in values for value in cast_values(item, convert)]
    try:
        return [convert(values)]
    except (TypeError, ValueError):
        raise ValueError(f"values must be numbers or booleans, got {values!r}") from None


def pair_pins(pins: Any, values: Any, convert: Callable[[Any], T]) -> tuple[list[int], list[T]]:
    """Pins and values as equal-length lists; a single value is broadcast to every pin."""
    pins, values = cast_pins(pins), cast_values(values, convert)
    if not pins:
        raise ValueError("no pins given")
    if len(values) == 1:
        values = values * len(pins)
    if len(values) != len(pins):
        raise ValueError(f"{len(pins)} pins but {len(values)} values; give one value or one per pin")
    return pins, values


def check_delay(in_secs: Any) -> int:
    if not isinstance(in_secs, int) or in_secs < 0:
        raise ValueError(f"in_secs must be a non-negative int, got {in_secs!r}")
    return in_secs


def optional(message: Any, field: str) -> Any:
    """A field's value, or None when an explicit-presence field is unset."""
    return getattr(message, field) if message.HasField(field) else None


def to_event(detail: pb.EventDetail) -> IoEvent:
    return IoEvent(detail.event_id, detail.event, detail.pin, detail.value, detail.time, optional(detail, "cm4_online"))


def to_location(response: pb.getLocationResponse) -> Location | None:
    if response is None or not (response.HasField("latitude") and response.HasField("longitude")):
        return None
    return Location(*(optional(response, f) for f in Location.__dataclass_fields__))


def f32(value: Any) -> Any:
    """The shortest decimal form of a float32 (the wire's analog and system fields are float32).

    ``f32(4.800000190734863) == 4.8``; anything else is returned unchanged.
    """
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    try:
        packed = struct.pack("f", value)
    except OverflowError:
        return value
    for digits in range(6, 10):
        short = float(f"{value:.{digits}g}")
        if struct.pack("f", short) == packed:
            return short
    return value


def device_from_table(table: dict) -> pb.IoDeviceDetail:
    """One anonymous master device holding every channel of a classic I/O table."""
    channels = [
        pb.IoChannelDetail(channel=int(ch), device_channel=int(ch), io_type=io_type)
        for io_type, numbers in table.items()
        for ch in numbers
    ]
    return pb.IoDeviceDetail(name="master", index=0, is_master=True, online=True, channels=channels)
