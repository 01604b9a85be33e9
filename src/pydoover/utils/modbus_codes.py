"""The codes a Modbus request fails with: Modbus exception codes (1-255, from the device) and the
local Modbus bridge's own codes for failures that are not exception answers.

Light on purpose (no pymodbus, no grpc): the bridge, the SDK and the CLI all name failures with it.
"""

from __future__ import annotations

EXCEPTION_NAMES = {
    0x01: "illegal function",
    0x02: "illegal data address",
    0x03: "illegal data value",
    0x04: "server device failure",
    0x05: "acknowledge",
    0x06: "server device busy",
    0x07: "negative acknowledge",
    0x08: "memory parity error",
    0x0A: "gateway path unavailable",
    0x0B: "gateway target device failed to respond",
}
NO_DEVICE_EXCEPTIONS = (0x0A, 0x0B)  # a gateway saying nobody is there

# The bridge's codes for failures that are not Modbus exception answers.
CODE_BAD_REQUEST = 400
CODE_NO_BUS = 404
CODE_UNREACHABLE = 503
CODE_TIMEOUT = 504


def exception_name(code: int) -> str:
    """``exception_name(2) == "illegal data address"``."""
    return EXCEPTION_NAMES.get(code, "unknown exception")
