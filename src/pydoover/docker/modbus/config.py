"""Modbus bus config elements, and the plain per-bus view ``ModbusInterface`` opens buses from.

An app declares its buses as the config attribute ``modbus_config``:

>>> from pydoover import config
>>> class MyConfig(config.Schema):
...     def __init__(self):
...         self.modbus_config = ModbusConfig()
>>> cfg = MyConfig()
>>> cfg._inject_deployment_config({"modbus_config": {"bus_type": "tcp", "tcp_uri": "10.0.0.5:502"}})
>>> [(bus.bus_type, bus.name, bus.tcp_uri) for bus in configured_buses(cfg)]
[('tcp', 'default', '10.0.0.5:502')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydoover.config import Array, ConfigElement, Enum, Integer, Number, Object, String


class ModbusConfig(Object):
    """One Modbus bus: serial (RTU/ASCII on a serial port) or TCP (``host:port``).

    Children and their config keys: ``type`` (``bus_type``), ``name`` (the bus id), ``serial_port``,
    ``serial_baud``, ``serial_method``, ``serial_bits`` (``serial_data_bits``), ``serial_parity``,
    ``serial_stop`` (``serial_stop_bits``), ``serial_timeout``, ``tcp_uri``, ``tcp_timeout``.
    """

    def __init__(self, display_name: str = "Modbus Config", **kwargs: Any) -> None:
        super().__init__(display_name, **kwargs)
        self.type = Enum("Bus Type", choices=["serial", "tcp"], default="serial", description="How the bus connects")
        self.name = String("Name", default="default", description="The bus id apps pass as bus_id")
        self.serial_port = String("Serial Port", default="/dev/ttyAMA0", description="Serial device of the bus")
        self.serial_baud = Integer("Serial Baud", default=9600, description="Serial baud rate")
        self.serial_method = Enum(
            "Serial Method", choices=["rtu", "ascii", "socket", "tls"], default="rtu", description="Modbus framing"
        )
        self.serial_bits = Integer("Serial Data Bits", default=8, description="Serial data bits")
        self.serial_parity = Enum(
            "Serial Parity", choices=["None", "Even", "Odd"], default="None", description="Serial parity"
        )
        self.serial_stop = Integer("Serial Stop Bits", default=1, description="Serial stop bits")
        self.serial_timeout = Number("Serial Timeout", default=0.3, description="Serial request timeout (s)")
        self.tcp_uri = String("TCP URI", default="127.0.0.1:5000", description="Modbus TCP device as host:port")
        self.tcp_timeout = Number("TCP Timeout", default=2.0, description="TCP request timeout (s)")


class ManyModbusConfig(Array):
    """Several Modbus buses: an Array of ``ModbusConfig("Modbus Instance Config")``."""

    def __init__(self, display_name: str = "Modbus Config", **kwargs: Any) -> None:
        super().__init__(display_name, element=ModbusConfig("Modbus Instance Config"), **kwargs)


@dataclass(frozen=True)
class BusConfig:
    """The settings of one configured bus, as plain values."""

    bus_type: str
    name: str
    serial_port: str
    serial_baud: int
    serial_method: str
    serial_bits: int
    serial_parity: str
    serial_stop: int
    serial_timeout: float
    tcp_uri: str
    tcp_timeout: float


def configured_buses(config: Any) -> list[BusConfig]:
    """The buses of ``config.modbus_config`` (deployment values over defaults); ``[]`` if it has none.

    ``modbus_config`` may be a ``ModbusConfig`` (one bus) or an Array of them such as
    ``ManyModbusConfig`` (one bus per loaded row).
    """
    element = getattr(config, "modbus_config", None)
    if element is None:
        return []
    if isinstance(element, Array):
        return [bus_config(row) for row in element.elements]
    return [bus_config(element)]


def bus_config(element: ConfigElement) -> BusConfig:
    """Read one ``ModbusConfig`` element into a ``BusConfig``."""
    if not isinstance(element, ModbusConfig):
        raise TypeError(f"modbus_config must be a ModbusConfig or an Array of them, not {type(element).__name__}")
    return BusConfig(
        bus_type=_read(element.type, str),
        name=_read(element.name, str),
        serial_port=_read(element.serial_port, str),
        serial_baud=_read(element.serial_baud, int),
        serial_method=_read(element.serial_method, str),
        serial_bits=_read(element.serial_bits, int),
        serial_parity=_read(element.serial_parity, str),
        serial_stop=_read(element.serial_stop, int),
        serial_timeout=_read(element.serial_timeout, float),
        tcp_uri=_read(element.tcp_uri, str),
        tcp_timeout=_read(element.tcp_timeout, float),
    )


def _read(element: ConfigElement, kind: type) -> Any:
    value = element.value
    if kind is str:
        return value if isinstance(value, str) else str(value)
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"modbus config {element.display_name!r}: expected a {kind.__name__}, got {value!r}") from None
