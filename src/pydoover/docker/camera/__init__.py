"""CameraInterface (Camera bridge client): the device's cameras as JPEG snapshots and frame streams."""

from .interface import DEFAULT_CAM_URI, CameraInterface, CameraRejected, FrameStream
from .values import CameraInfo, Frame, StreamInfo

__all__ = ["DEFAULT_CAM_URI", "CameraInfo", "CameraInterface", "CameraRejected", "Frame", "FrameStream", "StreamInfo"]
