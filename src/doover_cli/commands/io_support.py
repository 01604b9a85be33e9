"""Helpers shared by the `doover io` command modules: the bridge client, pin arguments, values and writes."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from .. import clients
from ..confirm import confirm_remote
from ..errors import UsageError

if TYPE_CHECKING:
    from pydoover.docker.platform import IoLayout

ANALOG = ("ai", "ao")
SWITCH_WORDS = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}

Pin = Annotated[int, typer.Argument(metavar="PIN", help="Pin number.", show_default=False)]
Edge = Literal["rising", "falling", "both"]


# -- arguments -------------------------------------------------------------------------------


def check_pins(layout: IoLayout, io_type: str, pins: list[int]) -> None:
    """A usage error naming the valid pins when one of ``pins`` does not exist."""
    try:
        layout.check(io_type, pins)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def parse_switch(text: str) -> bool:
    try:
        return SWITCH_WORDS[text.strip().lower()]
    except KeyError:
        raise UsageError(f"VALUE {text!r} is not a switch value; use on, off, true, false, 1 or 0") from None


def finite(value: float) -> float:
    if not math.isfinite(value):
        raise UsageError(f"VALUE must be a finite number, not {value}")
    return value


def parse_pin_refs(refs: list[str], layout: IoLayout) -> dict[str, list[int]]:
    """``["di0", "ai"]`` -> ``{"di": [0], "ai": [0, 1, ...]}``; no refs: every pin of the device."""
    from pydoover.docker.platform.layout import IO_TYPES

    chosen: dict[str, list[int]] = {}
    for ref in refs or IO_TYPES:
        match = re.fullmatch(r"(di|do|ai|ao)(\d+)?", ref.strip().lower())
        if not match:
            raise UsageError(f"PIN {ref!r} is not like di0, ai1, do2 or ao0 (or a type: di, do, ai, ao)")
        io_type = match.group(1)
        pins = [int(match.group(2))] if match.group(2) else layout.pins(io_type)
        check_pins(layout, io_type, pins)
        known = chosen.setdefault(io_type, [])
        known.extend(pin for pin in pins if pin not in known)  # extend appends one by one: no repeats
    return {io_type: pins for io_type, pins in chosen.items() if pins}


# -- reading and writing -------------------------------------------------------------------


def platform_for(plt_uri: str | None, remote: str | None, deadline: float = 7.0):
    """The Platform client (one per bridge for a whole `doover shell` session; see ``clients``)."""
    return clients.bridge_client("platform", plt_uri, remote, deadline)


def layout_of(iface) -> IoLayout:
    """The device's pins (``iface.fetch_layout()``), fetched once per `doover shell` session."""
    return clients.remember(("layout", iface.uri), iface.fetch_layout)


def read_values(iface, io_type: str, pins: list[int]) -> list:
    """Values of ``pins`` in order (the SDK returns a bare value for one pin)."""
    from pydoover.docker.platform.values import f32

    values = getattr(iface, f"get_{io_type}")(*pins)
    return [f32(v) for v in values] if len(pins) > 1 else [f32(values)]


def value_text(io_type: str, value: Any, units: str | None = None) -> str:
    if io_type in ANALOG:
        return f"{value:.3f}" + (f" {units}" if units else "")
    return "on" if value else "off"


def confirm_write(iface, layout: IoLayout, io_type: str, pin: int, value: Any, yes: bool, when: str = "") -> None:
    """On a non-local target: show the pin's current value, then need --yes or a typed confirmation."""
    units = layout.units(io_type, pin)
    label = f"{io_type.upper()} {pin}"

    def current() -> str:
        return f"{label} at {iface.uri} is {value_text(io_type, read_values(iface, io_type, [pin])[0], units)}"

    question = f"set {label} at {iface.uri} to {value_text(io_type, value, units)}{when}?"
    confirm_remote(iface.uri, f"write {label}", yes, current, question=question)
