"""`doover modbus read | write | watch | scan | probe | buses`: Modbus registers through the Modbus bridge.

Every command reaches a bus the bridge has open (``--bus``, default ``default``) or a device
directly (``--tcp HOST:PORT`` / ``--serial PORT``, a bus the bridge opens on the fly).
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..command_target import Target, target_options
from ..errors import CLIError, UsageError
from ..output import note
from .io_support import SWITCH_WORDS
from .modbus_live import watch
from .modbus_options import DEFAULT, address_options, bridge_options, bus_options, with_options
from .modbus_probe import probe, scan
from .modbus_render import Reading, aligned, reading_json
from .modbus_support import Addressing, BusChoice, Span, check_writable, confirm_write

app = typer.Typer(
    help="Read, write, decode, watch and scan Modbus registers.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

PointArg = Annotated[
    str | None,
    typer.Argument(
        metavar="POINT",
        help="A named point such as meter.voltage (or voltage when unique), from --map or the built-in map.",
        show_default=False,
    ),
]
Count = Annotated[
    int | None,
    typer.Option(
        "--count",
        min=1,
        help="Number of VALUES of the --as type (--count 2 --as float32 reads 4 registers) [default: 1].",
    ),
]
WriteArgs = Annotated[
    list[str],
    typer.Argument(
        metavar="[POINT] VALUE...",
        help="An optional point, then values: numbers per --as (hex like 0x01F4, bits like 0101), on/off for coils.",
        show_default=False,
    ),
]
writing = target_options("modbus", yes="Write to a non-local bridge without asking.")


@app.command("read")
@with_options(addressing=address_options, bus=bus_options, target=bridge_options)
def read(
    point: PointArg = None,
    count: Count = None,
    addressing: Addressing = DEFAULT,
    bus: BusChoice = DEFAULT,
    target: Target = DEFAULT,
) -> None:
    """Read registers, coils or a named point, decoded per --as, --order and --scale.

    One line per value: address, raw registers in hex, decoded value.

    Example: doover modbus read --type input --address 0 --count 2 --as float32
    """
    from .modbus_client import Session

    span = addressing.span(point, count)
    with Session(target, bus) as session:
        reading = session.read(span)
    target.output.result(reading_json(reading, bus.label), aligned(reading.rows()))


@app.command("write", context_settings={"ignore_unknown_options": True})
@with_options(addressing=address_options, bus=bus_options, target=writing)
def write(
    args: WriteArgs,
    addressing: Addressing = DEFAULT,
    bus: BusChoice = DEFAULT,
    target: Target = DEFAULT,
) -> None:
    """Write holding registers or coils from --address (or a named point), one VALUE per value.

    Values are encoded per --as and --order, divided by --scale first. Asks first on a non-local
    bridge (--yes does not). Negative numbers work as they are: doover modbus write --as int16 -5

    Example: doover modbus write meter.setpoint 55.5
    """
    from .modbus_client import Session

    point, texts = split_point(args, addressing)
    span = addressing.span(point, len(texts))
    check_writable(span)
    registers = [word for text in texts for word in span.codec.parse(text)]
    reading = Reading(span, registers)
    where = f"{span.where()} on unit {span.unit}" + (f" ({span.point})" if span.point else "")
    with Session(target, bus) as session:
        confirm_write(
            target.uri("modbus"), where, values_text(reading), target.yes, lambda: current_text(session, span), bus
        )
        session.write(span, registers)
    target.output.result(reading_json(reading, bus.label), aligned(reading.rows(), prefix="wrote "))


@app.command("buses")
@with_options(target=bridge_options)
def buses(target: Target = DEFAULT) -> None:
    """List the buses the bridge has open, with their settings.

    Example: doover modbus buses --json
    """
    from .modbus_client import Session

    with Session(target, BusChoice()) as session:
        records = session.buses()
    rows = [(r["bus"], "yes" if r["open"] else "no", r["settings"], "-" if r["timeout"] is None else f"{r['timeout']:g} s")
            for r in records]  # fmt: skip
    target.output.table(records, ["bus", "open", "settings", "timeout"], rows)
    if not records and not target.json:
        note("the bridge has no buses open; reach a device with --tcp HOST:PORT or --serial PORT")


# -- write's arguments --------------------------------------------------------------------------


def split_point(args: list[str], addressing: Addressing) -> tuple[str | None, list[str]]:
    """``[POINT] VALUE...``: the first argument is a point unless it reads as a value. A lone argument
    is a value, unless it names a point (then the value is missing)."""
    for arg in args:
        if arg.startswith("-") and not looks_like_value(arg, addressing.as_type):
            raise UsageError(f"no such option: {arg}")
    if looks_like_value(args[0], addressing.as_type):
        return None, args
    if len(args) > 1:
        return args[0], args[1:]
    if names_point(addressing, args[0]):
        raise UsageError(f"missing VALUE: give the value to write to {args[0]}")
    return None, args


def names_point(addressing: Addressing, text: str) -> bool:
    try:
        addressing.point(text)
    except UsageError:
        return False
    return True


def looks_like_value(text: str, as_type: str | None) -> bool:
    """A number (also 0x.. and 0b..), a switch word, or with --as hex a bare hex word."""
    text = text.strip().lower()
    if text in SWITCH_WORDS:
        return True
    parsers = [float, lambda t: int(t, 0), *([lambda t: int(t, 16)] if as_type == "hex" else [])]
    for parse in parsers:
        try:
            parse(text)
        except ValueError:
            continue
        return True
    return False


def values_text(reading: Reading) -> str:
    return ", ".join(reading.span.codec.text(value, reading.span.units) for value in reading.values)


def current_text(session, span: Span) -> str:
    """What ``span`` holds now, for the confirmation; the failure's reason when it cannot be read."""
    from pydoover.docker.errors import BridgeError

    try:
        return values_text(session.read(span))
    except (CLIError, BridgeError) as exc:
        return f"unknown (cannot read it: {exc})"


# -- live views and searches (modbus_live.py, modbus_probe.py) --------------------------------------

app.command("watch")(watch)
app.command("scan")(scan)
app.command("probe")(probe)
