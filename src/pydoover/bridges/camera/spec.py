"""What a camera is: a name and a source, from `--camera NAME=SOURCE` or a device file's ``[[cameras]]``.

    parse_camera("front=sim")                                  # the simulated scene, 640x480 at 15 fps
    parse_camera("yard=sim?width=320&height=240&fps=10&seed=7")
    parse_camera("gate=rtsp://user:pw@192.168.1.40:554/stream1")
    parse_camera("lobby=http://192.168.1.41/video.mjpg")      # HTTP MJPEG
    parse_camera("bench=clips/bench.mp4")                      # a video file, played in a loop

In a device file::

    [[cameras]]
    name = "front"
    source = "sim"
    seed = 3
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SIMULATED = "sim"
MAX_WIDTH, MAX_HEIGHT, MAX_FPS = 7680, 4320, 60.0
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class CameraSpecError(ValueError):
    """A camera definition that cannot work; the text names the camera and what was expected."""


class CameraSpec(BaseModel):
    """One camera. ``width``/``height``/``fps``/``seed`` shape the simulated scene (``source = "sim"``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=NAME_PATTERN)
    source: str = Field(min_length=1)
    width: int = Field(640, ge=16, le=MAX_WIDTH)
    height: int = Field(480, ge=16, le=MAX_HEIGHT)
    fps: float = Field(15.0, gt=0, le=MAX_FPS)
    seed: int = 0

    @model_validator(mode="after")
    def _simulated_options(self) -> CameraSpec:
        if self.source.startswith(SIMULATED + "?"):  # sim?width=320&fps=10: fold the options in
            options = dict(parse_qsl(self.source.partition("?")[2], strict_parsing=True))
            unknown = sorted(set(options) - {"width", "height", "fps", "seed"})
            if unknown:
                raise ValueError(
                    f"unknown simulated camera option(s) {', '.join(unknown)}; use width, height, fps, seed"
                )
            merged = {**self.model_dump(), **options, "source": SIMULATED}
            return CameraSpec.model_validate(merged)
        return self

    @property
    def kind(self) -> str:
        """simulated | rtsp | mjpeg | file."""
        if self.source == SIMULATED:
            return "simulated"
        scheme = urlsplit(self.source).scheme.lower()
        if scheme in ("rtsp", "rtsps"):
            return "rtsp"
        if scheme in ("http", "https"):
            return "mjpeg"
        return "file"

    @property
    def shown_source(self) -> str:
        """The source with any password in a URL replaced by ***."""
        return redact(self.source)


def redact(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def parse_camera(text: str) -> CameraSpec:
    """``NAME=SOURCE`` -> a CameraSpec; CameraSpecError says what was wrong."""
    name, sep, source = text.partition("=")
    if not sep or not source.strip():
        raise CameraSpecError(f"camera {text!r}: expected NAME=SOURCE (sim, rtsp://..., http://... or a video file)")
    return checked_spec({"name": name.strip(), "source": source.strip()})


def checked_spec(fields: dict) -> CameraSpec:
    try:
        return CameraSpec.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'source'}: {e['msg']}" for e in exc.errors())
        raise CameraSpecError(f"camera {fields.get('name', '?')!r}: {problems}") from None


def combine(*groups: list[CameraSpec]) -> list[CameraSpec]:
    """Every camera of ``groups`` in order; a name used twice is an error."""
    seen: dict[str, CameraSpec] = {}
    for spec in (spec for group in groups for spec in group):
        if spec.name in seen:
            raise CameraSpecError(f"camera {spec.name!r} is defined twice ({seen[spec.name].source} and {spec.source})")
        seen[spec.name] = spec
    return list(seen.values())
