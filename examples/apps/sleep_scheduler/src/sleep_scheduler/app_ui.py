"""The sleep scheduler's page on the Doover site."""

from pydoover import ui


class SleepSchedulerUI:
    def __init__(self):
        self.state = ui.TextVariable("state", "Power State")
        self.waiting_for = ui.TextVariable("waiting_for", "Waiting For")
        self.supply_voltage = ui.NumericVariable(
            "supply_voltage", "Supply Voltage (V)", precision=1, ranges=[ui.Range("Low", 10, 11.8, ui.Colour.red)]
        )
        self.system_power = ui.NumericVariable("system_power", "System Power (W)", precision=1)
        self.next_wake = ui.DateTimeVariable("next_wake", "Next Wake")

    def fetch(self):
        return self.state, self.waiting_for, self.supply_voltage, self.system_power, self.next_wake
