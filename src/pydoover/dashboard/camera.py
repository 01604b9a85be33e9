"""Where a camera client plugs into the dashboard.

Camera elements in ``ui_state`` are drawn with the image or URL they carry. A camera client (the
Camera bridge's SDK client) makes them live: give :func:`~pydoover.dashboard.web.create_app` an
object with ``latest_jpeg`` and the page shows ``/camera/<name>.jpg``, refreshed every second::

    class BridgeCameras:
        def __init__(self, iface): self.iface = iface
        async def latest_jpeg(self, camera: str) -> bytes | None:
            return await self.iface.get_snapshot_async(camera)   # whatever the client calls it

    create_app(targets, cameras=BridgeCameras(CameraInterface(uri=targets["camera"])))
"""

from __future__ import annotations

from typing import Protocol

REFRESH_SECONDS = 1.0


class CameraSource(Protocol):
    """Latest frames of the device's cameras, as JPEG bytes (None when that camera has none yet)."""

    async def latest_jpeg(self, camera: str) -> bytes | None: ...
