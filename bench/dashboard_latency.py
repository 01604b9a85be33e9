"""Benchmark: DDA write -> the dashboard page's DOM updated, and page load -> first render.

Everything runs as a user runs it, each in its own process: `doover bridge up` (the demo's device
file), the demo app under `doover run`, `doover dashboard`, and headless Chromium (Debian's
chromium + chromedriver, driven by selenium).

Update latency: this process writes ``--updates`` ui_state diffs (a variable ``seq`` of an app
``bench_app``) at ``--rate`` per second through a DeviceAgentInterface; a MutationObserver in the
page notes when each value appears in the DOM. The write time and the DOM time are read from the
same system clock (``time.time()`` here, ``Date.now()`` there; millisecond resolution).
Baseline (same run): a plain DeviceAgentInterface subscriber in this process timing the same
writes to its callback, i.e. the DDA's own delivery; the ratio shows what the dashboard adds.

First render: ``--loads`` fresh loads of the page against the running demo; the page notes
``performance.now()`` (time since navigation start) when it first draws the app UI with data.
Baseline: the same loads' DOMContentLoaded (the page without live data).

    python bench/dashboard_latency.py [--updates 200] [--rate 20] [--loads 20]

Targets: update p99 <= 100 ms; first render median <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    Check,
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    running_bridge,
    section,
)

from doover_cli.demo import DEMO_APP
from pydoover.docker import DeviceAgentInterface

TARGET_UPDATE_P99_S = 0.100
TARGET_FIRST_RENDER_S = 0.300
START_TIMEOUT = 30.0
APP = "bench_app"
READING = f'[data-app="{APP}"] [data-name="seq"] .reading'

OBSERVER = """
window.benchSeen = {};
const panel = document.getElementById('ui-apps');
new MutationObserver(() => {
  const node = document.querySelector(arguments[0]);
  if (node && !(node.textContent in window.benchSeen)) window.benchSeen[node.textContent] = Date.now();
}).observe(panel, {childList: true, subtree: true, characterData: true});
"""


def tree(seq: int) -> dict:
    variable = {"name": "seq", "type": "uiVariable", "displayString": "Seq", "varType": "int", "currentValue": seq}
    return {
        "state": {"children": {APP: {"type": "uiApplication", "displayString": "Bench", "children": {"seq": variable}}}}
    }


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def start_dashboard(uris: list[str]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [str(doover_executable()), "dashboard", "--port", "0", *uris],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        match = re.search(r"dashboard: (http://\S+)", process.stderr.readline())
        if match:
            return process, match.group(1)
    process.kill()
    raise SystemExit("`doover dashboard` did not print its URL")


def wait_for(browser, script: str, *args, timeout: float = START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"the page never satisfied: {script}")


def first_render(browser, url: str, loads: int) -> tuple[list[float], list[float]]:
    renders, loaded = [], []
    for _ in range(loads):
        browser.get("about:blank")
        browser.get(url)
        renders.append(wait_for(browser, "return window.doover && window.doover.state.firstRenderMs") / 1000)
        loaded.append(
            browser.execute_script(
                "const n = performance.getEntriesByType('navigation')[0]; return n.domContentLoadedEventEnd"
            )
            / 1000
        )
    return renders, loaded


async def baseline_latency(dda_uri: str, updates: int, rate: float) -> list[float]:
    """A plain subscriber's write -> callback latency for the same kind of writes."""
    seen: dict[int, float] = {}
    listener = DeviceAgentInterface("bench-listener", dda_uri)
    writer = DeviceAgentInterface("bench-writer", dda_uri)

    def on_update(_name, aggregate):
        try:
            seq = aggregate["state"]["children"][APP]["children"]["seq"]["currentValue"]
        except (KeyError, TypeError):
            return
        seen.setdefault(seq, time.perf_counter())

    listener.add_subscription("ui_state", on_update)
    await listener.wait_for_channels_sync_async(["ui_state"], timeout=10)
    sent = {}
    for seq in range(10_000, 10_000 + updates):
        sent[seq] = time.perf_counter()
        await writer.publish_to_channel_async("ui_state", tree(seq))
        await asyncio.sleep(1 / rate)
    await asyncio.sleep(1.0)
    await listener.close_async()
    await writer.close_async()
    return [seen[s] - t for s, t in sent.items() if s in seen]


def dashboard_latency(browser, dda_uri: str, updates: int, rate: float) -> tuple[list[float], int]:
    writer = DeviceAgentInterface("bench-writer", dda_uri)
    writer.publish_to_channel("ui_state", tree(0))
    wait_for(browser, "const n = document.querySelector(arguments[0]); return n && n.textContent === '0'", READING)
    browser.execute_script(OBSERVER, READING)
    sent = {}
    for seq in range(1, updates + 1):
        sent[seq] = time.time()
        writer.publish_to_channel("ui_state", tree(seq))
        time.sleep(1 / rate)
    time.sleep(1.0)
    writer.close()
    seen = browser.execute_script("return window.benchSeen")
    latencies = [seen[str(s)] / 1000 - t for s, t in sent.items() if str(s) in seen]
    return latencies, updates - len(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="updates per second")
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="doover-bench-") as scratch:
        demo = Path(shutil.copytree(DEMO_APP, Path(scratch) / "tank_controller"))
        with running_bridge(device_file=demo / "simulators" / "device.toml") as bridge:
            uris = ["--dda-uri", bridge.uri, "--plt-uri", bridge.plt_uri, "--apps-uri", bridge.uris["apps"]]
            uris += ["--modbus-uri", bridge.uris["modbus"]]
            app = subprocess.Popen(
                [str(doover_executable()), "run", str(demo), *uris],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            dashboard, url = start_dashboard(uris)
            browser = start_browser()
            try:
                browser.get(url)
                wait_for(browser, "return document.querySelector('[data-app=\"tank_controller\"] .reading')")
                section("page load -> first render (demo app)")
                renders, loaded = first_render(browser, url, args.loads)
                print(
                    f"first render median {fmt_ms(median(renders))}; DOMContentLoaded median {fmt_ms(median(loaded))}"
                )
                section(f"DDA write -> DOM updated ({args.updates} updates at {args.rate:g}/s)")
                browser.get(url)
                latencies, lost = dashboard_latency(browser, bridge.uri, args.updates, args.rate)
                floor = asyncio.run(baseline_latency(bridge.uri, args.updates, args.rate))
            finally:
                browser.quit()
                dashboard.terminate()
                app.terminate()
                dashboard.wait(10)
                app.wait(15)

    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    floor50, floor99 = percentile(floor, 50), percentile(floor, 99)
    print(f"dashboard: p50 {fmt_ms(p50)}  p99 {fmt_ms(p99)}  (lost {lost})")
    print(f"DDA subscriber (baseline): p50 {fmt_ms(floor50)}  p99 {fmt_ms(floor99)}")
    checks: list[Check] = [
        check_at_most(
            "DDA write -> DOM p99",
            p99 if not lost else float("inf"),
            TARGET_UPDATE_P99_S,
            fmt_ms(p99),
            "<= 100 ms, none lost",
        ),
        info("DDA write -> DOM p50", fmt_ms(p50)),
        info("dashboard/subscriber p50", fmt_ratio(ratio(p50, floor50))),
        check_at_most(
            "page load -> first render median",
            median(renders),
            TARGET_FIRST_RENDER_S,
            fmt_ms(median(renders)),
            "<= 300 ms",
        ),
        info("first render / DOMContentLoaded", fmt_ratio(ratio(median(renders), median(loaded)))),
    ]
    print_summary("dashboard_latency", checks)


if __name__ == "__main__":
    sys.exit(main())
