import logging

from pydoover import ui
from pydoover.docker import Application
from pydoover.utils.registers import decode

from .app_config import TankConfig
from .app_ui import TankUI

log = logging.getLogger(__name__)

INPUT_REGISTERS = 3


def level_percent(milliamps: float) -> float:
    """A 4-20 mA level transmitter's reading as 0-100 %."""
    return max(0.0, min(100.0, (milliamps - 4.0) / 16.0 * 100.0))


class TankControllerApp(Application):
    config: TankConfig
    loop_target_period = 1

    async def setup(self):
        self.ui = TankUI()
        self.ui_manager.add_children(*self.ui.elements())
        self.pump_on = False

    async def main_loop(self):
        level = level_percent(await self.get_ai(self.config.level_input.value))
        self.pump_on = self.decide(level)
        await self.set_do(self.config.pump_output.value, self.pump_on)
        voltage = await self.read_supply_voltage()
        await self.set_tags({"level": round(level, 1), "pump_on": self.pump_on, "supply_voltage": voltage})
        self.ui.update(level, self.pump_on, voltage)

    def decide(self, level: float) -> bool:
        mode = self.ui.mode.current_value
        if mode in ("on", "off"):
            return mode == "on"
        if level < self.config.low_level.value:
            return True
        if level > self.config.high_level.value:
            return False
        return self.pump_on

    async def read_supply_voltage(self) -> float | None:
        registers = await self.modbus_iface.read_registers(
            bus_id=self.config.modbus_config.name.value,
            modbus_id=self.config.meter_unit.value,
            start_address=0,
            num_registers=2,
            register_type=INPUT_REGISTERS,
        )
        return None if registers is None else round(decode(registers, "float32"), 1)

    @ui.callback("mode")
    async def on_mode(self, new_value):
        log.info("mode set to %s", new_value)
        await self.ui_manager.send_notification_async(f"Pump mode set to {new_value}")
