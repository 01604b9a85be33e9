"""A viewer slower than its camera costs the bridge no memory: frames are skipped, never queued."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from pydoover.docker.camera import CameraInterface

from .conftest import BridgeProcess

BIG_CAMERA = "big=sim?width=1280&height=960&fps=30"  # about 0.4 MB per JPEG at quality 100
READ_SECONDS = 8.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_slow_grpc_reader_does_not_grow_the_bridge(tmp_path):
    bridge = BridgeProcess(tmp_path / "s.db", extra_args=("--camera", BIG_CAMERA)).start()
    try:
        cameras = CameraInterface(uri=bridge.cam_uri, raise_on_error=True, timeout=30)
        frames = iter(cameras.frames("big", fps=30, quality=100))
        first = next(frames)
        sent = len(first.jpeg)
        time.sleep(1.0)  # let the bridge settle on its working set
        before = rss_mb(bridge.proc.pid)
        reads, dropped, end = 0, 0, time.monotonic() + READ_SECONDS
        while time.monotonic() < end:
            time.sleep(0.5)  # a reader at 2 fps against a 30 fps stream
            frame = next(frames)
            reads, dropped = reads + 1, dropped + frame.dropped
        age_ms = time.time() * 1000 - frame.timestamp_ms
        grown = rss_mb(bridge.proc.pid) - before
        frames.close()
        cameras.close()
        # queued, 8 s of this stream would be about 30 * 8 * sent bytes (~100 MB)
        assert sent > 100_000
        assert grown < 15, f"the bridge grew by {grown:.1f} MB while a reader lagged"
        assert dropped >= reads, (dropped, reads)  # frames were skipped for the reader...
        assert age_ms < 5000, age_ms  # ...so what it reads is recent, not a backlog
    finally:
        bridge.stop()


def test_a_slow_http_viewer_does_not_grow_the_bridge(tmp_path):
    bridge = BridgeProcess(tmp_path / "s.db", extra_args=("--camera", BIG_CAMERA)).start()
    try:
        url = CameraInterface(uri=bridge.cam_uri, raise_on_error=True).get_camera("big").mjpeg_url
        host, port = url.split("/")[2].split(":")
        with socket.create_connection((host, int(port)), timeout=30) as viewer:
            viewer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            viewer.sendall(b"GET /cameras/big.mjpg?fps=30&quality=100 HTTP/1.1\r\nHost: x\r\n\r\n")
            assert viewer.recv(65536).startswith(b"HTTP/1.1 200 OK")
            time.sleep(1.0)
            before = rss_mb(bridge.proc.pid)
            received, end = 0, time.monotonic() + READ_SECONDS
            while time.monotonic() < end:
                time.sleep(0.25)
                received += len(viewer.recv(16 * 1024))  # 64 kB/s: far slower than the stream
            grown = rss_mb(bridge.proc.pid) - before
        assert grown < 15, f"the bridge grew by {grown:.1f} MB while a viewer lagged"
        assert received > 0
    finally:
        bridge.stop()
