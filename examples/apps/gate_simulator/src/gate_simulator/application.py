"""A stand-in for a real gate while developing the gate controller.

It watches the two motor outputs the controller drives and moves a pretend gate accordingly,
publishing the gate's position as the tag ``position`` (0 closed .. 100 open). The controller
is configured with this app's key and reads the tag as if it came from a position encoder.
"""

from pydoover.docker import Application

from .app_config import GateSimulatorConfig
from .app_ui import GateSimulatorUI


class GateSimulatorApplication(Application):
    config: GateSimulatorConfig

    loop_target_period = 0.5

    async def setup(self):
        self.ui = GateSimulatorUI()
        self.ui_manager.add_children(*self.ui.fetch())
        self.ui_manager.set_display_name("Gate Simulator")
        self.position = self.config.start_position.value
        await self.set_tags({"position": self.position, "moving": False})

    async def main_loop(self):
        opening, closing = await self.platform_iface.get_do(self.config.open_pin.value, self.config.close_pin.value)
        step = self.config.travel_per_loop.value
        if opening and not closing:
            self.position = min(self.position + step, 100.0)
        elif closing and not opening:
            self.position = max(self.position - step, 0.0)
        motor = "opening" if opening and not closing else "closing" if closing and not opening else "stopped"
        await self.set_tags({"position": round(self.position, 1), "moving": motor != "stopped"})
        self.ui.update(self.position, motor)
