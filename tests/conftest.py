"""Shared fixtures: real bridges on free loopback ports, and a way to run the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pydoover.docker import DeviceAgentInterface
from pydoover.testing import LocalBridges

from .support.lines import LineReader
from .support.public_pydoover import IndexUnreachable, venv_python


@pytest.fixture(scope="session")
def public_python() -> Path:
    """The public pydoover 0.4.18 client's interpreter; skip only when the index is unreachable."""
    try:
        return venv_python()
    except IndexUnreachable as exc:
        pytest.skip(f"public pydoover client unavailable: {exc}")


@pytest.fixture
def bridges(tmp_path: Path) -> Iterator[LocalBridges]:
    with LocalBridges(store=tmp_path / "dda.sqlite3") as running:
        yield running


@pytest.fixture
def agent(bridges: LocalBridges) -> Iterator[DeviceAgentInterface]:
    client = DeviceAgentInterface("test_app", bridges.dda_uri, time_between_connection_attempts=0.5)
    yield client
    client.close()


BRIDGES = ("dda", "platform", "modbus", "apps", "camera")  # what `doover bridge up` starts


class BridgeProcess:
    """`doover bridge up` in its own process, as a user runs it."""

    def __init__(self, store: Path, port: int = 0, extra_args: tuple[str, ...] = ()):
        self.store, self.port, self.extra_args = store, port, extra_args
        self.proc: subprocess.Popen | None = None

    def start(self) -> BridgeProcess:
        cmd = [
            sys.executable,
            "-m",
            "doover_cli",
            "bridge",
            "up",
            "--dda-port",
            str(self.port),
            "--store",
            str(self.store),
            "--plt-port",
            "0",
            "--modbus-port",
            "0",
            "--apps-port",
            "0",
            "--cam-port",
            "0",
            "--json",
            *self.extra_args,
        ]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"}
        )
        self.reader = LineReader(self.proc)
        listening = {}
        self.details: dict[str, str] = {}
        while len(listening) < len(BRIDGES):
            line = self.readline()
            if not line:
                self.kill()
                raise RuntimeError(f"bridge did not start: {self.proc.stderr.read()}")
            record = json.loads(line)
            listening[record["bridge"]] = record["uri"]
            self.details[record["bridge"]] = record["detail"]
        self.port = int(listening["dda"].rsplit(":", 1)[1])
        self.plt_uri = listening["platform"]
        self.modbus_uri = listening["modbus"]
        self.apps_uri = listening["apps"]
        self.cam_uri = listening["camera"]
        return self

    def readline(self, timeout: float = 15.0) -> str:
        """The next stdout line, or "" when none comes within ``timeout`` (never hangs)."""
        return self.reader.line(timeout) or ""

    @property
    def uri(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def bridge_process(tmp_path: Path) -> Iterator[BridgeProcess]:
    process = BridgeProcess(tmp_path / "dda.sqlite3").start()
    yield process
    process.stop()


@pytest.fixture
def doover(capsys):
    """Run the CLI in-process: ``code, out, err = doover("channel", "get", "x")``."""
    from doover_cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one module of browser tests (see tests/support/dashboard.py)."""
    from .support.dashboard import chromium

    driver = chromium()
    yield driver
    driver.quit()
