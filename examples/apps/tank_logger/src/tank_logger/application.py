"""Logs a tank's level: reads the level sensor, publishes readings to a channel, raises a low alarm.

Every optional setting is read the classic way, ``None`` meaning "not set".
"""

import time

from pydoover import ui
from pydoover.docker import Application

from .app_config import TankLoggerConfig

GALLONS_PER_LITRE = 0.264172


def percent(milliamps: float) -> float:
    return max(0.0, min(100.0, (milliamps - 4.0) / 16.0 * 100.0))


class TankLoggerApplication(Application):
    config: TankLoggerConfig

    loop_target_period = 0.2

    async def setup(self):
        self.level = ui.NumericVariable("level", "Level", precision=1)
        self.low = ui.WarningIndicator("low_level", "Low Level", hidden=True)
        self.set_ui_elements([self.level, self.low])
        self.last_report = 0.0

    async def main_loop(self):
        reading = await self.get_ai(self.config.level_pin.value)
        if reading is None:
            return
        level = percent(reading)
        capacity = self.config.capacity.value
        volume = level if capacity is None else capacity * level / 100.0
        if self.config.units.value == "gallons":
            volume *= GALLONS_PER_LITRE
        self.level.update(round(volume, 1))

        alarm = self.config.alarm
        low = bool(alarm.enabled.value) and level < alarm.low.value
        self.low.hidden = not low
        await self.set_tags({"level": round(level, 1), "volume": round(volume, 1), "low": low})

        now = time.monotonic()
        if now - self.last_report >= self.config.report_every.value:
            self.last_report = now
            channel = self.config.namespace.value or "tank_readings"
            await self.publish_to_channel(channel, {"level": round(level, 1), "volume": round(volume, 1)})
