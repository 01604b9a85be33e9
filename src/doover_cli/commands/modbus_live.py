"""`doover modbus watch`: registers or named points, polled and shown live.

On a terminal: a table redrawn every refresh, changed values highlighted, numbers with a
sparkline. With --json or when piped: one NDJSON record per refresh. A read that fails shows as
an error in its row (or record) and the watch goes on; only a first refresh that cannot reach the
bridge or names a bus it lacks ends it, since nothing would ever show.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from ..command_target import Target
from ..errors import CLIError, from_bridge_error
from ..output import Output
from ..render import sparkline, timestamp_text
from ..streaming import ticks
from .modbus_options import DEFAULT, address_options, bridge_options, bus_options, with_options
from .modbus_render import Reading, point_json, reading_json, span_json
from .modbus_support import Addressing, BusChoice, Span
from .modbus_values import NUMERIC, raw_text

HISTORY = 20  # samples in a sparkline

PointRefs = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="POINT",
        help="Named points such as meter.voltage [default: the address options; every point of --map].",
        show_default=False,
    ),
]
Values = Annotated[
    int | None,
    typer.Option("--values", min=1, help="Values to read at each point or address (what read calls --count)."),
]
Interval = Annotated[float, typer.Option("--interval", min=0.05, help="Seconds between refreshes.")]
Refreshes = Annotated[int | None, typer.Option("--count", min=1, help="Exit after N refreshes.")]
Until = Annotated[float | None, typer.Option("--until", min=0, help="Exit after S seconds.")]


@dataclass(frozen=True)
class Sample:
    """One span's read in one refresh: a reading, or the reason there is none."""

    span: Span
    reading: Reading | None = None
    error: str | None = None

    def record(self, bus: str) -> dict[str, Any]:
        if self.reading is not None:
            return {**reading_json(self.reading, bus), "error": None}
        empty = {"registers": None, "values": None}
        return {**span_json(self.span, bus), **empty, **point_json(self.span), "error": self.error}


def watched_spans(points: list[str] | None, values: int | None, addressing: Addressing) -> list[Span]:
    if points:
        return [addressing.span(point, values) for point in points]
    if addressing.map_path is not None and addressing.address is None:
        return addressing.map_spans()
    return [addressing.span(None, values)]


def sample(session, spans: list[Span], first: bool) -> list[Sample]:
    """Read every span once. Device failures become errors in the sample; so do the rest, after the first refresh."""
    from pydoover.docker.errors import BridgeError

    from .modbus_client import DeviceError

    samples = []
    for span in spans:
        try:
            samples.append(Sample(span, session.read(span)))
        except DeviceError as exc:
            samples.append(Sample(span, error=str(exc)))
        except (CLIError, BridgeError) as exc:
            if first:
                raise
            samples.append(Sample(span, error=str(exc if isinstance(exc, CLIError) else from_bridge_error(exc))))
    return samples


def row_label(span: Span, index: int) -> str:
    if span.point:
        return span.point if index == 0 else f"{span.point}[{index}]"
    return span.where(index)


def watch_table(samples: list[Sample], previous: dict, history: dict[tuple, deque], caption: str):
    """The live table; fills ``previous`` and ``history`` (keyed by span and value index) as it goes."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        "point", "raw", "value", "trend", box=None, header_style="bold", caption=caption, caption_justify="left"
    )
    for number, item in enumerate(samples):
        if item.reading is None:
            grid.add_row(row_label(item.span, 0), "-", Text(f"error: {item.error}", style="red"), "")
            continue
        span, width = item.span, item.span.codec.width
        for index, value in enumerate(item.reading.values):
            key = (number, index)
            changed = key in previous and previous[key] != value
            previous[key] = value
            trend = ""
            if span.codec.type in NUMERIC:
                history.setdefault(key, deque(maxlen=HISTORY)).append(value)
                trend = sparkline(list(history[key]))
            raw = raw_text(item.reading.registers[index * width : (index + 1) * width], span.bits)
            text = Text(span.codec.text(value, span.units), style="bold yellow" if changed else "")
            grid.add_row(row_label(span, index), raw, text, trend)
    return grid


@with_options(addressing=address_options, bus=bus_options, target=bridge_options)
def watch(
    points: PointRefs = None,
    values: Values = None,
    interval: Interval = 1.0,
    count: Refreshes = None,
    until: Until = None,
    addressing: Addressing = DEFAULT,
    bus: BusChoice = DEFAULT,
    target: Target = DEFAULT,
) -> None:
    """Poll registers or named points live, highlighting changes (NDJSON per refresh when piped or with --json).

    Example: doover modbus watch meter.voltage meter.current --interval 0.5
    """
    from .modbus_client import Session

    spans = watched_spans(points, values, addressing)
    with Session(target, bus) as session:
        refreshes = ((datetime.now(UTC), sample(session, spans, tick == 0)) for tick in ticks(interval, count, until))
        try:
            if target.json or not sys.stdout.isatty():
                show_records(refreshes, bus.label)
            else:
                show_live(refreshes, f"every {interval:g} s on bus {bus.label}")
        except KeyboardInterrupt:
            pass


def show_records(refreshes: Iterator[tuple[datetime, list[Sample]]], bus: str) -> None:
    out = Output(json_mode=True)
    for when, samples in refreshes:
        out.record({"time": when.isoformat(timespec="milliseconds"), "reads": [s.record(bus) for s in samples]}, "")


def show_live(refreshes: Iterator[tuple[datetime, list[Sample]]], what: str) -> None:
    from rich.live import Live

    from ..output import _console

    previous: dict = {}
    history: dict[tuple, deque] = {}
    with Live(console=_console(), auto_refresh=False) as live:
        for when, samples in refreshes:
            caption = f"{timestamp_text(when)}  {what}  (Ctrl-C to stop)"
            live.update(watch_table(samples, previous, history, caption), refresh=True)
