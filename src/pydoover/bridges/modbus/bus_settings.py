"""Settings of one Modbus bus (ethernet or serial), checked, and turned into a pymodbus client."""

from __future__ import annotations

from dataclasses import dataclass

from pymodbus import FramerType
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient


class BadRequest(ValueError):
    """A request the bridge refuses before touching any bus (answered 400)."""


# Per-request timeouts when the bus settings carry none: the SDK's ModbusConfig defaults.
DEFAULT_TCP_TIMEOUT = 2.0
DEFAULT_SERIAL_TIMEOUT = 0.3
PARITY = {"n": "N", "none": "N", "e": "E", "even": "E", "o": "O", "odd": "O"}
SERIAL_METHODS = {"rtu": FramerType.RTU, "ascii": FramerType.ASCII}
TCP_METHODS = {"": FramerType.SOCKET, "socket": FramerType.SOCKET, "tcp": FramerType.SOCKET}
TCP_METHODS.update({"rtu": FramerType.RTU, "ascii": FramerType.ASCII})


@dataclass(frozen=True)
class EthernetSettings:
    ip: str
    port: int
    timeout: float = DEFAULT_TCP_TIMEOUT
    method: str = "socket"

    def __post_init__(self) -> None:
        if not self.ip:
            raise BadRequest("ethernet bus settings need an ip")
        if not 1 <= self.port <= 65535:
            raise BadRequest(f"ethernet port must be 1-65535, not {self.port}")
        if self.method not in TCP_METHODS:
            raise BadRequest(f"ethernet modbus_method must be socket, rtu or ascii, not {self.method!r}")
        _check_timeout(self.timeout)

    @property
    def label(self) -> str:
        return f"tcp:{self.ip}:{self.port}"

    def client(self) -> AsyncModbusTcpClient:
        return AsyncModbusTcpClient(
            self.ip,
            port=self.port,
            framer=TCP_METHODS[self.method],
            timeout=self.timeout,
            retries=0,
            reconnect_delay=0,  # the bus reconnects on the next request, not in the background
        )


@dataclass(frozen=True)
class SerialSettings:
    port: str
    baud: int = 9600
    method: str = "rtu"
    data_bits: int = 8
    parity: str = "N"
    stop_bits: int = 1
    timeout: float = DEFAULT_SERIAL_TIMEOUT

    def __post_init__(self) -> None:
        if not self.port:
            raise BadRequest("serial bus settings need a port (e.g. /dev/ttyUSB0)")
        if self.baud <= 0:
            raise BadRequest(f"serial baud must be positive, not {self.baud}")
        if self.method not in SERIAL_METHODS:
            raise BadRequest(f"serial modbus_method must be rtu or ascii, not {self.method!r}")
        if self.data_bits not in (7, 8):
            raise BadRequest(f"serial data_bits must be 7 or 8, not {self.data_bits}")
        if self.parity not in ("N", "E", "O"):
            raise BadRequest(f"serial parity must be N/E/O or None/Even/Odd, not {self.parity!r}")
        if self.stop_bits not in (1, 2):
            raise BadRequest(f"serial stop_bits must be 1 or 2, not {self.stop_bits}")
        _check_timeout(self.timeout)

    @property
    def label(self) -> str:
        return f"serial:{self.port}"

    def client(self) -> AsyncModbusSerialClient:
        return AsyncModbusSerialClient(
            self.port,
            framer=SERIAL_METHODS[self.method],
            baudrate=self.baud,
            bytesize=self.data_bits,
            parity=self.parity,
            stopbits=self.stop_bits,
            timeout=self.timeout,
            retries=0,
            reconnect_delay=0,
        )


BusSettings = EthernetSettings | SerialSettings


def _check_timeout(timeout: float) -> None:
    if not 0 < timeout <= 60:
        raise BadRequest(f"timeout must be between 0 and 60 seconds, not {timeout}")


def parse_parity(parity: str | None) -> str:
    """``N``/``E``/``O`` and the config's ``None``/``Even``/``Odd`` (any case); empty means none."""
    if not parity:
        return "N"
    try:
        return PARITY[parity.strip().lower()]
    except KeyError:
        raise BadRequest(f"serial parity must be N/E/O or None/Even/Odd, not {parity!r}") from None
