"""The dashboard over plain HTTP: the access token, the Host and cross-site checks, POST-only
writes, confirmation for non-local devices, and writes landing on a real DDA."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import pytest

from pydoover.dashboard import Targets
from pydoover.dashboard.guard import COOKIE
from pydoover.dashboard.web import create_app
from pydoover.docker import DeviceAgentInterface

from .support.dashboard import request, served

NOWHERE = {name: "127.0.0.1:1" for name in ("dda", "platform", "apps", "modbus", "camera")}  # nothing listens


@pytest.fixture
def dashboard(bridges):
    targets = Targets.from_uris({"dda": bridges.dda_uri, "platform": bridges.plt_uri, "apps": "127.0.0.1:1"})
    with served(create_app(targets)) as address:
        yield address


def test_the_page_is_served_on_loopback_without_a_token():
    with served(create_app(Targets.from_uris(NOWHERE))) as address:
        status, headers, text = request(address, "GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<section id="ui"' in text and "dashboard.js" in text


def test_a_token_in_the_url_becomes_a_cookie_and_nothing_works_without_it():
    with served(create_app(Targets.from_uris(NOWHERE), token="s3cret-token")) as address:
        assert request(address, "GET", "/")[0] == 401
        assert request(address, "GET", "/?token=wrong")[0] == 401
        assert request(address, "GET", "/events")[0] == 401
        status, headers, _ = request(address, "GET", "/?token=s3cret-token")
        assert status == 303 and headers["location"] == "/"
        assert headers["set-cookie"].startswith(f"{COOKIE}=s3cret-token;") and "HttpOnly" in headers["set-cookie"]
        status, _, text = request(address, "GET", "/", headers={"Cookie": f"{COOKIE}=s3cret-token"})
        assert status == 200 and "dashboard.js" in text
        assert request(address, "GET", "/", headers={"Cookie": f"{COOKIE}=other"})[0] == 401


def test_binding_beyond_loopback_makes_a_token_and_loopback_does_not():
    from pydoover.dashboard.server import DashboardServer

    assert DashboardServer(Targets.from_uris(NOWHERE), host="127.0.0.1").token is None
    remote = DashboardServer(Targets.from_uris(NOWHERE), host="0.0.0.0")
    assert remote.token and len(remote.token) >= 24


def test_writes_are_post_only(dashboard):
    status, _, _ = request(dashboard, "GET", "/api/publish")
    assert status == 405


@pytest.mark.parametrize(
    ("headers", "status", "why"),
    [
        ({"Origin": "http://evil.example"}, 403, "Origin"),
        ({"Sec-Fetch-Site": "cross-site"}, 403, "Cross-site"),
        ({"Sec-Fetch-Site": "same-site"}, 403, "Cross-site"),
        ({"Content-Type": "text/plain"}, 415, "application/json"),
        ({"Host": "evil.example:8000"}, 403, "not this machine"),
    ],
)
def test_cross_site_writes_are_refused_and_nothing_is_published(dashboard, bridges, headers, status, why):
    answer = request(dashboard, "POST", "/api/publish", {"channel": "guarded", "payload": {"x": 1}}, headers)
    assert answer[0] == status and why in answer[2]
    agent = DeviceAgentInterface("t", bridges.dda_uri)
    try:
        assert "guarded" not in (agent.list_channels() or {})
    finally:
        agent.close()


def test_a_same_origin_publish_lands_in_the_channel(dashboard, bridges):
    headers = {"Origin": f"http://{dashboard}", "Sec-Fetch-Site": "same-origin"}
    status, _, text = request(dashboard, "POST", "/api/publish", {"channel": "from_page", "payload": {"n": 7}}, headers)
    assert status == 200 and json.loads(text)["message_id"]
    agent = DeviceAgentInterface("t", bridges.dda_uri)
    try:
        assert agent.get_channel_aggregate("from_page") == {"n": 7}
    finally:
        agent.close()


def test_a_ui_command_is_written_as_the_site_writes_it(dashboard, bridges):
    status, _, _ = request(dashboard, "POST", "/api/ui-command", {"name": "tank_controller_mode", "value": "off"})
    assert status == 200
    agent = DeviceAgentInterface("t", bridges.dda_uri)
    try:
        assert agent.get_channel_aggregate("ui_cmds") == {"cmds": {"tank_controller_mode": "off"}}
    finally:
        agent.close()


def test_bad_requests_get_a_message_naming_what_was_wrong(dashboard):
    status, _, text = request(dashboard, "POST", "/api/set-output", {"io_type": "xx", "pin": 0, "value": True})
    assert status == 400 and "'io_type' must be do or ao" in text
    status, _, text = request(dashboard, "POST", "/api/set-output", {"io_type": "do", "pin": 99, "value": True})
    assert status == 400 and "DO 99 does not exist" in text
    status, _, text = request(dashboard, "POST", "/api/no-such-thing", {})
    assert status == 404


def test_writes_to_a_device_elsewhere_need_confirming_first():
    targets = Targets.from_uris({**NOWHERE, "dda": "192.0.2.1:50051"})  # TEST-NET: never contacted
    with served(create_app(targets)) as address:
        status, _, text = request(address, "POST", "/api/publish", {"channel": "c", "payload": 1})
    assert status == 409 and "192.0.2.1:50051" in json.loads(text)["confirm"]


def test_doover_dashboard_reports_a_busy_port_in_one_line(doover):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, _, err = doover("dashboard", "--port", str(busy.getsockname()[1]))
    assert code == 1
    assert "cannot listen on 127.0.0.1" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_help_loads_neither_starlette_nor_uvicorn():
    probe = (
        "import sys\n"
        "from doover_cli.main import main\n"
        "main(['--help']); main(['run', '--help']); main(['demo', '--help'])\n"
        "print([m for m in ('starlette', 'uvicorn', 'pydoover.dashboard') if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_doover_run_dashboard_serves_the_page_beside_the_app(bridges, tmp_path):
    from .support.app_projects import mini_app
    from .support.dashboard import DOOVER
    from .support.lines import LineReader

    targets = ["--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--apps-uri", bridges.apps_uri]
    run = subprocess.Popen(
        [*DOOVER, "run", str(mini_app(tmp_path)), *targets, "--dashboard", "--dashboard-port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    run.stdout = run.stderr  # LineReader reads `stdout`: the URL is a note on stderr
    reader = LineReader(run)
    try:
        lines = iter(lambda: reader.line(30) or "", "")
        url = next(line for line in lines if "dashboard: http://" in line).split("dashboard: ", 1)[1].strip()
        address = url.removeprefix("http://").rstrip("/")
        status, _, text = request(address, "GET", "/")
        assert status == 200 and "dashboard.js" in text
    finally:
        run.send_signal(signal.SIGINT)  # Ctrl-C: `doover run` stops its app, then itself
        run.wait(15)


class OneCamera:
    """A camera client as the hook expects one (the Camera bridge's client plugs in the same way)."""

    async def latest_jpeg(self, camera: str) -> bytes | None:
        return b"\xff\xd8 a frame of " + camera.encode() if camera == "yard" else None


def test_camera_frames_come_from_the_plugged_in_camera_client():
    with served(create_app(Targets.from_uris(NOWHERE), cameras=OneCamera())) as address:
        status, headers, _ = request(address, "GET", "/camera/yard.jpg")
        assert status == 200 and headers["content-type"] == "image/jpeg"
        assert request(address, "GET", "/camera/gate.jpg")[0] == 404
    with served(create_app(Targets.from_uris(NOWHERE))) as address:
        status, _, text = request(address, "GET", "/camera/yard.jpg")
        assert status == 404 and "no camera client" in text


def test_ctrl_c_stops_doover_dashboard_cleanly_with_a_page_open():
    import http.client

    from .support.dashboard import DashboardProcess

    dashboard = DashboardProcess(
        *[flag for name in ("dda", "plt", "apps") for flag in (f"--{name}-uri", "127.0.0.1:1")]
    )
    try:
        stream = http.client.HTTPConnection(dashboard.url.removeprefix("http://").rstrip("/"), timeout=10)
        stream.request("GET", "/events")
        response = stream.getresponse()
        assert response.status == 200 and response.readline().startswith(b"retry:")
        dashboard.proc.send_signal(signal.SIGINT)
        assert dashboard.proc.wait(15) == 0
        rest = "".join(iter(lambda: dashboard.reader.line(5) or "", ""))
        assert "Traceback" not in rest and "stopped" in rest
    finally:
        dashboard.stop()
