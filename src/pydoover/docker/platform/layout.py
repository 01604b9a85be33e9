"""IoLayout: the pins a device has, with kind and units (``iface.fetch_layout()``), and ``Channel``, one pin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..._grpc import platform_iface_pb2 as pb

IO_TYPES = ("di", "do", "ai", "ao")  # the order pins are listed in


@dataclass(frozen=True)
class Channel:
    """One pin of the device; ``kind`` and ``units`` are None when the bridge does not report them."""

    io_type: str  # di, do, ai or ao
    pin: int
    kind: str | None
    units: str | None
    device: str


class IoLayout:
    """The pins a device has (from the bridge's I/O details), to check pin numbers and find units.

    layout = iface.fetch_layout()    # or: await iface.fetch_layout()
    layout.pins("ai")                # [0, 1, 2, 3, 4, 5]
    layout.units("ai", 0)            # "mA" (None when the bridge does not say)
    layout.check("di", [9])          # ValueError: DI 9 does not exist; DI pins are 0-3
    """

    def __init__(self, channels: list[Channel]):
        self.channels = channels
        self._by_key = {(c.io_type, c.pin): c for c in channels}

    @classmethod
    def from_details(cls, devices: Iterable[pb.IoDeviceDetail]) -> IoLayout:
        """The layout of ``fetch_io_details()``'s devices: di, do, ai then ao pins, each in pin order."""
        channels = [
            Channel(ch.io_type.lower(), ch.channel, ch.kind or None, ch.units or None, device.name)
            for device in devices
            for ch in device.channels
            if ch.io_type.lower() in IO_TYPES
        ]
        return cls(sorted(channels, key=lambda c: (IO_TYPES.index(c.io_type), c.pin)))

    def pins(self, io_type: str) -> list[int]:
        return [c.pin for c in self.channels if c.io_type == io_type]

    def units(self, io_type: str, pin: int) -> str | None:
        channel = self._by_key.get((io_type, pin))
        return channel.units if channel else None

    def check(self, io_type: str, pins: list[int]) -> None:
        """Raise ValueError naming the valid pins when one of ``pins`` does not exist."""
        for pin in pins:
            if (io_type, pin) not in self._by_key:
                valid = self.pins(io_type)
                kind = io_type.upper()
                where = f"{kind} pins are {ranges_text(valid)}" if valid else f"this device has no {kind} pins"
                raise ValueError(f"{kind} {pin} does not exist; {where}")


def ranges_text(pins: list[int]) -> str:
    """``[0, 1, 2, 3, 8, 10, 11]`` -> ``"0-3, 8, 10-11"``."""
    runs: list[list[int]] = []
    for pin in sorted(set(pins)):
        if runs and pin == runs[-1][1] + 1:
            runs[-1][1] = pin
        else:
            runs.append([pin, pin])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
