"""Recording a camera's live frames to a video file with PyAV (H.264 in MP4/MKV, or MPEG-4 in AVI).

    clip = await record_clip(CameraInterface(), "front", Path("clip.mp4"), seconds=10)
    clip.frames, clip.fps

Frames are placed by their capture time, so a stream that skipped frames plays at the right speed
(the skipped moments hold the previous picture).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .interface import CameraInterface
from .values import Frame

if TYPE_CHECKING:
    from av.container import OutputContainer
    from av.video.stream import VideoStream

CODECS = {".mp4": "libx264", ".mkv": "libx264", ".mov": "libx264", ".avi": "mpeg4"}


class ClipError(Exception):
    """The clip cannot be written (unknown extension, unwritable path)."""


@dataclass(frozen=True)
class Clip:
    frames: int
    width: int
    height: int
    fps: float
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ClipWriter:
    """An open video file taking JPEG frames at ``fps``, sized by the first frame (rounded to even)."""

    def __init__(self, path: Path, fps: float):
        codec = CODECS.get(path.suffix.lower())
        if codec is None:
            raise ClipError(f"cannot record to {path.name}: use a .mp4, .mkv, .mov or .avi file")
        self.path, self.codec, self.fps = path, codec, fps
        # opened with the first frame: no frame, no file
        self.container: OutputContainer | None = None
        self.stream: VideoStream | None = None
        self.first_ms: int | None = None
        self.last_pts = -1
        self.frames = 0

    def _open(self, width: int, height: int) -> None:
        import av
        import av.error

        try:
            self.container = av.open(str(self.path), mode="w")
        except (OSError, av.error.FFmpegError) as exc:
            raise ClipError(f"cannot write {self.path}: {getattr(exc, 'strerror', None) or exc}") from None
        self.stream = stream = cast("VideoStream", self.container.add_stream(self.codec, rate=round(self.fps)))
        stream.width, stream.height = width // 2 * 2, height // 2 * 2
        stream.pix_fmt = "yuv420p"

    def add(self, frame: Frame) -> None:
        import av
        from PIL import Image

        image = Image.open(io.BytesIO(frame.jpeg)).convert("RGB")
        if self.stream is None:
            self._open(image.width, image.height)
            self.first_ms = frame.timestamp_ms
        stream, container = cast("VideoStream", self.stream), cast("OutputContainer", self.container)
        pts = round((frame.timestamp_ms - cast(int, self.first_ms)) / 1000 * round(self.fps))
        if pts <= self.last_pts:
            return  # two frames within one output frame: keep the first
        if image.size != (stream.width, stream.height):
            image = image.resize((stream.width, stream.height))
        video_frame = av.VideoFrame.from_image(image)
        video_frame.pts = self.last_pts = pts
        with self._writing():
            container.mux(stream.encode(video_frame))
        self.frames += 1

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """FFmpeg opens the file at the first write: its failures become ClipError (the container is closed)."""
        import av.error

        try:
            yield
        except (OSError, av.error.FFmpegError) as exc:
            container, self.container = cast("OutputContainer", self.container), None
            with contextlib.suppress(Exception):
                container.close()
            raise ClipError(f"cannot write {self.path}: {getattr(exc, 'strerror', None) or exc}") from None

    def close(self) -> Clip:
        if self.container is not None:
            container, stream = self.container, cast("VideoStream", self.stream)
            with self._writing():
                container.mux(stream.encode(None))
                container.close()
        width, height = (self.stream.width, self.stream.height) if self.stream else (0, 0)
        return Clip(self.frames, width, height, round(self.fps), (self.last_pts + 1) / round(self.fps))


async def record_clip(
    iface: CameraInterface, name: str, path: Path, seconds: float, fps: float = 0, width: int = 0, height: int = 0
) -> Clip:
    """Record ``seconds`` of camera ``name`` to ``path``; ``fps`` 0 takes the source's (15 when unknown)."""
    if not fps:
        camera = await iface.get_camera_async(name)
        fps = camera.fps if camera and camera.fps else 15.0
    fps = max(1.0, min(fps, 60.0))
    writer = ClipWriter(path, fps)
    try:
        end = None
        async with asyncio.timeout(seconds + iface.timeout + 10):  # a source that stalls must not hang us
            async for frame in iface.frames(name, fps=fps, width=width, height=height):
                end = end or time.monotonic() + seconds
                await asyncio.to_thread(writer.add, frame)
                if time.monotonic() >= end:
                    break
    except BaseException:
        with contextlib.suppress(ClipError):
            writer.close()  # keep what was recorded before the failure or Ctrl-C
        raise
    return writer.close()
