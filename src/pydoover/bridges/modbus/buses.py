"""Modbus buses for the local Modbus bridge: named pymodbus clients, opened lazily, one at a time.

    buses = BusManager()
    buses.open("meter", EthernetSettings("127.0.0.1", 5020))   # never fails for reachability
    values = await buses.read("meter", unit=1, register_type=4, address=100, count=2)
    await buses.write("meter", unit=1, register_type=4, address=100, values=[7])
    buses.close()

A bus is its settings plus a pymodbus async client that is created and connected on the first
request and reconnected on a later one after the connection is lost. Requests to one bus are
serialised by the bus's lock (a serial line is half-duplex, and a Modbus TCP gateway in front of
one is too), while different buses run in parallel.

Failures are results: a timeout, a refused connection or a Modbus exception response raises a
:class:`BusError` (with the Modbus exception code when the device sent one), and the bus stays
usable for the next request. After a connect that timed out (a device that is off or black-holed),
requests within ``CONNECT_BACKOFF_S`` fail at once with that failure instead of each waiting out
another connect timeout behind the bus lock.

``register_type`` follows the Doover convention: 1 coil, 2 discrete input, 3 input register,
4 holding register (the SDK default).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException

from ...utils.modbus_codes import CODE_NO_BUS, CODE_TIMEOUT, CODE_UNREACHABLE, exception_name
from .bus_settings import BadRequest, BusSettings

log = logging.getLogger(__name__)

COIL, DISCRETE_INPUT, INPUT_REGISTER, HOLDING_REGISTER = 1, 2, 3, 4
REGISTER_TYPES = {
    COIL: "coil",
    DISCRETE_INPUT: "discrete input",
    INPUT_REGISTER: "input register",
    HOLDING_REGISTER: "holding register",
}
WRITABLE = (COIL, HOLDING_REGISTER)
MAX_COUNT = {COIL: 2000, DISCRETE_INPUT: 2000, INPUT_REGISTER: 125, HOLDING_REGISTER: 125}
MAX_WRITE = {COIL: 1968, HOLDING_REGISTER: 123}

# Extra attempts after a timeout or a lost connection when a request does not say (1.x ``retries``
# unset); a Modbus exception answer is never retried.
DEFAULT_RETRIES = 1
# How long a connect timeout is the answer for the bus, before the next request tries again.
CONNECT_BACKOFF_S = 3.0


class BusError(Exception):
    """A request that did not get its answer; ``code`` is the Modbus exception code if any."""

    def __init__(self, message: str, code: int = CODE_UNREACHABLE, exception_code: int | None = None):
        super().__init__(message)
        self.code = code
        self.exception_code = exception_code


class BusTimeout(BusError):
    def __init__(self, message: str):
        super().__init__(message, CODE_TIMEOUT)


class BusUnavailable(BusError):
    def __init__(self, message: str):
        super().__init__(message, CODE_UNREACHABLE)


class DeviceException(BusError):
    """The device answered with a Modbus exception response."""

    def __init__(self, message: str, exception_code: int):
        super().__init__(message, exception_code, exception_code)


class BusNotFound(BusError):
    def __init__(self, bus_id: str):
        super().__init__(f"no bus {bus_id!r} is open (open it with openBus, or send bus settings)", CODE_NO_BUS)


# --------------------------------------------------------------------------- buses


@dataclass
class BusStatus:
    bus_id: str
    open: bool
    connected: bool
    settings: BusSettings
    last_error: str | None = None
    requests: int = 0
    failures: int = 0

    def describe(self) -> str:
        state = "connected" if self.connected else "not connected"
        text = f"bus {self.bus_id!r} ({self.settings.label}) is open, {state}"
        if self.last_error:
            text += f"; last error: {self.last_error}"
        return text


@dataclass
class Bus:
    bus_id: str
    settings: BusSettings
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    client: AsyncModbusTcpClient | AsyncModbusSerialClient | None = None
    last_error: str | None = None
    requests: int = 0
    failures: int = 0
    closed: bool = False
    connect_failure: BusError | None = None
    connect_failed_at: float = 0.0

    @property
    def connected(self) -> bool:
        return self.client is not None and bool(self.client.connected)

    def status(self) -> BusStatus:
        return BusStatus(
            self.bus_id, not self.closed, self.connected, self.settings, self.last_error, self.requests, self.failures
        )

    async def _connect(self) -> None:
        if self.client is None:
            try:
                self.client = self.settings.client()
            except Exception as exc:  # e.g. pyserial missing for a serial bus
                raise BusUnavailable(f"cannot create a client for {self.settings.label}: {exc}") from None
        if self.client.connected:
            return
        since = time.monotonic() - self.connect_failed_at
        if self.connect_failure is not None and since < CONNECT_BACKOFF_S:
            failure = type(self.connect_failure)(
                f"{self.connect_failure} ({since:.1f} s ago; the next try is in {CONNECT_BACKOFF_S - since:.1f} s)"
            )
            raise failure
        try:
            await self._connect_now()
        except BusTimeout as exc:  # a refusal is quick to learn again; a silent device is not
            self.connect_failure, self.connect_failed_at = exc, time.monotonic()
            raise
        self.connect_failure = None

    async def _connect_now(self) -> None:
        """Connect once: refused (or unopenable) is BusUnavailable (503), no answer in time BusTimeout (504)."""
        wait = max(self.settings.timeout, 1.0)
        started = time.monotonic()
        try:
            ok = await asyncio.wait_for(self.client.connect(), wait)
        except TimeoutError:
            ok = False
        except Exception as exc:
            raise BusUnavailable(f"cannot connect to {self.settings.label}: {exc}") from None
        if ok:
            return
        # pymodbus answers False both when refused (at once) and when nothing answers (after its timeout).
        if time.monotonic() - started >= 0.9 * min(self.settings.timeout, wait):
            raise BusTimeout(f"cannot connect to {self.settings.label}: no answer within {self.settings.timeout:g} s")
        raise BusUnavailable(f"cannot connect to {self.settings.label} (refused: nothing listens there)")

    async def call(self, what: str, request: Callable[[], Awaitable], retries: int) -> object:
        """Run one pymodbus request under the bus lock; retry timeouts and lost connections."""
        if self.closed:
            raise BusNotFound(self.bus_id)
        async with self.lock:
            self.requests += 1
            attempt = 0
            while True:
                try:
                    result = await self._once(what, request)
                except DeviceException as exc:
                    self._failed(exc)
                    raise
                except BusError as exc:
                    if attempt < retries and not self.closed and exc is not self.connect_failure:
                        attempt += 1
                        continue
                    self._failed(exc)
                    raise
                self.last_error = None
                return result

    async def _once(self, what: str, request: Callable[[], Awaitable]) -> object:
        await self._connect()
        where = f"{what} on bus {self.bus_id!r} ({self.settings.label})"
        try:
            # pymodbus bounds the wait itself; the outer bound only guards against a stuck transport.
            response = await asyncio.wait_for(request(), self.settings.timeout + 2.0)
        except (TimeoutError, ModbusIOException):
            raise BusTimeout(f"{where}: no answer within {self.settings.timeout:g} s") from None
        except ConnectionException as exc:
            self._drop()
            raise BusUnavailable(f"{where}: connection lost ({exc})") from None
        except ModbusException as exc:
            self._drop()
            raise BusUnavailable(f"{where}: {exc}") from None
        if response.isError():
            code = int(getattr(response, "exception_code", 0) or 0)
            name = exception_name(code)
            raise DeviceException(f"{where}: the device answered Modbus exception {code} ({name})", code)
        return response

    def _failed(self, exc: BusError) -> None:
        self.failures += 1
        self.last_error = str(exc)

    def _drop(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:  # closing a half-dead transport must not mask the real error
                log.debug("closing the client of bus %s failed", self.bus_id, exc_info=True)

    def close(self) -> None:
        self.closed = True
        self._drop()
        self.client = None


class BusManager:
    """The named buses of one bridge."""

    def __init__(self) -> None:
        self.buses: dict[str, Bus] = {}
        self._scheduled: set[asyncio.Task] = set()

    # -- opening and closing --------------------------------------------------------------

    def open(self, bus_id: str, settings: BusSettings) -> Bus:
        """Open (or re-open with new settings) ``bus_id``. Never connects, so never fails on reachability."""
        if not bus_id:
            raise BadRequest("bus_id is required")
        bus = self.buses.get(bus_id)
        if bus is not None and bus.settings == settings:
            return bus
        if bus is not None:
            bus.close()
        bus = self.buses[bus_id] = Bus(bus_id, settings)
        log.info("opened modbus bus %s (%s)", bus_id, settings.label)
        return bus

    def resolve(self, bus_id: str, settings: BusSettings | None = None) -> Bus:
        """The bus for a request: by id, or (1.x) by the settings it carries, opened on demand.

        With settings, ``bus_id`` is only a label: a bus already open with the same settings is
        reused (so two apps on one serial line share its lock), else one is opened under the
        label ``bus_id`` or, when that is empty or names other settings, ``tcp:ip:port`` /
        ``serial:port``.
        """
        if settings is None:
            bus = self.buses.get(bus_id)
            if bus is None:
                raise BusNotFound(bus_id)
            return bus
        for bus in self.buses.values():
            if bus.settings == settings:
                return bus
        label = bus_id if bus_id and bus_id not in self.buses else settings.label
        return self.open(label, settings)

    def close_bus(self, bus_id: str) -> None:
        bus = self.buses.pop(bus_id, None)
        if bus is None:
            raise BusNotFound(bus_id)
        bus.close()
        log.info("closed modbus bus %s", bus_id)

    def close(self) -> None:
        for task in self._scheduled:
            task.cancel()
        self._scheduled.clear()
        for bus in self.buses.values():
            bus.close()
        self.buses.clear()

    # -- status -----------------------------------------------------------------------------

    def status(self, bus_id: str) -> BusStatus:
        bus = self.buses.get(bus_id)
        if bus is None:
            raise BusNotFound(bus_id)
        return bus.status()

    def list(self) -> list[BusStatus]:
        return [bus.status() for bus in self.buses.values()]

    # -- requests ----------------------------------------------------------------------------

    async def read(
        self,
        bus_id: str,
        unit: int,
        register_type: int,
        address: int,
        count: int,
        settings: BusSettings | None = None,
        retries: int | None = None,
    ) -> list[int] | list[bool]:
        _check_request(unit, register_type, address)
        limit = MAX_COUNT[register_type]
        if not 1 <= count <= limit:
            raise BadRequest(f"count must be 1-{limit} for {REGISTER_TYPES[register_type]}s, not {count}")
        bus = self.resolve(bus_id, settings)
        client = lambda: bus.client  # noqa: E731 - the client exists only once the bus connects
        calls = {
            COIL: lambda: client().read_coils(address, count=count, device_id=unit),
            DISCRETE_INPUT: lambda: client().read_discrete_inputs(address, count=count, device_id=unit),
            INPUT_REGISTER: lambda: client().read_input_registers(address, count=count, device_id=unit),
            HOLDING_REGISTER: lambda: client().read_holding_registers(address, count=count, device_id=unit),
        }
        what = f"reading {count} {REGISTER_TYPES[register_type]}(s) at {address} from unit {unit}"
        response = await bus.call(what, calls[register_type], _retries(retries))
        if register_type in (COIL, DISCRETE_INPUT):
            return [bool(bit) for bit in response.bits[:count]]
        return list(response.registers[:count])

    async def write(
        self,
        bus_id: str,
        unit: int,
        register_type: int,
        address: int,
        values: Sequence[int | bool],
        settings: BusSettings | None = None,
        retries: int | None = None,
        single: bool = False,
    ) -> None:
        """Write ``values`` from ``address``; ``single`` uses function 5/6 (one value) instead of 15/16."""
        bits, words = self._check_write(unit, register_type, address, values, single)
        bus = self.resolve(bus_id, settings)
        what = f"writing {len(values)} {REGISTER_TYPES[register_type]}(s) at {address} to unit {unit}"
        if register_type == COIL and single:
            call = lambda: bus.client.write_coil(address, bits[0], device_id=unit)  # noqa: E731
        elif register_type == COIL:
            call = lambda: bus.client.write_coils(address, bits, device_id=unit)  # noqa: E731
        elif single:
            call = lambda: bus.client.write_register(address, words[0], device_id=unit)  # noqa: E731
        else:
            call = lambda: bus.client.write_registers(address, words, device_id=unit)  # noqa: E731
        await bus.call(what, call, _retries(retries))

    def schedule_write(
        self,
        delay: float,
        bus_id: str,
        unit: int,
        register_type: int,
        address: int,
        values: Sequence[int],
        settings: BusSettings | None = None,
    ) -> Bus:
        """Check the write now, run it after ``delay`` seconds in the background; returns the bus."""
        if delay < 0:
            raise BadRequest(f"delay_secs must not be negative, not {delay}")
        self._check_write(unit, register_type, address, values, False)
        bus = self.resolve(bus_id, settings)

        async def later() -> None:
            await asyncio.sleep(delay)
            try:
                await self.write(bus.bus_id, unit, register_type, address, values, bus.settings)
            except BusError as exc:  # already recorded as the bus's last error
                log.warning("scheduled write failed: %s", exc)
            except Exception:
                log.exception("scheduled write failed")

        task = asyncio.get_running_loop().create_task(later())
        self._scheduled.add(task)
        task.add_done_callback(self._scheduled.discard)
        return bus

    @staticmethod
    def _check_write(
        unit: int, register_type: int, address: int, values: Sequence[int | bool], single: bool
    ) -> tuple[list[bool], list[int]]:
        _check_request(unit, register_type, address)
        if register_type not in WRITABLE:
            raise BadRequest(
                f"{REGISTER_TYPES[register_type]}s are read-only; write coils (1) or holding registers (4)"
            )
        limit = 1 if single else MAX_WRITE[register_type]
        if not 1 <= len(values) <= limit:
            raise BadRequest(f"write 1-{limit} {REGISTER_TYPES[register_type]}(s) at once, not {len(values)}")
        if register_type == COIL:
            return [bool(v) for v in values], []
        for value in values:
            if not -32768 <= int(value) <= 65535:
                raise BadRequest(f"register value {value} does not fit 16 bits (-32768..65535)")
        return [], [int(v) & 0xFFFF for v in values]


def _check_request(unit: int, register_type: int, address: int) -> None:
    if register_type not in REGISTER_TYPES:
        raise BadRequest(
            f"register_type must be 1 (coil), 2 (discrete input), 3 (input register) or 4 (holding register), "
            f"not {register_type}"
        )
    if not 0 <= unit <= 255:
        raise BadRequest(f"modbus_id must be 0-255, not {unit}")
    if not 0 <= address <= 65535:
        raise BadRequest(f"address must be 0-65535, not {address}")


def _retries(retries: int | None) -> int:
    if retries is None:
        return DEFAULT_RETRIES
    if retries < 0:
        raise BadRequest(f"retries must not be negative, not {retries}")
    return min(retries, 10)
