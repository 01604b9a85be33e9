"""PlatformInterface (device I/O bridge client), the device's pin layout, and the pulse/event counters built on it."""

from .counters import EventCounter, PulseCounter
from .interface import IoEvent, Location, PlatformInterface
from .layout import Channel, IoLayout

__all__ = ["Channel", "EventCounter", "IoEvent", "IoLayout", "Location", "PlatformInterface", "PulseCounter"]
