"""What the installer sets for the Modbus gateway: one entry per meter bus.

Run ``export-config`` (or this module) after changing it, to refresh ``doover_config.json``.
"""

from pathlib import Path

from pydoover import config
from pydoover.docker import ManyModbusConfig


class ModbusGatewayConfig(config.Schema):
    def __init__(self):
        self.modbus_config = ManyModbusConfig()
        self.meter_id = config.Integer(
            "Meter ID", default=1, minimum=1, maximum=247, description="Modbus unit id of the meter on every bus"
        )
        self.default_limit = config.Number(
            "Default Current Limit", default=50.0, minimum=0.0, description="What Reset Limit writes (A)"
        )
        self.poll_seconds = config.Integer("Poll Seconds", default=5, minimum=1, description="Energy poll period")


def export():
    ModbusGatewayConfig().export(Path(__file__).parents[2] / "doover_config.json", "modbus_gateway")


if __name__ == "__main__":
    export()
