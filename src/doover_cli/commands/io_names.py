"""Pin names from the device file (``name = "tank_level"``), as the local Platform bridge's
simulation service lists them: shown by `io table` and `get-*`, and accepted wherever a pin number is.

A real device has no simulation service: there, pins have numbers only.
"""

from __future__ import annotations

from .. import clients
from ..errors import UsageError


def pin_names(uri: str, timeout: float = 2.0) -> dict[tuple[str, int], str]:
    """``{("ai", 0): "tank_level", ...}``; empty when the bridge cannot say (a real device)."""

    def fetch() -> dict[tuple[str, int], str]:
        from pydoover.bridges.platform.simcontrol import SimulationClient, SimulationError
        from pydoover.docker.errors import BridgeError

        client = SimulationClient(uri, timeout=timeout)
        try:
            return {(p.io_type, p.pin): p.name for p in client.pins() if p.name}
        except (SimulationError, BridgeError):
            return {}
        finally:
            client.close()

    return clients.remember(("pin-names", uri), fetch)


def resolve_pins(io_type: str, texts: list[str], names: dict[tuple[str, int], str]) -> list[int]:
    """Pin numbers for ``texts`` (numbers, or names of ``io_type`` pins); a usage error otherwise."""
    by_name = {name: pin for (kind, pin), name in names.items() if kind == io_type}
    pins = []
    for text in texts:
        if text.lstrip("-").isdigit():
            pins.append(int(text))
        elif text in by_name:
            pins.append(by_name[text])
        else:
            known = ", ".join(sorted(by_name)) or "none (pins are numbered only)"
            raise UsageError(
                f"PIN {text!r} is neither a pin number nor a pin name; {io_type.upper()} pin names: {known}"
            )
    return pins


def name_refs(refs: list[str], names: dict[tuple[str, int], str]) -> list[str]:
    """`io watch`'s pin references with pin names turned into ``ai0``-style references."""
    by_name = {name: f"{io_type}{pin}" for (io_type, pin), name in names.items()}
    return [by_name.get(ref, ref) for ref in refs]
