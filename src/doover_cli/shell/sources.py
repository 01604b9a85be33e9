"""Words the shell completes from the bridges: pins, channels, buses, and Modbus point names.

    words = BridgeWords(targets)
    words.pins("ai")      # ["0", "1", "tank_level"]    the layout's pins, then the device file's names
    words.pin_refs()      # ["ai", "ai0", ..., "do5"]   what `watch` takes
    words.channels()      # ["tag_values", "tank"]      the DDA's channel list
    words.buses()         # ["default"]                 the Modbus bridge's buses
    words.points()        # ["meter.current", ...]      the built-in register map

They come through the session's clients (the same connection the commands use) with a short
deadline, and are kept for ``FRESH_FOR`` seconds so that pressing Tab twice asks once. A bridge
that does not answer gives no words: completion never prints an error or waits long.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .runner import Targets

FRESH_FOR = 5.0  # seconds
DEADLINE = 1.0  # seconds per rpc made for completion
IO_TYPES = ("di", "do", "ai", "ao")


class BridgeWords:
    def __init__(self, targets: Targets):
        self.targets = targets
        self._kept: dict[str, tuple[float, list[str]]] = {}

    def pins(self, io_type: str) -> list[str]:
        """The pin numbers of ``io_type``, then the names the device file gives them."""
        names = [ref.split(":", 1)[1] for ref in self._pin_names() if ref.startswith(f"{io_type}:")]
        return [str(pin) for pin in self._layout_pins().get(io_type, [])] + names

    def pin_refs(self) -> list[str]:
        found = self._layout_pins()
        return [word for io_type in IO_TYPES for word in (io_type, *(f"{io_type}{p}" for p in found.get(io_type, [])))]

    def channels(self) -> list[str]:
        def fetch() -> list[str]:
            from ..clients import bridge_client

            return sorted(
                bridge_client("dda", self.targets.dda_uri, self.targets.remote, DEADLINE).list_channels() or []
            )

        return self._fresh("channels", fetch)

    def buses(self) -> list[str]:
        def fetch() -> list[str]:
            from ..commands.modbus_client import Session
            from ..commands.modbus_options import bridge_options
            from ..commands.modbus_support import BusChoice

            target = bridge_options(modbus_uri=self.targets.modbus_uri, remote=self.targets.remote, deadline=DEADLINE)
            with Session(target, BusChoice()) as session:
                return [record["bus"] for record in session.buses()]

        return self._fresh("buses", fetch)

    def points(self) -> list[str]:
        def fetch() -> list[str]:
            from ..commands.modbus_points import load_map, named_points

            return [named.name for named in named_points(load_map(None))]

        return self._fresh("points", fetch, forever=True)

    def _layout_pins(self) -> dict[str, list[int]]:
        def fetch() -> list[str]:
            from ..clients import bridge_client
            from ..commands.io_support import layout_of

            layout = layout_of(bridge_client("platform", self.targets.plt_uri, self.targets.remote, DEADLINE))
            return [f"{io_type}{pin}" for io_type in IO_TYPES for pin in layout.pins(io_type)]

        pins: dict[str, list[int]] = {}
        for ref in self._fresh("layout", fetch):
            pins.setdefault(ref[:2], []).append(int(ref[2:]))
        return pins

    def _pin_names(self) -> list[str]:
        def fetch() -> list[str]:
            from ..commands.io_names import pin_names
            from ..targets import resolve_uri

            names = pin_names(resolve_uri("platform", self.targets.plt_uri, self.targets.remote), DEADLINE)
            return [f"{io_type}:{name}" for (io_type, _), name in sorted(names.items())]

        return self._fresh("pin-names", fetch)

    def _fresh(self, key: str, fetch: Callable[[], list[str]], forever: bool = False) -> list[str]:
        kept = self._kept.get(key)
        if kept is not None and (forever or time.monotonic() - kept[0] < FRESH_FOR):
            return kept[1]
        try:
            words = fetch()
        except Exception:  # an unreachable bridge, a refusal, anything: just no words
            words = []
        self._kept[key] = (time.monotonic(), words)
        return words
