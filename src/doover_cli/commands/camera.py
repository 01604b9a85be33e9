"""`doover camera list | info | snapshot | record | watch`: the Camera bridge's cameras."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from ..command_target import Target, target_options
from ..errors import CLIError, UsageError, from_bridge_error
from ..option_groups import DEFAULT, with_options
from ..output import note

if TYPE_CHECKING:
    from pydoover.docker.camera import CameraInfo

app = typer.Typer(
    help="List cameras, take snapshots, record clips and watch live.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

Name = Annotated[
    str, typer.Argument(metavar="NAME", help="The camera, as `doover camera list` shows it.", show_default=False)
]
Width = Annotated[int, typer.Option("--width", min=0, help="Picture width (0: the source's; alone: keep aspect).")]
Height = Annotated[int, typer.Option("--height", min=0, help="Picture height (0: the source's).")]
Quality = Annotated[int, typer.Option("--quality", min=0, max=100, help="JPEG quality 1-100 (0: the bridge's 80).")]


camera_target = target_options("camera")


@contextlib.contextmanager
def bridge_errors() -> Iterator[None]:
    """Camera bridge failures as one line and an exit code (refusals show the bridge's own words)."""
    from pydoover.docker.camera import CameraRejected
    from pydoover.docker.errors import BridgeError

    try:
        yield
    except CameraRejected as exc:
        if exc.code in (400, 404):
            raise UsageError(exc.detail) from None
        raise CLIError(exc.detail, exit_codes.TIMEOUT if exc.code == 504 else exit_codes.FAILED) from None
    except BridgeError as exc:
        raise from_bridge_error(exc) from None


def size_text(info: CameraInfo) -> str:
    return f"{info.width}x{info.height}" if info.width else "-"


def camera_row(info: CameraInfo) -> tuple:
    fps = f"{info.fps:g}" if info.fps else "-"
    return (
        info.name,
        info.kind,
        info.state,
        size_text(info),
        fps,
        info.viewers,
        info.frames,
        info.source,
        info.last_error or "-",
    )


def with_remote(url: str, remote: str | None) -> str:
    """The bridge's own loopback URL, pointed at ``remote`` when the bridge is on a device."""
    if not remote:
        return url
    for local in ("127.0.0.1", "localhost"):
        url = url.replace(f"//{local}:", f"//{remote}:", 1)
    return url


@app.command("list")
@with_options(target=camera_target)
def list_cameras(target: Target = DEFAULT) -> None:
    """List the cameras: kind, state (idle, connecting, streaming, retrying), size, fps and last error.

    Example: doover camera list --remote 192.168.1.20
    """
    with bridge_errors():
        infos = target.client("camera").list_cameras()
    columns = ["camera", "kind", "state", "size", "fps", "viewers", "frames", "source", "last error"]
    target.output.table([info.to_json() for info in infos], columns, [camera_row(info) for info in infos])
    if not infos and not target.json:
        note("no cameras: start the bridges with `doover bridge up --camera front=sim`")


@app.command("info")
@with_options(target=camera_target)
def info(name: Name, target: Target = DEFAULT) -> None:
    """Show a camera's source: URI, codec, container, size, fps and its HTTP URLs.

    Example: doover camera info front
    """
    with bridge_errors():
        details = target.client("camera").get_stream_info(name)
    camera = details.camera
    lines = [
        f"{camera.name}: {camera.kind}, {camera.state}" + (f" ({camera.last_error})" if camera.last_error else ""),
        f"source     {details.uri}",
        f"codec      {details.codec or '-'} in {details.container or '-'}",
        f"size       {size_text(camera)} at {camera.fps:g} fps" if camera.fps else f"size       {size_text(camera)}",
        f"mjpeg      {with_remote(camera.mjpeg_url, target.remote) or '-'}",
        f"snapshot   {with_remote(camera.snapshot_url, target.remote) or '-'}",
    ]
    target.output.result(details.to_json(), "\n".join(lines))


@app.command("snapshot")
@with_options(target=target_options("camera", deadline=15.0))
def snapshot(
    name: Name,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JPEG file to write [default: NAME.jpg].")
    ] = None,
    width: Width = 0,
    height: Height = 0,
    quality: Quality = 0,
    target: Target = DEFAULT,
) -> None:
    """Save a JPEG of the camera's newest frame.

    Example: doover camera snapshot front -o front.jpg --width 320
    """
    path = output or Path(f"{name}.jpg")
    with bridge_errors():
        frame = target.client("camera").get_snapshot(name, width, height, quality)
    try:
        frame.save(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    human = f"saved {name} {frame.width}x{frame.height} ({len(frame.jpeg) / 1000:.1f} kB, frame {frame.seq}) to {path}"
    target.output.result({"camera": name, "path": str(path), **frame.to_json()}, human)


@app.command("record")
@with_options(target=target_options("camera", deadline=None))
def record(
    name: Name,
    seconds: Annotated[float, typer.Option("--seconds", min=0.1, max=86400, help="How long to record.")] = 10.0,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Video file (.mp4, .mkv, .avi) [default: NAME.mp4].")
    ] = None,
    fps: Annotated[float, typer.Option("--fps", min=0, max=60, help="Frames per second (0: the source's).")] = 0,
    width: Width = 0,
    height: Height = 0,
    target: Target = DEFAULT,
) -> None:
    """Record a clip (H.264) from the camera's live frames.

    Example: doover camera record front --seconds 10 -o clip.mp4
    """
    import asyncio

    from pydoover.docker.camera.recording import ClipError, record_clip

    path = output or Path(f"{name}.mp4")
    iface = target.client("camera")
    with bridge_errors():
        try:
            clip = asyncio.run(record_clip(iface, name, path, seconds, fps, width, height))
        except ClipError as exc:
            raise UsageError(str(exc)) from None
    human = f"recorded {clip.frames} frames of {name} ({clip.width}x{clip.height}, {clip.seconds:.1f} s at {clip.fps:g} fps) to {path}"
    target.output.result({"camera": name, "path": str(path), **clip.to_json()}, human)


@app.command("watch")
@with_options(target=camera_target)
def watch(
    name: Name,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the live view in a browser.")] = True,
    target: Target = DEFAULT,
) -> None:
    """Watch a camera live: opens its MJPEG view (VLC, ffplay or a browser can play the URL too).

    Example: doover camera watch front --no-open
    """
    with bridge_errors():
        camera = target.client("camera").get_camera(name)
    url = with_remote(camera.mjpeg_url, target.remote)
    if not url:
        raise CLIError(f"the Camera bridge serves no HTTP view of {name}")
    target.output.result({"camera": name, "mjpeg_url": url}, url)
    if open_browser and not target.json:
        import webbrowser

        if not webbrowser.open(url):
            note(f"no browser found; open {url} in VLC (`vlc {url}`), ffplay or a browser")
