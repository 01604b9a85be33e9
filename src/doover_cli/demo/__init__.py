"""The bundled demo app (`doover demo`): a tank-level controller, shipped with the toolkit."""

from pathlib import Path

DEMO_APP = Path(__file__).parent / "tank_controller"
