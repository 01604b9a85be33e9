from pydoover.docker import run_app

from .app_config import TankLoggerConfig
from .application import TankLoggerApplication


def main():
    """Run the application."""
    run_app(TankLoggerApplication(config=TankLoggerConfig()))
