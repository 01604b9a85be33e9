"""The dashboard's web app: one page, its live event streams, read endpoints and POST actions.

app = create_app(Targets.from_uris({}), token=None)   # an ASGI app (starlette)
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from ..docker.errors import BridgeError
from . import watchers
from .actions import ACTIONS, NeedsConfirmation, Refused
from .camera import BOUNDARY, REFRESH_SECONDS, CameraSource, CameraUnavailable, live, mjpeg_part
from .clients import Clients
from .guard import Guard
from .hub import Hub
from .targets import Targets

HERE = Path(__file__).parent
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
TAIL_BACKLOG = 20  # messages a channel tail starts with
COUNT_CAP = 100  # channel list: counts above this show as "100+"
HISTORY_LIMIT = 500  # messages a multiplot is drawn from

templates = Jinja2Templates(directory=HERE / "templates")


def create_app(targets: Targets, token: str | None = None, cameras: CameraSource | None = None):
    """The dashboard as an ASGI app, guarded (see :mod:`.guard`); its watchers run while it is served.
    ``cameras``: a camera source (see :mod:`.camera`), e.g. the Camera bridge's ``BridgeCameras``."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.clients = Clients.open(targets)
        tasks = watchers.start_all(app.state.clients, app.state.hub)
        if live(cameras):
            tasks.append(asyncio.create_task(watchers.poll_cameras(cameras, app.state.hub)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await app.state.clients.close()
            if live(cameras):
                await cameras.close()

    routes = [
        Route("/", page),
        Route("/events", events),
        Route("/events/channel/{name}", channel_tail),
        Route("/api/channels", channels),
        Route("/api/channels/{name}", channel_aggregate),
        Route("/api/history/{name}", channel_history),
        Route("/api/{action}", act, methods=["POST"]),
        Route("/camera/{name}.jpg", camera_frame),
        Route("/camera/{name}.mjpg", camera_stream),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.targets, app.state.cameras, app.state.hub = targets, cameras, Hub()
    return Guard(app, token)


def running(app: Guard):
    """``async with running(app):`` starts the app's watchers and clients, and stops them on exit:
    for a server that runs the app with ASGI lifespan off, so that its shutdown cannot be cut short."""
    inner = app.app
    return inner.router.lifespan_context(inner)


def close_streams(app: Guard) -> None:
    """End the app's open event streams, so a server's graceful shutdown need not wait for them."""
    app.app.state.hub.close()


async def page(request: Request) -> Response:
    state = request.app.state
    config = {
        "targets": state.targets.describe(),
        "cameras": state.cameras is not None,
        "live_cameras": live(state.cameras),
        "camera_refresh": REFRESH_SECONDS,
        "version": __version__,
    }
    return templates.TemplateResponse(request, "index.html", {"config": config})


# -- live streams ----------------------------------------------------------------------------


def sse(data: Any) -> str:
    return f"data: {json.dumps(data, default=str, ensure_ascii=False)}\n\n"


async def events(request: Request) -> Response:
    """Every topic's current value, then every change (server-sent events)."""
    hub: Hub = request.app.state.hub

    async def stream():
        async with hub.listen() as queue:
            yield "retry: 1000\n\n"
            async for chunk in _drain(queue):
                yield chunk

    return _event_stream(stream())


async def channel_tail(request: Request) -> Response:
    """One channel's last messages, then each new one (server-sent events)."""
    from ..docker.device_agent.follow import ChannelFollower

    hub: Hub = request.app.state.hub
    follower = ChannelFollower(
        request.app.state.clients.agent, [request.path_params["name"]], last=TAIL_BACKLOG, max_backoff=2.0
    )

    async def pump(queue: asyncio.Queue) -> None:
        async for message in follower:
            await queue.put(message.to_json())

    async def stream():
        async with hub.listen(private=True) as queue:
            task = asyncio.create_task(pump(queue))
            try:
                yield "retry: 1000\n\n"
                async for chunk in _drain(queue):
                    yield chunk
            finally:
                task.cancel()

    return _event_stream(stream())


async def _drain(queue: asyncio.Queue):
    """Server-sent event chunks of the queue's items (a comment when idle) until it yields None."""
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), HEARTBEAT)
        except TimeoutError:
            yield ": keep-alive\n\n"
            continue
        if item is None:
            return
        yield sse(item)


def _event_stream(body) -> StreamingResponse:
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(body, media_type="text/event-stream", headers=headers)


# -- reads -----------------------------------------------------------------------------------


async def channels(request: Request) -> Response:
    """Every channel with how many messages its history keeps and when it was last written."""
    from ..utils.snowflake import datetime_of_id

    agent = request.app.state.clients.agent
    names = await _read(agent.list_channels_async())
    if isinstance(names, Response):
        return names
    rows = []
    for name in sorted(names or {}):
        kept = await _read(agent.get_messages_async(name, limit=COUNT_CAP + 1))
        kept = kept if isinstance(kept, list) else []
        last = datetime_of_id(kept[-1].message_id).isoformat(timespec="seconds") if kept else None
        count = f"{COUNT_CAP}+" if len(kept) > COUNT_CAP else len(kept)
        rows.append({"channel": name, "messages": count, "last_write": last})
    return JSONResponse(rows)


async def channel_aggregate(request: Request) -> Response:
    name = request.path_params["name"]
    aggregate = await _read(request.app.state.clients.agent.get_channel_aggregate_async(name))
    if isinstance(aggregate, Response):
        return aggregate
    return JSONResponse({"channel": name, "aggregate": aggregate})


async def channel_history(request: Request) -> Response:
    """A channel's recent messages as ``[{"t": iso, "data": ...}]`` (what a multiplot draws)."""
    from ..utils.snowflake import datetime_of_id

    name = request.path_params["name"]
    records = await _read(request.app.state.clients.agent.get_messages_async(name, limit=HISTORY_LIMIT))
    if isinstance(records, Response):
        return records
    points = [
        {"t": datetime_of_id(r.message_id).isoformat(), "data": json.loads(r.data_json) if r.data_json else None}
        for r in records or []
    ]
    return JSONResponse(points)


async def camera_frame(request: Request) -> Response:
    """A camera's frame; ``?after=N`` (a live source): the first frame after the N-th, whose number
    the ``X-Frame-Count`` header carries, so a page can ask for one frame after another."""
    cameras: CameraSource | None = request.app.state.cameras
    name = request.path_params["name"]
    if cameras is None:
        return _text("no camera client is connected to this dashboard", 404)
    after = request.query_params.get("after")
    if after is not None and not (after.isascii() and after.isdigit()):
        return _text(f"'after' must be a frame number, not {after!r}", 400)
    headers = {"Cache-Control": "no-store"}
    frame: bytes | None
    try:
        if after is not None and live(cameras):
            count, frame = await cameras.next_frame(name, int(after))
            headers["X-Frame-Count"] = str(count)
        else:
            frame = await cameras.latest_jpeg(name)
    except CameraUnavailable as exc:
        return _text(str(exc), exc.status)
    except TimeoutError:
        return _text(f"no frame from {name} in time", 504)
    if frame is None:
        return _text("this camera has no frame yet", 404)
    return Response(frame, media_type="image/jpeg", headers=headers)


async def camera_stream(request: Request) -> Response:
    """A camera live as ``multipart/x-mixed-replace`` JPEG (for players and a plain <img>)."""
    cameras = request.app.state.cameras
    name = request.path_params["name"]
    if not live(cameras):
        return _text("no live camera source is connected to this dashboard", 404)
    try:
        first = await cameras.next_frame(name, 0)
    except CameraUnavailable as exc:
        return _text(str(exc), exc.status)
    except TimeoutError:
        return _text(f"no frame from {name} in time", 504)

    async def parts():
        count, frame = first
        while True:
            yield mjpeg_part(frame)
            try:
                count, frame = await cameras.next_frame(name, count)
            except (CameraUnavailable, TimeoutError):
                return  # the viewer's player reconnects, or shows the last frame

    media_type = f"multipart/x-mixed-replace; boundary={BOUNDARY}"
    return StreamingResponse(parts(), media_type=media_type, headers={"Cache-Control": "no-store"})


def _text(text: str, status: int) -> Response:
    return Response(text + "\n", status, media_type="text/plain")


async def _read(call) -> Any:
    try:
        return await call
    except BridgeError as exc:
        return JSONResponse({"error": str(exc)}, 502)


# -- writes ----------------------------------------------------------------------------------


async def act(request: Request) -> Response:
    """``POST /api/<action>`` with a JSON object: see :data:`.actions.ACTIONS`."""
    action = ACTIONS.get(request.path_params["action"])
    if action is None:
        return JSONResponse({"error": f"no action {request.path_params['action']!r}"}, 404)
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error": "the request body is not JSON"}, 400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "the request body must be a JSON object"}, 400)
    try:
        return JSONResponse(await action(request.app.state.clients, body))
    except NeedsConfirmation as exc:
        return JSONResponse({"confirm": str(exc)}, 409)
    except Refused as exc:
        return JSONResponse({"error": str(exc)}, exc.status)
