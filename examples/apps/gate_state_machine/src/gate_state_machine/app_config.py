"""What the installer sets for the gate controller on the Doover site.

Run ``export-config`` (or this module) after changing it, to refresh ``doover_config.json``.
"""

from pathlib import Path

from pydoover import config


class GateConfig(config.Schema):
    def __init__(self):
        self.sim_app_key = config.Application(
            "Position App",
            description="The app publishing the gate's position tag (the gate simulator while testing)",
        )

        self.motor = config.Object("Motor", description="The gate motor and its current transducer")
        self.motor.open_pin = config.Integer("Open Output", default=0, minimum=0)
        self.motor.close_pin = config.Integer("Close Output", default=1, minimum=0)
        self.motor.current_pin = config.Integer("Current Input", default=1, minimum=0, description="4-20 mA")
        self.motor.full_scale_current = config.Number("Full Scale Current", default=10.0, description="Amps at 20 mA")

        self.photo_eye_pin = config.Integer(
            "Photo Eye Input", default=0, minimum=0, description="DI that is on while the beam is broken"
        )
        self.vehicle_loop_pin = config.Integer(
            "Vehicle Loop Input", default=3, minimum=0, description="DI pulsed once per passing vehicle"
        )
        self.travel_timeout = config.Number(
            "Travel Timeout",
            default=30.0,
            exclusive_minimum=0.0,
            description="Fault if opening or closing takes longer (s)",
        )
        self.hold_open_time = config.Number(
            "Hold Open Time (seconds)", default=60.0, exclusive_minimum=0.0, description="Close automatically after"
        )

        remote = config.Object("Remote")
        remote.name = config.String("Name", description="Who or what the input is (shown as 'opened by')")
        remote.input_pin = config.Integer("Input Pin", minimum=0)
        self.remotes = config.Array(
            "Remotes", element=remote, max_items=8, description="Push buttons and receivers that open the gate"
        )


def export():
    GateConfig().export(Path(__file__).parents[2] / "doover_config.json", "gate_state_machine")


if __name__ == "__main__":
    export()
