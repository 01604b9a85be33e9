"""Watches a building's supply through a Modbus power meter; a plain (synchronous) app.

``setup`` and ``main_loop`` are ordinary functions, so every SDK call here is a plain blocking
call: the main loop runs in a worker thread, where that is fine.

The meter (one Modbus unit) holds float32 voltage, current and power in input registers 0-5, the
energy counter (uint32, Wh) in input registers 6-7, the supply relay in coil 0 and its current
limit (tenths of an amp) in holding register 100.
"""

import logging
import struct

from pydoover import ui
from pydoover.docker import Application

from .app_config import SyncMeterConfig
from .app_ui import SyncMeterUI

log = logging.getLogger(__name__)

COIL, INPUT_REGISTER, HOLDING_REGISTER = 1, 3, 4
VOLTAGE, POWER, ENERGY, RELAY, CURRENT_LIMIT = 0, 4, 6, 0, 100
GAUGE_FULL_SCALE_W = 5000.0
GAUGE_SWEEP_SECONDS = 1


def words_to_float(words: list[int]) -> float:
    """Two registers, high word first, as an IEEE float."""
    return struct.unpack(">f", struct.pack(">HH", *words))[0]


def words_to_uint32(words: list[int]) -> int:
    return (words[0] << 16) | words[1]


def celsius(milliamps: float | None) -> float | None:
    """The cabinet sensor maps 4-20 mA onto -20..80 °C."""
    return None if milliamps is None else -20.0 + (milliamps - 4.0) / 16.0 * 100.0


class SyncMeterApplication(Application):
    config: SyncMeterConfig

    loop_target_period = 2

    def setup(self):
        self.ui = SyncMeterUI(self.config)
        self.set_ui_elements([*self.ui.fetch(), self.current_limit])
        self.ui_manager.set_variant(ui.ApplicationVariant.stacked)
        self.ui_manager.set_position(20)

        self.bus = self.config.modbus_config.name.value
        self.unit = self.config.meter_id.value
        self.in_alarm = False
        # a reset asked for before this start has been handled already
        self.last_reset = (self.get_channel_aggregate("meter_commands") or {}).get("reset_peak")

        location = self.platform_iface.get_location()
        if location is not None:
            self.set_tags({"latitude": location.latitude, "longitude": location.longitude})

        # carry the peak over a restart
        summary = self.get_channel_aggregate("meter_summary") or {}
        self.peak_power = float(summary.get("peak_power", 0.0))

        # show the limit the meter has now; the site can change it
        raw_limit = self.modbus_iface.read_registers(
            bus_id=self.bus,
            modbus_id=self.unit,
            start_address=CURRENT_LIMIT,
            num_registers=1,
            register_type=HOLDING_REGISTER,
        )
        if raw_limit is not None:
            self.current_limit.coerce(raw_limit / 10)

        poll = self.config.energy_poll.value
        self.modbus_iface.add_read_register_subscription(
            bus_id=self.bus,
            modbus_id=self.unit,
            start_address=ENERGY,
            num_registers=2,
            register_type=INPUT_REGISTER,
            poll_secs=poll,
            callback=self.on_energy,
        )
        self.add_new_modbus_read_subscription(
            RELAY, 1, COIL, self.on_relay, poll_secs=poll, modbus_id=self.unit, bus_id=self.bus
        )
        self.subscribe_to_channel("meter_commands", self.on_meter_command)
        # demand response: another app (or the cloud) sets the global tag load_shed
        self.subscribe_to_tag("load_shed", self.on_load_shed, global_tag=True)

        # sweep the panel gauge once, so a dead gauge is noticed at start-up
        self.sweeping = True
        self.set_ao(self.config.gauge_pin.value, 10.0)
        self.schedule_ao(self.config.gauge_pin.value, 0.0, GAUGE_SWEEP_SECONDS)

    def main_loop(self):
        words = self.modbus_iface.read_registers(
            bus_id=self.bus, modbus_id=self.unit, start_address=VOLTAGE, num_registers=4, register_type=INPUT_REGISTER
        )
        power_words = self.read_modbus_registers(POWER, 2, INPUT_REGISTER, modbus_id=self.unit, bus_id=self.bus)
        if words is None or power_words is None:
            bus_open = self.modbus_iface.get_bus_status(self.bus)
            self.ui.status.update("No response from the meter" if bus_open else f"Modbus bus {self.bus!r} is not open")
            self.set_tag("meter_online", False)
            return

        voltage, current = words_to_float(words[:2]), words_to_float(words[2:])
        power = words_to_float(power_words)
        temperature = celsius(self.get_ai(self.config.temperature_pin.value))

        alarm = not self.config.low_voltage.value <= voltage <= self.config.high_voltage.value
        self.set_do(self.config.alarm_pin.value, alarm)
        if alarm and not self.in_alarm:
            self.ui_manager.send_notification(f"Supply voltage out of range: {voltage:.0f} V")
        self.in_alarm = alarm

        if power > self.peak_power:
            self.peak_power = power
            self.publish_to_channel("meter_summary", {"peak_power": round(power, 1)})

        if self.sweeping and self.get_ao(self.config.gauge_pin.value) == 0.0:
            self.sweeping = False  # the scheduled end of the sweep has happened
        if not self.sweeping:
            self.set_ao(self.config.gauge_pin.value, min(power / GAUGE_FULL_SCALE_W, 1.0) * 10.0)

        self.set_tags(
            {
                "voltage": round(voltage, 1),
                "current": round(current, 2),
                "power": round(power),
                "peak_power": round(self.peak_power),
                "cabinet_temperature": temperature,
                "meter_online": True,
            }
        )
        self.set_tags(
            {
                "controller_voltage": self.platform_iface.get_system_voltage(),
                "controller_temperature": self.platform_iface.get_system_temperature(),
            }
        )
        self.set_global_tag("supply_ok", not alarm)
        online = "online" if self.get_is_dda_online() else "offline (readings held on the device)"
        self.ui.status.update(f"Alarm: voltage out of range, {online}" if alarm else f"Normal, {online}")
        self.ui.update(voltage, current, power, self.peak_power, temperature)
        self.ui.show_limits(self.config)  # the limits may have been changed on the site

    # -- subscriptions (each runs in a worker thread) ---------------------------------------

    def on_energy(self, values):
        if values is None:
            log.warning("energy counter read failed")
            return
        kwh = words_to_uint32(values) / 1000.0
        self.ui.energy.update(kwh)
        self.set_tag("energy_kwh", kwh)

    def on_relay(self, value):
        if value is not None:
            self.ui.relay_closed.update(bool(value))
            self.set_tag("relay_closed", bool(value))

    def on_load_shed(self, tag_key, shed):
        """Open the meter's supply relay while load shedding is asked for; close it after."""
        if not self.write_modbus_registers(RELAY, [0 if shed else 1], COIL, modbus_id=self.unit, bus_id=self.bus):
            log.error("could not switch the supply relay (load_shed=%s)", shed)

    def on_meter_command(self, channel_name, aggregate):
        request = (aggregate or {}).get("reset_peak")
        if request is not None and request != self.last_reset:
            self.last_reset = request
            self.peak_power = 0.0
            self.publish_to_channel("meter_summary", {"peak_power": 0.0})
            log.info("peak power reset (request %s)", request)

    # -- the site ----------------------------------------------------------------------------

    @ui.numeric_parameter("current_limit", "Current Limit (A)", min_val=0, max_val=63)
    def current_limit(self, new_value):
        if new_value is None:  # cleared on the site: leave the meter as it is
            return
        raw = round(float(new_value) * 10)
        if self.write_modbus_registers(CURRENT_LIMIT, [raw], HOLDING_REGISTER, modbus_id=self.unit, bus_id=self.bus):
            self.set_tag("current_limit", float(new_value))
        else:
            self.ui_manager.send_notification("Could not set the meter's current limit")

    @ui.callback("meter_label")
    def on_meter_label(self, element, new_value):
        self.set_tag("meter_label", new_value)
        self.ui_manager.set_display_name(new_value)
