"""Serving a dashboard in tests: in this process on a free loopback port, or as `doover dashboard`
beside the demo app on real bridges (``demo_rig``), seen through headless Chromium (``chromium``).
scripts/dashboard_screenshot.py uses the same tooling."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .app_projects import copy_demo
from .lines import LineReader

WAIT = 30.0
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
DOOVER = (sys.executable, "-m", "doover_cli")


@contextmanager
def served(app) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread; yields its ``127.0.0.1:PORT``."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def request(address: str, method: str, path: str, body=None, headers: dict | None = None):
    """``(status, headers, text)`` of one HTTP request; JSON bodies are sent as application/json."""
    connection = http.client.HTTPConnection(address, timeout=WAIT)
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    connection.close()
    return response.status, dict(response.getheaders()), text


class DashboardProcess:
    """`doover dashboard --port 0 ...` as a user runs it; ``url`` is what it printed."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [*DOOVER, "dashboard", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        self.reader = LineReader(self.proc)
        deadline = time.monotonic() + WAIT
        self.url = None
        while self.url is None and time.monotonic() < deadline:
            line = self.reader.line(max(0.1, deadline - time.monotonic())) or ""
            match = re.search(r"dashboard: (http://\S+)", line)
            if match:
                self.url = match.group(1)
        if self.url is None:
            self.stop()
            raise RuntimeError("`doover dashboard` printed no URL")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class DemoRig:
    """`doover bridge up` with the demo's device file, the demo app under `doover run`, and
    `doover dashboard` pointed at them; ``url`` is the page."""

    def __init__(self, folder: Path, modbus_sim: bool = False):
        from ..conftest import BridgeProcess

        demo = copy_demo(folder)
        self.device = demo / "simulators" / "device.toml"
        extra = ("--device", str(self.device), *(("--modbus-sim", "--modbus-sim-port", "0") if modbus_sim else ()))
        self.bridges = BridgeProcess(folder / "dda.sqlite3", extra_args=extra).start()
        if modbus_sim:  # the simulated power meter listens last; the demo's config must point at it
            meter = json.loads(self.bridges.readline())["uri"]
            config = demo / "simulators" / "app_config.json"
            settings = json.loads(config.read_text())
            settings["modbus_config"]["tcp_uri"] = meter
            config.write_text(json.dumps(settings))
        b = self.bridges
        self.uris = ["--dda-uri", b.uri, "--plt-uri", b.plt_uri, "--apps-uri", b.apps_uri, "--modbus-uri", b.modbus_uri]
        self.app = subprocess.Popen(
            [*DOOVER, "run", str(demo), *self.uris], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.dashboard: DashboardProcess | None = None
        try:
            self.dashboard = DashboardProcess(*self.uris)
        except Exception:
            self.stop()
            raise
        self.url = self.dashboard.url

    def restart_bridges(self) -> None:
        """Kill the bridges and start them again on the same ports (the same store and device)."""
        from ..conftest import BridgeProcess

        old = self.bridges
        old.kill()
        ports = zip(
            ("--plt-port", "--modbus-port", "--apps-port"), (old.plt_uri, old.modbus_uri, old.apps_uri), strict=True
        )
        extra = ("--device", str(self.device), *[part for flag, uri in ports for part in (flag, uri.rsplit(":", 1)[1])])
        self.bridges = BridgeProcess(old.store, port=old.port, extra_args=extra).start()

    def stop(self) -> None:
        if self.dashboard is not None:
            self.dashboard.stop()
        if self.app.poll() is None:
            self.app.send_signal(signal.SIGINT)  # Ctrl-C: `doover run` stops its app, then itself
            self.app.wait(15)
        self.bridges.stop()


@contextmanager
def demo_rig(folder: Path, modbus_sim: bool = False) -> Iterator[DemoRig]:
    rig = DemoRig(folder, modbus_sim)
    try:
        yield rig
    finally:
        rig.stop()


def chromium(width: int = 1200, height: int = 1400):
    """Debian's headless Chromium through chromedriver (selenium), at ``width`` x ``height``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def needs_browser():
    """The mark for browser tests: skipped without Debian's chromium and chromium-driver, an error
    instead when ``DOOVER_BROWSER_TESTS=required`` (CI)."""
    import pytest

    have = bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))
    if not have and os.environ.get("DOOVER_BROWSER_TESTS") == "required":
        raise RuntimeError(
            "the browser tests need chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
        )
    return pytest.mark.skipif(not have, reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")


def until(browser, condition, message: str, wait: float = WAIT):
    """The first true value of ``condition()``, polled every 0.1 s for ``wait`` seconds."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, wait, poll_frequency=0.1).until(lambda _: condition(), message)
