from pydoover.docker import run_app

from .app_config import SyncMeterConfig
from .application import SyncMeterApplication


def main():
    """Run the application."""
    run_app(SyncMeterApplication(config=SyncMeterConfig()))
