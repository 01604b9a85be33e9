"""An automatic gate: remotes and the site open it, it closes by itself, and it stops for cars.

The gate's position comes from another app's tag (``position`` of the app named in the config:
a position encoder's app on site, the gate simulator while testing). A state machine with
timeouts runs the motor; a travel timeout is a fault the site's users must acknowledge.
"""

import logging
import time

from pydoover import ui
from pydoover.docker import Application
from pydoover.utils import apply_async_kalman_filter

from .app_config import GateConfig
from .app_state import GateState
from .app_ui import GateUI

log = logging.getLogger(__name__)


class GateApplication(Application):
    config: GateConfig

    loop_target_period = 0.5

    async def setup(self):
        self.hold_open = False
        self.opened_by = None
        self.position_app = self.config.sim_app_key.value
        self.state = GateState(self, self.config.travel_timeout.value, self.config.hold_open_time.value)

        self.ui = GateUI(self)
        self.ui_manager.add_children(*self.ui.fetch())
        self.ui.motor_settings.update(", ".join(f"{e.display_name}: {e.value}" for e in self.config.motor.elements))
        self.ui.state.update(self.state.state)
        self.ui.controls.status = "Closes automatically"

        # beam breaks are read from the input's event log, so a car passing between two loops counts too
        self.last_beam_event = int(time.time() * 1000)  # the first query is by time (ms), later ones by event id

        self.remotes = {remote.name.value: remote.input_pin.value for remote in self.config.remotes.elements}
        self.remote_pressed = dict.fromkeys(self.remotes, False)

        self.vehicles = self.platform_iface.get_new_pulse_counter(
            self.config.vehicle_loop_pin.value, edge="rising", callback=self.on_vehicle, rate_window_secs=3600
        )
        self.subscribe_to_tag("position", self.on_position, app_key=self.position_app)

        # pick up what the site last chose (the hold mode) before the first loop
        self.start_ui_comms()
        await self.await_ui_comms_sync(5)

    async def main_loop(self):
        pins = [self.config.photo_eye_pin.value, *self.remotes.values()]
        levels = await self.platform_iface.get_di(*pins)
        if not isinstance(levels, list):  # one pin gives one value
            levels = [levels]
        beam_broken, *pressed = levels
        _, beam_events = await self.platform_iface.get_di_events(
            self.config.photo_eye_pin.value, "rising", events_from=self.last_beam_event
        )
        if beam_events:
            self.last_beam_event = max(event.event_id for event in beam_events)

        if (beam_broken or beam_events) and self.state.state == "closing":
            await self.notify("Gate reopening: something is in the way")
            await self.state.obstructed()

        for name, is_pressed in zip(self.remotes, pressed, strict=True):
            if is_pressed and not self.remote_pressed[name]:
                await self.request_open(name)
            self.remote_pressed[name] = is_pressed

        current = await self.get_motor_current()
        position = self.get_tag("position", app_key=self.position_app)
        self.ui.position.update(position)
        self.ui.motor_current.update(current)
        await self.set_tags({"motor_current": None if current is None else round(current, 2), "position": position})

    # -- readings -----------------------------------------------------------------------------

    @apply_async_kalman_filter(process_variance=0.05, outlier_threshold=2.0)
    async def get_motor_current(self) -> float | None:
        milliamps = await self.platform_iface.get_ai(self.config.motor.current_pin.value)
        if milliamps is None:
            return None
        return (milliamps - 4.0) / 16.0 * self.config.motor.full_scale_current.value

    async def on_position(self, tag_key, position):
        if position is None:
            return
        if position >= 100:
            await self.state.reached_open()
        elif position <= 0:
            await self.state.reached_closed()

    async def on_vehicle(self, di, di_value, dt_secs, count, edge):
        self.ui.vehicles.update(count)
        await self.set_tag("vehicle_count", count)

    # -- actions ------------------------------------------------------------------------------

    async def request_open(self, who: str):
        if self.state.state == "fault":
            await self.notify(f"Open request from {who} ignored: the gate is in fault")
            return
        self.opened_by = who
        self.ui.opened_by(who)
        await self.set_tag("last_opened_by", who)
        await self.state.open_requested()

    async def request_close(self):
        await self.state.close_requested()

    async def set_hold_open(self, hold: bool):
        self.hold_open = hold
        self.ui.controls.status = "Held open" if hold else "Closes automatically"
        await self.set_tag("hold_open", hold)
        if not hold and self.state.state == "open":
            await self.state.close_requested()

    async def clear_fault(self):
        await self.state.fault_cleared()

    async def drive_motor(self, direction: str | None):
        motor = self.config.motor
        await self.platform_iface.set_do(
            [motor.open_pin.value, motor.close_pin.value], [direction == "open", direction == "close"]
        )

    async def on_gate_state(self, state: str):
        await self.device_agent.publish_to_channel("gate_events", {"state": state, "opened_by": self.opened_by})
        self.ui.state.update(state)
        self.ui.controls.fault.hidden = state != "fault"
        self.set_ui_status_icon("alert" if state == "fault" else None)
        self.record_critical_value("gate_state", state)  # log the site's history at every state change
        await self.set_tag("state", state)

    async def report_fault(self):
        seconds = self.config.travel_timeout.value
        await self.notify(f"Gate fault: it did not finish moving within {seconds:g} s")

    async def notify(self, message: str):
        await self.ui_manager.send_notification_async(message)

    # -- the site -----------------------------------------------------------------------------

    @ui.callback("(open|close)_gate")
    async def on_gate_button(self, element, new_value):
        if new_value:
            await self.set_tag("last_command", element.name)

    @ui.callback("open_all_gates", global_interaction=True)
    async def on_open_all_gates(self, element, new_value):
        """A site-wide command every gate answers (not prefixed with this app's key)."""
        if new_value:
            await self.request_open("site-wide")
