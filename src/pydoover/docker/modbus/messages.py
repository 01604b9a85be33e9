"""Between SDK values and the Modbus bridge's protobuf messages: bus settings in, register values out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..._grpc import modbus_iface_pb2 as pb

if TYPE_CHECKING:
    from .config import BusConfig


def split_tcp_uri(uri: str) -> tuple[str, int]:
    """``"10.0.0.5:502"`` -> ``("10.0.0.5", 502)``; a clear ValueError for anything else."""
    host, sep, port = str(uri).strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"tcp_uri must be HOST:PORT (e.g. 192.168.1.50:502), not {uri!r}")
    return host, int(port)


def settings_fields(bus: BusConfig) -> dict:
    """The ``bus_settings`` oneof of a request for ``bus``: ``{"ethernet_settings": ...}`` or serial."""
    if bus.bus_type == "tcp":
        ip, port = split_tcp_uri(bus.tcp_uri)
        return {"ethernet_settings": pb.ethernetBusSettings(ip=ip, port=port, timeout=bus.tcp_timeout)}
    if bus.bus_type != "serial":
        raise ValueError(f"bus_type must be 'serial' or 'tcp', not {bus.bus_type!r}")
    serial = pb.serialBusSettings(
        port=bus.serial_port,
        baud=int(bus.serial_baud),
        modbus_method=bus.serial_method,
        data_bits=int(bus.serial_bits),
        parity=str(bus.serial_parity),
        stop_bits=int(bus.serial_stop),
        timeout=bus.serial_timeout,
    )
    return {"serial_settings": serial}


def unwrap_values(values: Iterable[Any]) -> int | list[int] | None:
    """Classic return shape of a read: None for no values, an int for one, else a list."""
    values = [int(v) for v in values]
    if not values:
        return None
    return values[0] if len(values) == 1 else values
