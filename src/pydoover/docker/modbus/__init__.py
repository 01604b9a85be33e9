"""Modbus for apps: :class:`ModbusInterface` and the ``modbus_config`` config elements.

from pydoover.docker.modbus import ModbusConfig, ModbusInterface
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...utils.lazy import lazy_exports

_EXPORTS = {
    "BusConfig": ".config",
    "ManyModbusConfig": ".config",
    "ModbusConfig": ".config",
    "ModbusInterface": ".interface",
    "RegisterSubscription": ".subscription",
    "two_words_to_32bit_float": ".interface",
}

__all__ = [
    "BusConfig",
    "ManyModbusConfig",
    "ModbusConfig",
    "ModbusInterface",
    "RegisterSubscription",
    "two_words_to_32bit_float",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .config import BusConfig, ManyModbusConfig, ModbusConfig
    from .interface import ModbusInterface, two_words_to_32bit_float
    from .subscription import RegisterSubscription
