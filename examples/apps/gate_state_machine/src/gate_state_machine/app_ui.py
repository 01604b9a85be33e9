"""The gate controller's page: what the gate is doing, and the controls the site gets."""

from datetime import datetime

from pydoover import ui


class GateControls(ui.Submodule):
    """Buttons and settings; each decorated method becomes an interaction when this is built."""

    def __init__(self, app):
        self.app = app
        super().__init__("controls", "Gate Controls")

    @ui.action("open_gate", "Open Gate", colour=ui.Colour.green, requires_confirm=False)
    async def open_gate(self, new_value):
        self.open_gate.coerce(None)  # clear the button for the next press
        await self.app.request_open("site")

    @ui.action("close_gate", "Close Gate", colour=ui.Colour.blue, requires_confirm=False)
    async def close_gate(self, new_value):
        self.close_gate.coerce(None)
        await self.app.request_close()

    @ui.state_command(
        "hold_mode",
        "After Opening",
        user_options=[ui.Option("auto_close", "Close automatically"), ui.Option("hold_open", "Stay open")],
        default="auto_close",
    )
    async def hold_mode(self, new_value):
        await self.app.set_hold_open(new_value == "hold_open")

    @ui.warning_indicator("fault", "Gate fault: it did not finish moving", can_cancel=True, hidden=True)
    async def fault(self, new_value):
        """The user dismissed the warning: try closing again."""
        self.fault.coerce(None)
        await self.app.clear_fault()


class GateUI:
    def __init__(self, app):
        self.state = ui.TextVariable("state", "Gate")
        self.position = ui.NumericVariable(
            "position", "Position (%)", precision=0, form=ui.Widget.linear, ranges=[ui.Range("Open", 95, 100)]
        )
        self.motor_current = ui.NumericVariable(
            "motor_current", "Motor Current (A)", precision=2, ranges=[ui.Range("Overload", 8, 10, ui.Colour.red)]
        )
        self.vehicles = ui.NumericVariable("vehicles", "Vehicles Today", precision=0)
        self.last_opened = ui.DateTimeVariable("last_opened", "Last Opened")
        self.last_opened_by = ui.TextVariable("last_opened_by", "Opened By")
        self.motor_settings = ui.TextVariable("motor_settings", "Motor Settings")
        self.controls = GateControls(app)

    def fetch(self):
        return (
            self.state,
            self.position,
            self.controls,
            self.motor_current,
            self.vehicles,
            self.last_opened,
            self.last_opened_by,
            self.motor_settings,
        )

    def opened_by(self, who: str):
        self.last_opened_by.update(who)
        self.last_opened.update(datetime.now())
