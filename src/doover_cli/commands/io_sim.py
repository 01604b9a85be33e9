"""`doover io force` and `doover io release`: hold simulated inputs through the local simulation's control service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from ..command_target import Target, target_options
from ..errors import CLIError, UsageError
from ..option_groups import DEFAULT, with_options
from .io_support import ANALOG, Pin, check_pins, finite, layout_of, parse_switch, value_text

InputType = Annotated[str, typer.Argument(metavar="TYPE", help="di or ai.", show_default=False)]


def input_type(text: str) -> str:
    io_type = text.strip().lower()
    if io_type in ("do", "ao"):
        raise UsageError(
            f"only inputs can be forced or released (di or ai), not {text!r}; set outputs with set-{io_type}"
        )
    if io_type not in ("di", "ai"):
        raise UsageError(f"TYPE {text!r} is not di or ai")
    return io_type


@contextmanager
def simulation(uri: str, deadline: float) -> Iterator:
    """The local simulation's control client; its refusals become CLI errors (an unreachable or
    slow bridge raises BridgeError, which the CLI reports with exit code 3 or 4)."""
    from pydoover.bridges.platform.simcontrol import SimulationClient, SimulationError

    client = SimulationClient(uri, timeout=deadline)
    try:
        yield client
    except SimulationError as exc:
        raise CLIError(str(exc)) from None
    finally:
        client.close()


@with_options(target=target_options("platform"))
def force(
    io_type: InputType,
    pin: Pin,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="on/off for di; a number for ai.", show_default=False)],
    target: Target = DEFAULT,
) -> None:
    """Hold a simulated input at a value until released (local simulation only).

    Example: doover io force di 2 on
    """
    io_type = input_type(io_type)
    if io_type == "di":
        forced: bool | float = parse_switch(value)
    else:
        try:
            forced = finite(float(value))
        except ValueError:
            raise UsageError(f"VALUE {value!r} is not a number") from None
    iface = target.client("platform")
    layout = layout_of(iface)
    check_pins(layout, io_type, [pin])
    with simulation(iface.uri, target.deadline) as sim:
        sim.force(io_type, pin, float(forced))
    text = value_text(io_type, forced, layout.units(io_type, pin))
    human = f"{io_type.upper()} {pin} forced {'to ' if io_type in ANALOG else ''}{text}"
    target.output.result({"io_type": io_type, "pin": pin, "value": forced}, human)


@with_options(target=target_options("platform"))
def release(
    io_type: Annotated[
        str | None, typer.Argument(metavar="TYPE", help="di or ai [default: every type].", show_default=False)
    ] = None,
    pin: Annotated[
        int | None, typer.Argument(metavar="PIN", help="Pin [default: every pin].", show_default=False)
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """Release forced inputs: one pin, one type, or all of them.

    Example: doover io release di 2
    """
    io_type = input_type(io_type) if io_type is not None else None
    if pin is not None:
        check_pins(layout_of(target.client("platform")), io_type, [pin])
    with simulation(target.uri("platform"), target.deadline) as sim:
        released = sim.release(io_type, pin)
    target.output.result({"released": released}, f"released {released} forced input{'s' * (released != 1)}")
