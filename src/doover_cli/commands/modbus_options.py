"""The option groups `doover modbus` commands share (see :mod:`doover_cli.option_groups`).

    @app.command("read")
    @with_options(bus=bus_options, target=bridge_options)
    def read(point: PointArg = None, bus: BusChoice = DEFAULT, target: Target = DEFAULT) -> None: ...

Each group's result is one object (:class:`BusChoice`, :class:`Addressing`, the shared
:class:`~doover_cli.command_target.Target`), already checked: a bad option is a usage error before
the command body runs, so nothing has been sent.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

import typer

from ..command_target import target_options
from ..errors import UsageError
from ..option_groups import DEFAULT, with_options
from .modbus_support import Addressing, BusChoice, zero_based
from .modbus_values import AsType, Order

Table = Literal["holding", "input", "coil", "discrete"]
__all__ = ["DEFAULT", "address_options", "bridge_options", "bus_options", "with_options"]

# -- addressing ---------------------------------------------------------------------------------

UnitId = Annotated[
    int | None,
    typer.Option("--id", min=0, max=247, help="Unit id (slave address) 0-247 [default: 1, or the point's unit]."),
]
TableOpt = Annotated[
    Table | None,
    typer.Option("--type", case_sensitive=False, help="Register table [default: holding, or the point's table]."),
]
AddressOpt = Annotated[
    int | None,
    typer.Option("--address", min=0, help="First address, 0-based as on the wire [default: 0, or the point's]."),
]
OneBased = Annotated[
    bool,
    typer.Option(
        "--one-based",
        help="Take --address as a 1-based register number: 4xxxx holding, 3xxxx input, 1xxxx discrete, "
        "0xxxx/1-9999 coil (40101 is holding 100); with --type, just address - 1.",
    ),
]
AsOpt = Annotated[
    AsType | None,
    typer.Option(
        "--as", case_sensitive=False, help="Value type [default: uint16, bool for coils and discretes, or the point's]."
    ),
]
OrderOpt = Annotated[
    Order | None,
    typer.Option(
        "--order",
        case_sensitive=False,
        help="Byte order: ABCD big-endian, CDAB word-swapped, BADC byte-swapped, DCBA both [default: ABCD].",
    ),
]
ScaleOpt = Annotated[float | None, typer.Option("--scale", help="value = raw * scale [default: 1, or the point's].")]
MapOpt = Annotated[
    Path | None,
    typer.Option(
        "--map",
        help="Register map (TOML/YAML/JSON) that names the points "
        "[default: the built-in power meter of `doover bridge up --modbus-sim`].",
    ),
]


def address_options(
    unit: UnitId = None,
    table: TableOpt = None,
    address: AddressOpt = None,
    one_based: OneBased = False,
    as_type: AsOpt = None,
    order: OrderOpt = None,
    scale: ScaleOpt = None,
    map_path: MapOpt = None,
) -> Addressing:
    if scale is not None and (scale == 0 or not math.isfinite(scale)):
        raise UsageError(f"--scale must be a finite non-zero number, not {scale}")
    table, address = zero_based(address, table, one_based)
    return Addressing(unit, table, address, as_type, order, scale, map_path)


# -- the bus ------------------------------------------------------------------------------------

BusName = Annotated[
    str | None,
    typer.Option("--bus", help="A bus the bridge has open (see `doover modbus buses`) [default: default]."),
]
Tcp = Annotated[
    str | None,
    typer.Option("--tcp", metavar="HOST:PORT", help="Reach a Modbus TCP device directly (a bus opened on the fly)."),
]
Serial = Annotated[
    str | None,
    typer.Option("--serial", metavar="PORT", help="Reach a serial RTU/ASCII device directly, e.g. /dev/ttyUSB0."),
]
Baud = Annotated[int | None, typer.Option("--baud", min=1, help="Serial baud rate [default: 9600].")]
Parity = Annotated[
    Literal["N", "E", "O"] | None,
    typer.Option("--parity", case_sensitive=False, help="Serial parity: N, E or O [default: N]."),
]
Method = Annotated[
    Literal["rtu", "ascii"] | None,
    typer.Option("--method", case_sensitive=False, help="Serial framing [default: rtu]."),
]
DataBits = Annotated[int | None, typer.Option("--data-bits", min=5, max=8, help="Serial data bits [default: 8].")]
StopBits = Annotated[int | None, typer.Option("--stop-bits", min=1, max=2, help="Serial stop bits [default: 1].")]
BusTimeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.01,
        help="Seconds a --tcp/--serial bus waits for each answer [default: 2 for --tcp, 0.3 for --serial and scan].",
    ),
]


def bus_options(
    bus: BusName = None,
    tcp: Tcp = None,
    serial: Serial = None,
    baud: Baud = None,
    parity: Parity = None,
    method: Method = None,
    data_bits: DataBits = None,
    stop_bits: StopBits = None,
    timeout: BusTimeout = None,
) -> BusChoice:
    if tcp and serial:
        raise UsageError("give one of --tcp and --serial, not both")
    line = {"--baud": baud, "--parity": parity, "--method": method, "--data-bits": data_bits, "--stop-bits": stop_bits}
    given = [name for name, value in line.items() if value is not None]
    if given and not serial:
        raise UsageError(f"{given[0]} applies only with --serial PORT")
    if timeout is not None and not (tcp or serial):
        raise UsageError("--timeout applies only to a bus opened with --tcp or --serial")
    if bus is not None and not bus.strip():
        raise UsageError("--bus needs a bus name")
    if tcp:
        _check_tcp(tcp)
    return BusChoice(
        name=bus if bus is not None else ("" if tcp or serial else "default"),
        tcp=tcp,
        serial=serial,
        baud=baud or 9600,
        parity=(parity or "N").upper(),
        method=(method or "rtu").lower(),
        data_bits=data_bits or 8,
        stop_bits=stop_bits or 1,
        timeout=timeout,
    )


def _check_tcp(uri: str) -> None:
    host, sep, port = uri.rpartition(":")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(f"--tcp must be HOST:PORT (e.g. 192.168.1.50:502), not {uri!r}")


# -- the bridge ---------------------------------------------------------------------------------


bridge_options = target_options("modbus")
