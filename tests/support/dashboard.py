"""Serving a dashboard in tests: in this process on a free loopback port, or as `doover dashboard`."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .lines import LineReader

WAIT = 30.0


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
    text = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), text


class DashboardProcess:
    """`doover dashboard --port 0 ...` as a user runs it; ``url`` is what it printed."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "doover_cli", "dashboard", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        reader = LineReader(self.proc)
        deadline = time.monotonic() + WAIT
        self.url = None
        while self.url is None and time.monotonic() < deadline:
            line = reader.line(max(0.1, deadline - time.monotonic())) or ""
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
