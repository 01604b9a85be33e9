"""The device-side SDK: bridge clients (and, as they land, Application and run_app)."""

from .device_agent import DeviceAgentInterface, MockDeviceAgentInterface
from .errors import BridgeError, BridgeRejectedError, BridgeTimeoutError, BridgeUnavailableError
from .grpc_interface import GRPCInterface
from .platform import PlatformInterface, PulseCounter

__all__ = [
    "BridgeError",
    "BridgeRejectedError",
    "BridgeTimeoutError",
    "BridgeUnavailableError",
    "DeviceAgentInterface",
    "GRPCInterface",
    "MockDeviceAgentInterface",
    "PlatformInterface",
    "PulseCounter",
]
