"""Settings of the gate simulator: which outputs drive the motor and how fast the gate moves."""

from pathlib import Path

from pydoover import config


class GateSimulatorConfig(config.Schema):
    def __init__(self):
        self.open_pin = config.Integer("Motor Open Output", default=0, minimum=0, description="DO that opens the gate")
        self.close_pin = config.Integer(
            "Motor Close Output", default=1, minimum=0, description="DO that closes the gate"
        )
        self.travel_per_loop = config.Number(
            "Travel Per Loop",
            default=10.0,
            exclusive_minimum=0.0,
            maximum=100.0,
            description="How far the gate moves in one loop while the motor runs (% of full travel)",
        )
        self.start_position = config.Number(
            "Start Position", default=0.0, minimum=0.0, maximum=100.0, description="0 is closed, 100 fully open"
        )


def export():
    GateSimulatorConfig().export(Path(__file__).parents[2] / "doover_config.json", "gate_simulator")


if __name__ == "__main__":
    export()
