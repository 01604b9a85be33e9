"""The local Modbus bridge and the simulated Modbus field device.

Names are imported from their submodules on first use, so reading a register map (the CLI's
named points) does not load pymodbus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...utils.lazy import lazy_exports

_EXPORTS = {
    "FAULT_KINDS": ".field_device",
    "Fault": ".field_device",
    "FieldDevice": ".field_device",
    "Point": ".register_map",
    "RegisterMap": ".register_map",
    "RegisterMapError": ".register_map",
    "Unit": ".register_map",
    "decode": ".register_map",
    "default_register_map": ".register_map",
    "encode": ".register_map",
    "load_register_map": ".register_map",
    "validate_register_map": ".register_map",
}

__all__ = [
    "FAULT_KINDS",
    "Fault",
    "FieldDevice",
    "Point",
    "RegisterMap",
    "RegisterMapError",
    "Unit",
    "decode",
    "default_register_map",
    "encode",
    "load_register_map",
    "validate_register_map",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .field_device import FAULT_KINDS, Fault, FieldDevice
    from .register_map import (
        Point,
        RegisterMap,
        RegisterMapError,
        Unit,
        decode,
        default_register_map,
        encode,
        load_register_map,
        validate_register_map,
    )
