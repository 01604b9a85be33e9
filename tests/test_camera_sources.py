"""Real camera sources through PyAV: a GStreamer RTSP server, an HTTP MJPEG stream, video files,
and sources that fail, drop and come back."""

from __future__ import annotations

import io
import itertools
import os
import signal
import subprocess
import time
from pathlib import Path

import av
import pytest
from PIL import Image

from pydoover.docker.camera import CameraInterface, CameraRejected
from pydoover.testing import LocalBridges

from .support.lines import LineReader

SYSTEM_PYTHON = "/usr/bin/python3"
RTSP_SERVER = Path(__file__).parent / "support" / "rtsp_server.py"
WAIT = 40  # seconds: bound on every wait for a source (a busy machine probes slowly)


def gstreamer_rtsp_available() -> bool:
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"
    return subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, timeout=30).returncode == 0


needs_rtsp = pytest.mark.skipif(
    not gstreamer_rtsp_available(),
    reason="GStreamer's RTSP server is not installed (apt-get install gir1.2-gst-rtsp-server-1.0 python3-gi "
    "gstreamer1.0-plugins-ugly; .ci/run does this)",
)


class RtspServer:
    """GStreamer's RTSP server in its own process, serving a moving ball at 320x240, 15 fps."""

    def __init__(self, port: int = 0):
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(RTSP_SERVER), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = LineReader(self.proc).line(30)
        if not line:
            self.stop()
            raise RuntimeError(f"the RTSP server did not start: {self.proc.stderr.read()}")
        self.url, self.codec = line.split()
        self.port = int(self.url.split(":")[2].split("/")[0])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def wait_for(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def make_video(path: Path, colours: list[tuple[int, int, int]], fps: int = 30, codec: str = "libx264") -> None:
    """A small video whose frames are solid ``colours`` in turn."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for i, colour in enumerate(colours):
            frame = av.VideoFrame.from_image(Image.new("RGB", (160, 120), colour))
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def centre(jpeg: bytes) -> tuple[int, ...]:
    return Image.open(io.BytesIO(jpeg)).convert("RGB").getpixel((80, 60))


def close_to(colour: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour, expected, strict=True))


@pytest.fixture
def client():
    clients = []

    def make(bridges: LocalBridges) -> CameraInterface:
        clients.append(CameraInterface(uri=bridges.cam_uri, raise_on_error=True, timeout=WAIT))
        return clients[-1]

    yield make
    for made in clients:
        made.close()


@needs_rtsp
def test_an_rtsp_camera_gives_snapshots_frames_and_stream_info(client):
    server = RtspServer()
    try:
        with LocalBridges(cameras=[f"gate={server.url}"]) as bridges:
            cameras = client(bridges)
            frame = cameras.get_snapshot("gate")
            assert (frame.width, frame.height) == (320, 240)
            assert Image.open(io.BytesIO(frame.jpeg)).size == (320, 240)
            assert cameras.get_snapshot("gate", width=160).height == 120
            info = cameras.get_stream_info("gate")
            assert info.codec == server.codec and info.container == "rtsp" and info.uri == server.url
            assert (info.camera.width, info.camera.height, info.camera.state) == (320, 240, "streaming")
            seqs = [frame.seq for _, frame in zip(range(5), cameras.frames("gate", fps=5), strict=False)]
            assert seqs == sorted(seqs) and len(set(seqs)) == 5
    finally:
        server.stop()


@needs_rtsp
def test_an_rtsp_camera_that_goes_away_is_retried_and_comes_back(client):
    server = RtspServer()
    port = server.port
    try:
        with LocalBridges(cameras=[f"gate={server.url}", "front=sim"]) as bridges:
            cameras = client(bridges)
            frames = iter(cameras.frames("gate", fps=5))
            before = next(frames).seq
            server.stop()
            gone = wait_for(lambda: (c := cameras.get_camera("gate")).state == "retrying" and c, "the retrying state")
            assert gone.last_error
            assert cameras.get_snapshot("front").width == 640  # the other camera is unaffected
            server = RtspServer(port)
            after = next(frames)  # the open stream waited through the outage
            assert after.seq > before
            back = wait_for(lambda: (c := cameras.get_camera("gate")).state == "streaming" and c, "streaming again")
            assert back.last_error == ""
    finally:
        server.stop()


def test_an_unreachable_rtsp_url_is_answered_with_the_reason(client):
    with LocalBridges(cameras=["gate=rtsp://127.0.0.1:9/nothing", "front=sim"]) as bridges:
        cameras = client(bridges)
        with pytest.raises(CameraRejected) as refused:
            cameras.get_snapshot("gate")
        assert refused.value.code == 503 and "Connection refused" in refused.value.detail
        assert cameras.get_camera("gate").last_error
        assert cameras.get_snapshot("front").width == 640


def test_a_video_file_plays_in_a_loop(client, tmp_path):
    colours = [(255, 0, 0)] * 5 + [(0, 0, 255)] * 5
    make_video(tmp_path / "clip.mp4", colours)
    with LocalBridges(cameras=[f"bench={tmp_path / 'clip.mp4'}"]) as bridges:
        cameras = client(bridges)
        frame = cameras.get_snapshot("bench")
        assert (frame.width, frame.height) == (160, 120)
        info = cameras.get_stream_info("bench")
        assert (info.codec, info.camera.fps) == ("h264", 30.0)
        # 10 frames at 30 fps last a third of a second: 40 frames means it looped
        seen = [f for _, f in zip(range(40), cameras.frames("bench", fps=30), strict=False)]
        colours_seen = [centre(f.jpeg) for f in seen]
        assert all(close_to(c, (255, 0, 0)) or close_to(c, (0, 0, 255)) for c in colours_seen)
        changes = sum(close_to(a, (255, 0, 0)) != close_to(b, (255, 0, 0)) for a, b in itertools.pairwise(colours_seen))
        assert changes >= 3, colours_seen


def test_an_http_mjpeg_camera_is_read_like_any_other(client):
    """A camera whose source is another bridge's HTTP MJPEG stream: the HTTP MJPEG source path, for real."""
    with LocalBridges(cameras=["front=sim?width=320&height=240"]) as upstream:
        url = f"{upstream.cam_http_url}/cameras/front.mjpg"
        with LocalBridges(cameras=[f"relay={url}"]) as bridges:
            cameras = client(bridges)
            frame = cameras.get_snapshot("relay")
            assert (frame.width, frame.height) == (320, 240)
            assert cameras.get_stream_info("relay").codec == "mjpeg"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: path.write_bytes(os.urandom(20000)), "Invalid data found"),
        (lambda path: None, "No such file"),
        (lambda path: path.write_bytes(b""), "Invalid data found"),
    ],
    ids=["garbage", "missing", "empty"],
)
def test_an_undecodable_file_is_answered_with_the_reason(client, tmp_path, make, words):
    path = tmp_path / "broken.mp4"
    make(path)
    with LocalBridges(cameras=[f"broken={path}", "front=sim"]) as bridges:
        cameras = client(bridges)
        with pytest.raises(CameraRejected) as refused:
            cameras.get_snapshot("broken")
        assert refused.value.code == 503 and words in refused.value.detail
        assert cameras.get_snapshot("front").width == 640


def test_a_file_without_video_is_answered_with_the_reason(client, tmp_path):
    path = tmp_path / "sound.wav"
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("pcm_s16le", rate=8000)
        frame = av.AudioFrame(format="s16", layout="mono", samples=800)
        frame.planes[0].update(bytes(1600))
        frame.sample_rate = 8000
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    with LocalBridges(cameras=[f"mic={path}"]) as bridges:
        with pytest.raises(CameraRejected) as refused:
            client(bridges).get_snapshot("mic")
        assert refused.value.code == 503 and "has no video stream" in refused.value.detail


def test_an_http_url_that_is_not_a_stream_is_answered_with_the_reason(client):
    with LocalBridges(cameras=["front=sim"]) as upstream:
        wrong = f"wrong={upstream.cam_http_url}/cameras/nope.mjpg"
        with LocalBridges(cameras=[wrong]) as bridges, pytest.raises(CameraRejected) as refused:
            client(bridges).get_snapshot("wrong")
        assert refused.value.code == 503 and "404" in refused.value.detail
