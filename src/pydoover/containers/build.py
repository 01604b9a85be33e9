"""Building an app's image with the Docker SDK, as a stream of events a view can show.

    for event in build_image(client, BuildRequest(project.root, "tank:latest")):
        print(event.kind, event.message)        # step / cached / log / pull / built

A failed build raises BuildFailed naming the step that failed and its last lines of output.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContainerError, Kind

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the engine colours a step's stderr
NOISE = ("---> ", "Removing intermediate container")  # the engine's own lines, not the step's output
STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
BASE_ARG = re.compile(r"^\s*ARG\s+BASE_IMAGE\s*=\s*(\S+)", re.MULTILINE)
PYTHON_TAG = re.compile(r"(?:^|/)python:(\d+\.\d+)")
TAIL = 12  # lines of output kept to show with a failure
MISSING_IMAGE = (
    "pull access denied",
    "manifest unknown",
    "not found: manifest",
    "No such image",
    "repository does not exist",
)


@dataclass
class BuildRequest:
    context: Path
    tag: str
    dockerfile: str = "Dockerfile"
    platform: str | None = None
    build_args: dict[str, str] = field(default_factory=dict)
    no_cache: bool = False
    pull: bool = False
    base: str | None = None  # the image the Dockerfile builds on, when known (named in a failure)


@dataclass
class BuildEvent:
    kind: str  # step | cached | log | pull | built
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, **self.data}


class BuildFailed(ContainerError):
    def __init__(self, message: str, step: str | None, tail: list[str], kind: Kind = "failed") -> None:
        super().__init__(message, kind)
        self.step = step
        self.tail = tail


def image_tag(project) -> str:
    """``image_name`` from the app's doover_config.json entry, else ``NAME:latest`` (repository names
    are lower case for the engine)."""
    entry = (project.doover_config or {}).get(project.app_key)
    name = entry.get("image_name") if isinstance(entry, dict) else None
    if isinstance(name, str) and name.strip():
        repository, colon, tag = name.strip().rpartition(":")
        if not colon or "/" in tag:  # no tag, or the colon was a registry's port
            return name.strip().lower()
        return f"{repository.lower()}:{tag}"
    return f"{re.sub(r'[^a-z0-9_.-]+', '-', project.name.lower()).strip('-.') or 'app'}:latest"


def dockerfile_text(request: BuildRequest) -> str:
    path = request.context / request.dockerfile
    if not path.is_file():
        raise ContainerError(
            f"no {request.dockerfile} in {request.context}; add one (`doover new` makes projects with one)", "usage"
        )
    return path.read_text(errors="replace")


def base_image(request: BuildRequest, text: str) -> str | None:
    """The image the Dockerfile builds on when it takes it as ``ARG BASE_IMAGE`` (our template does)."""
    if "BASE_IMAGE" in request.build_args:
        return request.build_args["BASE_IMAGE"]
    found = BASE_ARG.search(text)
    return found.group(1).strip("\"'") if found else None


def python_version_of(client, image: str | None) -> str | None:
    """The Python of a base image: ``python:3.X-...`` by its name, else its PYTHON_VERSION variable."""
    if image is None:
        return None
    if found := PYTHON_TAG.search(image):
        return found.group(1)
    from docker.errors import DockerException

    try:
        env = client.images.get(image).attrs["Config"].get("Env") or []
    except DockerException:
        return None
    for item in env:
        if item.startswith("PYTHON_VERSION="):
            return ".".join(item.split("=", 1)[1].split(".")[:2])
    return None


def build_image(client, request: BuildRequest) -> Iterator[BuildEvent]:
    """Build ``request``; yields events as the engine reports them; raises BuildFailed."""
    from docker.errors import APIError, DockerException
    from requests.exceptions import RequestException
    from urllib3.exceptions import HTTPError

    from .context import context_stream

    started = time.monotonic()
    parser = _StreamParser(started, request.base)
    try:
        dockerfile, context = context_stream(str(request.context), request.dockerfile)
        chunks = client.api.build(
            fileobj=context,
            custom_context=True,
            dockerfile=dockerfile,
            tag=request.tag,
            platform=request.platform,
            buildargs=request.build_args or None,
            nocache=request.no_cache,
            pull=request.pull,
            rm=True,
            forcerm=True,
            network_mode="host",  # RUN steps see what the app will: the host's network (no bridge needed)
            decode=True,
        )
        for chunk in chunks:
            yield from parser.feed(chunk)
    except APIError as exc:
        raise _failure(str(exc.explanation or exc), parser) from None
    except DockerException as exc:
        raise _failure(str(exc), parser) from None
    except (RequestException, HTTPError) as exc:  # the engine went away mid-build
        raise _failure(
            f"the connection to the Docker engine broke ({exc}); is the engine still running?", parser
        ) from None
    if parser.image_id is None:
        raise _failure("the engine ended the build without an image", parser)
    seconds = time.monotonic() - started
    yield BuildEvent(
        "built",
        f"built {request.tag} ({parser.image_id[:19]}) in {seconds:.1f} s, {parser.cached} of {parser.total} steps cached",
        {"tag": request.tag, "image_id": parser.image_id, "seconds": round(seconds, 3), "cached": parser.cached,
         "steps": parser.total},
    )  # fmt: skip


class _StreamParser:
    """Turns the engine's build stream (``{"stream": "Step 2/9 : ..."}``, ``{"aux": ...}``...) into events."""

    def __init__(self, started: float, base: str | None = None):
        self.started = started
        self.base = base
        self.step: str | None = None
        self.instruction: str | None = None
        self.total = 0
        self.cached = 0
        self.image_id: str | None = None
        self.tail: deque[str] = deque(maxlen=TAIL)

    def feed(self, chunk: dict) -> Iterator[BuildEvent]:
        if "error" in chunk:
            raise _failure(chunk["error"].strip(), self)
        if "aux" in chunk and isinstance(chunk["aux"], dict) and "ID" in chunk["aux"]:
            self.image_id = chunk["aux"]["ID"]
        if "status" in chunk:
            yield BuildEvent("pull", " ".join(filter(None, (chunk.get("id"), chunk["status"]))))
        for line in ANSI.sub("", chunk.get("stream", "")).splitlines():
            yield from self._line(line.rstrip())

    def _line(self, line: str) -> Iterator[BuildEvent]:
        if not line.strip():
            return
        if found := STEP.match(line):
            number, total, instruction = int(found.group(1)), int(found.group(2)), found.group(3)
            self.step, self.total = f"step {number}/{total}: {instruction}", total
            self.instruction = instruction
            self.tail.clear()
            elapsed = round(time.monotonic() - self.started, 3)
            yield BuildEvent("step", line, {"step": number, "steps": total, "instruction": instruction,
                                            "elapsed": elapsed})  # fmt: skip
        elif line.strip() == "---> Using cache":
            self.cached += 1
            yield BuildEvent("cached", line.strip(), {"step_text": self.step})
        else:
            if not line.strip().startswith(NOISE):
                self.tail.append(line)
            yield BuildEvent("log", line)


def _failure(message: str, parser: _StreamParser) -> BuildFailed:
    text = " ".join(message.split())
    where = f" at {parser.step}" if parser.step else ""
    if "no space left on device" in text:
        return BuildFailed(f"the Docker engine ran out of disk space{where}; free some with `docker system prune`",
                           parser.step, list(parser.tail))  # fmt: skip
    if any(marker in text for marker in MISSING_IMAGE) or (parser.instruction or "").upper().startswith("FROM "):
        image = f" {parser.base}" if parser.base else ""
        return BuildFailed(
            f"the base image{image} is not on the engine and cannot be pulled{where}: {text} "
            "(load it on this engine, or pass --build-arg BASE_IMAGE=AN_IMAGE_IT_HAS)",
            parser.step, list(parser.tail), "usage",
        )  # fmt: skip
    return BuildFailed(f"the build failed{where}: {text}", parser.step, list(parser.tail))
