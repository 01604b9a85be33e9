"""What the installer sets for the supply meter on the Doover site.

Run ``export-config`` (or this module) after changing it, to refresh ``doover_config.json``.
"""

from pathlib import Path

from pydoover import config
from pydoover.docker.modbus import ModbusConfig


class SyncMeterConfig(config.Schema):
    def __init__(self):
        self.modbus_config = ModbusConfig()
        self.meter_id = config.Integer(
            "Meter Modbus ID", default=1, minimum=1, maximum=247, description="Modbus unit id of the power meter"
        )
        self.low_voltage = config.Number(
            "Low Voltage Alarm", default=207.0, description="Alarm below this supply voltage (V)"
        )
        self.high_voltage = config.Number(
            "High Voltage Alarm", default=253.0, description="Alarm above this supply voltage (V)"
        )
        self.temperature_pin = config.Integer(
            "Cabinet Temperature Pin",
            default=2,
            minimum=0,
            description="Analog input of the cabinet's 4-20 mA temperature sensor (-20 to 80 °C)",
        )
        self.alarm_pin = config.Integer(
            "Alarm Beacon Pin", default=3, minimum=0, description="Digital output lit while the supply is out of range"
        )
        self.gauge_pin = config.Integer(
            "Power Gauge Pin", default=0, minimum=0, description="Analog output to the panel's 0-5 kW gauge (0-10 V)"
        )
        self.energy_poll = config.Integer(
            "Energy Poll Seconds", default=10, minimum=1, description="How often the energy counter is read"
        )


def export():
    SyncMeterConfig().export(Path(__file__).parents[2] / "doover_config.json", "sync_meter")


if __name__ == "__main__":
    export()
