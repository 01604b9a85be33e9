"""Why the Camera bridge refuses a request; each error carries its response code."""

from __future__ import annotations


class CameraError(Exception):
    code = 500


class InvalidRequest(CameraError):
    """An absurd size, quality or fps."""

    code = 400


class UnknownCamera(CameraError):
    code = 404


class SourceUnavailable(CameraError):
    """The camera's source cannot be opened or decoded (the text says why)."""

    code = 503


class NoFrame(CameraError):
    """No frame arrived within the frame timeout."""

    code = 504


ERRORS = (InvalidRequest, UnknownCamera, SourceUnavailable, NoFrame)
