"""Talking to the Modbus bridge for `doover modbus`: raw reads and writes on the chosen bus.

    with Session(bridge, bus) as session:
        reading = session.read(span)                 # registers and decoded values
        session.write(span, [0x01F4])

The bridge's refusals become one-line errors with the documented exit codes: a Modbus exception
answer exits 1 naming the code and its meaning, a unit that does not answer exits 4, an unknown
bus or a malformed request exits 2. Imported only when a command runs (it loads grpc).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydoover.docker.errors import BridgeRejectedError
from pydoover.docker.grpc_interface import Call
from pydoover.docker.modbus.interface import ModbusInterface
from pydoover.utils.modbus_codes import (
    CODE_BAD_REQUEST,
    CODE_NO_BUS,
    CODE_TIMEOUT,
    CODE_UNREACHABLE,
    NO_DEVICE_EXCEPTIONS,
    exception_name,
)

from .. import exit_codes
from ..command_target import Target
from ..errors import CLIError, UsageError, from_bridge_error
from .modbus_render import Reading
from .modbus_support import REGISTER_TYPE, BusChoice, Span, where_text
from .modbus_values import shortest_f32

T = TypeVar("T")


def exception_text(code: int) -> str:
    return f"Modbus exception 0x{code:02X} ({exception_name(code)})"


class DeviceError(CLIError):
    """A request the bus or the unit failed: an exception answer (``code`` 1-255), no answer (504),
    or no connection to the device (503)."""

    def __init__(self, message: str, exit_code: int, code: int):
        super().__init__(message, exit_code)
        self.code = code

    @property
    def nobody_there(self) -> bool:
        """No unit answered: a timeout, or a gateway's 0x0A/0x0B."""
        return self.code == CODE_TIMEOUT or self.code in NO_DEVICE_EXCEPTIONS


class _Interface(ModbusInterface):
    """The SDK client, remembering the open buses the bridge listed with its last refusal."""

    last_buses: tuple[str, ...] = ()

    def on_rejected(self, stub_call: str, response: Any, call: Call) -> None:
        super().on_rejected(stub_call, response, call)
        self.last_buses = tuple(status.bus_id for status in response.response_header.bus_status)


class Session:
    """One bridge connection and one bus; ``default_timeout`` is the on-the-fly bus's timeout
    when ``--timeout`` is not given (scan uses a short one)."""

    def __init__(self, target: Target, bus: BusChoice, default_timeout: float | None = None):
        self.bus = bus
        self.settings = bus.config(default_timeout)
        # One client per bridge for a whole `doover shell` session (closing it is then a no-op).
        self.iface = target.client("modbus", kind=_Interface)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info) -> None:
        self.iface.close()

    def _bus(self) -> dict:
        return {"bus_id": self.bus.name, "bus": self.settings}

    def read_raw(self, unit: int, table: str, address: int, count: int, retries: int | None = None) -> list[int]:
        """``count`` registers (or bits, as 0/1) from ``address``: the one read path of every command."""
        values = self._call(
            unit,
            f"reading {where_text(table, address, count)}",
            lambda: self.iface.read_registers(
                modbus_id=unit,
                start_address=address,
                num_registers=count,
                register_type=REGISTER_TYPE[table],
                retries=retries,
                **self._bus(),
            ),
        )
        return [int(values)] if isinstance(values, int) else [int(v) for v in values or []]

    def read(self, span: Span, retries: int | None = None) -> Reading:
        return Reading(span, self.read_raw(span.unit, span.table, span.address, span.registers, retries))

    def write(self, span: Span, registers: list[int]) -> None:
        self._call(
            span.unit,
            f"writing {span.where()}",
            lambda: self.iface.write_registers(
                modbus_id=span.unit,
                start_address=span.address,
                values=registers,
                register_type=span.register_type,
                **self._bus(),
            ),
        )

    def buses(self) -> list[dict[str, Any]]:
        """The bridge's buses as records (see :func:`bus_record`)."""
        return [bus_record(status) for status in self._call(0, "listing buses", self.iface.list_buses) or []]

    def _call(self, unit: int, doing: str, call: Callable[[], T]) -> T:
        started = time.monotonic()
        try:
            return call()
        except BridgeRejectedError as exc:
            raise self._failure(exc, unit, doing, time.monotonic() - started) from None

    def _failure(self, exc: BridgeRejectedError, unit: int, doing: str, waited: float = 0.0) -> CLIError:
        code, bus = exc.code or 0, self.bus.label
        if 1 <= code <= 255:
            return DeviceError(f"unit {unit} answered {doing} with {exception_text(code)}", exit_codes.FAILED, code)
        if code == CODE_TIMEOUT:
            within = re.search(r"no answer within [\d.]+ s", exc.detail)
            detail = f" (waited {waited:.1f} s" + (f"; {within.group(0)} per try)" if within else ")")
            message = f"unit {unit} did not answer {doing} on bus {bus}{detail}"
            return DeviceError(message, exit_codes.TIMEOUT, code)
        if code == CODE_UNREACHABLE:
            return DeviceError(f"bus {bus} cannot reach its device: {exc.detail}", exit_codes.FAILED, code)
        if code == CODE_NO_BUS:
            open_buses = ", ".join(self.iface.last_buses) or "none"
            return UsageError(
                f"the bridge has no bus {self.bus.name!r} (open: {open_buses}); see `doover modbus buses`, "
                "or reach a device directly with --tcp HOST:PORT or --serial PORT"
            )
        if code == CODE_BAD_REQUEST:
            return UsageError(f"the Modbus bridge refused the request: {exc.detail}")
        return from_bridge_error(exc)


def bus_record(status: Any) -> dict[str, Any]:
    """One bus of ``list_buses()``: ``settings`` is ``tcp:127.0.0.1:5000`` or ``serial:/dev/ttyUSB0 9600 8N1 rtu``."""
    record: dict[str, Any] = {"bus": status.bus_id, "open": bool(status.open)}
    if status.HasField("ethernet_settings"):
        tcp = status.ethernet_settings
        timeout = shortest_f32(tcp.timeout) if tcp.HasField("timeout") else None
        return record | {"kind": "tcp", "settings": f"tcp:{tcp.ip}:{tcp.port}", "timeout": timeout}
    if status.HasField("serial_settings"):
        line = status.serial_settings
        frame = f"{line.data_bits or 8}{line.parity or 'N'}{line.stop_bits or 1}"
        text = f"serial:{line.port} {line.baud} {frame} {line.modbus_method or 'rtu'}"
        timeout = shortest_f32(line.timeout) if line.HasField("timeout") else None
        return record | {"kind": "serial", "settings": text, "timeout": timeout}
    return record | {"kind": None, "settings": "", "timeout": None}
