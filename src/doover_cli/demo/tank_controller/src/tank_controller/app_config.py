from pathlib import Path

from pydoover import config
from pydoover.docker.modbus import ModbusConfig


class TankConfig(config.Schema):
    def __init__(self):
        self.low_level = config.Number(
            "Low Level", default=30.0, minimum=0.0, maximum=100.0, description="Start the pump below this level (%)."
        )
        self.high_level = config.Number(
            "High Level", default=80.0, minimum=0.0, maximum=100.0, description="Stop the pump above this level (%)."
        )
        self.level_input = config.Integer(
            "Level Input", default=0, minimum=0, description="AI pin of the level sensor."
        )
        self.pump_output = config.Integer("Pump Output", default=0, minimum=0, description="DO pin of the pump.")
        self.meter_unit = config.Integer("Meter Unit", default=1, minimum=1, maximum=247, description="Modbus id.")
        self.modbus_config = ModbusConfig()


def export():
    TankConfig().export(Path(__file__).parents[2] / "doover_config.json", "tank_controller")


if __name__ == "__main__":
    export()
