"""gRPC servicer for the local Camera bridge: protobuf in, Camera call, protobuf out."""

from __future__ import annotations

import contextlib

from ..._grpc import camera_iface_pb2 as pb
from ..._grpc import camera_iface_pb2_grpc as pb_grpc
from ..answers import error_answers
from .camera import Camera, EncodedFrame, Size
from .cameras import CameraSet
from .errors import ERRORS, CameraError


def ok_header() -> pb.ResponseHeader:
    return pb.ResponseHeader(success=True)


def failed_header(code: int, message: str) -> pb.ResponseHeader:
    return pb.ResponseHeader(success=False, response_code=code, response_message=message)


answers = error_answers(failed_header, {kind: kind.code for kind in ERRORS})


def camera_info(camera: Camera, cameras: CameraSet) -> pb.CameraInfo:
    spec, details = camera.spec, camera.details
    mjpeg_url, snapshot_url = cameras.urls(camera.name)
    return pb.CameraInfo(
        name=camera.name,
        source=spec.shown_source,
        kind=spec.kind,
        width=details.width,
        height=details.height,
        fps=details.fps,
        state=camera.state,
        last_error=camera.last_error,
        viewers=camera.viewers,
        frames=camera.frames,
        mjpeg_url=mjpeg_url,
        snapshot_url=snapshot_url,
    )


def to_frame(frame: EncodedFrame) -> pb.Frame:
    return pb.Frame(
        jpeg=frame.jpeg, width=frame.width, height=frame.height, seq=frame.seq, timestamp_ms=frame.timestamp_ms
    )


class CameraServicer(pb_grpc.CameraInterfaceServicer):
    def __init__(self, cameras: CameraSet):
        self.cameras = cameras

    @answers(pb.ListCamerasResponse)
    async def ListCameras(self, request, context):
        found = self.cameras.select(list(request.names))
        return pb.ListCamerasResponse(
            response_header=ok_header(), cameras=[camera_info(c, self.cameras) for c in found]
        )

    @answers(pb.SnapshotResponse)
    async def GetSnapshot(self, request, context):
        camera = self.cameras.get(request.name)
        frame = await camera.snapshot(Size(request.width, request.height), request.quality)
        return pb.SnapshotResponse(response_header=ok_header(), frame=to_frame(frame))

    async def StreamFrames(self, request, context):
        try:
            camera = self.cameras.get(request.name)
            frames = camera.stream(Size(request.width, request.height), request.quality, request.fps)
            async with contextlib.aclosing(frames):
                async for frame, dropped in frames:
                    yield pb.FrameResponse(response_header=ok_header(), frame=to_frame(frame), dropped=dropped)
        except CameraError as exc:
            yield pb.FrameResponse(response_header=failed_header(exc.code, str(exc)))

    @answers(pb.StreamInfoResponse)
    async def GetStreamInfo(self, request, context):
        camera = self.cameras.get(request.name)
        details = camera.details
        return pb.StreamInfoResponse(
            response_header=ok_header(),
            camera=camera_info(camera, self.cameras),
            uri=camera.spec.shown_source,
            codec=details.codec,
            container=details.container,
            bitrate=details.bitrate,
        )
