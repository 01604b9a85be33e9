"""`doover run` refuses what would go wrong later: signals, busy ports, a second session, bridges
that are not there, bad addresses, missing files, endless --until-healthy, crash loops under --watch."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from pydoover.devrun.session import DevSession, plan_app
from pydoover.project import find_project
from pydoover.testing import LocalBridges
from tests.support.app_projects import mini_app
from tests.support.lines import LineReader
from tests.test_devrun import Recorder, finish, free_bridges, running

WAIT = 30


@pytest.fixture(autouse=True)
def _own_state(tmp_path, monkeypatch):
    """Session locks live in a per-test state folder; no colour in captured output."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("NO_COLOR", "1")


def _uris(bridges) -> list[str]:
    return [f"--dda-uri={bridges.dda_uri}", f"--plt-uri={bridges.plt_uri}", f"--apps-uri={bridges.apps_uri}"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_run(root, bridges):
    """`doover run` in its own process, read until its app is healthy; returns (proc, app pid)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "doover_cli", "run", str(root), *_uris(bridges), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader, pid = LineReader(proc), None
    while True:
        line = reader.line(WAIT)
        if not line:
            proc.kill()
            raise AssertionError(f"doover run ended early: {proc.stderr.read()}")
        event = json.loads(line)
        pid = event.get("data", {}).get("pid", event.get("pid", pid))
        if event["kind"] == "healthy":
            return proc, pid


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_doover_run_and_its_app(tmp_path, sig):
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        proc, app_pid = _start_run(mini_app(tmp_path), bridges)
        try:
            proc.send_signal(sig)
            assert proc.wait(WAIT) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    assert app_pid and _gone(app_pid), "the app outlived doover run"


def test_a_second_doover_run_of_the_same_app_is_refused_naming_the_first(tmp_path, doover):
    root = mini_app(tmp_path)
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        proc, _ = _start_run(root, bridges)
        try:
            code, _, err = doover("run", str(root), *_uris(bridges), "--until-healthy")
            assert code == 2, err
            assert f"pid {proc.pid}" in err and "mini_app" in err
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(WAIT)
        code, _, err = doover("run", str(root), *_uris(bridges), "--until-healthy", "--timeout", str(WAIT))
    assert code == 0, err  # the lock went with the first session


def test_bad_bridge_addresses_are_usage_errors_naming_the_flag(tmp_path, doover):
    root = mini_app(tmp_path)
    for uri, why in [
        ("127.0.0.1", "HOST:PORT"),
        (":::", "HOST:PORT"),
        ("127.0.0.1:99999", "outside 1-65535"),
        ("no-such-host.invalid:50051", "unknown host"),
    ]:
        code, _, err = doover("run", str(root), "--dda-uri", uri)
        assert code == 2, (uri, err)
        assert "--dda-uri" in err and why in err and "Traceback" not in err


def test_every_bridge_the_app_needs_is_checked_before_it_starts(tmp_path, doover):
    root = mini_app(tmp_path)
    closed = f"127.0.0.1:{_closed_port()}"
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        code, out, err = doover("run", str(root), "--dda-uri", bridges.dda_uri, "--apps-uri", bridges.apps_uri,
                                "--plt-uri", closed, "--until-healthy", "--timeout", str(WAIT))  # fmt: skip
    assert code == 3, err
    assert f"Platform bridge at {closed} (set --plt-uri)" in err
    assert "Device Agent" not in err and "starting" not in out


def test_a_missing_device_file_is_refused_and_a_reused_bridge_says_it_is_not_applied(tmp_path, doover):
    root = mini_app(tmp_path)
    code, _, err = doover("run", str(root), "--device", str(tmp_path / "nowhere.toml"))
    assert code == 2 and "--device" in err and "no such file" in err
    (root / "simulators").mkdir()
    (root / "simulators" / "device.toml").write_text("")
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        code, _, err = doover("run", str(root), *_uris(bridges), "--until-healthy", "--timeout", str(WAIT))
    assert code == 0, err
    assert "device.toml is not applied" in err


def test_until_healthy_gives_up_by_default_on_an_app_that_never_loops(tmp_path, doover, monkeypatch):
    from doover_cli.commands import run_checks

    monkeypatch.setattr(run_checks, "UNTIL_HEALTHY_TIMEOUT", 3.0)
    root = mini_app(tmp_path, body="raise RuntimeError('broken')")
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        code, _, err = doover("run", str(root), *_uris(bridges), "--until-healthy")
    assert code == 4, err
    assert "within 3 s" in err and "--timeout" in err


def test_app_keys_with_spaces_or_slashes_are_refused(tmp_path, doover):
    root = mini_app(tmp_path)
    for key in ("my app", "a/b"):
        code, _, err = doover("run", str(root), "--app-key", key, "--dda-uri", "127.0.0.1:9")
        assert code == 2 and "app key" in err, err


def test_a_busy_port_is_a_clean_error_naming_its_flag(tmp_path, doover):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        free = ("--dda-port", "0", "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0", "--cam-port", "0")
        store = ("--store", str(tmp_path / "d.db"))
        code, _, err = doover("bridge", "up", *free, *store, "--modbus-sim", "--modbus-sim-port", str(port))
        assert code == 1 and f"127.0.0.1:{port} (already in use)" in err and "--modbus-sim-port" in err
        code, _, err = doover("bridge", "up", *free[2:], *store, "--dda-port", str(port))
        assert code == 1 and "--dda-port" in err and "Traceback" not in err


async def test_watch_waits_for_the_next_save_after_a_crash(tmp_path):
    root = mini_app(tmp_path, body="raise RuntimeError('sensor unplugged')")
    record = Recorder()
    session = DevSession([plan_app(find_project(root))], free_bridges(tmp_path), record, watch=True)
    task = await running(session)
    try:
        await record.until(lambda: record.of("waiting"))
        await asyncio.sleep(2.5)  # longer than the 1 s backoff a restart would have used
        assert len(record.of("starting")) == 1 and not record.of("restarting")
        source = root / "src" / "mini_app" / "__init__.py"
        source.write_text(source.read_text() + "\n# edited\n")
        await record.until(lambda: len(record.of("starting")) >= 2)
    finally:
        await finish(task)


def test_a_folder_that_is_not_an_app_project_gets_the_config_validate_message(tmp_path, doover, monkeypatch):
    folder = tmp_path / "not_an_app"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "not_an_app"\n')
    code, _, run_err = doover("run", str(folder), "--dda-uri", "127.0.0.1:9")
    monkeypatch.chdir(folder)
    _, _, validate_err = doover("config", "validate")
    assert code == 2 and run_err == validate_err and "doover config export" in run_err
