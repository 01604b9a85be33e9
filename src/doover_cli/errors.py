"""Turning failures into one line on stderr and a documented exit code."""

from __future__ import annotations

from . import exit_codes


class CLIError(Exception):
    """A failure to report to the user as one line, with an exit code."""

    def __init__(self, message: str, exit_code: int = exit_codes.FAILED):
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(CLIError):
    def __init__(self, message: str):
        super().__init__(message, exit_codes.USAGE)


URI_OPTIONS = {"DDA": "--dda-uri", "Platform": "--plt-uri", "Modbus": "--modbus-uri", "App Controller": "--apps-uri"}
URI_OPTIONS["Camera"] = "--cam-uri"


def start_hint(bridge: str) -> str:
    option = URI_OPTIONS.get(bridge, "the bridge URI")
    return f"start the local bridges with `doover bridge up`, or point {option} / --remote at a device"


def from_bridge_error(exc: Exception) -> CLIError:
    """Map an SDK BridgeError to the CLI's message and exit code."""
    from pydoover.docker.errors import BridgeRejectedError, BridgeTimeoutError, BridgeUnavailableError

    if isinstance(exc, BridgeUnavailableError):
        return CLIError(
            f"cannot reach the {exc.bridge} bridge at {exc.uri}; {start_hint(exc.bridge)}", exit_codes.UNREACHABLE
        )
    if isinstance(exc, BridgeTimeoutError):
        return CLIError(f"the {exc.bridge} bridge at {exc.uri} did not answer {exc.rpc} in time", exit_codes.TIMEOUT)
    if getattr(exc, "status", "") == "UNIMPLEMENTED":
        return CLIError(f"the {exc.bridge} bridge at {exc.uri} does not implement {exc.rpc} (an older bridge version?)")
    if isinstance(exc, BridgeRejectedError):
        return CLIError(f"the {exc.bridge} bridge refused {exc.rpc}: {exc.detail}", exit_codes.FAILED)
    return CLIError(str(exc), exit_codes.FAILED)
