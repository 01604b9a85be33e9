from pydoover.docker import run_app

from .app_config import GateSimulatorConfig
from .application import GateSimulatorApplication


def main():
    """Run the application."""
    run_app(GateSimulatorApplication(config=GateSimulatorConfig()))
