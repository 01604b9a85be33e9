"""A tank-level controller: runs a pump between two levels, watches a power meter over Modbus."""

from pydoover.docker import run_app

from .app_config import TankConfig
from .application import TankControllerApp


def main():
    run_app(TankControllerApp(config=TankConfig()))
