"""`doover io watch` and `doover io pulses`: pin values and pulse counts, live."""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..command_target import Target, target_options
from ..errors import UsageError
from ..option_groups import DEFAULT, with_options
from ..output import Output, note
from ..render import sparkline, timestamp_text
from ..streaming import run_stream, ticks
from .io_names import name_refs, pin_names
from .io_support import (
    ANALOG,
    Edge,
    Pin,
    check_pins,
    layout_of,
    parse_pin_refs,
    read_values,
    value_text,
)

if TYPE_CHECKING:
    from pydoover.docker.platform import IoLayout

HISTORY = 20  # samples in a watch sparkline


# -- watch -------------------------------------------------------------------------------------


def sample(iface, chosen: dict[str, list[int]]) -> dict[str, Any]:
    """One reading of every chosen pin: ``{"di0": False, "ai1": 12.0, ...}`` (one call per type)."""
    values = {}
    for io_type, pins in chosen.items():
        for pin, value in zip(pins, read_values(iface, io_type, pins), strict=True):
            values[f"{io_type}{pin}"] = value
    return values


def refreshes(
    iface, chosen: dict[str, list[int]], interval: float, count: int | None, until: float | None
) -> Iterator[tuple[datetime, dict[str, Any]]]:
    """Samples every ``interval`` seconds until ``count`` samples or ``until`` seconds have passed."""
    for _ in ticks(interval, count, until):
        yield datetime.now(UTC), sample(iface, chosen)


def watch_table(
    layout: IoLayout, values: dict, previous: dict | None, history: dict[str, deque], caption: str, names=None
):
    from rich.table import Table
    from rich.text import Text

    grid = Table("pin", "value", "trend", box=None, header_style="bold", caption=caption, caption_justify="left")
    for name, value in values.items():
        io_type, pin = name[:2], int(name[2:])
        changed = previous is not None and previous.get(name) != value
        text = Text(value_text(io_type, value, layout.units(io_type, pin)), style="bold yellow" if changed else "")
        trend = sparkline(list(history[name])) if io_type in ANALOG else ""
        name = (names or {}).get((io_type, pin))
        grid.add_row(f"{io_type.upper()} {pin}" + (f" ({name})" if name else ""), text, trend)
    return grid


@with_options(target=target_options("platform"))
def watch(
    pins: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PINS",
            help="Pins like di0 ai1 do2, pin names, or a type (ai) [default: every pin].",
            show_default=False,
        ),
    ] = None,
    interval: Annotated[float, typer.Option("--interval", min=0.05, help="Seconds between refreshes.")] = 1.0,
    count: Annotated[int | None, typer.Option("--count", min=1, help="Exit after N refreshes.")] = None,
    until: Annotated[float | None, typer.Option("--until", min=0, help="Exit after S seconds.")] = None,
    target: Target = DEFAULT,
) -> None:
    """Watch pins live, highlighting changes (NDJSON, one record per refresh, when piped or with --json).

    Example: doover io watch di0 ai0 ai1 --interval 0.5
    """
    iface = target.client("platform")
    layout = layout_of(iface)
    names = pin_names(iface.uri)
    chosen = parse_pin_refs(name_refs(pins or [], names), layout)
    if not chosen:
        raise UsageError("this device has no pins to watch")
    stream = refreshes(iface, chosen, interval, count, until)
    try:
        if target.json or not sys.stdout.isatty():
            out = Output(json_mode=True)
            for when, values in stream:
                out.record({"time": when.isoformat(timespec="milliseconds"), "values": values}, "")
            return
        from rich.live import Live

        from ..output import _console

        history: dict[str, deque] = {}
        previous = None
        with Live(console=_console(), auto_refresh=False) as live:
            for when, values in stream:
                for name, value in values.items():
                    history.setdefault(name, deque(maxlen=HISTORY)).append(value)
                caption = f"{timestamp_text(when)}  every {interval:g} s  (Ctrl-C to stop)"
                live.update(watch_table(layout, values, previous, history, caption, names), refresh=True)
                previous = values
    except KeyboardInterrupt:
        pass


# -- pulses ------------------------------------------------------------------------------------


class RateMeter:
    """Intervals and pulses per second over the last ``size`` intervals.

    The first pulse has no interval: the bridge's ``dt_secs`` for it counts from when the
    stream opened, not from a previous pulse, so it is left out.
    """

    def __init__(self, size: int = 10):
        self.intervals: deque[float] = deque(maxlen=size)
        self.pulses = 0

    def add(self, dt_secs: float) -> tuple[float | None, float | None]:
        """``(dt_secs, rate_hz)`` for this pulse; ``(None, None)`` for the first."""
        self.pulses += 1
        if self.pulses == 1:
            return None, None
        self.intervals.append(dt_secs)
        total = sum(self.intervals)
        return dt_secs, (len(self.intervals) / total if total > 0 else None)


def pulse_text(when: datetime, pin: int, total: int, dt_secs: float | None, rate: float | None) -> str:
    timing = "first pulse" if dt_secs is None else f"dt {dt_secs:.3f} s  {rate or 0:.2f}/s"
    return f"{timestamp_text(when)}  DI {pin}  #{total}  {timing}"


@with_options(target=target_options("platform"))
def pulses(
    pin: Pin,
    edge: Annotated[Edge, typer.Option("--edge", help="Which edges count as pulses.")] = "rising",
    count: Annotated[int | None, typer.Option("--count", min=1, help="Exit after N pulses.")] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0, help="Exit after S seconds (exit 4 if --count was not reached).")
    ] = None,
    target: Target = DEFAULT,
) -> None:
    """Count pulses on a digital input live: one line per pulse with count, interval and rate.

    Example: doover io pulses 0 --count 100
    """
    iface = target.client("platform")
    check_pins(iface.fetch_layout(), "di", [pin])  # also reports an unreachable bridge now, not retried forever
    out = target.output
    note(f"counting {edge} edges on DI {pin}; press Ctrl-C to stop")

    async def stream() -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def on_pulse(di: int, value: bool, dt_secs: float, total: int, pulse_edge: str) -> None:
            queue.put_nowait((value, dt_secs, total))

        counter = iface.get_new_pulse_counter(pin, edge, on_pulse)
        meter, shown = RateMeter(), 0
        try:
            while count is None or shown < count:
                value, dt_secs, total = await queue.get()
                (dt, rate), now = meter.add(dt_secs), datetime.now(UTC)
                record = {
                    "time": now.isoformat(timespec="milliseconds"),
                    "pin": pin,
                    "count": total,
                    "value": value,
                    "dt_secs": None if dt is None else round(dt, 6),
                    "rate_hz": None if rate is None else round(rate, 3),
                }
                out.record(record, pulse_text(now, pin, total, dt, rate))
                shown += 1
        finally:
            counter.stop()
            await iface.close_async()

    run_stream(stream(), timeout, count, "pulse" + "s" * (count != 1))
