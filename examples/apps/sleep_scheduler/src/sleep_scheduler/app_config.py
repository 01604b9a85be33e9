"""What the installer sets for the sleep scheduler: how long the device stays up and sleeps.

Run ``export-config`` (or this module) after changing it, to refresh ``doover_config.json``.
"""

from pathlib import Path

from pydoover import config


class SleepSchedulerConfig(config.Schema):
    def __init__(self):
        self.awake_time = config.Integer(
            "Awake Time (seconds)", default=600, minimum=1, description="How long the device stays up after waking"
        )
        self.sleep_time = config.Integer(
            "Sleep Time (seconds)", default=3600, minimum=60, description="How long it sleeps before waking again"
        )
        self.shutdown_delay = config.Integer(
            "Shutdown Delay (seconds)", default=30, minimum=1, description="Warning the other apps get before power off"
        )
        self.low_battery = config.Number(
            "Low Battery Voltage", default=11.8, description="Go to sleep at once below this supply voltage (V)"
        )
        self.apps = config.Array(
            "Apps To Wait For",
            element=config.Application("App"),
            unique_items=True,
            description="Apps that must agree (tag shutdown_check_ok) before the device sleeps",
        )


def export():
    SleepSchedulerConfig().export(Path(__file__).parents[2] / "doover_config.json", "sleep_scheduler")


if __name__ == "__main__":
    export()
