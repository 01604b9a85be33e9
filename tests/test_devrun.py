"""`doover run`'s session: bridges, seeded config, app processes, health, logs, restarts, commands."""

from __future__ import annotations

import asyncio
import json

import pytest

from pydoover.bridges.runner import BridgeSettings
from pydoover.devrun.session import BridgeChoice, DevSession, plan_app
from pydoover.docker import AppControllerInterface, DeviceAgentInterface
from pydoover.project import find_project
from pydoover.testing import LocalBridges
from tests.support.app_projects import copy_demo, mini_app

WAIT = 30  # seconds; bound on every wait (an app process start is ~1 s)


def free_bridges(tmp_path, **extra) -> BridgeChoice:
    settings = BridgeSettings(
        dda_port=0, plt_port=0, modbus_port=0, apps_port=0, cam_port=0, store=tmp_path / "dda.db", **extra
    )
    return BridgeChoice({}, settings)


class Recorder:
    def __init__(self):
        self.events = []
        self.changed = asyncio.Event()

    def __call__(self, event):
        self.events.append(event)
        self.changed.set()

    def of(self, kind, app=None):
        return [e for e in self.events if e.kind == kind and (app is None or e.app == app)]

    async def until(self, condition, timeout=WAIT):
        async def poll():
            while not condition():
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(poll(), timeout)


async def running(session):
    task = asyncio.create_task(session.run())
    await asyncio.sleep(0)
    return task


async def finish(task):
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_the_demo_app_runs_healthy_with_its_seeded_config_and_reports_to_the_controller(tmp_path):
    project = find_project(copy_demo(tmp_path))
    record = Recorder()
    device = project.root / "simulators" / "device.toml"
    session = DevSession([plan_app(project)], free_bridges(tmp_path, device=device), record)
    task = await running(session)
    try:
        await record.until(lambda: record.of("healthy", "tank_controller"))
        assert {e.app for e in record.of("bridges")} >= {"dda", "platform", "modbus", "apps", "camera"}
        assert (
            session.plans[0].launch(session.bridges.uris).env["CAM_URI"]
            == f"127.0.0.1:{session.bridges.settings.cam_port}"
        )
        agent = DeviceAgentInterface("t", session.bridges.uris["dda"])
        deployed = await agent.get_channel_aggregate_async("deployment_config")
        assert deployed["applications"]["tank_controller"]["low_level"] == 30.0
        tags = await _until_value(
            lambda: agent.get_channel_aggregate_async("tag_values"), lambda t: "tank_controller" in t
        )
        assert tags["tank_controller"]["pump_on"] is True  # the rig's tank starts at 25 %: below the low level
        apps = AppControllerInterface(uri=session.bridges.uris["apps"])
        [status] = await apps.list_apps_async()
        assert status.app_key == "tank_controller" and status.state == "healthy"
        assert await _until_value(lambda: apps.get_logs_async("tank_controller"), lambda lines: len(lines) > 0)
        await agent.close_async()
        await apps.close_async()
    finally:
        await finish(task)
    assert record.of("stopped", "tank_controller")


async def test_restart_stop_and_start_from_the_app_controller(tmp_path):
    project = find_project(mini_app(tmp_path))
    record = Recorder()
    session = DevSession([plan_app(project)], free_bridges(tmp_path), record)
    task = await running(session)
    try:
        await record.until(lambda: record.of("healthy"))
        first_pid = record.of("starting")[0].data["pid"]
        apps = AppControllerInterface(uri=session.bridges.uris["apps"])
        result = await apps.restart_app_async("mini_app", timeout=WAIT)
        assert result is not None and result.message.startswith("restarted as pid"), result
        await record.until(lambda: len(record.of("healthy")) >= 2)
        assert record.of("starting")[-1].data["pid"] != first_pid
        assert (await apps.stop_app_async("mini_app", timeout=WAIT)).message == "stopped"
        assert (await apps.get_app_async("mini_app")).state == "stopped"
        assert (await apps.start_app_async("mini_app", timeout=WAIT)).message.startswith("started as pid")
        await record.until(lambda: len(record.of("healthy")) >= 3)
        await apps.close_async()
    finally:
        await finish(task)


async def test_watch_restarts_the_app_when_its_sources_change(tmp_path):
    root = mini_app(tmp_path)
    record = Recorder()
    session = DevSession([plan_app(find_project(root))], free_bridges(tmp_path), record, watch=True)
    task = await running(session)
    try:
        await record.until(lambda: record.of("healthy"))
        source = root / "src" / "mini_app" / "__init__.py"
        source.write_text(source.read_text() + "\n# edited\n")
        await record.until(lambda: len(record.of("healthy")) >= 2)
        assert any("__init__.py changed" in e.message for e in record.of("restarting"))
    finally:
        await finish(task)


async def test_an_app_that_crashes_is_started_again_after_a_backoff(tmp_path):
    project = find_project(mini_app(tmp_path, body="raise RuntimeError('sensor unplugged')"))
    record = Recorder()
    session = DevSession([plan_app(project)], free_bridges(tmp_path), record)
    task = await running(session)
    try:
        await record.until(lambda: len(record.of("exited")) >= 2)
        assert record.of("exited")[0].data["exit_code"] == 1
        assert "starting again in 1 s" in record.of("restarting")[0].message
        assert any("sensor unplugged" in e.message for e in record.of("log"))
    finally:
        await finish(task)


async def test_until_healthy_runs_a_companion_app_under_its_own_key(tmp_path):
    main = find_project(mini_app(tmp_path, "main_app"))
    companion = find_project(mini_app(tmp_path, "sim_side"))
    record = Recorder()
    plans = [plan_app(main), plan_app(companion, "sim_app")]
    session = DevSession(plans, free_bridges(tmp_path), record, until_healthy=True)
    await asyncio.wait_for(session.run(), WAIT)
    assert {e.app for e in record.of("healthy")} == {"main_app", "sim_app"}


def test_doover_run_against_given_bridges_until_healthy(tmp_path, doover):
    root = mini_app(tmp_path)
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri)
        code, out, err = doover("run", str(root), *uris, "--apps-uri", bridges.apps_uri, "--until-healthy",
                                "--timeout", str(WAIT), "--json")  # fmt: skip
    assert code == 0, err
    kinds = [json.loads(line)["kind"] for line in out.splitlines()]
    assert kinds[0] == "bridges" and "starting" in kinds and "healthy" in kinds


def test_doover_run_warns_about_an_invalid_config_and_runs_the_app_with_it(tmp_path, doover):
    root = mini_app(tmp_path, body="await self.set_tag('greeting', self.config.greeting.value)")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"greeting": 5}))
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri)
        code, _, err = doover("run", str(root), "--config", str(bad), *uris, "--apps-uri", bridges.apps_uri,
                                "--until-healthy", "--timeout", str(WAIT), "--json")  # fmt: skip
        agent = DeviceAgentInterface("check", bridges.dda_uri)
        tags = agent.get_channel_aggregate("tag_values")
        agent.close()
    assert code == 0, err
    assert "doover: warning:" in err and "greeting: expected a string; found 5" in err
    assert "running with these values as given" in err
    assert tags["mini_app"]["greeting"] == 5  # as classic pydoover gives it


def test_doover_run_strict_config_refuses_an_invalid_config_naming_the_problem(tmp_path, doover):
    root = mini_app(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"greeting": 5}))
    code, _, err = doover("run", str(root), "--config", str(bad), "--strict-config", "--dda-uri", "127.0.0.1:9")
    assert code == 2 and "greeting" in err and "string" in err
    code, _, err = doover("run", str(tmp_path / "nowhere"))
    assert code == 2 and "no such folder" in err


async def _until_value(fetch, accept, timeout=WAIT):
    async def poll():
        while True:
            value = await fetch()
            if value and accept(value):
                return value
            await asyncio.sleep(0.1)

    return await asyncio.wait_for(poll(), timeout)


@pytest.fixture(autouse=True)
def _no_default_bridges(monkeypatch):
    """These tests never touch the default ports (another `doover bridge up` may be using them)."""
    monkeypatch.setenv("NO_COLOR", "1")


def test_ctrl_c_stops_doover_run_and_its_app(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from tests.support.lines import LineReader

    root = mini_app(tmp_path)
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = [f"--dda-uri={bridges.dda_uri}", f"--plt-uri={bridges.plt_uri}", f"--apps-uri={bridges.apps_uri}"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "doover_cli", "run", str(root), *uris, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader, pid = LineReader(proc), None
        try:
            while True:
                line = reader.line(WAIT)
                assert line, f"doover run ended early: {proc.stderr.read()}"
                event = json.loads(line)
                pid = event.get("pid", pid)
                if event["kind"] == "healthy":
                    break
            proc.send_signal(signal.SIGINT)
            assert proc.wait(WAIT) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the app went with it
