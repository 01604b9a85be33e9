"""The bridge's cameras by name, and the URLs they are served at over HTTP."""

from __future__ import annotations

from collections.abc import Sequence

from .camera import Camera
from .errors import UnknownCamera
from .spec import CameraSpec


class CameraSet:
    def __init__(self, specs: Sequence[CameraSpec] = ()) -> None:
        self.cameras = {spec.name: Camera(spec) for spec in specs}
        self.http_base = ""  # http://HOST:PORT once the HTTP server listens

    def get(self, name: str) -> Camera:
        try:
            return self.cameras[name]
        except KeyError:
            known = ", ".join(self.cameras) or "none are configured (`doover bridge up --camera NAME=SOURCE`)"
            raise UnknownCamera(f"no camera named {name!r}; cameras: {known}") from None

    def select(self, names: list[str]) -> list[Camera]:
        return [self.get(name) for name in names] if names else list(self.cameras.values())

    def urls(self, name: str) -> tuple[str, str]:
        """(MJPEG URL, snapshot URL) of camera ``name``; empty without the HTTP server."""
        if not self.http_base:
            return "", ""
        return f"{self.http_base}/cameras/{name}.mjpg", f"{self.http_base}/cameras/{name}.jpg"

    def close(self) -> None:
        for camera in self.cameras.values():
            camera.close()
