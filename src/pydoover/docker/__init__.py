"""The device-side SDK: the bridge clients, Application and run_app.

Names are imported from their submodules on first use, so a program that needs one client
(the CLI's `doover io`, say) does not pay for loading the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..utils.lazy import lazy_exports

_EXPORTS = {
    "AppControllerInterface": ".app_controller",
    "Application": ".application",
    "BridgeError": ".errors",
    "BridgeRejectedError": ".errors",
    "BridgeTimeoutError": ".errors",
    "BridgeUnavailableError": ".errors",
    "CameraInterface": ".camera",
    "DeviceAgentInterface": ".device_agent",
    "GRPCInterface": ".grpc_interface",
    "ManyModbusConfig": ".modbus",
    "MockDeviceAgentInterface": ".device_agent",
    "ModbusConfig": ".modbus",
    "ModbusInterface": ".modbus",
    "PlatformInterface": ".platform",
    "PulseCounter": ".platform",
    "run_app": ".application",
}

__all__ = [
    "AppControllerInterface",
    "Application",
    "BridgeError",
    "BridgeRejectedError",
    "BridgeTimeoutError",
    "BridgeUnavailableError",
    "CameraInterface",
    "DeviceAgentInterface",
    "GRPCInterface",
    "ManyModbusConfig",
    "MockDeviceAgentInterface",
    "ModbusConfig",
    "ModbusInterface",
    "PlatformInterface",
    "PulseCounter",
    "run_app",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .app_controller import AppControllerInterface
    from .application import Application, run_app
    from .camera import CameraInterface
    from .device_agent import DeviceAgentInterface, MockDeviceAgentInterface
    from .errors import BridgeError, BridgeRejectedError, BridgeTimeoutError, BridgeUnavailableError
    from .grpc_interface import GRPCInterface
    from .modbus import ManyModbusConfig, ModbusConfig, ModbusInterface
    from .platform import PlatformInterface, PulseCounter
