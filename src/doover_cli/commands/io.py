"""`doover io get-* | set-* | schedule-* | system | table | events | watch | pulses | force | release`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from ..command_target import Target, target_options
from ..option_groups import DEFAULT, with_options
from ..output import note, warn
from ..render import timestamp_text
from .io_live import pulses, watch
from .io_names import pin_names, resolve_pins
from .io_sim import force, release
from .io_support import (
    ANALOG,
    Edge,
    Pin,
    check_pins,
    confirm_write,
    finite,
    layout_of,
    parse_switch,
    read_values,
    value_text,
)

app = typer.Typer(
    help="Read, drive, force and watch digital and analog I/O.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

Pins = Annotated[
    list[str],
    typer.Argument(
        metavar="PIN...", help="One or more pin numbers (or names from the device file).", show_default=False
    ),
]
Switch = Annotated[str, typer.Argument(metavar="VALUE", help="on/off, true/false or 1/0.", show_default=False)]
Number = Annotated[float, typer.Argument(metavar="VALUE", help="Value in the pin's unit.", show_default=False)]
InSecs = Annotated[int, typer.Option("--in", min=0, help="Seconds from now.", show_default=False)]
reading = target_options("platform")
writing = target_options("platform", yes="Write to a non-local device without asking.")


# -- reading and writing -------------------------------------------------------------------


def get_pins(io_type: str, texts: list[str], target: Target) -> None:
    iface = target.client("platform")
    layout = layout_of(iface)
    names = pin_names(iface.uri)
    pins = resolve_pins(io_type, texts, names)
    check_pins(layout, io_type, pins)
    values = read_values(iface, io_type, pins)
    width = max(len(_pin_label(io_type, pin, names)) for pin in pins)
    rows, lines = [], []
    for pin, value in zip(pins, values, strict=True):
        units = layout.units(io_type, pin)
        name = {"name": names[(io_type, pin)]} if (io_type, pin) in names else {}
        rows.append({"pin": pin, **name, "value": value, **({"units": units} if io_type in ANALOG else {})})
        lines.append(
            f"{io_type.upper()} {_pin_label(io_type, pin, names):<{width}}  {value_text(io_type, value, units)}"
        )
    target.output.result(rows, "\n".join(lines))


def _name_of(channel, names: dict[tuple[str, int], str]) -> dict[str, str]:
    name = names.get((channel.io_type, channel.pin))
    return {"name": name} if name else {}


def _pin_label(io_type: str, pin: int, names: dict[tuple[str, int], str]) -> str:
    return f"{pin} ({names[(io_type, pin)]})" if (io_type, pin) in names else str(pin)


def set_pin(io_type: str, pin: int, value: Any, target: Target, in_secs: int | None = None):
    from pydoover.docker.platform.values import f32

    iface = target.client("platform")
    layout = layout_of(iface)
    check_pins(layout, io_type, [pin])
    when = "" if in_secs is None else f" in {in_secs} s"
    confirm_write(iface, layout, io_type, pin, value, target.yes, when)
    label, units, out = f"{io_type.upper()} {pin}", layout.units(io_type, pin), target.output
    if in_secs is None:
        result = f32(getattr(iface, f"set_{io_type}")(pin, value))
        out.result({"pin": pin, "value": result}, f"{label} set to {value_text(io_type, result, units)}")
        return
    getattr(iface, f"schedule_{io_type}")(pin, value, in_secs)
    human = f"{label} will be set to {value_text(io_type, value, units)}{when}"
    out.result({"pin": pin, "value": value, "in_secs": in_secs}, human)


# -- get / set / schedule ---------------------------------------------------------------------


@app.command("get-di")
@with_options(target=reading)
def get_di(pins: Pins, target: Target = DEFAULT) -> None:
    """Read digital inputs.

    Example: doover io get-di 0 1
    """
    get_pins("di", pins, target)


@app.command("get-ai")
@with_options(target=reading)
def get_ai(pins: Pins, target: Target = DEFAULT) -> None:
    """Read analog inputs in their unit (mA for 4-20 mA inputs).

    Example: doover io get-ai 0 --json
    """
    get_pins("ai", pins, target)


@app.command("get-do")
@with_options(target=reading)
def get_do(pins: Pins, target: Target = DEFAULT) -> None:
    """Read digital outputs.

    Example: doover io get-do 0 1 2
    """
    get_pins("do", pins, target)


@app.command("get-ao")
@with_options(target=reading)
def get_ao(pins: Pins, target: Target = DEFAULT) -> None:
    """Read analog outputs.

    Example: doover io get-ao 0
    """
    get_pins("ao", pins, target)


@app.command("set-do")
@with_options(target=writing)
def set_do(
    pin: Pin,
    value: Switch,
    target: Target = DEFAULT,
) -> None:
    """Switch a digital output on or off (asks first on a non-local device).

    Example: doover io set-do 2 on
    """
    set_pin("do", pin, parse_switch(value), target)


@app.command("set-ao")
@with_options(target=writing)
def set_ao(
    pin: Pin,
    value: Number,
    target: Target = DEFAULT,
) -> None:
    """Set an analog output (asks first on a non-local device).

    Example: doover io set-ao 0 2.5
    """
    set_pin("ao", pin, finite(value), target)


@app.command("schedule-do")
@with_options(target=writing)
def schedule_do(
    pin: Pin,
    value: Switch,
    in_secs: InSecs,
    target: Target = DEFAULT,
) -> None:
    """Switch a digital output on or off --in SECONDS from now (asks first on a non-local device).

    Example: doover io schedule-do 2 off --in 30
    """
    set_pin("do", pin, parse_switch(value), target, in_secs)


@app.command("schedule-ao")
@with_options(target=writing)
def schedule_ao(
    pin: Pin,
    value: Number,
    in_secs: InSecs,
    target: Target = DEFAULT,
) -> None:
    """Set an analog output --in SECONDS from now (asks first on a non-local device).

    Example: doover io schedule-ao 0 0 --in 60
    """
    set_pin("ao", pin, finite(value), target, in_secs)


# -- system, table, events -----------------------------------------------------------------


def optional_reading(read):
    """A reading the bridge refuses or lacks is None (with a warning); unreachable still fails."""
    from pydoover.docker.errors import BridgeError, BridgeTimeoutError, BridgeUnavailableError
    from pydoover.docker.platform.values import f32

    try:
        return f32(read())
    except (BridgeUnavailableError, BridgeTimeoutError):
        raise
    except BridgeError as exc:
        warn(f"{exc.rpc}: {exc.detail or exc.status}")
        return None


def location_text(location: dict | None) -> str:
    if location is None:
        return "no fix"
    text = f"{location['latitude']:.5f}, {location['longitude']:.5f}"
    extras = [
        f"±{location['accuracy_m']:g} m" if location.get("accuracy_m") is not None else None,
        f"altitude {location['altitude_m']:g} m" if location.get("altitude_m") is not None else None,
        f"{location['sat_count']} satellites" if location.get("sat_count") is not None else None,
    ]
    return "  ".join([text, *(e for e in extras if e)])


@app.command("system")
@with_options(target=reading)
def system(target: Target = DEFAULT) -> None:
    """Show supply voltage, power, temperature and location.

    Example: doover io system --json
    """
    from pydoover.docker.platform.values import f32

    iface = target.client("platform")
    location = optional_reading(iface.get_location)
    data = {
        "voltage_v": optional_reading(iface.get_system_voltage),
        "power_w": optional_reading(iface.get_system_power),
        "temperature_c": optional_reading(iface.get_system_temperature),
        "location": {k: f32(v) for k, v in asdict(location).items()} if location is not None else None,
    }

    def shown(value: float | None, fmt: str) -> str:
        return "unknown" if value is None else fmt.format(value)

    rows = [
        ("voltage", shown(data["voltage_v"], "{:.2f} V")),
        ("power", shown(data["power_w"], "{:.2f} W")),
        ("temperature", shown(data["temperature_c"], "{:.1f} °C")),
        ("location", location_text(data["location"])),
    ]
    target.output.table(data, ["reading", "value"], rows)


@app.command("table")
@with_options(target=reading)
def table(target: Target = DEFAULT) -> None:
    """List the device's pins with their kind and units.

    Example: doover io table
    """
    from pydoover.docker.platform.layout import IO_TYPES

    iface = target.client("platform")
    layout = iface.fetch_layout()
    names = pin_names(iface.uri)
    data = {
        "io_table": {io_type.upper(): layout.pins(io_type) for io_type in IO_TYPES},
        "channels": [{**asdict(c), "io_type": c.io_type.upper(), **_name_of(c, names)} for c in layout.channels],
    }
    several = len({c.device for c in layout.channels}) > 1
    columns = ["type", "pin", *(["name"] if names else []), "kind", "units", *(["device"] if several else [])]
    rows = [
        (c.io_type.upper(), c.pin, *([names.get((c.io_type, c.pin), "-")] if names else []), c.kind or "-",
         c.units or "-", *([c.device] if several else []))
        for c in layout.channels
    ]  # fmt: skip
    target.output.table(data, columns, rows)


EDGE_NAMES = {"DI_R": "rising", "DI_F": "falling"}


def event_value_text(value: Any) -> str:
    return value_text("di", value) if isinstance(value, bool) else str(value)


@app.command("events")
@with_options(target=reading)
def events(
    pin: Pin,
    edge: Annotated[Edge, typer.Option("--edge", help="Which edges to list.")] = "both",
    target: Target = DEFAULT,
) -> None:
    """List the edges the platform logged on a digital input.

    Example: doover io events 0 --edge rising
    """
    iface = target.client("platform")
    check_pins(layout_of(iface), "di", [pin])
    synced, logged = iface.get_di_events(pin, edge)
    if synced is False:
        warn("the platform has not synced its event log yet; recent edges may be missing")
    data = [
        {
            "id": e.event_id,
            "event": e.event,
            "edge": EDGE_NAMES.get(e.event, e.event),
            "value": {"1": True, "0": False}.get(e.value, e.value),
            "time_ms": e.time_ms,
            "time": datetime.fromtimestamp(e.time_ms / 1000, UTC).isoformat(timespec="milliseconds"),
        }
        for e in logged
    ]
    rows = [(d["id"], timestamp_text(d["time_ms"]), d["edge"], event_value_text(d["value"])) for d in data]
    target.output.table(data, ["id", "time", "edge", "value"], rows)
    if not data and not target.json:
        note(f"no {'' if edge == 'both' else edge + ' '}edges logged on DI {pin}")


# -- live views and simulation control (io_live.py, io_sim.py) ----------------------------------

app.command("watch")(watch)
app.command("pulses")(pulses)
app.command("force")(force)
app.command("release")(release)
