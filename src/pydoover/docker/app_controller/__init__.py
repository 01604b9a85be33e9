"""AppControllerInterface (App Controller bridge client): apps, their state and logs, and the
start/stop/restart commands a supervisor receives."""

from .interface import DEFAULT_APPS_URI, AppControllerInterface, AppControllerRejected
from .streams import CommandWatch, LogFollow
from .values import STATES, ActionResult, AppCommand, AppStatus, LogLine

__all__ = [
    "DEFAULT_APPS_URI",
    "STATES",
    "ActionResult",
    "AppCommand",
    "AppControllerInterface",
    "AppControllerRejected",
    "AppStatus",
    "CommandWatch",
    "LogFollow",
    "LogLine",
]
