"""What the Camera bridge client hands out: cameras, JPEG frames and stream details."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..._grpc import camera_iface_pb2 as pb

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage


@dataclass(frozen=True)
class CameraInfo:
    """One camera: ``state`` is idle, connecting, streaming or retrying (``last_error`` says why)."""

    name: str
    source: str
    kind: str
    width: int
    height: int
    fps: float
    state: str
    last_error: str = ""
    viewers: int = 0
    frames: int = 0
    mjpeg_url: str = ""
    snapshot_url: str = ""

    @classmethod
    def from_pb(cls, info: pb.CameraInfo) -> CameraInfo:
        return cls(
            name=info.name,
            source=info.source,
            kind=info.kind,
            width=info.width,
            height=info.height,
            fps=info.fps,
            state=info.state,
            last_error=info.last_error,
            viewers=info.viewers,
            frames=info.frames,
            mjpeg_url=info.mjpeg_url,
            snapshot_url=info.snapshot_url,
        )

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Frame:
    """One JPEG picture. ``seq`` counts the camera's decoded frames; ``dropped``: frames skipped before
    this one in a stream (the reader, or the fps asked for, was slower than the source)."""

    jpeg: bytes
    width: int
    height: int
    seq: int
    timestamp_ms: int
    dropped: int = 0

    @classmethod
    def from_pb(cls, frame: pb.Frame, dropped: int = 0) -> Frame:
        return cls(frame.jpeg, frame.width, frame.height, frame.seq, frame.timestamp_ms, dropped)

    @property
    def timestamp(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)

    def save(self, path: str | Path) -> Path:
        """Write the JPEG to ``path``."""
        path = Path(path)
        path.write_bytes(self.jpeg)
        return path

    def to_image(self) -> PilImage:
        """The picture as a PIL image (needs Pillow)."""
        import io

        from PIL import Image

        return Image.open(io.BytesIO(self.jpeg))

    def to_json(self) -> dict:
        return {
            "width": self.width,
            "height": self.height,
            "seq": self.seq,
            "timestamp_ms": self.timestamp_ms,
            "bytes": len(self.jpeg),
            "dropped": self.dropped,
        }


@dataclass(frozen=True)
class StreamInfo:
    """A camera's source: its URI, codec, container and bitrate (0 when unknown)."""

    camera: CameraInfo
    uri: str
    codec: str
    container: str
    bitrate: int

    @classmethod
    def from_pb(cls, response: pb.StreamInfoResponse) -> StreamInfo:
        return cls(
            CameraInfo.from_pb(response.camera), response.uri, response.codec, response.container, response.bitrate
        )

    def to_json(self) -> dict:
        return {**asdict(self), "camera": self.camera.to_json()}
