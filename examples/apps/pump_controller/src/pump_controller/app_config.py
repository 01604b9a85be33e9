"""What the installer sets for the pump controller on the Doover site.

Run ``export-config`` (or this module) after changing it, to refresh ``doover_config.json``.
"""

import enum
from pathlib import Path

from pydoover import config


class PumpMode(enum.Enum):
    AUTO = "auto"
    MANUAL = "manual"
    OFF = "off"


class PumpControllerConfig(config.Schema):
    def __init__(self):
        self.level_pin = config.Integer(
            "Level Sensor Pin",
            default=1,
            minimum=0,
            description="Analog input wired to the 4-20 mA level transmitter",
        )
        self.pump_pin = config.Integer(
            "Pump Pin", default=2, minimum=0, description="Digital output driving the pump contactor"
        )
        self.speed_pin = config.Integer(
            "Speed Output Pin", default=0, minimum=0, description="Analog output (0-10 V) to the pump's speed drive"
        )
        self.flow_meter_pin = config.Integer(
            "Flow Meter Pin", default=0, minimum=0, description="Digital input pulsed by the outlet's flow meter"
        )
        self.litres_per_pulse = config.Number(
            "Litres Per Pulse", default=10.0, exclusive_minimum=0.0, multiple_of=0.5, description="Flow meter K-factor"
        )
        self.start_level = config.Number(
            "Start Level",
            default=30.0,
            minimum=0.0,
            maximum=100.0,
            description="Start filling when the tank falls to this level (%)",
        )
        self.stop_level = config.Number(
            "Stop Level", default=80.0, minimum=0.0, maximum=100.0, description="Stop filling at this level (%)"
        )
        self.high_level_alarm = config.Number(
            "High Level Alarm", default=95.0, minimum=0.0, maximum=100.0, description="Warn above this level (%)"
        )
        self.prime_time = config.Integer(
            "Prime Time (seconds)", default=5, minimum=1, description="How long the Prime button runs the pump"
        )
        self.pump_enabled = config.Boolean("Pump Enabled", default=True, description="Untick to lock the pump out")
        self.default_mode = config.Enum(
            "Default Mode", choices=PumpMode, default=PumpMode.AUTO, description="Mode after a restart"
        )
        self.notifications = config.Enum(
            "Notifications",
            choices=["all", "alarms", "none"],
            default="all",
            description="Which events notify the site's users",
        )
        self.site_name = config.String("Site Name", default="Tank", description="Shown as the app's title")


def export():
    PumpControllerConfig().export(Path(__file__).parents[2] / "doover_config.json", "pump_controller")


if __name__ == "__main__":
    export()
