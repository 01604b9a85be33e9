"""Modbus for apps: :class:`ModbusInterface` and the ``modbus_config`` config elements.

from pydoover.docker.modbus import ModbusConfig, ModbusInterface
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .config import BusConfig, ManyModbusConfig, ModbusConfig
    from .interface import ModbusInterface, two_words_to_32bit_float
    from .subscription import RegisterSubscription
