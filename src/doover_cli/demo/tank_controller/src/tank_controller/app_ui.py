from pydoover import ui


class TankUI:
    def __init__(self):
        self.level = ui.NumericVariable(
            "level",
            "Tank Level (%)",
            precision=1,
            ranges=[
                ui.Range("Low", 0, 30, ui.Colour.yellow),
                ui.Range("Normal", 30, 80, ui.Colour.green),
                ui.Range("High", 80, 100, ui.Colour.blue),
            ],
        )
        self.pump = ui.BooleanVariable("pump_on", "Pump Running")
        self.voltage = ui.NumericVariable("supply_voltage", "Supply Voltage (V)", precision=1)
        self.mode = ui.StateCommand(
            "mode",
            "Mode",
            user_options=[ui.Option("auto", "Automatic"), ui.Option("off", "Pump Off"), ui.Option("on", "Pump On")],
            default="auto",
        )

    def elements(self):
        return self.level, self.pump, self.voltage, self.mode

    def update(self, level: float, pump_on: bool, voltage: float | None):
        self.level.update(level)
        self.pump.update(pump_on)
        if voltage is not None:
            self.voltage.update(voltage)
