"""Keeps a tank between two levels with a pump; the site can switch to manual or prime the pump.

The level transmitter (4-20 mA) is read every loop. In automatic mode the pump starts when the
level falls to the start level and stops at the stop level (hysteresis). Manual mode runs the pump
at the speed set with the slider, until the tank gets dangerously full.
"""

import logging
import time
from datetime import datetime

from pydoover import ui
from pydoover.docker import Application

from .app_config import PumpControllerConfig, PumpMode
from .app_ui import PumpControllerUI

log = logging.getLogger(__name__)

EMPTY_MA, FULL_MA = 4.0, 20.0
FULL_SPEED = 100.0
VOLTS_PER_PERCENT = 10.0 / 100.0  # the drive takes a 0-10 V speed reference


def level_percent(milliamps: float) -> float:
    """4 mA is an empty tank and 20 mA a full one."""
    return min(max((milliamps - EMPTY_MA) / (FULL_MA - EMPTY_MA) * 100.0, 0.0), 100.0)


class PumpControllerApplication(Application):
    config: PumpControllerConfig  # not necessary, but helps your IDE provide autocomplete!

    loop_target_period = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ui: PumpControllerUI | None = None
        self.mode = PumpMode.AUTO
        self.level: float | None = None
        self.pump_on = False
        self.speed = 0.0
        self.pump_starts: int | None = None  # restored from the tags on the first loop
        self.priming_until = 0.0
        self.was_high = False
        self.shutdown_pending = False
        self.supply_ok = True
        self.litres_pumped = 0.0

    async def setup(self):
        self.ui = PumpControllerUI(self.config)
        self.ui_manager.add_children(*self.ui.fetch(), self.prime_pump)
        self.ui_manager.set_display_name(self.config.site_name.value)
        self.mode = PumpMode(self.config.default_mode.value)
        self.flow_meter = self.platform_iface.start_di_pulse_listener(
            self.config.flow_meter_pin.value, self.on_flow_pulse, "rising"
        )
        # a supply monitor on the same device publishes the global tag supply_ok
        self.subscribe_to_tag("supply_ok", self.on_supply_ok, global_tag=True)
        # whatever the output was left at, the pump starts stopped
        await self.set_do(self.config.pump_pin.value, False)
        await self.set_ao(self.config.speed_pin.value, 0.0)

    async def main_loop(self):
        if self.pump_starts is None:
            self.pump_starts = self.get_tag("pump_starts", default=0)

        milliamps = await self.get_ai(self.config.level_pin.value)
        if milliamps is None:
            log.warning("no reading from the level sensor; leaving the pump as it is")
            self.ui.status.update("Level sensor fault")
            return
        self.level = level_percent(milliamps)

        high = self.level >= self.config.high_level_alarm.value
        if high and not self.was_high:
            await self.notify(f"Tank level high: {self.level:.0f}%", alarm=True)
            if self.mode is PumpMode.MANUAL:
                # never overfill: hand the pump back to the level control, and show it on the site
                self.mode = PumpMode.AUTO
                self.coerce_command("mode", PumpMode.AUTO.value)
                await self.set_tag("mode", self.mode.value)
        self.was_high = high

        if time.monotonic() >= self.priming_until:
            await self.run_pump(*self.wanted_pump_state())

        await self.set_tags({"level": round(self.level, 1), "pump_on": self.pump_on})
        await self.set_global_tag("tank_full", self.level >= self.config.stop_level.value)
        self.record_critical_value("pump_running", self.pump_on)
        self.set_ui_status_icon("warning" if high else None)
        self.ui.update(self.level, self.speed, self.status_text(), self.pump_starts, self.litres_pumped, high)

    # -- control ------------------------------------------------------------------------------

    def wanted_pump_state(self) -> tuple[bool, float]:
        """(run?, speed %) for the current mode and level."""
        if not self.config.pump_enabled.value or self.mode is PumpMode.OFF or self.shutdown_pending:
            return False, 0.0
        if not self.supply_ok:
            return False, 0.0
        if self.mode is PumpMode.MANUAL:
            return True, float(self.get_command("manual_speed").current_value)
        if self.level <= self.config.start_level.value:
            return True, FULL_SPEED
        if self.level >= self.config.stop_level.value:
            return False, 0.0
        return self.pump_on, FULL_SPEED if self.pump_on else 0.0  # in the band: keep going

    async def run_pump(self, on: bool, speed: float):
        if on != self.pump_on:
            event = "started" if on else "stopped"
            if on:
                self.pump_starts = (self.pump_starts or 0) + 1
                await self.set_tag("pump_starts", self.pump_starts)
            await self.publish_to_channel("pump_events", {"event": event, "level": self.level, "mode": self.mode.value})
            level = "" if self.level is None else f" at {self.level:.0f}%"
            await self.notify(f"Pump {event}{level}")
        self.pump_on, self.speed = on, (speed if on else 0.0)
        await self.set_do(self.config.pump_pin.value, on)
        await self.set_ao(self.config.speed_pin.value, self.speed * VOLTS_PER_PERCENT)

    def status_text(self) -> str:
        if not self.config.pump_enabled.value:
            return "Pump locked out"
        if self.shutdown_pending:
            return "Stopped for shutdown"
        if not self.supply_ok:
            return "Waiting for a healthy supply"
        if time.monotonic() < self.priming_until:
            return "Priming"
        state = "Filling" if self.pump_on else "Idle"
        return f"{state} ({self.mode.value})"

    async def notify(self, message: str, alarm: bool = False):
        wanted = self.config.notifications.value
        if wanted == "all" or (alarm and wanted == "alarms"):
            await self.ui_manager.send_notification_async(message)

    # -- the site -----------------------------------------------------------------------------

    async def on_flow_pulse(self, di, di_value, dt_secs, count, edge):
        self.litres_pumped = count * self.config.litres_per_pulse.value
        await self.set_tag("litres_pumped", self.litres_pumped)

    async def on_supply_ok(self, tag_key, supply_ok):
        """Protect the motor: stop at once on a bad supply; the next loop restarts it when it is back."""
        self.supply_ok = supply_ok is not False
        if not self.supply_ok and self.pump_on:
            await self.run_pump(False, 0.0)

    @ui.callback("mode")
    async def on_mode(self, element, new_value):
        try:
            self.mode = PumpMode(new_value)
        except ValueError:
            log.warning("ignoring unknown pump mode %r", new_value)
            element.coerce(self.mode.value)
            return
        log.info("mode set to %s from the site", self.mode.value)
        await self.set_tag("mode", self.mode.value)

    @ui.callback("manual_speed")
    async def on_manual_speed(self, new_value):
        if self.mode is PumpMode.MANUAL and self.pump_on:
            await self.run_pump(True, float(new_value))

    @ui.action("prime_pump", "Prime Pump", colour=ui.Colour.green, requires_confirm=False)
    async def prime_pump(self, new_value):
        if not self.config.pump_enabled.value:
            await self.notify("Prime ignored: the pump is locked out")
        else:
            seconds = self.config.prime_time.value
            pin = self.config.pump_pin.value
            self.priming_until = time.monotonic() + seconds
            await self.set_do(pin, True)
            await self.schedule_do(pin, False, seconds)
            await self.notify(f"Priming the pump for {seconds} s")
        self.prime_pump.coerce(None)  # clear the button for the next press

    # -- shutdown -----------------------------------------------------------------------------

    async def check_can_shutdown(self) -> bool:
        # never power down in the middle of a fill (ask the output itself, not our idea of it)
        return not await self.get_do(self.config.pump_pin.value)

    async def on_shutdown_at(self, dt: datetime):
        log.info("the device shuts down at %s; stopping the pump", dt)
        self.shutdown_pending = True
        await self.run_pump(False, 0.0)
        await self.notify(f"Device shutting down at {dt:%H:%M} UTC: pump stopped", alarm=True)
