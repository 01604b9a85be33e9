"""A simulated Modbus TCP field device for local testing of apps that talk Modbus."""

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
