"""The register map: what a simulated Modbus field device holds and how its values behave.

TOML, YAML or JSON, validated with pydantic; a bad file is rejected with the path of the bad field.

    [[units]]
    id = 1
    name = "meter"                                # optional: points are then `meter.voltage`
    holding_registers = { 200 = 7 }               # plain initial values, address -> value
    [[units.points]]
    name = "voltage"
    table = "input"                               # coil | discrete | input | holding
    address = 0
    type = "float32"                              # int16 uint16 int32 uint32 float32 float64 (bool for bits)
    order = "ABCD"                                # ABCD (big-endian), CDAB, BADC, DCBA
    scale = 1.0                                   # raw = value / scale; value = raw * scale
    units = "V"
    signal = { kind = "sine", mean = 230, amplitude = 3, period_s = 30 }

A point with a ``signal`` is recomputed from time whenever it is read; a point without one holds
``initial`` until a client writes it. Signals: constant, ramp, sine, random_walk (the platform
simulator's signals) and counter (``start`` + ``step`` every ``interval_s``).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, field_validator, model_validator

from ...utils.registers import INT_RANGE, WIDTH, decode, encode  # noqa: F401 - re-exported
from ...utils.settings_files import SettingsFileError, load_settings, validate_settings
from ..platform.device_file import ConstantSignal, RampSignal, RandomWalkSignal, SineSignal
from ..platform.signals import Constant, Ramp, RandomWalk, Sine

Table = Literal["coil", "discrete", "input", "holding"]
ValueType = Literal["int16", "uint16", "int32", "uint32", "float32", "float64", "bool"]
Order = Literal["ABCD", "CDAB", "BADC", "DCBA"]

BIT_TABLES = ("coil", "discrete")


# --------------------------------------------------------------------------- the map


class _Strict(BaseModel):
    # allow_inf_nan=False: ``initial = 1e400`` (inf in TOML) is refused, not served.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class CounterSignal(_Strict):
    """``start`` + ``step`` every ``interval_s`` seconds (an energy meter's kWh register)."""

    kind: Literal["counter"]
    start: float = 0.0
    step: float = 1.0
    interval_s: PositiveFloat = 1.0


PointSignal = Annotated[
    ConstantSignal | RampSignal | SineSignal | RandomWalkSignal | CounterSignal, Field(discriminator="kind")
]
Address = Annotated[int, Field(ge=0, le=65535)]
Register = Annotated[int, Field(ge=0, le=65535)]


class Point(_Strict):
    name: str
    table: Table
    address: Address
    type: ValueType | None = None  # bool for coils/discretes, uint16 for registers
    order: Order = "ABCD"
    scale: float = 1.0
    units: str = ""
    initial: float = 0.0
    signal: PointSignal | None = None

    @field_validator("scale")
    @classmethod
    def _scale(cls, value: float) -> float:
        if value == 0 or not math.isfinite(value):
            raise ValueError("scale must be a finite non-zero number")
        return value

    @model_validator(mode="after")
    def _type_fits_table(self) -> Point:
        bits = self.table in BIT_TABLES
        if self.type is None:
            self.type = "bool" if bits else "uint16"
        elif bits and self.type != "bool":
            raise ValueError(f"a {self.table} point is a bool, not {self.type}")
        elif not bits and self.type == "bool":
            raise ValueError(f"a {self.table} register point needs a numeric type, not bool")
        end = self.address + self.width - 1
        if end > 65535:
            raise ValueError(f"{self.type} at {self.address} needs addresses up to {end}, beyond 65535")
        return self

    @property
    def width(self) -> int:
        return WIDTH[self.type or "uint16"]

    @property
    def span(self) -> str:
        end = self.address + self.width - 1
        return f"{self.table} {self.address}" if end == self.address else f"{self.table} {self.address}-{end}"

    def behaviour(self):
        """The point's signal as a function of time (``.value(t)``), or None for a static point."""
        return make_behaviour(self.signal)


def make_behaviour(spec):
    match spec:
        case None:
            return None
        case ConstantSignal():
            return Constant(spec.value)
        case RampSignal():
            low = -math.inf if spec.min is None else spec.min
            high = math.inf if spec.max is None else spec.max
            return Ramp(spec.start, spec.rate, low, high, spec.wrap)
        case SineSignal():
            return Sine(spec.mean, spec.amplitude, spec.period_s, spec.phase_deg)
        case RandomWalkSignal():
            return RandomWalk(spec.start, spec.step, spec.min, spec.max, spec.interval_s, spec.seed)
        case CounterSignal():
            return Counter(spec.start, spec.step, spec.interval_s)
    raise TypeError(f"unknown signal {spec!r}")


class Counter:
    def __init__(self, start: float, step: float, interval_s: float):
        self.start, self.step, self.interval_s = start, step, interval_s

    def value(self, t: float) -> float:
        return self.start + self.step * max(math.floor(t / self.interval_s), 0)


class Unit(_Strict):
    id: int = Field(ge=1, le=255)
    name: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$")  # e.g. "meter": `meter.voltage`
    coils: dict[Address, bool] | list[bool] = {}
    discrete_inputs: dict[Address, bool] | list[bool] = {}
    input_registers: dict[Address, Register] | list[Register] = {}
    holding_registers: dict[Address, Register] | list[Register] = {}
    points: list[Point] = []

    @model_validator(mode="after")
    def _no_overlap(self) -> Unit:
        names: dict[str, int] = {}
        for index, point in enumerate(self.points):
            if point.name in names:
                raise ValueError(
                    f"points[{index}]: the name {point.name!r} is already used by points[{names[point.name]}]"
                )
            names[point.name] = index
        for table in ("coil", "discrete", "input", "holding"):
            placed = sorted((p.address, index, p) for index, p in enumerate(self.points) if p.table == table)
            for (_, i_a, a), (_, i_b, b) in itertools.pairwise(placed):
                if b.address <= a.address + a.width - 1:
                    first, second = sorted(((i_a, a), (i_b, b)), key=lambda item: item[0])
                    raise ValueError(
                        f"points[{second[0]}] {second[1].name!r} ({second[1].span}) overlaps "
                        f"points[{first[0]}] {first[1].name!r} ({first[1].span})"
                    )
        return self

    def initial(self, table: str) -> dict[int, int]:
        """The plain initial block of a table as address -> raw value (bools as 0/1)."""
        block = {
            "coil": self.coils,
            "discrete": self.discrete_inputs,
            "input": self.input_registers,
            "holding": self.holding_registers,
        }[table]
        items = block.items() if isinstance(block, dict) else enumerate(block)
        return {address: int(value) for address, value in items}

    def point(self, name: str) -> Point:
        for point in self.points:
            if point.name == name:
                return point
        raise KeyError(f"unit {self.id} has no point {name!r}")


class RegisterMap(_Strict):
    name: str = "field-device"
    units: list[Unit] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_units(self) -> RegisterMap:
        seen: dict[int, int] = {}
        named: dict[str, int] = {}
        for index, unit in enumerate(self.units):
            if unit.id in seen:
                raise ValueError(f"units[{index}]: unit id {unit.id} is already used by units[{seen[unit.id]}]")
            if unit.name is not None and unit.name in named:
                raise ValueError(
                    f"units[{index}]: unit name {unit.name!r} is already used by units[{named[unit.name]}]"
                )
            seen[unit.id] = index
            if unit.name is not None:
                named[unit.name] = index
        return self

    def unit(self, unit_id: int) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(f"no unit {unit_id}")


class RegisterMapError(SettingsFileError):
    """The register map is unreadable or invalid; ``problems`` has one line per bad field."""


def validate_register_map(data, source: str = "register map") -> RegisterMap:
    return validate_settings(data, RegisterMap, source, RegisterMapError)


def load_register_map(path: str | Path) -> RegisterMap:
    """Read and validate a TOML, YAML (``.yaml``/``.yml``) or JSON register map."""
    return load_settings(path, RegisterMap, RegisterMapError)


def default_register_map() -> RegisterMap:
    """A typical single-phase power meter on unit 1, named ``meter`` (points are ``meter.voltage`` ...).

    Input registers 0-7: voltage, current, power (float32 ABCD), energy (uint32 Wh counter);
    coil 0: relay status; holding register 100: a setpoint (scale 0.1, so 50.0 is raw 500).
    """
    return RegisterMap.model_validate(
        {
            "name": "power-meter",
            "units": [
                {
                    "id": 1,
                    "name": "meter",
                    "points": [
                        {"name": "voltage", "table": "input", "address": 0, "type": "float32", "units": "V",
                         "signal": {"kind": "sine", "mean": 230.0, "amplitude": 3.0, "period_s": 30}},
                        {"name": "current", "table": "input", "address": 2, "type": "float32", "units": "A",
                         "signal": {"kind": "random_walk", "start": 5.0, "step": 0.2, "min": 0.0, "max": 16.0}},
                        {"name": "power", "table": "input", "address": 4, "type": "float32", "units": "W",
                         "signal": {"kind": "sine", "mean": 1150.0, "amplitude": 50.0, "period_s": 45}},
                        {"name": "energy", "table": "input", "address": 6, "type": "uint32", "units": "Wh",
                         "signal": {"kind": "counter", "start": 100000, "step": 1, "interval_s": 1}},
                        {"name": "status", "table": "coil", "address": 0, "initial": 1},
                        {"name": "setpoint", "table": "holding", "address": 100, "type": "uint16", "scale": 0.1,
                         "units": "A", "initial": 50.0},
                    ],
                }
            ],
        }
    )  # fmt: skip
