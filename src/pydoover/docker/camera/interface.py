"""CameraInterface: the SDK client of the Camera bridge.

    cameras = CameraInterface()                                    # 127.0.0.1:50050 (CAM_URI)
    cameras.list_cameras()                                         # [CameraInfo(name="front", state="idle", ...)]
    frame = cameras.get_snapshot("front", width=320)               # a Frame: .jpeg, .width, .height, .seq
    frame.save("front.jpg")
    cameras.get_stream_info("front").codec                         # "h264", "mjpeg", "synthetic"...
    for frame in cameras.frames("front", fps=5):                   # or `async for`
        ...

Every rpc-backed method works called plainly or awaited and has an ``_async`` twin. A failed call
returns None and logs one line; with ``raise_on_error=True`` it raises a
:class:`~pydoover.docker.BridgeError`; refusals are :class:`CameraRejected` with the code (404 unknown
camera, 400 absurd size or fps, 503 the camera's source is down, 504 no frame in time).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from typing import cast

import grpc

from ..._grpc import camera_iface_pb2 as pb
from ..._grpc import camera_iface_pb2_grpc as pb_grpc
from ...endpoints import endpoint
from ...utils.dual import dual_method
from ..errors import BridgeRejectedError
from ..grpc_interface import CHANNEL_OPTIONS, Call, Effects, GRPCInterface
from .values import CameraInfo, Frame, StreamInfo

DEFAULT_CAM_URI = endpoint("camera").default_uri
SNAPSHOT_DEADLINE = 15.0
STREAM_WINDOW_BYTES = 64 * 1024
STREAM_OPTIONS = [
    *CHANNEL_OPTIONS,
    ("grpc.http2.bdp_probe", 0),
    ("grpc.http2.lookahead_bytes", STREAM_WINDOW_BYTES),
]  # the bridge waits up to 10 s for a source's first frame


class CameraRejected(BridgeRejectedError):
    """The Camera bridge refused a request; ``code`` is its response code."""


class CameraInterface(GRPCInterface):
    """Client of the Camera bridge: cameras, JPEG snapshots and JPEG frame streams."""

    stub = pb_grpc.CameraInterfaceStub
    bridge_name = "Camera"
    rejected_error = CameraRejected

    def __init__(
        self,
        app_key: str | None = None,
        uri: str = DEFAULT_CAM_URI,
        is_async: bool | None = None,
        timeout: float = 7,
        raise_on_error: bool = False,
    ):
        super().__init__(app_key, uri or DEFAULT_CAM_URI, is_async, timeout, raise_on_error)

    @dual_method
    def list_cameras(self, *names: str) -> Effects[list[CameraInfo] | None]:
        """Every camera (or just ``names``, each of which must exist): ``cameras.list_cameras()``."""
        response = yield Call("ListCameras", pb.ListCamerasRequest(names=list(names)))
        return None if response is None else [CameraInfo.from_pb(info) for info in response.cameras]

    list_cameras_async = list_cameras.twin()

    @dual_method
    def get_camera(self, name: str) -> Effects[CameraInfo | None]:
        """One camera: ``cameras.get_camera("front").state``."""
        response = yield Call("ListCameras", pb.ListCamerasRequest(names=[name]))
        return None if response is None else CameraInfo.from_pb(response.cameras[0])

    get_camera_async = get_camera.twin()

    @dual_method
    def get_snapshot(self, name: str, width: int = 0, height: int = 0, quality: int = 0) -> Effects[Frame | None]:
        """A JPEG of the camera's newest frame; ``width``/``height`` 0 keep the source's size (one alone
        keeps the aspect ratio), ``quality`` 1..100 (0: the bridge's 80)."""
        request = pb.SnapshotRequest(name=name, width=int(width), height=int(height), quality=int(quality))
        response = yield Call("GetSnapshot", request, {"deadline": max(self.timeout, SNAPSHOT_DEADLINE)})
        return None if response is None else Frame.from_pb(response.frame)

    get_snapshot_async = get_snapshot.twin()

    @dual_method
    def get_stream_info(self, name: str) -> Effects[StreamInfo | None]:
        """The camera's source: ``cameras.get_stream_info("gate").codec`` (empty until first opened)."""
        response = yield Call("GetStreamInfo", pb.StreamInfoRequest(name=name))
        return None if response is None else StreamInfo.from_pb(response)

    get_stream_info_async = get_stream_info.twin()

    def frames(self, name: str, fps: float = 0, width: int = 0, height: int = 0, quality: int = 0) -> FrameStream:
        """JPEG frames at most ``fps`` a second (0: the source's), newest first: a reader slower than
        that gets fewer frames (``frame.dropped`` counts the skipped ones), never a backlog.
        ``for frame in cameras.frames("front", fps=5): ...`` or ``async for``. Failures raise."""
        request = pb.StreamFramesRequest(
            name=name, fps=float(fps), width=int(width), height=int(height), quality=int(quality)
        )
        return FrameStream(self, request)

    def rejected(self, rpc: str, header: pb.ResponseHeader) -> CameraRejected:
        error = self.error(rpc, "REJECTED", header.response_message or "no reason given", header.response_code)
        return cast(CameraRejected, error)  # error() makes a rejected_error for "REJECTED"


class FrameStream:
    """One StreamFrames call, read with ``for`` or ``async for``, on a channel of its own.

    The channel's receive window stays small (no bandwidth-delay probing): gRPC would otherwise
    buffer megabytes of frames for a slow reader, who would then see a backlog instead of the newest
    frame. With a small window the bridge waits, and skips frames, while the reader is busy.
    """

    def __init__(self, iface: CameraInterface, request: pb.StreamFramesRequest):
        self.iface, self.request = iface, request

    def _frame(self, response: pb.FrameResponse) -> Frame:
        if not response.response_header.success:
            raise self.iface.rejected("StreamFrames", response.response_header)
        return Frame.from_pb(response.frame, response.dropped)

    def __iter__(self) -> Iterator[Frame]:
        channel = grpc.insecure_channel(self.iface.uri, options=STREAM_OPTIONS)
        call = pb_grpc.CameraInterfaceStub(channel).StreamFrames(self.request)
        try:
            for response in call:
                yield self._frame(response)
        except grpc.RpcError as exc:
            raise self.iface._rpc_error("StreamFrames", exc) from None
        finally:
            call.cancel()
            if not sys.is_finalizing():  # closing a channel while the interpreter exits can hang
                channel.close()

    async def __aiter__(self) -> AsyncIterator[Frame]:
        async with grpc.aio.insecure_channel(self.iface.uri, options=STREAM_OPTIONS) as channel:
            call = pb_grpc.CameraInterfaceStub(channel).StreamFrames(self.request)
            try:
                async for response in call:
                    yield self._frame(response)
            except grpc.RpcError as exc:
                raise self.iface._rpc_error("StreamFrames", exc) from None
            finally:
                call.cancel()
