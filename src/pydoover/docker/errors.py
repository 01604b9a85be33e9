"""Exceptions raised by the SDK clients when ``raise_on_error=True`` (and used by the CLI).

Classic methods keep the classic contract (a failed call returns ``None``/``False``);
these exceptions carry the same facts for code that prefers to handle failures.
"""

from __future__ import annotations


class BridgeError(Exception):
    """A call to a bridge failed. ``status`` is the gRPC status name, or ``REJECTED``; ``code`` is the
    bridge's ``response_code`` for a refusal (a Modbus exception code, 404, 503 ...), else None."""

    def __init__(self, bridge: str, uri: str, rpc: str, status: str, detail: str = "", code: int | None = None):
        self.bridge, self.uri, self.rpc, self.status, self.detail, self.code = bridge, uri, rpc, status, detail, code
        super().__init__(self.describe())

    def describe(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.bridge} bridge at {self.uri}: {self.rpc} failed ({self.status}){detail}"


class BridgeUnavailableError(BridgeError):
    """Nothing answered at the bridge's URI (not started, wrong port, network down)."""


class BridgeTimeoutError(BridgeError):
    """The bridge did not answer within the call's deadline."""


class BridgeRejectedError(BridgeError):
    """The bridge answered but refused the request (``success=false`` in its header)."""
