"""Where a camera source plugs into the dashboard, and how camera elements find their camera.

A camera source is an object with ``async latest_jpeg(camera) -> bytes | None``; the page then shows
``/camera/<name>.jpg``, refreshed every :data:`REFRESH_SECONDS`. A *live* source (see :func:`live`)
also has ``list_cameras()`` (the Cameras panel), ``next_frame(camera, after)`` (frames one after
another: the page's live view and ``/camera/<name>.mjpg``) and ``close()``. The Camera bridge's
source is :class:`~pydoover.dashboard.bridge_cameras.BridgeCameras`, which ``doover dashboard`` uses::

    create_app(targets, cameras=BridgeCameras(targets["camera"]))

Camera elements in ``ui_state`` show the bridge camera named by the element's ``cameraName`` (1.x
``uiCameraLiveView``/``uiCameraHistory``), else its ``camName``/``cam_name``, else the element's own
``name`` (classic ``ui.Camera``/``uiCamera``, named after the camera as the camera app does). When the
bridge has no camera of that name, the element shows the image or URL it carries itself.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeGuard

REFRESH_SECONDS = 1.0  # how often the page refreshes a camera from a source that is not live
BOUNDARY = "doover-frame"  # the MJPEG part separator


class CameraSource(Protocol):
    """Latest frames of the device's cameras, as JPEG bytes (None when that camera has none yet)."""

    async def latest_jpeg(self, camera: str) -> bytes | None: ...


class LiveCameraSource(CameraSource, Protocol):
    """A source that also lists its cameras and gives frames one after another (``BridgeCameras``)."""

    async def list_cameras(self) -> list[dict[str, Any]]: ...

    async def next_frame(self, camera: str, after: int = 0) -> tuple[int, bytes]: ...

    async def close(self) -> None: ...


class CameraUnavailable(Exception):
    """A source has no frame to give: ``status`` is the HTTP status to answer with (404 unknown
    camera, 503 the bridge or the camera is down)."""

    def __init__(self, message: str, status: int = 503):
        super().__init__(message)
        self.status = status


def live(cameras: object) -> TypeGuard[LiveCameraSource]:
    """True for a source that lists its cameras and gives frames one after another."""
    return all(callable(getattr(cameras, name, None)) for name in ("list_cameras", "next_frame", "close"))


def mjpeg_part(jpeg: bytes) -> bytes:
    head = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
    return head.encode() + jpeg + b"\r\n"
