from pydoover.docker import run_app

from .app_config import SleepSchedulerConfig
from .application import SleepSchedulerApplication


def main():
    """Run the application."""
    run_app(SleepSchedulerApplication(config=SleepSchedulerConfig()))
