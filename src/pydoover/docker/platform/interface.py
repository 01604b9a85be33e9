"""PlatformInterface: the SDK client of the Platform (device I/O) bridge.

    iface = PlatformInterface("my_app")
    iface.set_do([0, 1], True)           # or: await iface.set_do([0, 1], True)
    level_ma = iface.get_ai(0)           # one pin -> a value; several -> a list in pin order

The classic surface of sdk-contract.md §4.2 plus the 1.x names (``fetch_di`` = ``get_di`` ...).
Every rpc-backed method is one effect-yielding generator; :class:`dual_method` makes the plain
and awaitable faces and the ``_async`` twin. Pulse and event counters live in ``counters.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..._grpc import platform_iface_pb2 as pb
from ..._grpc import platform_iface_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ...utils.dual import dual_method
from ..grpc_interface import UNIMPLEMENTED, Call, Effects, GRPCInterface
from .counters import EventCounter, PulseCallback, PulseCounter, edge_flags
from .layout import IoLayout
from .values import (
    IoEvent,
    Location,
    cast_pins,
    check_delay,
    device_from_table,
    pair_pins,
    to_event,
    to_location,
)

DEFAULT_PLT_URI = endpoint("platform").default_uri


class PlatformInterface(GRPCInterface):
    """Client of the Platform bridge: digital/analog I/O, power, location, events, counters.

    A failed call returns None (``(None, [])`` for ``get_di_events``) and logs one line; with
    ``raise_on_error=True`` it raises a :class:`~pydoover.docker.BridgeError` instead.
    """

    stub = pb_grpc.platformIfaceStub
    bridge_name = "Platform"
    header_message_field = "message"

    def __init__(
        self,
        app_key: str | None = None,
        plt_uri: str = DEFAULT_PLT_URI,
        is_async: bool | None = None,
        timeout: float = 7,
        raise_on_error: bool = False,
    ):
        super().__init__(app_key, plt_uri or DEFAULT_PLT_URI, is_async, timeout, raise_on_error)
        self.counters: set[PulseCounter | EventCounter] = set()

    # -- I/O ----------------------------------------------------------------------------

    @dual_method
    def test_comms(self, message: str = "Comms Check Message") -> Effects[str | None]:
        """The bridge's echo of ``message``: ``iface.test_comms("hi") == "hi"``."""
        return (yield Call("TestComms", pb.TestCommsRequest(message=message), field="response"))

    test_comms_async = test_comms.twin()

    @dual_method
    def get_di(self, *di: int) -> Effects[bool | list[bool] | None]:
        """Digital inputs: ``iface.get_di(0)`` -> bool, ``iface.get_di(0, 1)`` -> ``[bool, bool]``."""
        return (yield Call("getDI", pb.getDIRequest(di=cast_pins(di)), field="di"))

    get_di_async = get_di.twin()

    @dual_method
    def get_ai(self, *ai: int) -> Effects[float | list[float] | None]:
        """Analog inputs in their engineering unit (mA for 4-20 mA inputs): ``iface.get_ai(0)``."""
        return (yield Call("getAI", pb.getAIRequest(ai=cast_pins(ai)), field="ai"))

    get_ai_async = get_ai.twin()

    @dual_method
    def get_do(self, *do: int) -> Effects[bool | list[bool] | None]:
        """Digital output states: ``iface.get_do(0)`` -> bool."""
        return (yield Call("getDO", pb.getDORequest(do=cast_pins(do)), field="do"))

    get_do_async = get_do.twin()

    @dual_method
    def get_ao(self, *ao: int) -> Effects[float | list[float] | None]:
        """Analog output values: ``iface.get_ao(0)`` -> float."""
        return (yield Call("getAO", pb.getAORequest(ao=cast_pins(ao)), field="ao"))

    get_ao_async = get_ao.twin()

    @dual_method
    def get_do_current(self, *do: int) -> Effects[float | list[float] | None]:
        """1.x: load current through digital outputs (A): ``iface.get_do_current(0)``."""
        return (yield Call("getDOCurrent", pb.getDOCurrentRequest(do=cast_pins(do)), field="current"))

    get_do_current_async = get_do_current.twin()

    @dual_method
    def set_do(self, do: int | Iterable[int], value: Any) -> Effects[bool | list[bool] | None]:
        """Set digital outputs: ``iface.set_do([0, 1], True)`` or ``iface.set_do([0, 1], [True, False])``."""
        pins, values = pair_pins(do, value, bool)
        return (yield Call("setDO", pb.setDORequest(do=pins, value=values), field="do"))

    set_do_async = set_do.twin()

    @dual_method
    def set_ao(self, ao: int | Iterable[int], value: Any) -> Effects[float | list[float] | None]:
        """Set analog outputs: ``iface.set_ao(0, 12.5)``."""
        pins, values = pair_pins(ao, value, float)
        return (yield Call("setAO", pb.setAORequest(ao=pins, value=values), field="ao"))

    set_ao_async = set_ao.twin()

    @dual_method
    def schedule_do(self, do: int | Iterable[int], value: Any, in_secs: int) -> Effects[bool | list[bool] | None]:
        """Set digital outputs ``in_secs`` seconds from now: ``iface.schedule_do(0, True, 10)``."""
        delay = check_delay(in_secs)
        pins, values = pair_pins(do, value, bool)
        request = pb.scheduleDORequest(do=pins, value=values, time_secs=delay)
        return (yield Call("scheduleDO", request, field="do"))

    schedule_do_async = schedule_do.twin()

    @dual_method
    def schedule_ao(self, ao: int | Iterable[int], value: Any, in_secs: int) -> Effects[float | list[float] | None]:
        """Set analog outputs ``in_secs`` seconds from now: ``iface.schedule_ao(0, 4.0, 10)``."""
        delay = check_delay(in_secs)
        pins, values = pair_pins(ao, value, float)
        request = pb.scheduleAORequest(ao=pins, value=values, time_secs=delay)
        return (yield Call("scheduleAO", request, field="ao"))

    schedule_ao_async = schedule_ao.twin()

    def _io_table(self) -> Effects[dict[str, Any] | None]:
        table = yield Call("getIoTable", pb.getIoTableRequest(), field="io_table")
        return None if table is None else json.loads(table or "{}")

    @dual_method
    def get_io_table(self) -> Effects[dict[str, Any] | None]:
        """The flat I/O table: ``iface.get_io_table()`` -> ``{"DI": [0, 1, ...], "DO": [...], ...}``."""
        return (yield from self._io_table())

    get_io_table_async = get_io_table.twin()

    def _io_details(self) -> Effects[list[pb.IoDeviceDetail] | None]:
        devices = yield Call("getIoDetails", pb.getIoDetailsRequest(), field="devices", unwrap=False, optional=True)
        if devices is UNIMPLEMENTED:
            table = yield from self._io_table()
            return None if table is None else [device_from_table(table)]
        return devices

    @dual_method
    def fetch_io_details(self) -> Effects[list[pb.IoDeviceDetail] | None]:
        """1.x: the devices (master first) and their channels; built from the I/O table on old bridges."""
        return (yield from self._io_details())

    fetch_io_details_async = fetch_io_details.twin()

    @dual_method
    def fetch_layout(self) -> Effects[IoLayout | None]:
        """The device's pins with kind and units: ``iface.fetch_layout().units("ai", 0)`` -> ``"mA"``."""
        devices = yield from self._io_details()
        return None if devices is None else IoLayout.from_details(devices)

    fetch_layout_async = fetch_layout.twin()

    # -- system ---------------------------------------------------------------------------

    @dual_method
    def get_system_voltage(self) -> Effects[float | None]:
        """Input (supply) voltage in volts: ``iface.get_system_voltage()``."""
        return (yield Call("getInputVoltage", pb.getInputVoltageRequest(), field="voltage"))

    get_system_voltage_async = get_system_voltage.twin()

    @dual_method
    def get_system_power(self) -> Effects[float | None]:
        """System power draw in watts: ``iface.get_system_power()``."""
        return (yield Call("getSystemPower", pb.getSystemPowerRequest(), field="power_watts"))

    get_system_power_async = get_system_power.twin()

    @dual_method
    def get_system_temperature(self) -> Effects[float | None]:
        """System temperature in °C: ``iface.get_system_temperature()``."""
        return (yield Call("getTemperature", pb.getTemperatureRequest(), field="temperature"))

    get_system_temperature_async = get_system_temperature.twin()

    @dual_method
    def get_location(self) -> Effects[Location | None]:
        """The position fix: ``iface.get_location()`` -> :class:`Location`, or None without a fix."""
        return to_location((yield Call("getLocation", pb.getLocationRequest())))

    get_location_async = get_location.twin()

    @dual_method
    def reboot(self) -> Effects[pb.rebootResponse | None]:
        """Ask the platform to reboot the device (apps should prefer the shutdown flow): ``iface.reboot()``."""
        return (yield Call("reboot", pb.rebootRequest()))

    reboot_async = reboot.twin()

    @dual_method
    def shutdown(self) -> Effects[pb.shutdownResponse | None]:
        """Ask the platform to power the device down: ``iface.shutdown()``."""
        return (yield Call("shutdown", pb.shutdownRequest()))

    shutdown_async = shutdown.twin()

    @dual_method
    def sync_rtc(self) -> Effects[pb.syncRtcTimeResponse | None]:
        """Sync the real-time clock with system time: ``iface.sync_rtc()``."""
        return (yield Call("syncRtcTime", pb.syncRtcTimeRequest()))

    sync_rtc_async = sync_rtc.twin()

    @dual_method
    def get_immunity_seconds(self) -> Effects[int | None]:
        """Seconds the device still ignores shutdown requests: ``iface.get_immunity_seconds()``."""
        return (yield Call("getShutdownImmunity", pb.getShutdownImmunityRequest(), field="immunity_secs"))

    get_immunity_seconds_async = get_immunity_seconds.twin()

    @dual_method
    def set_immunity_seconds(self, immunity_secs: int) -> Effects[int | None]:
        """Ignore shutdown requests for ``immunity_secs``: ``iface.set_immunity_seconds(120)``."""
        request = pb.setShutdownImmunityRequest(immunity_secs=int(immunity_secs))
        return (yield Call("setShutdownImmunity", request, field="immunity_secs"))

    set_immunity_seconds_async = set_immunity_seconds.twin()

    @dual_method
    def schedule_startup(self, time_secs: float) -> Effects[float | None]:
        """Power the device up ``time_secs`` after it shuts down: ``iface.schedule_startup(3600)``."""
        request = pb.scheduleStartupRequest(time_secs=time_secs)
        return (yield Call("scheduleStartup", request, field="time_secs"))

    schedule_startup_async = schedule_startup.twin()

    @dual_method
    def schedule_shutdown(self, time_secs: float) -> Effects[float | None]:
        """Shut the device down in ``time_secs``: ``iface.schedule_shutdown(60)``."""
        request = pb.scheduleShutdownRequest(time_secs=time_secs)
        return (yield Call("scheduleShutdown", request, field="time_secs"))

    schedule_shutdown_async = schedule_shutdown.twin()

    @dual_method
    def fetch_wake_on_voltage(self) -> Effects[float | None]:
        """1.x: input voltage that wakes the device (None or <= 0: disabled)."""
        return (yield Call("getWakeOnVoltage", pb.getWakeOnVoltageRequest(), field="voltage"))

    fetch_wake_on_voltage_async = fetch_wake_on_voltage.twin()

    @dual_method
    def set_wake_on_voltage(self, voltage: float | None) -> Effects[float | None]:
        """1.x: ``iface.set_wake_on_voltage(12.5)``; None disables waking on voltage."""
        request = pb.setWakeOnVoltageRequest() if voltage is None else pb.setWakeOnVoltageRequest(voltage=voltage)
        return (yield Call("setWakeOnVoltage", request, field="voltage"))

    set_wake_on_voltage_async = set_wake_on_voltage.twin()

    @dual_method
    def fetch_wake_reason(self) -> Effects[str | None]:
        """1.x: why the device last woke (``rpc``, ``button``, ``voltage``, ``di_<pin>_event`` ...) or None."""
        return (yield Call("getWakeReason", pb.getWakeReasonRequest(), field="wake_reason"))

    fetch_wake_reason_async = fetch_wake_reason.twin()

    @dual_method
    def fetch_sleep_log(self, since: int = 0) -> Effects[list[pb.SleepLogEntry]]:
        """1.x: snapshots taken while asleep, oldest first (``[]`` on failure): ``iface.fetch_sleep_log()``."""
        response = yield Call("getSleepLog", pb.getSleepLogRequest(since=int(since)))
        return [] if response is None else list(response.entries)

    fetch_sleep_log_async = fetch_sleep_log.twin()

    @dual_method
    def fetch_sleep_log_interval(self) -> Effects[int | None]:
        """1.x: seconds between sleep-log snapshots (0 = off)."""
        return (yield Call("getSleepLogInterval", pb.getSleepLogIntervalRequest(), field="interval_secs"))

    fetch_sleep_log_interval_async = fetch_sleep_log_interval.twin()

    @dual_method
    def set_sleep_log_interval(self, interval_secs: int) -> Effects[int | None]:
        """1.x: ``iface.set_sleep_log_interval(300)``; 0 turns sleep logging off."""
        request = pb.setSleepLogIntervalRequest(interval_secs=int(interval_secs))
        return (yield Call("setSleepLogInterval", request, field="interval_secs"))

    set_sleep_log_interval_async = set_sleep_log_interval.twin()

    # -- digital input configuration and events ---------------------------------------------

    @dual_method
    def fetch_di_config(self, pin: int) -> Effects[pb.DIConfig | None]:
        """1.x: a digital input's settings: ``iface.fetch_di_config(0).debounce_ms``."""
        return (yield Call("getDIConfig", pb.getDIConfigRequest(pin=int(pin)), field="config"))

    fetch_di_config_async = fetch_di_config.twin()

    @dual_method
    def set_di_config(
        self,
        pin: int,
        pnp_mode: bool | None = None,
        irq_edge: str | None = None,
        debounce_ms: int | None = None,
        wake_on_event: bool | None = None,
    ) -> Effects[pb.DIConfig | None]:
        """1.x: change only the given settings: ``iface.set_di_config(0, debounce_ms=20)``."""
        if irq_edge is not None:
            edge_flags(irq_edge)
        changes: dict[str, Any] = dict(
            pnp_mode=pnp_mode, irq_edge=irq_edge, debounce_ms=debounce_ms, wake_on_event=wake_on_event
        )
        request = pb.setDIConfigRequest(pin=int(pin), **{k: v for k, v in changes.items() if v is not None})
        return (yield Call("setDIConfig", request, field="config"))

    set_di_config_async = set_di_config.twin()

    @dual_method
    def get_events(self, events_from: int = 0) -> Effects[list[IoEvent] | None]:
        """The event log from an event id or epoch-ms time: ``iface.get_events()`` -> list of :class:`IoEvent`."""
        response = yield Call("getEvents", pb.getEventsRequest(events_from=int(events_from or 0)))
        return None if response is None else [to_event(e) for e in response.events]

    get_events_async = get_events.twin()

    @dual_method
    def get_di_events(
        self, di_pin: int, edge: str, include_system_events: bool = False, events_from: int = 0
    ) -> Effects[tuple[bool | None, list[IoEvent]]]:
        """Edges logged on one input: ``synced, events = iface.get_di_events(0, "both")``; ``(None, [])`` on failure."""
        rising, falling = edge_flags(edge)
        request = pb.getDIEventsRequest(
            pin=int(di_pin),
            rising=rising,
            falling=falling,
            include_system_events=include_system_events,
            events_from=int(events_from or 0),
        )
        response = yield Call("getDIEvents", request)
        if response is None:
            return None, []
        return bool(response.events_synced), [to_event(e) for e in response.events]

    get_di_events_async = get_di_events.twin()

    # -- counters (need a running event loop) ------------------------------------------------

    def get_new_pulse_counter(
        self,
        di: int,
        edge: str = "rising",
        callback: PulseCallback | None = None,
        rate_window_secs: float = 20,
        auto_start: bool = True,
    ) -> PulseCounter:
        """Count pulses streamed by the bridge: ``counter = iface.get_new_pulse_counter(0, callback=cb)``.

        ``callback(di, di_value, dt_secs, count, edge)`` may be sync or async.
        """
        return PulseCounter(self, di, edge, callback, rate_window_secs, auto_start)

    def get_new_event_counter(
        self,
        di: int,
        edge: str = "rising",
        callback: PulseCallback | None = None,
        rate_window_secs: float = 20,
        auto_collect: bool = True,
        poll_secs: float = 1.0,
    ) -> EventCounter:
        """Count logged DI edges by polling ``getDIEvents``: ``iface.get_new_event_counter(0).count``."""
        return EventCounter(self, di, edge, callback, rate_window_secs, auto_collect, poll_secs)

    def start_di_pulse_listener(
        self, di: int, callback: PulseCallback, edge: str = "rising", start_count: int = 0
    ) -> PulseCounter:
        """Classic: call ``callback(di, di_value, dt_secs, count, edge)`` for every pulse on ``di``."""
        counter = PulseCounter(self, di, edge, callback, auto_start=False)
        counter.count = start_count
        counter.start()
        return counter

    def _stop_counters(self) -> None:
        for counter in list(self.counters):
            counter.stop()

    def close(self) -> None:
        self._stop_counters()
        super().close()

    async def close_async(self) -> None:
        self._stop_counters()
        await super().close_async()

    # -- 1.x names ------------------------------------------------------------------------

    fetch_di = get_di
    fetch_ai = get_ai
    fetch_do = get_do
    fetch_ao = get_ao
    fetch_do_current = get_do_current
    fetch_system_voltage = get_system_voltage
    fetch_system_power = get_system_power
    fetch_system_temperature = get_system_temperature
    fetch_location = get_location
    fetch_immunity_seconds = get_immunity_seconds
    fetch_io_table = get_io_table
    fetch_events = get_events
    fetch_di_events = get_di_events
