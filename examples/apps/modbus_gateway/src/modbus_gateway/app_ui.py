"""One section per configured meter bus, built from the configuration at start-up."""

from pydoover import ui


class MeterPanel(ui.Submodule):
    def __init__(self, bus: str):
        self.voltage = ui.NumericVariable(f"{bus}_voltage", "Voltage (V)", precision=1)
        self.energy = ui.NumericVariable(f"{bus}_energy", "Energy (kWh)", precision=3)
        self.limit = ui.NumericVariable(f"{bus}_limit", "Current Limit (A)", precision=1)
        self.reset_limit = ui.Action(f"reset_limit_{bus}", "Reset Limit", colour=ui.Colour.orange)
        super().__init__(f"{bus}_meter", f"Meter on {bus}", status="Waiting")

    def show(self, online: bool, voltage: float | None = None, limit: float | None = None):
        self.status = "Online" if online else "No response"
        self.voltage.update(voltage)
        self.limit.update(limit)


class ModbusGatewayUI:
    def __init__(self, buses: list[str]):
        self.panels = {bus: MeterPanel(bus) for bus in buses}
        self.summary = ui.TextVariable("summary", "Meters Online")

    def fetch(self):
        return [self.summary, *self.panels.values()]
