"""The Camera bridge as the dashboard's camera source: its camera list, snapshots and live frames.

    cameras = BridgeCameras("127.0.0.1:50050")
    await cameras.list_cameras()                     # [{"name": "front", "state": "streaming", ...}]
    count, jpeg = await cameras.next_frame("front", after=0)

Live frames come from one gRPC frame stream per camera, shared by every page and MJPEG viewer
watching it: the relay keeps only the newest frame (bounded memory however slow a viewer is) and
ends the stream once nobody has asked for a frame for :data:`IDLE_SECONDS`, so the bridge stops
decoding when no page watches.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, cast

from ..docker.errors import BridgeError
from .camera import CameraUnavailable
from .clients import DEADLINE

IDLE_SECONDS = 5.0  # a relay with no viewer for this long stops pulling frames
RETRY_SECONDS = 2.0  # after a failed stream, viewers get its error this long before it is tried again
FRAME_WAIT = 15.0  # longest a viewer waits for the next frame


class FrameRelay:
    """One camera's newest frame, pulled from the bridge while someone watches.

    ``count`` numbers the frames this relay has received (it keeps rising across bridge restarts,
    unlike the bridge's own frame numbers), so a viewer asks for "the frame after ``count``"."""

    def __init__(self, iface, name: str):
        self.iface, self.name = iface, name
        self.jpeg: bytes | None = None
        self.count = 0
        self.error: CameraUnavailable | None = None
        self._failed_at = 0.0
        self._wanted_at = time.monotonic()
        self._changed = asyncio.Condition()
        self._task: asyncio.Task | None = None

    async def next_frame(self, after: int, timeout: float = FRAME_WAIT) -> tuple[int, bytes]:
        """The first frame numbered above ``after`` (the newest at once when ``after`` is from an
        earlier relay, or 0); raises CameraUnavailable, or TimeoutError when none came in time."""
        self._wanted_at = time.monotonic()
        if after > self.count:
            after = 0
        async with asyncio.timeout(timeout), self._changed:
            while self.count <= after:
                self._start()
                if self.error is not None:
                    raise self.error
                await self._changed.wait()
                self._wanted_at = time.monotonic()
        return self.count, cast(bytes, self.jpeg)  # set with every count

    def _start(self) -> None:
        running = self._task is not None and not self._task.done()
        if not running and time.monotonic() - self._failed_at >= RETRY_SECONDS:
            self.error = None
            self._task = asyncio.create_task(self._pull())

    async def _pull(self) -> None:
        try:
            async for frame in self.iface.frames(self.name):
                async with self._changed:
                    self.jpeg, self.count = frame.jpeg, self.count + 1
                    self._changed.notify_all()
                if time.monotonic() - self._wanted_at > IDLE_SECONDS:
                    return  # nobody watches any more: let the bridge stop decoding
        except BridgeError as exc:
            await self._fail(unavailable(exc, self.name))
        else:
            await self._fail(CameraUnavailable(f"the Camera bridge ended the stream of {self.name}"))

    async def _fail(self, error: CameraUnavailable) -> None:
        async with self._changed:
            self.error, self._failed_at = error, time.monotonic()
            self._changed.notify_all()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


def unavailable(exc: BridgeError, name: str) -> CameraUnavailable:
    if exc.code == 404:
        return CameraUnavailable(f"the Camera bridge has no camera {name!r}", 404)
    return CameraUnavailable(str(exc), 503)


class BridgeCameras:
    """A dashboard camera source over :class:`~pydoover.docker.CameraInterface` (see :mod:`.camera`)."""

    def __init__(self, uri: str):
        from ..docker.camera import CameraInterface

        self.uri = uri
        self.iface = CameraInterface("doover-dashboard", uri, timeout=DEADLINE, raise_on_error=True)
        self.relays: dict[str, FrameRelay] = {}

    async def list_cameras(self) -> list[dict]:
        """Every camera as the bridge describes it; raises BridgeError when the bridge does not answer."""
        cameras = cast("list[Any]", await self.iface.list_cameras_async())  # raise_on_error: never None
        return [info.to_json() for info in cameras]

    async def latest_jpeg(self, camera: str) -> bytes | None:
        try:
            return cast(Any, await self.iface.get_snapshot_async(camera)).jpeg  # raise_on_error: never None
        except BridgeError as exc:
            raise unavailable(exc, camera) from None

    async def next_frame(self, camera: str, after: int = 0) -> tuple[int, bytes]:
        """``(count, jpeg)``: the first live frame numbered above ``after`` (see :class:`FrameRelay`)."""
        relay = self.relays.get(camera)
        if relay is None:
            relay = self.relays[camera] = FrameRelay(self.iface, camera)
        try:
            return await relay.next_frame(after)
        except CameraUnavailable as exc:
            if exc.status == 404:
                self.relays.pop(camera, None)  # unknown names must not pile up relays
            raise

    async def close(self) -> None:
        for relay in self.relays.values():
            await relay.close()
        await self.iface.close_async()
