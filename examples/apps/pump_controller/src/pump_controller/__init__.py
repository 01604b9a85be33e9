from pydoover.docker import run_app

from .app_config import PumpControllerConfig
from .application import PumpControllerApplication


def main():
    """Run the application."""
    run_app(PumpControllerApplication(config=PumpControllerConfig()))
