"""The simulated controller's system side: power, temperature, location, shutdown and wake settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from .device_file import DeviceSpec


@dataclass
class DiConfig:
    pin: int
    pnp_mode: bool = False
    irq_edge: str = "rising"
    debounce_ms: int = 0
    wake_on_event: bool = False


@dataclass
class SystemState:
    voltage: float
    temperature: float
    power_watts: float
    firmware_version: str
    immunity_secs: int = 0
    startup_in_secs: float | None = None
    shutdown_in_secs: float | None = None
    wake_on_voltage: float | None = None
    wake_reason: str | None = None
    sleep_log_interval_secs: int = 0
    values: dict[str, str] = field(default_factory=dict)
    di_config: dict[int, DiConfig] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: DeviceSpec) -> SystemState:
        system = spec.system
        return cls(system.voltage, system.temperature, system.power_watts, system.firmware_version)

    @property
    def current_amps(self) -> float:
        return self.power_watts / self.voltage if self.voltage else 0.0

    def config_for(self, pin: int) -> DiConfig:
        return self.di_config.setdefault(pin, DiConfig(pin))

    def update_di_config(self, pin: int, **changes) -> DiConfig:
        """Patch a DI's configuration: only the given (non-None) settings change."""
        config = self.config_for(pin)
        if changes.get("irq_edge") not in (None, "rising", "falling", "both"):
            raise ValueError(f"irq_edge must be rising, falling or both, not {changes['irq_edge']!r}")
        for name, value in changes.items():
            if value is not None:
                setattr(config, name, value)
        return config
