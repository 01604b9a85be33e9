"""The cameras over HTTP, for players and browsers (VLC, ffplay, an <img> tag):

    GET /cameras                      JSON: every camera, as ListCameras describes it
    GET /cameras/<name>.jpg           a snapshot; ?width=&height=&quality=
    GET /cameras/<name>.mjpg          multipart/x-mixed-replace JPEG stream; ?fps=&width=&height=&quality=

A small asyncio server in the bridge's process and loop (GET only, no keep-alive): it needs no web
framework, and each stream waits for its socket to drain before taking the next (newest) frame, so a
slow viewer costs one frame of memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from google.protobuf import json_format

from .camera import Size
from .cameras import CameraSet
from .errors import CameraError, InvalidRequest
from .servicer import camera_info

log = logging.getLogger(__name__)
N = TypeVar("N", int, float)

BOUNDARY = "doover-frame"
HEADER_LIMIT = 16 * 1024
READ_TIMEOUT = 10.0
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}
REASONS |= {503: "Service Unavailable", 504: "Gateway Timeout"}


class HttpError(CameraError):
    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code


class CameraHttpServer:
    def __init__(self, cameras: CameraSet):
        self.cameras = cameras
        self.server: asyncio.Server | None = None
        self._streams: set[asyncio.Task] = set()

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (0 picks a free port); return the port."""
        self.server = await asyncio.start_server(self._serve, host, port, limit=HEADER_LIMIT)
        return self.server.sockets[0].getsockname()[1]

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for task in self._streams:
            task.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = cast("asyncio.Task[Any]", asyncio.current_task())  # a connection handler runs as a task
        self._streams.add(task)
        try:
            target = await asyncio.wait_for(read_request(reader), READ_TIMEOUT)
            await self._route(target, writer)
        except CameraError as exc:
            await respond(writer, exc.code, "text/plain; charset=utf-8", (str(exc) + "\n").encode())
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass  # the viewer went away or never finished its request
        except Exception:
            log.exception("camera HTTP request failed")
            with contextlib.suppress(Exception):
                await respond(writer, 500, "text/plain; charset=utf-8", b"internal error\n")
        finally:
            self._streams.discard(task)
            writer.close()

    async def _route(self, target: str, writer: asyncio.StreamWriter) -> None:
        parts = urlsplit(target)
        path, query = unquote(parts.path).rstrip("/"), dict(parse_qsl(parts.query))
        if path in ("", "/cameras"):
            infos = [
                json_format.MessageToDict(camera_info(c, self.cameras), preserving_proto_field_name=True)
                for c in self.cameras.select([])
            ]
            await respond(writer, 200, "application/json", json.dumps({"cameras": infos}).encode())
            return
        prefix, _, file_name = path.rpartition("/")
        name, _, extension = file_name.rpartition(".")
        if prefix != "/cameras" or extension not in ("jpg", "mjpg"):
            raise HttpError(404, f"no such page {parts.path}; try /cameras, /cameras/NAME.jpg or /cameras/NAME.mjpg")
        camera = self.cameras.get(name)
        size = Size(number(query, "width", int), number(query, "height", int))
        quality = number(query, "quality", int)
        if extension == "jpg":
            frame = await camera.snapshot(size, quality)
            await respond(writer, 200, "image/jpeg", frame.jpeg)
            return
        frames = camera.stream(size, quality, number(query, "fps", float))
        async with contextlib.aclosing(frames):
            head = True
            async for frame, _ in frames:
                if head:  # sent once the first frame is there, so a failing source still gets a 503
                    writer.write(status_line(200, f"multipart/x-mixed-replace; boundary={BOUNDARY}"))
                    head = False
                part = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(frame.jpeg)}\r\n\r\n"
                writer.write(part.encode() + frame.jpeg + b"\r\n")
                await writer.drain()


async def read_request(reader: asyncio.StreamReader) -> str:
    """The request target of a GET; the headers are read and ignored."""
    try:
        request_line = (await reader.readline()).decode("latin-1").split()
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass
    except ValueError:  # a line longer than HEADER_LIMIT
        raise HttpError(400, f"request line or header longer than {HEADER_LIMIT} bytes") from None
    if len(request_line) != 3:
        raise HttpError(400, "malformed request line")
    method, target, _ = request_line
    if method != "GET":
        raise HttpError(405, f"{method} is not supported; only GET")
    return target


def number(query: dict[str, str], name: str, kind: type[N]) -> N:
    text = query.get(name, "0")
    try:
        return kind(text)
    except ValueError:
        raise InvalidRequest(f"{name}={text!r} is not a number") from None


def status_line(code: int, content_type: str, length: int | None = None) -> bytes:
    lines = [
        f"HTTP/1.1 {code} {REASONS.get(code, 'Error')}",
        f"Content-Type: {content_type}",
        "Cache-Control: no-store",
    ]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += ["Connection: close", "", ""]
    return "\r\n".join(lines).encode()


async def respond(writer: asyncio.StreamWriter, code: int, content_type: str, body: bytes) -> None:
    writer.write(status_line(code, content_type, len(body)) + body)
    await writer.drain()
