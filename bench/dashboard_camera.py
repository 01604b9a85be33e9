"""Benchmark: a camera watched through the dashboard, against watching the Camera bridge directly.

One `doover bridge up --camera front=sim` process (640x480 at 15 fps) and one `doover dashboard
--cam-uri` process. Page viewers are what the page does: ask ``/camera/front.jpg?after=N`` one frame
after another (each viewer its own keep-alive HTTP connection, in a thread). Measured in the same run:

* frames per second each page viewer receives with 1 and 5 viewers, against a direct gRPC frame
  stream from the bridge (the baseline: what the dashboard relays)
* the dashboard's and the bridge's CPU (user + system, from /proc) with 1 and 5 page viewers: the
  bridge streams each camera once however many pages watch

    python bench/dashboard_camera.py [--seconds 6]

Target: each page viewer >= 14 fps with 1 and with 5 viewers.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import threading
import time

from _common import Check, check_at_least, fmt_ratio, info, print_summary, ratio, running_bridge, section
from camera_stream import cpu_seconds, viewer_rates
from dashboard_latency import start_dashboard

TARGET_FPS = 14.0
WARMUP_SECONDS = 1.5
IDLE_WAIT = 7.0  # the dashboard's relay (5 s) and the bridge's camera (5 s) go idle between runs


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds each measurement lasts (6)")
    return parser.parse_args()


def page_viewer(address: str, stop: threading.Event, measuring: threading.Event, counts: list[int], i: int) -> None:
    connection = http.client.HTTPConnection(address, timeout=30)
    after = 0
    while not stop.is_set():
        connection.request("GET", f"/camera/front.jpg?after={after}")
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        after = int(response.getheader("X-Frame-Count"))
        if measuring.is_set():
            counts[i] += 1
    connection.close()


def page_rates(address: str, viewers: int, seconds: float, pids: dict[str, int]) -> tuple[list[float], dict]:
    """Frames/s each page viewer received, and each process's CPU share meanwhile."""
    stop, measuring, counts = threading.Event(), threading.Event(), [0] * viewers
    threads = [
        threading.Thread(target=page_viewer, args=(address, stop, measuring, counts, i), daemon=True)
        for i in range(viewers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(WARMUP_SECONDS)
    before, start = {name: cpu_seconds(pid) for name, pid in pids.items()}, time.perf_counter()
    measuring.set()
    time.sleep(seconds)
    elapsed = time.perf_counter() - start
    cpu = {name: (cpu_seconds(pid) - before[name]) / elapsed for name, pid in pids.items()}
    stop.set()
    for thread in threads:
        thread.join(10)
    return [count / elapsed for count in counts], cpu


def main() -> None:
    args = parse_args()
    checks: list[Check] = []
    with running_bridge(cameras=["front=sim"]) as bridge:
        uri = bridge.uris["camera"]
        section("baseline: one direct gRPC frame stream from the bridge")
        direct, _ = asyncio.run(viewer_rates(uri, 1, args.seconds, bridge.process.pid))
        print(f"direct: {direct[0]:.1f} fps")
        nowhere = [part for flag in ("--dda-uri", "--plt-uri", "--apps-uri") for part in (flag, "127.0.0.1:1")]
        dashboard, url = start_dashboard([*nowhere, "--cam-uri", uri])
        try:
            address = url.removeprefix("http://").rstrip("/")
            pids = {"dashboard": dashboard.pid, "bridge": bridge.process.pid}
            for viewers in (1, 5):
                time.sleep(IDLE_WAIT)
                section(f"{viewers} page viewer(s) through the dashboard")
                rates, cpu = page_rates(address, viewers, args.seconds, pids)
                slowest = min(rates)
                print("fps per viewer: " + ", ".join(f"{rate:.1f}" for rate in rates))
                print(f"slowest/direct: {fmt_ratio(ratio(slowest, direct[0]))}")
                print(f"CPU: dashboard {cpu['dashboard'] * 100:.1f} %, bridge {cpu['bridge'] * 100:.1f} % of one core")
                checks.append(
                    check_at_least(f"fps per page viewer, {viewers}", slowest, TARGET_FPS, f"{slowest:.1f}", ">= 14")
                )
                checks.append(info(f"slowest/direct, {viewers} viewer(s)", fmt_ratio(ratio(slowest, direct[0]))))
                checks.append(
                    info(
                        f"CPU dashboard / bridge, {viewers} viewer(s)",
                        f"{cpu['dashboard'] * 100:.1f} % / {cpu['bridge'] * 100:.1f} %",
                    )
                )
        finally:
            dashboard.terminate()
            dashboard.wait(10)
    print_summary("dashboard_camera", checks, ["the bridge streams a camera once, however many pages watch it"])


if __name__ == "__main__":
    main()
