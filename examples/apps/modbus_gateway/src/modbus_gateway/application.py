"""Reads the same kind of power meter on several Modbus buses (an async app).

Every bus in the ``modbus_config`` list is opened by the SDK at start-up; the app reads each
meter's voltage and current limit every loop, and its energy counter through a polled
subscription. Each meter gets a section on the site with a button resetting its current limit.
"""

import logging
import struct

from pydoover import ui
from pydoover.docker import Application

from .app_config import ModbusGatewayConfig
from .app_ui import ModbusGatewayUI

log = logging.getLogger(__name__)

INPUT_REGISTER, HOLDING_REGISTER = 3, 4
VOLTAGE, ENERGY, CURRENT_LIMIT = 0, 6, 100


def words_to_float(words: list[int]) -> float:
    return struct.unpack(">f", struct.pack(">HH", *words))[0]


class ModbusGatewayApplication(Application):
    config: ModbusGatewayConfig

    loop_target_period = 5

    async def setup(self):
        self.buses = [bus.name.value for bus in self.config.modbus_config.elements]
        self.unit = self.config.meter_id.value
        self.ui = ModbusGatewayUI(self.buses)
        self.ui_manager.add_children(*self.ui.fetch())
        for bus in self.buses:
            self.add_new_modbus_read_subscription(
                ENERGY,
                2,
                INPUT_REGISTER,
                self.energy_callback(bus),
                poll_secs=self.config.poll_seconds.value,
                modbus_id=self.unit,
                bus_id=bus,
            )

    async def main_loop(self):
        online = 0
        for bus in self.buses:
            words = await self.modbus_iface.read_registers(
                bus_id=bus, modbus_id=self.unit, start_address=VOLTAGE, num_registers=2, register_type=INPUT_REGISTER
            )
            limit = await self.modbus_iface.read_registers_async(
                bus_id=bus, modbus_id=self.unit, start_address=CURRENT_LIMIT, register_type=HOLDING_REGISTER
            )
            if words is None or limit is None:
                self.ui.panels[bus].show(False)
                await self.set_tag(bus, {"online": False, "bus_open": await self.modbus_iface.get_bus_status(bus)})
                continue
            online += 1
            voltage = round(words_to_float(words), 1)
            self.ui.panels[bus].show(True, voltage, limit / 10)
            await self.set_tag(bus, {"online": True, "voltage": voltage, "limit": limit / 10})
        self.ui.summary.update(f"{online} of {len(self.buses)}")

    def energy_callback(self, bus: str):
        async def on_energy(values):
            if values is not None:
                kwh = ((values[0] << 16) | values[1]) / 1000.0
                self.ui.panels[bus].energy.update(kwh)
                await self.set_tag(f"{bus}_energy_kwh", kwh)

        return on_energy

    @ui.callback(r"reset_limit_(\w+)")
    async def on_reset_limit(self, element, new_value):
        bus = element.name.rsplit("reset_limit_", 1)[1]
        raw = round(self.config.default_limit.value * 10)
        ok = await self.write_modbus_registers(CURRENT_LIMIT, [raw], HOLDING_REGISTER, modbus_id=self.unit, bus_id=bus)
        await self.ui_manager.send_notification_async(
            f"Current limit on {bus} reset to {self.config.default_limit.value:g} A"
            if ok
            else f"Could not reset the current limit on {bus}"
        )
        element.coerce(None)
