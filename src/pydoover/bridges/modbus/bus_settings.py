"""Settings of one Modbus bus (ethernet or serial), checked, and turned into a pymodbus client.

A serial port is a device path (``/dev/ttyUSB0``, ``COM3``) or a pyserial URL: ``socket://host:port``
speaks the serial framing (RTU or ASCII) over a raw TCP connection, as to a serial device server
in "raw" mode, and ``rfc2217://host:port`` to one that speaks RFC 2217.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

try:
    import termios
except ImportError:  # not POSIX
    termios = None  # type: ignore[assignment]

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
# The URL schemes pyserial's serial_for_url knows; socket and rfc2217 reach a port over the network.
SERIAL_URL_SCHEMES = ("socket", "rfc2217", "loop", "spy", "alt", "hwgrep", "cp2110")
NETWORK_SCHEMES = ("socket", "rfc2217")
# What opening a port raises when it exists but refuses the settings (pyserial: ValueError).
LINE_SETTINGS_ERRORS = (ValueError, termios.error) if termios else (ValueError,)


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
        _check_serial_url(self.port)
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

    @property
    def line(self) -> str:
        """The line settings in the usual short form, e.g. ``9600 8N1``."""
        return f"{self.baud} {self.data_bits}{self.parity}{self.stop_bits}"

    def client(self) -> SerialClient:
        return SerialClient(
            self.port,
            line=self.line,
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


class SerialClient(AsyncModbusSerialClient):
    """pymodbus's serial client, except that a port it cannot open raises OSError saying why.

    pymodbus logs why a serial port did not open and answers False; the bridge answers the
    reason instead (no such port, no permission, in use, refused line settings), naming the port.
    """

    def __init__(self, port: str, *, line: str = "", **kwargs) -> None:
        super().__init__(port, **kwargs)
        self.serial_port = port
        self.line_settings = line

    async def connect(self) -> bool:
        port = self.serial_port
        if port.startswith("/") and not os.path.exists(port):
            raise FileNotFoundError(f"no serial port {port} (is the adapter plugged in?)")
        failures: list[Exception] = []
        create = getattr(self.ctx, "call_create", None)  # pymodbus's transport factory: see its error
        if create is not None:

            async def create_noting_failure():
                try:
                    return await create()
                except Exception as exc:
                    failures.append(exc)
                    raise

            self.ctx.call_create = create_noting_failure
        try:
            connected = await super().connect()
        except LINE_SETTINGS_ERRORS as exc:  # the port opened, then refused these settings
            raise OSError(f"serial port {port} refuses the line settings {self.line_settings}: {exc}") from None
        finally:
            if create is not None:
                self.ctx.call_create = create
        if connected or not failures or not isinstance(failures[0], OSError):
            return connected
        failure = cast(OSError, failures[0])  # checked just above
        text = failure.strerror or str(failure)  # pyserial: "could not open port /dev/ttyS9: [Errno 13] ..."
        if failure.errno == errno.EACCES:
            text += " (may this user open it? e.g. add it to the dialout group)"
        elif failure.errno in (errno.EAGAIN, errno.EBUSY):
            text += " (another program has it open)"
        if port not in text:
            text = f"serial port {port}: {text}"
        raise OSError(text)  # one argument: the message reads without an "[Errno n]" prefix


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


def _check_serial_url(port: str) -> None:
    """A pyserial URL port must name a scheme pyserial knows, and a network one its host:port."""
    if "://" not in port:
        return
    scheme = port.split("://", 1)[0].lower()
    if scheme == "loop":
        raise BadRequest(
            f"serial port {port!r}: loop:// echoes every request back as its own answer, so no Modbus device "
            "can answer on it; use a real port, or socket://host:port for a device server"
        )
    if scheme not in SERIAL_URL_SCHEMES:
        raise BadRequest(
            f"serial port {port!r}: a URL port must be socket://host:port or rfc2217://host:port "
            f"(pyserial also knows {', '.join(s + '://' for s in SERIAL_URL_SCHEMES[2:])})"
        )
    if scheme in NETWORK_SCHEMES:
        try:
            parts = urlsplit(port)
            ok = bool(parts.hostname) and parts.port is not None
        except ValueError:
            ok = False
        if not ok:
            raise BadRequest(f"serial port {port!r} needs a host and a port, e.g. {scheme}://192.168.1.50:4001")
