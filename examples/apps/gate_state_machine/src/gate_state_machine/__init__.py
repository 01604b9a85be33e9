from pydoover.docker import run_app

from .app_config import GateConfig
from .application import GateApplication


def main():
    """Run the application."""
    run_app(GateApplication(config=GateConfig()))
