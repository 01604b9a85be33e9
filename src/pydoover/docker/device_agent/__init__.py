from .interface import DeviceAgentInterface
from .mock import MockDeviceAgentInterface

__all__ = ["DeviceAgentInterface", "MockDeviceAgentInterface"]
