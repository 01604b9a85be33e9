"""Why the App Controller refuses a request; each error carries its response code."""

from __future__ import annotations


class AppControllerError(Exception):
    code = 500


class InvalidRequest(AppControllerError):
    code = 400


class UnknownApp(AppControllerError):
    code = 404


class UnknownCommand(AppControllerError):
    code = 404


class Displaced(AppControllerError):
    """Another supervisor started watching the app; the older watch ends."""

    code = 409


class StillRunning(AppControllerError):
    """RemoveApp of an app that runs, or that a supervisor still watches."""

    code = 409


class CommandFailed(AppControllerError):
    """The supervisor acknowledged the command with success=false."""

    code = 502


class NoSupervisor(AppControllerError):
    """Nobody is watching the app's commands (or the watcher left before acknowledging)."""

    code = 503


class NotAcknowledged(AppControllerError):
    """The supervisor did not acknowledge within the user's timeout."""

    code = 504


ERRORS = (
    InvalidRequest,
    UnknownApp,
    UnknownCommand,
    Displaced,
    StillRunning,
    CommandFailed,
    NoSupervisor,
    NotAcknowledged,
)
