"""Settings of the tank logger, written the way real classic apps write them.

Optional settings use ``default=None`` ("no value"), and the shipped sample config gives the
Integer ``Report Every`` the value 0.5: classic pydoover runs that unchecked, so this app must run
too (with a start-up warning).
"""

from pathlib import Path

from pydoover import config


class TankLoggerConfig(config.Schema):
    def __init__(self):
        self.level_pin = config.Integer(
            "Level Input", default=0, description="Analog input of the 4-20 mA level sensor"
        )
        self.report_every = config.Integer("Report Every", default=1, description="Seconds between readings published")
        self.namespace = config.String(
            "Channel Namespace", description="Channel the readings go to (none: tank_readings)", default=None
        )
        self.units = config.Enum(
            "Units", choices=["litres", "gallons"], description="Volume units (none: litres)", default=None
        )
        self.capacity = config.Number("Tank Capacity", default=None, description="Litres when full (none: percent)")
        self.alarm = config.Object("Alarm")
        self.alarm.low = config.Number("Low Level", default=10.0)
        self.alarm.enabled = config.Boolean("Enabled", default=None)


def export():
    TankLoggerConfig().export(Path(__file__).parents[2] / "doover_config.json", "tank_logger")


if __name__ == "__main__":
    export()
