"""The dashboard's camera view over HTTP, against a real Camera bridge with simulated cameras:
snapshots and live frames through the dashboard, its MJPEG stream, the camera list, an unknown
camera, the bridge going away and coming back, and the frame stream stopping when nobody watches."""

from __future__ import annotations

import http.client
import json
import socket
import time

import pytest

from pydoover.bridges.camera.synthetic import read_counter
from pydoover.dashboard import Targets, bridge_cameras
from pydoover.dashboard.bridge_cameras import BridgeCameras
from pydoover.dashboard.camera import BOUNDARY
from pydoover.dashboard.web import create_app
from pydoover.docker.camera import CameraInterface
from pydoover.testing import LocalBridges

from .support.dashboard import WAIT, DashboardProcess, served
from .test_camera_bridge import picture

NOWHERE = {name: "127.0.0.1:1" for name in ("dda", "platform", "apps", "modbus")}


@pytest.fixture(scope="module")
def cams():
    with LocalBridges(cameras=["front=sim?seed=3", "small=sim?width=160&height=120&fps=10"]) as running:
        yield running


@pytest.fixture
def dashboard(cams):
    with served(
        create_app(Targets.from_uris({**NOWHERE, "camera": cams.cam_uri}), cameras=BridgeCameras(cams.cam_uri))
    ) as address:
        yield address


def get(address: str, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(address, timeout=WAIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_snapshot_comes_through_the_dashboard(dashboard):
    status, headers, body = get(dashboard, "/camera/small.jpg")
    assert status == 200 and headers["content-type"] == "image/jpeg"
    assert picture(body).size == (160, 120)


def test_live_frames_follow_one_another(dashboard):
    status, headers, first = get(dashboard, "/camera/front.jpg?after=0")
    assert status == 200 and picture(first).size == (640, 480)
    count = int(headers["x-frame-count"])
    status, headers, second = get(dashboard, f"/camera/front.jpg?after={count}")
    assert status == 200 and int(headers["x-frame-count"]) > count
    assert read_counter(picture(second)) > read_counter(picture(first))


@pytest.mark.parametrize("path", ["/camera/nope.jpg", "/camera/nope.jpg?after=0", "/camera/nope.mjpg"])
def test_an_unknown_camera_is_a_404_naming_it(dashboard, path):
    status, _, body = get(dashboard, path)
    assert status == 404 and b"no camera 'nope'" in body


def test_a_bad_frame_number_is_a_400(dashboard):
    status, _, body = get(dashboard, "/camera/front.jpg?after=soon")
    assert status == 400 and b"frame number" in body


def read_parts(address: str, path: str, wanted: int) -> list[bytes]:
    """The first ``wanted`` JPEG parts of a multipart/x-mixed-replace stream."""
    connection = http.client.HTTPConnection(address, timeout=WAIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("content-type") == f"multipart/x-mixed-replace; boundary={BOUNDARY}"
        parts = []
        while len(parts) < wanted:
            assert response.readline().strip() == f"--{BOUNDARY}".encode()
            headers = dict(line.decode().strip().split(": ", 1) for line in iter(response.readline, b"\r\n"))
            assert headers["Content-Type"] == "image/jpeg"
            parts.append(response.read(int(headers["Content-Length"])))
            assert response.readline() == b"\r\n"
        return parts
    finally:
        connection.close()


def test_the_mjpeg_stream_delivers_successive_jpeg_parts(dashboard):
    parts = read_parts(dashboard, "/camera/small.mjpg", 4)
    counters = [read_counter(picture(part)) for part in parts]
    assert all(picture(part).size == (160, 120) for part in parts)
    assert counters == sorted(counters) and counters[-1] > counters[0]


def first_event(address: str, topic: str, condition=lambda data: True) -> dict:
    """The data of the first /events event on ``topic`` meeting ``condition``."""
    connection = http.client.HTTPConnection(address, timeout=WAIT)
    try:
        connection.request("GET", "/events")
        response = connection.getresponse()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            line = response.readline()
            if line.startswith(b"data: "):
                event = json.loads(line[6:])
                if event["topic"] == topic and condition(event["data"]):
                    return event["data"]
        raise AssertionError(f"no {topic} event")
    finally:
        connection.close()


def test_the_camera_list_reaches_the_page(dashboard):
    cameras = first_event(dashboard, "cameras")
    small = next(c for c in cameras if c["name"] == "small")
    assert (small["width"], small["height"], small["fps"], small["kind"]) == (160, 120, 10.0, "simulated")
    assert [c["name"] for c in cameras] == ["front", "small"] and "state" in small and "last_error" in small


def test_the_bridge_stops_decoding_once_nobody_watches(cams, dashboard, monkeypatch):
    monkeypatch.setattr(bridge_cameras, "IDLE_SECONDS", 0.5)
    client = CameraInterface(uri=cams.cam_uri, raise_on_error=True)
    try:
        assert get(dashboard, "/camera/small.jpg?after=0")[0] == 200
        assert client.get_camera("small").viewers >= 1
        deadline = time.monotonic() + WAIT
        while client.get_camera("small").viewers and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get_camera("small").viewers == 0
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_camera_bridge_gone_is_reported_and_picked_up_again_when_it_returns(monkeypatch):
    monkeypatch.setattr(bridge_cameras, "RETRY_SECONDS", 0.2)
    cam_uri = f"127.0.0.1:{free_port()}"
    app = create_app(Targets.from_uris({**NOWHERE, "camera": cam_uri}), cameras=BridgeCameras(cam_uri))
    with served(app) as address:
        status, _, body = get(address, "/camera/front.jpg?after=0")
        assert status == 503 and cam_uri.encode() in body
        assert first_event(address, "status", lambda data: data["bridges"].get("camera") is False)
        with LocalBridges(cameras=["front=sim"], cam_port=int(cam_uri.rsplit(":", 1)[1])):
            assert first_event(address, "status", lambda data: data["bridges"].get("camera") is True)
            status, _, body = get(address, "/camera/front.jpg?after=0")
            assert status == 200 and picture(body).size == (640, 480)


def test_doover_dashboard_cam_uri_serves_the_bridges_cameras(cams):
    dashboard = DashboardProcess(*[f for name in ("dda", "plt", "apps") for f in (f"--{name}-uri", "127.0.0.1:1")],
                                 "--cam-uri", cams.cam_uri)  # fmt: skip
    try:
        address = dashboard.url.removeprefix("http://").rstrip("/")
        status, _, body = get(address, "/camera/small.jpg")
        assert status == 200 and picture(body).size == (160, 120)
        status, _, page = get(address, "/")
        assert b'id="cameras"' in page
    finally:
        dashboard.stop()


def test_the_dashboard_beside_a_run_session_shows_the_sessions_camera_bridge(cams):
    """`doover run/demo --dashboard` hand the session's bridge URIs, the Camera bridge's among them."""
    import asyncio
    import threading

    from doover_cli.commands.dashboard import beside

    server = beside(True, {**NOWHERE, "camera": cams.cam_uri}, 0, False)
    thread = threading.Thread(target=asyncio.run, args=(server.serve(),), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT
        while server.url is None and time.monotonic() < deadline:
            time.sleep(0.05)
        status, _, body = get(server.url.removeprefix("http://").rstrip("/"), "/camera/small.jpg?after=0")
        assert status == 200 and picture(body).size == (160, 120)
    finally:
        server.server.should_exit = True
        thread.join(WAIT)
    assert not thread.is_alive()
