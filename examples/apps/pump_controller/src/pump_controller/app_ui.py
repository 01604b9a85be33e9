"""The pump controller's page on the Doover site."""

from pydoover import ui

from .app_config import PumpControllerConfig


class PumpControllerUI:
    def __init__(self, config: PumpControllerConfig):
        start, stop = config.start_level.value, config.stop_level.value
        self.tank_level = ui.NumericVariable(
            "tank_level",
            "Tank Level (%)",
            precision=1,
            form=ui.Widget.radial,
            ranges=[
                ui.Range("Low", 0, start, ui.Colour.yellow),
                ui.Range("Normal", start, stop, ui.Colour.green),
                ui.Range("Full", stop, 100, ui.Colour.blue),
            ],
        )
        self.pump_running = ui.BooleanVariable("pump_running", "Pump Running")
        self.status = ui.TextVariable("status", "Status")
        self.pump_starts = ui.NumericVariable("pump_starts", "Pump Starts", precision=0)
        self.litres_pumped = ui.NumericVariable("litres_pumped", "Litres Pumped", precision=0)
        self.pump_speed = ui.NumericVariable("pump_speed", "Pump Speed (%)", precision=0, form=ui.Widget.linear)
        self.high_level = ui.WarningIndicator("high_level", "Tank level high", can_cancel=False, hidden=True)

        self.mode = ui.StateCommand(
            "mode",
            "Mode",
            user_options=[
                ui.Option("auto", "Automatic"),
                ui.Option("manual", "Manual"),
                ui.Option("off", "Off"),
            ],
            default=config.default_mode.value,
        )
        self.manual_speed = ui.Slider(
            "manual_speed",
            "Manual Speed (%)",
            min_val=0,
            max_val=100,
            step_size=5,
            dual_slider=False,
            inverted=False,
            default=50,
        )
        self.details = ui.Submodule(
            "pump_details",
            "Pump Details",
            children=[self.pump_starts, self.pump_speed, self.litres_pumped],
            is_collapsed=True,
        )
        self.alerts = ui.AlertStream()

    def fetch(self):
        return (
            self.alerts,
            self.high_level,
            self.tank_level,
            self.pump_running,
            self.status,
            self.mode,
            self.manual_speed,
            self.details,
        )

    def update(self, level: float, speed: float, status: str, starts: int, litres: float, high: bool):
        self.tank_level.update(level)
        self.litres_pumped.update(litres)
        self.pump_speed.update(speed)
        self.status.update(status)
        self.pump_starts.update(starts)
        self.high_level.hidden = not high
        # pump_running is recorded by the app as a critical value (logged whenever it changes)
