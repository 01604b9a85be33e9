"""The device-side SDK: bridge clients (and, as they land, Application and run_app).

Names are imported from their submodules on first use, so a program that needs one client
(the CLI's `doover io`, say) does not pay for loading the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..utils.lazy import lazy_exports

_EXPORTS = {
    "BridgeError": ".errors",
    "BridgeRejectedError": ".errors",
    "BridgeTimeoutError": ".errors",
    "BridgeUnavailableError": ".errors",
    "DeviceAgentInterface": ".device_agent",
    "GRPCInterface": ".grpc_interface",
    "ManyModbusConfig": ".modbus",
    "MockDeviceAgentInterface": ".device_agent",
    "ModbusConfig": ".modbus",
    "ModbusInterface": ".modbus",
    "PlatformInterface": ".platform",
    "PulseCounter": ".platform",
}

__all__ = [
    "BridgeError",
    "BridgeRejectedError",
    "BridgeTimeoutError",
    "BridgeUnavailableError",
    "DeviceAgentInterface",
    "GRPCInterface",
    "ManyModbusConfig",
    "MockDeviceAgentInterface",
    "ModbusConfig",
    "ModbusInterface",
    "PlatformInterface",
    "PulseCounter",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .device_agent import DeviceAgentInterface, MockDeviceAgentInterface
    from .errors import BridgeError, BridgeRejectedError, BridgeTimeoutError, BridgeUnavailableError
    from .grpc_interface import GRPCInterface
    from .modbus import ManyModbusConfig, ModbusConfig, ModbusInterface
    from .platform import PlatformInterface, PulseCounter
