"""The device file: what the simulated controller has and how its inputs behave.

TOML or YAML, validated with pydantic; a bad file is rejected with the path of the bad field.

    name = "tank-rig"
    di = 4                                   # four plain inputs, or a list of pin tables
    [[ai]]
    name = "tank_level"
    units = "mA"
    signal = { kind = "sine", mean = 12, amplitude = 4, period_s = 60 }
    [[wiring]]
    from = "do2"                             # tank level rises 0.5 mA/s while DO2 is on
    to = "ai0"
    rate = 0.5
    off_rate = -0.1
    min = 4
    max = 20
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, field_validator, model_validator

from ...utils.settings_files import SettingsFileError, load_settings
from ..camera.spec import CameraSpec


class _Strict(BaseModel):
    # allow_inf_nan=False: ``initial = 1e400`` (inf in TOML) is refused, not simulated.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class ConstantSignal(_Strict):
    kind: Literal["constant"]
    value: float


class RampSignal(_Strict):
    kind: Literal["ramp"]
    start: float = 0.0
    rate: float
    min: float | None = None
    max: float | None = None
    wrap: bool = False


class SineSignal(_Strict):
    kind: Literal["sine"]
    mean: float
    amplitude: float
    period_s: PositiveFloat
    phase_deg: float = 0.0


class SquareSignal(_Strict):
    kind: Literal["square"]
    period_s: PositiveFloat
    duty: float = Field(0.5, gt=0, lt=1)
    low: float = 0.0
    high: float = 1.0


class RandomWalkSignal(_Strict):
    kind: Literal["random_walk"]
    start: float
    step: PositiveFloat
    min: float
    max: float
    interval_s: PositiveFloat = 1.0
    seed: int = 0

    @model_validator(mode="after")
    def _bounds(self) -> RandomWalkSignal:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


MAX_PULSE_RATE_HZ = 1000.0  # above a controller's pulse inputs; every edge is an event the bridge handles


class PulseSignal(_Strict):
    """A pulse train on a DI: ``rate_hz`` rising edges per second."""

    kind: Literal["pulse"]
    rate_hz: PositiveFloat
    duty: float = Field(0.5, gt=0, lt=1)

    @field_validator("rate_hz")
    @classmethod
    def _rate(cls, rate: float) -> float:
        if rate > MAX_PULSE_RATE_HZ:
            raise ValueError(
                f"{rate:g} Hz is above the simulator's limit of {MAX_PULSE_RATE_HZ:g} Hz (every edge is an event)"
            )
        return rate


AnalogSignal = Annotated[
    ConstantSignal | RampSignal | SineSignal | SquareSignal | RandomWalkSignal, Field(discriminator="kind")
]
DigitalSignal = Annotated[ConstantSignal | SquareSignal | PulseSignal, Field(discriminator="kind")]


class DigitalInput(_Strict):
    name: str | None = None
    initial: bool = False
    signal: DigitalSignal | None = None


class DigitalOutput(_Strict):
    name: str | None = None
    initial: bool = False
    current_a: float = Field(0.25, ge=0, description="current drawn while on (getDOCurrent)")


# A pin's range when the device file gives none, by units: 4-20 mA loops with room for the
# under- and over-range readings of a faulty transmitter, and 0-10 V signals.
DEFAULT_RANGES = {"ma": (0.0, 24.0), "v": (0.0, 10.0)}


class _AnalogPin(_Strict):
    name: str | None = None
    units: str
    kind: str
    initial: float
    min: float | None = Field(None, description="lowest value the pin takes [default: by units, 0 for mA and V]")
    max: float | None = Field(None, description="highest value the pin takes [default: by units, 24 mA or 10 V]")

    def limits(self) -> tuple[float, float] | None:
        """The values the pin may take: ``min``..``max`` from the file, else the default for its units."""
        default = DEFAULT_RANGES.get(self.units.strip().lower())
        if self.min is None and self.max is None and default is None:
            return None
        low, high = default or (float("-inf"), float("inf"))
        return (low if self.min is None else self.min, high if self.max is None else self.max)

    @model_validator(mode="after")
    def _initial_in_range(self):
        limits = self.limits()
        if limits is not None:
            if limits[0] >= limits[1]:
                raise ValueError(f"min ({limits[0]:g}) must be below max ({limits[1]:g})")
            if not limits[0] <= self.initial <= limits[1] and "initial" not in self.model_fields_set:
                self.initial = min(max(self.initial, limits[0]), limits[1])  # the default suits mA only
            elif not limits[0] <= self.initial <= limits[1]:
                raise ValueError(f"initial {self.initial:g} is outside the pin's range {describe_range(self)}")
        return self


def range_source(pin: _AnalogPin) -> str:
    if pin.min is not None or pin.max is not None:
        return "its range in the device file"
    return f"the default for {pin.units} pins; a device file can set min and max"


def describe_range(pin: _AnalogPin) -> str:
    low, high = pin.limits() or (float("-inf"), float("inf"))
    return f"{low:g} to {high:g} {pin.units}".rstrip()


class AnalogInput(_AnalogPin):
    units: str = "mA"
    kind: str = "current"
    initial: float = 12.0
    signal: AnalogSignal | None = None


class AnalogOutput(_AnalogPin):
    units: str = "V"
    kind: str = "voltage"
    initial: float = 0.0


class Location(_Strict):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    altitude_m: float | None = None
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading_deg: float | None = None
    sat_count: int | None = None


class SystemSpec(_Strict):
    voltage: float = 24.0
    temperature: float = 38.0
    power_watts: float = 4.8
    firmware_version: str = "doover-sim 1.0"
    location: Location | None = Location(
        latitude=-33.8688, longitude=151.2093, altitude_m=58.0, accuracy_m=5.0, sat_count=9
    )


_PIN_REF = re.compile(r"^(di|do|ai|ao)(\d+)$", re.IGNORECASE)


class Wire(_Strict):
    """Connects an output to an input.

    * DO -> DI: loopback (``invert`` optional).
    * AO -> AI: the input follows ``gain * AO + offset``, through a first-order lag of ``tau_s``.
    * DO -> AI: the input changes by ``rate`` units/s while the DO is on and ``off_rate`` while
      off, held within ``min``..``max`` (a tank that fills while the pump runs).
    """

    source: str = Field(alias="from")
    to: str
    invert: bool = False
    gain: float = 1.0
    offset: float = 0.0
    tau_s: float = Field(0.0, ge=0)
    rate: float | None = None
    off_rate: float = 0.0
    min: float | None = None
    max: float | None = None


class DeviceSpec(_Strict):
    name: str = "doover-sim"
    di: list[DigitalInput] = Field(default_factory=lambda: [DigitalInput() for _ in range(4)])
    do: list[DigitalOutput] = Field(default_factory=lambda: [DigitalOutput() for _ in range(6)])
    ai: list[AnalogInput] = Field(default_factory=lambda: _default_ai())
    ao: list[AnalogOutput] = Field(default_factory=lambda: [AnalogOutput() for _ in range(2)])
    system: SystemSpec = SystemSpec()
    wiring: list[Wire] = []
    cameras: list[CameraSpec] = []  # served by the Camera bridge

    @field_validator("di", "do", "ai", "ao", mode="before")
    @classmethod
    def _counts(cls, value):
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value <= 64:
                raise ValueError(f"a pin count must be between 0 and 64, not {value}")
            return [{} for _ in range(value)]
        return value

    @model_validator(mode="after")
    def _check_wiring(self) -> DeviceSpec:
        for index, wire in enumerate(self.wiring):
            source, target = self.resolve(wire.source), self.resolve(wire.to)
            for label, ref in (("from", source), ("to", target)):
                if isinstance(ref, str):
                    raise ValueError(f"wiring[{index}].{label}: {ref}")
            pair = (source[0], target[0])
            if pair not in (("do", "di"), ("ao", "ai"), ("do", "ai")):
                raise ValueError(
                    f"wiring[{index}]: cannot wire {source[0].upper()} to {target[0].upper()}; "
                    "expected DO->DI, AO->AI or DO->AI"
                )
            if pair == ("do", "ai") and wire.rate is None:
                raise ValueError(f"wiring[{index}]: a DO->AI wire needs `rate` (units per second while on)")
        return self

    def resolve(self, ref: str) -> tuple[str, int] | str:
        """``"do2"`` or a pin name -> ``("do", 2)``; an error text when it names nothing."""
        match = _PIN_REF.match(ref.strip())
        if match:
            io_type, pin = match.group(1).lower(), int(match.group(2))
            count = len(getattr(self, io_type))
            if pin >= count:
                return (
                    f"{ref!r} does not exist: {io_type.upper()} pins are 0-{count - 1}"
                    if count
                    else f"{ref!r}: the device has no {io_type.upper()} pins"
                )
            return io_type, pin
        for io_type in ("di", "do", "ai", "ao"):
            for pin, spec in enumerate(getattr(self, io_type)):
                if spec.name == ref:
                    return io_type, pin
        return f"{ref!r} is neither a pin (like do2) nor a pin name"


def _default_ai() -> list[AnalogInput]:
    """Four 4-20 mA inputs near mid-scale (one drifting gently) and two 0-10 V inputs."""
    current = [AnalogInput(initial=12.0) for _ in range(4)]
    current[0] = AnalogInput(initial=12.0, signal=SineSignal(kind="sine", mean=12.0, amplitude=0.5, period_s=120))
    voltage = [AnalogInput(units="V", kind="voltage", initial=5.0) for _ in range(2)]
    return current + voltage


class DeviceFileError(SettingsFileError):
    """The device file is unreadable or invalid; ``problems`` has one line per bad field."""


def default_device() -> DeviceSpec:
    return DeviceSpec()


def load_device_file(path: str | Path) -> DeviceSpec:
    """Read and validate a TOML, YAML (``.yaml``/``.yml``) or JSON device file."""
    return load_settings(path, DeviceSpec, DeviceFileError)
