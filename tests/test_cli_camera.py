"""`doover camera`: list, info, snapshot, record and watch against a real Camera bridge."""

from __future__ import annotations

import json
import subprocess
import sys

import av
import pytest
from PIL import Image

from pydoover.bridges.camera.synthetic import read_counter
from pydoover.testing import LocalBridges

from .conftest import BridgeProcess


@pytest.fixture(scope="module")
def cams():
    with LocalBridges(cameras=["front=sim", "gone=rtsp://127.0.0.1:9/x"]) as running:
        yield running


def test_list_shows_each_camera(cams, doover):
    code, out, _ = doover("camera", "list", "--cam-uri", cams.cam_uri)
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and rows[0][:4] == ["CAMERA", "KIND", "STATE", "SIZE"]
    assert rows[1][:2] == ["front", "simulated"] and rows[1][3] == "640x480"
    assert rows[2][:2] == ["gone", "rtsp"]
    code, out, _ = doover("camera", "list", "--cam-uri", cams.cam_uri, "--json")
    listed = json.loads(out)
    assert code == 0 and [c["name"] for c in listed] == ["front", "gone"]
    assert listed[0]["mjpeg_url"] == f"{cams.cam_http_url}/cameras/front.mjpg"


def test_snapshot_writes_a_jpeg_of_the_asked_size(cams, doover, tmp_path):
    path = tmp_path / "f.jpg"
    code, out, _ = doover("camera", "snapshot", "front", "-o", str(path), "--width", "320", "--cam-uri", cams.cam_uri)
    assert code == 0 and f"to {path}" in out
    image = Image.open(path)
    assert image.format == "JPEG" and image.size == (320, 240)
    code, out, _ = doover("camera", "snapshot", "front", "-o", str(path), "--cam-uri", cams.cam_uri, "--json")
    record = json.loads(out)
    assert code == 0 and (record["width"], record["height"], record["path"]) == (640, 480, str(path))
    assert read_counter(Image.open(path)) >= 0


def test_record_makes_a_playable_clip(cams, doover, tmp_path):
    path = tmp_path / "clip.mp4"
    code, out, _ = doover(
        "camera", "record", "front", "--seconds", "2", "-o", str(path), "--cam-uri", cams.cam_uri, "--json"
    )
    assert code == 0, out
    clip = json.loads(out)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [frame.to_image() for frame in container.decode(stream)]
        assert stream.codec_context.name == "h264"
    assert (frames[0].width, frames[0].height) == (640, 480)
    assert len(frames) == clip["frames"] >= 10
    counters = [read_counter(frame) for frame in frames]
    assert counters == sorted(counters) and counters[-1] - counters[0] >= 15  # two seconds of a 15 fps scene


def test_watch_prints_the_live_view_url(cams, doover):
    code, out, _ = doover("camera", "watch", "front", "--no-open", "--cam-uri", cams.cam_uri)
    assert code == 0 and out.strip() == f"{cams.cam_http_url}/cameras/front.mjpg"
    code, out, _ = doover("camera", "watch", "front", "--cam-uri", cams.cam_uri, "--json")
    assert json.loads(out) == {"camera": "front", "mjpeg_url": f"{cams.cam_http_url}/cameras/front.mjpg"}


def test_info_shows_the_source(cams, doover):
    code, out, _ = doover("camera", "info", "front", "--cam-uri", cams.cam_uri, "--json")
    info = json.loads(out)
    assert code == 0 and (info["uri"], info["codec"]) == ("sim", "synthetic")


@pytest.mark.parametrize(
    ("args", "exit_code", "words"),
    [
        (("snapshot", "nope"), 2, "no camera named 'nope'; cameras: front, gone"),
        (("snapshot", "front", "--width", "99999"), 2, "out of range"),
        (("snapshot", "gone"), 1, "Connection refused"),
        (("record", "front", "-o", "clip.txt", "--seconds", "1"), 2, "use a .mp4, .mkv, .mov or .avi file"),
        (("watch", "nope", "--no-open"), 2, "no camera named"),
        (("info", "nope"), 2, "no camera named"),
    ],
)
def test_mistakes_get_one_line_and_an_exit_code(cams, doover, tmp_path, monkeypatch, args, exit_code, words):
    monkeypatch.chdir(tmp_path)
    code, _, err = doover("camera", *args, "--cam-uri", cams.cam_uri)
    assert code == exit_code and words in err and "Traceback" not in err


def test_an_unreachable_bridge_exits_3(doover):
    code, _, err = doover("camera", "list", "--cam-uri", "127.0.0.1:9")
    assert code == 3 and "cannot reach the Camera bridge at 127.0.0.1:9" in err and "--cam-uri" in err


def test_help_loads_neither_av_nor_pillow_nor_grpc():
    probe = (
        "import sys\n"
        "from doover_cli.main import main\n"
        "for args in (['--help'], ['camera', '--help'], ['camera', 'snapshot', '--help']):\n"
        "    main(args)\n"
        "print([m for m in ('av', 'PIL', 'grpc', 'pydoover.docker') if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stderr.strip() == "[]"


def test_bridge_up_serves_cameras_from_flags_and_the_device_file(tmp_path, doover):
    device = tmp_path / "device.toml"
    device.write_text('[[cameras]]\nname = "yard"\nsource = "sim"\nwidth = 320\nheight = 240\nseed = 5\n')
    extra = ("--camera", "front=sim", "--device", str(device))
    bridge = BridgeProcess(tmp_path / "s.db", extra_args=extra).start()
    try:
        assert "front (simulated: sim), yard (simulated: sim)" in bridge.details["camera"]
        code, out, _ = doover("camera", "list", "--cam-uri", bridge.cam_uri, "--json")
        assert code == 0 and [(c["name"], c["width"]) for c in json.loads(out)] == [("front", 640), ("yard", 320)]
        path = tmp_path / "f.jpg"
        code, _, _ = doover("camera", "snapshot", "front", "-o", str(path), "--cam-uri", bridge.cam_uri)
        assert code == 0 and Image.open(path).size == (640, 480)
        code, out, _ = doover("bridge", "status", "--cam-uri", bridge.cam_uri, "--json")
        assert {"bridge": "camera", "uri": bridge.cam_uri, "status": "SERVING"} in json.loads(out)
    finally:
        bridge.stop()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--camera", "front"), "expected NAME=SOURCE"),
        (("--camera", "a=sim", "--camera", "a=sim"), "camera 'a' is defined twice"),
        (("--camera", "a=sim?fps=500"), "fps"),
    ],
)
def test_bridge_up_refuses_bad_cameras(doover, tmp_path, args, words):
    ports = ("--dda-port", "0", "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0", "--cam-port", "0")
    code, _, err = doover("bridge", "up", *ports, "--store", str(tmp_path / "s.db"), *args)
    assert code == 2 and words in err and "Traceback" not in err


def test_remote_points_the_bridges_own_urls_at_the_device():
    from doover_cli.commands.camera import with_remote

    url = "http://127.0.0.1:50060/cameras/front.mjpg"
    assert with_remote(url, "192.168.1.20") == "http://192.168.1.20:50060/cameras/front.mjpg"
    assert with_remote(url, None) == url


def test_a_failed_recording_leaves_no_file(cams, doover, tmp_path):
    path = tmp_path / "clip.mp4"
    code, _, err = doover("camera", "record", "gone", "--seconds", "1", "-o", str(path), "--cam-uri", cams.cam_uri)
    assert code == 1 and "Connection refused" in err and not path.exists()
    missing = tmp_path / "no" / "such" / "dir" / "clip.mp4"
    code, _, err = doover("camera", "record", "front", "--seconds", "1", "-o", str(missing), "--cam-uri", cams.cam_uri)
    assert code == 2 and f"cannot write {missing}" in err
