"""PlatformInterface (device I/O bridge client) and the pulse/event counters built on it."""

from .counters import EventCounter, PulseCounter
from .interface import IoEvent, Location, PlatformInterface

__all__ = ["EventCounter", "IoEvent", "Location", "PlatformInterface", "PulseCounter"]
