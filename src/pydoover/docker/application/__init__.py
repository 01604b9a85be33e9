"""The app framework: :class:`Application` and :func:`run_app`."""

from .app import AppFailed, Application
from .run import run_app

__all__ = ["AppFailed", "Application", "run_app"]
