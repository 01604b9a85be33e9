"""The simulator's page: where the simulated gate is."""

from pydoover import ui


class GateSimulatorUI:
    def __init__(self):
        self.position = ui.NumericVariable(
            "position",
            "Simulated Position (%)",
            precision=0,
            ranges=[ui.Range("Closed", 0, 5, ui.Colour.grey), ui.Range("Open", 95, 100, ui.Colour.green)],
        )
        self.motor = ui.TextVariable("motor", "Motor")

    def fetch(self):
        return self.position, self.motor

    def update(self, position: float, motor: str):
        self.position.update(position)
        self.motor.update(motor)
