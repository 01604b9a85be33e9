"""Where a camera's pictures come from: the simulated scene, or PyAV decoding a URL or a file.

A source is opened by the camera's worker thread: ``source.frames(stop)`` yields PIL images until
``stop`` is set (or raises why it cannot go on); the camera reopens it with backoff. ``describe()``
gives what StreamInfo reports once the source was opened.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

from .spec import CameraSpec
from .synthetic import Scene

OPEN_TIMEOUT = 5.0  # seconds to connect to a URL source
READ_TIMEOUT = 5.0  # seconds without data before a URL source counts as dropped
PROBE_MICROSECONDS = "500000"  # how long FFmpeg looks at a stream before the first frame


class SourceFailed(Exception):
    """The source cannot be opened, decoded or read on; the text is for people."""


@dataclass
class StreamDetails:
    codec: str = ""
    container: str = ""
    bitrate: int = 0
    width: int = 0
    height: int = 0
    fps: float = 0.0


class SimulatedSource:
    """The synthetic scene at the camera's fps; frame numbers follow the wall clock from the bridge's start."""

    def __init__(self, spec: CameraSpec):
        self.scene = Scene(spec.seed, spec.width, spec.height, spec.fps)
        self.details = StreamDetails("synthetic", "synthetic", 0, spec.width, spec.height, spec.fps)

    def frames(self, stop: threading.Event) -> Iterator[Image.Image]:
        """The scene's pictures, paced to its fps (frame n is due n / fps seconds after the bridge started)."""
        fps = self.scene.fps
        while not stop.is_set():
            n = int((time.time() - self.scene.start) * fps)
            yield self.scene.render(n)
            stop.wait(max(0.0, (n + 1) / fps - (time.time() - self.scene.start)))


class AvSource:
    """An RTSP URL, an HTTP MJPEG URL or a video file, decoded with PyAV; a file plays in a loop."""

    def __init__(self, spec: CameraSpec):
        self.spec = spec
        self.details = StreamDetails()

    def _open(self):
        import av
        import av.error

        options = {"analyzeduration": PROBE_MICROSECONDS, "probesize": "5000000"}
        if self.spec.kind == "rtsp":
            options["rtsp_transport"] = "tcp"
        timeout = (OPEN_TIMEOUT, READ_TIMEOUT) if self.spec.kind != "file" else None
        try:
            return av.open(self.spec.source, options=options, timeout=timeout)
        except (av.error.FFmpegError, OSError) as exc:
            raise SourceFailed(f"cannot open {self.spec.shown_source}: {reason(exc)}") from None

    def frames(self, stop: threading.Event) -> Iterator[Image.Image]:
        import av.error

        container = self._open()
        try:
            if not container.streams.video:
                raise SourceFailed(f"{self.spec.shown_source} has no video stream")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            self._describe(container, stream)
            paced = self.spec.kind == "file"
            while not stop.is_set():
                started, decoded = time.monotonic(), 0
                try:
                    for frame in container.decode(stream):
                        if stop.is_set():
                            return
                        if paced:  # a file plays at its own rate, not as fast as it decodes
                            stop.wait(max(0.0, started + decoded / (self.details.fps or 15.0) - time.monotonic()))
                        decoded += 1
                        yield frame.to_image()
                except av.error.FFmpegError as exc:
                    raise SourceFailed(f"{self.spec.shown_source}: {reason(exc)}") from None
                if not paced:
                    raise SourceFailed(f"{self.spec.shown_source}: the stream ended")
                if decoded == 0:
                    raise SourceFailed(f"{self.spec.shown_source}: no frame could be decoded")
                container.seek(0, stream=stream)  # loop the file
        finally:
            container.close()

    def _describe(self, container, stream) -> None:
        codec = stream.codec_context
        rate = stream.average_rate or stream.guessed_rate or 0
        self.details = StreamDetails(
            codec=codec.name or "",
            container=container.format.name or "",
            bitrate=int(container.bit_rate or codec.bit_rate or 0),
            width=codec.width,
            height=codec.height,
            fps=float(rate),
        )


def reason(exc: Exception) -> str:
    """FFmpeg's words without the errno prefix and the repeated file name."""
    text = getattr(exc, "strerror", None) or str(exc)
    return text.strip() or type(exc).__name__


def open_source(spec: CameraSpec) -> SimulatedSource | AvSource:
    return SimulatedSource(spec) if spec.kind == "simulated" else AvSource(spec)
