"""`doover bridge up` and `doover bridge status`."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from pydoover.endpoints import endpoint

from .. import exit_codes
from ..command_target import Target, target_options
from ..errors import CLIError, UsageError
from ..option_groups import DEFAULT, with_options
from ..output import Output, note, warn
from ..targets import BRIDGES, HEALTH_NAMES, Json

app = typer.Typer(
    help="Start the local bridges and check their health.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)


@app.command("up")
def up(
    dda_port: Annotated[
        int, typer.Option("--dda-port", min=0, max=65535, help="DDA port (0 picks a free one).")
    ] = endpoint("dda").port,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="SQLite file for channels [default: .doover/dda.sqlite3 in the project, else the user state dir].",
        ),
    ] = None,
    fsync: Annotated[
        bool, typer.Option("--fsync", help="Make every channel write survive a power cut too (slower writes).")
    ] = False,
    plt_port: Annotated[
        int, typer.Option("--plt-port", min=0, max=65535, help="Platform (I/O) port (0 picks a free one).")
    ] = endpoint("platform").port,
    device: Annotated[
        Path | None,
        typer.Option(
            "--device",
            help="Device file (TOML/YAML) describing the simulated I/O [default: a typical Doover controller].",
        ),
    ] = None,
    modbus_port: Annotated[
        int, typer.Option("--modbus-port", min=0, max=65535, help="Modbus bridge port (0 picks a free one).")
    ] = endpoint("modbus").port,
    modbus_sim: Annotated[
        bool,
        typer.Option(
            "--modbus-sim",
            help="Also run a simulated Modbus TCP field device, opened as bus 'default' (a power meter).",
        ),
    ] = False,
    modbus_map: Annotated[
        Path | None,
        typer.Option(
            "--modbus-map", help="Register map (TOML/YAML) for the simulated field device; implies --modbus-sim."
        ),
    ] = None,
    modbus_sim_port: Annotated[
        int,
        typer.Option(
            "--modbus-sim-port", min=0, max=65535, help="Port of the simulated field device (0 picks a free one)."
        ),
    ] = 5000,
    apps_port: Annotated[
        int, typer.Option("--apps-port", min=0, max=65535, help="App Controller port (0 picks a free one).")
    ] = endpoint("apps").port,
    cam_port: Annotated[
        int, typer.Option("--cam-port", min=0, max=65535, help="Camera bridge port (0 picks a free one).")
    ] = endpoint("camera").port,
    cameras: Annotated[
        list[str] | None,
        typer.Option(
            "--camera",
            metavar="NAME=SOURCE",
            help="A camera (repeatable): SOURCE is sim, sim?width=320&height=240&fps=10&seed=3, rtsp://..., "
            "an HTTP MJPEG URL or a video file (looped). The device file's [[cameras]] are added.",
        ),
    ] = None,
    cam_http_port: Annotated[
        int | None,
        typer.Option(
            "--cam-http-port",
            min=0,
            max=65535,
            help="Port serving the cameras over HTTP (MJPEG, snapshots) [default: 50060; free when --cam-port is 0].",
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option("--host", help="Interface to listen on. Anything but loopback exposes unauthenticated bridges."),
    ] = "127.0.0.1",
    traffic: Annotated[bool, typer.Option("--traffic", help="Print every channel write as it happens.")] = False,
    detach: Annotated[
        bool, typer.Option("--detach", help="Run in the background; stop them with `doover bridge down`.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also show log lines, the libraries' (pymodbus, gRPC) included.")
    ] = False,
    json_output: Json = False,
) -> None:
    """Start the local bridges and serve until Ctrl-C (or in the background with --detach).

    Example: doover bridge up --traffic --camera front=sim
    """
    if detach:
        from . import bridge_detach

        given = {"--dda-port": dda_port, "--store": store, "--plt-port": plt_port, "--device": device,
                 "--modbus-port": modbus_port, "--modbus-map": modbus_map, "--modbus-sim-port": modbus_sim_port,
                 "--apps-port": apps_port, "--cam-port": cam_port, "--cam-http-port": cam_http_port,
                 "--host": host}  # fmt: skip
        switches = (("--fsync", fsync), ("--modbus-sim", modbus_sim), ("--verbose", verbose))
        flags = [flag for flag, on in switches if on] + [part for spec in cameras or () for part in ("--camera", spec)]
        args = [part for flag, value in given.items() if value is not None for part in (flag, str(value))]
        bridge_detach.start([*args, *flags], json_output)
        return
    from pydoover.bridges.library_logs import library_logs, quiet_grpc_core

    quiet_grpc_core(verbose)  # before grpc is imported
    from pydoover.bridges.camera.spec import CameraSpecError
    from pydoover.bridges.dda.channels import AGGREGATE_UPDATE
    from pydoover.bridges.host import BridgeStartError, is_loopback
    from pydoover.bridges.modbus.register_map import RegisterMapError
    from pydoover.bridges.platform.device_file import DeviceFileError
    from pydoover.bridges.runner import BridgeSettings, serve

    out = Output(json_output)
    if not is_loopback(host):
        warn(
            f"listening on {host}: the bridges have no authentication; anyone who can reach this host can read and write channels"
        )

    def ready(listeners) -> None:
        for listener in listeners:
            out.record(
                {"event": "listening", "bridge": listener.name, "uri": listener.uri, "detail": listener.detail},
                f"{listener.name:<10} listening on {listener.uri}  ({listener.detail})",
            )
        note("bridges running; press Ctrl-C to stop")

    def show(event) -> None:
        if event.name == AGGREGATE_UPDATE or event.message is None:
            return
        from ..render import message_line

        record = {
            "event": event.name,
            "channel": event.channel,
            "message_id": str(event.message.id),
            "payload_json": event.message.payload,
        }
        out.record(record, message_line(event.message.ts_ms, event.channel, event.message.payload))

    settings = BridgeSettings(
        host=host,
        dda_port=dda_port,
        store=store,
        fsync=fsync,
        plt_port=plt_port,
        device=device,
        modbus_port=modbus_port,
        modbus_sim=modbus_sim,
        modbus_map=modbus_map,
        modbus_sim_port=modbus_sim_port,
        apps_port=apps_port,
        cam_port=cam_port,
        cameras=list(cameras or ()),
        cam_http_port=cam_http_port,
    )
    try:
        with library_logs(verbose):
            asyncio.run(serve(settings, on_ready=ready, on_channel_event=show if traffic else None))
    except BridgeStartError as exc:
        raise CLIError(str(exc)) from None
    except DeviceFileError as exc:
        raise UsageError("invalid device file:\n  " + "\n  ".join(exc.problems)) from None
    except RegisterMapError as exc:
        raise UsageError("invalid register map:\n  " + "\n  ".join(exc.problems)) from None
    except CameraSpecError as exc:
        raise UsageError(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise UsageError(f"cannot open the channel store {settings.store or '(default)'}: {exc}") from None
    except KeyboardInterrupt:
        pass
    note("bridges stopped")


@app.command("down")
def down(json_output: Json = False) -> None:
    """Stop the bridges started with `doover bridge up --detach`.

    Example: doover bridge down
    """
    from . import bridge_detach

    bridge_detach.stop(json_output)


@app.command("status")
@with_options(target=target_options(*BRIDGES, deadline=None))
def status(
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each bridge.")] = 2.0,
    target: Target = DEFAULT,
) -> None:
    """Check that each bridge answers its gRPC health check.

    Example: doover bridge status --remote 192.168.1.20
    """
    from pydoover.docker.health import UNREACHABLE, check_health

    results = [
        {"bridge": name, "uri": uri, "status": check_health(uri, HEALTH_NAMES[name], timeout)}
        for name, uri in target.uris.items()
    ]
    target.output.table(results, ["bridge", "uri", "status"], [tuple(r.values()) for r in results])
    statuses = {r["status"] for r in results}
    if UNREACHABLE in statuses:
        raise typer.Exit(exit_codes.UNREACHABLE)
    if statuses != {"SERVING"}:
        raise typer.Exit(exit_codes.FAILED)
