"""The Application lifecycle against real local bridges: config, setup, loops, tags, failures, shutdown."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from pydoover import config
from pydoover.docker import Application, DeviceAgentInterface, run_app
from pydoover.docker.application import AppFailed
from pydoover.docker.application.deployment import InvalidConfig
from pydoover.docker.application.loop_timer import LoopTimer
from pydoover.docker.application.run import configure, read_settings
from pydoover.testing import LocalBridges

STEP = 10  # seconds; bound on every wait in this file


class TankConfig(config.Schema):
    def __init__(self):
        self.start_level = config.Number("Start Level", default=20.0, minimum=0.0, maximum=100.0)
        self.pump_pin = config.Integer("Pump Pin", default=0)


class TankApp(Application):
    loop_target_period = 0.05
    loops = 0

    async def setup(self):
        self.loops = 0
        await self.set_tag("started", True)

    async def main_loop(self):
        self.loops += 1
        level = await self.get_ai(0)  # ~12 mA on the built-in device
        await self.set_do(self.config.pump_pin.value, level < self.config.start_level.value)
        await self.set_tag("level", round(level, 1))


class SyncApp(Application):
    def setup(self):
        self.threads = []

    def main_loop(self):
        import threading

        self.threads.append(threading.current_thread().name)
        self.set_do(1, not self.get_do(1))


@pytest.fixture
def bridges(tmp_path):
    with LocalBridges(store=tmp_path / "dda.db") as running:
        yield running


def deploy(bridges, app_key: str, settings: dict) -> None:
    agent = DeviceAgentInterface("deployer", bridges.dda_uri)
    agent.publish_to_channel("deployment_config", {"applications": {app_key: {"APP_DISPLAY_NAME": "Tank", **settings}}})
    agent.close()


def make(app_cls, bridges, app_key="tank", strict=None, **kwargs):
    """``strict``: True or "flag" passes --strict-config, "env" sets DOOVER_STRICT_CONFIG=1."""
    app = app_cls(config=kwargs.pop("config", TankConfig()), app_key=app_key, test_mode=True, **kwargs)
    argv = [f"--dda-uri={bridges.dda_uri}", f"--plt-uri={bridges.plt_uri}", f"--modbus-uri={bridges.modbus_uri}"]
    argv += ["--strict-config"] if strict in (True, "flag") else []
    configure(app, read_settings(argv, {"DOOVER_STRICT_CONFIG": "1"} if strict == "env" else {}))
    return app


async def start(app) -> asyncio.Task:
    task = asyncio.create_task(app.run())
    await asyncio.wait_for(app.wait_until_ready(), STEP)
    return task


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_async_app_gets_its_config_and_steps_loop_by_loop(bridges):
    deploy(bridges, "tank", {"start_level": 50.0, "pump_pin": 2})
    app = make(TankApp, bridges)
    task = await start(app)
    try:
        assert app.config.start_level.value == 50.0 and app.app_display_name == "Tank"
        assert app.get_tag("started") is True
        for _ in range(3):
            await asyncio.wait_for(app.next(), STEP)
        assert app.loops == 3
        assert await app.platform_iface.get_do_async(2) is True  # 12 mA < 50
        assert app.get_tag("level") == pytest.approx(12.0, abs=0.5)
    finally:
        await stop(task)


async def test_sync_app_loops_in_a_worker_thread_with_plain_calls(bridges):
    app = make(SyncApp, bridges, config=None)
    assert app._is_async is False  # decided from the app's own (sync) methods
    task = await start(app)
    try:
        before = await app.platform_iface.get_do_async(1)
        await asyncio.wait_for(app.next(), STEP)
        assert await app.platform_iface.get_do_async(1) is (not before)
        assert app.threads and app.threads[0] != "MainThread"
    finally:
        await stop(task)


async def test_live_updates_apply_an_invalid_config_with_a_warning_as_classic_does(bridges, caplog):
    deploy(bridges, "tank", {"start_level": 30.0})
    app = make(TankApp, bridges)
    task = await start(app)
    try:
        deploy(bridges, "tank", {"start_level": 40.0})
        await _until(lambda: app.config.start_level.value == 40.0)
        with caplog.at_level(logging.WARNING):
            deploy(bridges, "tank", {"start_level": 400.0})
            await _until(lambda: app.config.start_level.value == 400.0)
        assert "start_level: expected at most 100.0; found 400.0" in caplog.text
        assert "running with these values as given" in caplog.text
    finally:
        await stop(task)


async def test_strict_config_keeps_the_config_in_force_on_an_invalid_live_update(bridges, caplog):
    deploy(bridges, "tank", {"start_level": 40.0})
    app = make(TankApp, bridges, strict=True)
    task = await start(app)
    try:
        with caplog.at_level(logging.ERROR):
            deploy(bridges, "tank", {"start_level": 400.0})
            await _until(lambda: "start_level" in caplog.text)
        assert app.config.start_level.value == 40.0
        assert "keeping the configuration in force" in caplog.text
    finally:
        await stop(task)


class ClassicConfig(config.Schema):
    """The patterns real classic apps use (issue 12): optional elements with default=None."""

    def __init__(self):
        self.namespace = config.String("Channel Namespace", description="where to publish", default=None)
        self.pump_pin = config.Integer("Pump Pin", default=0)
        self.mode = config.Enum("Mode", choices=["auto", "manual"], default=None)


class ClassicApp(Application):
    loop_target_period = 0.05

    async def main_loop(self):
        await self.set_tag("seen", [self.config.namespace.value, self.config.pump_pin.value, self.config.mode.value])


async def test_an_invalid_config_at_start_up_is_run_as_given_with_warnings(bridges, caplog):
    deploy(bridges, "tank", {"pump_pin": 0.5, "mdoe": "auto"})
    app = make(ClassicApp, bridges, config=ClassicConfig())
    with caplog.at_level(logging.WARNING):
        task = await start(app)
    try:
        await asyncio.wait_for(app.next(), STEP)
        assert app.get_tag("seen") == [None, 0.5, None]  # what classic pydoover 0.4.18 gives
        assert "pump_pin: expected an integer; found 0.5" in caplog.text
        assert 'mdoe: unknown key (did you mean "mode"?)' in caplog.text
    finally:
        await stop(task)


@pytest.mark.parametrize("how", ["flag", "env"])
async def test_strict_config_refuses_an_invalid_config_at_start_up(bridges, how):
    deploy(bridges, "tank", {"start_level": "high", "pump_pn": 3})
    app = make(TankApp, bridges, strict=how)
    task = asyncio.create_task(app.run())
    with pytest.raises(InvalidConfig) as failure:
        await asyncio.wait_for(app.wait_until_ready(), STEP)
    text = str(failure.value)
    assert "start_level" in text and "pump_pn" in text and "pump_pin" in text  # did you mean
    with pytest.raises(InvalidConfig):
        await task


async def test_a_config_classic_cannot_load_either_stops_the_app(bridges):
    deploy(bridges, "tank", {"start_level": 10.0})
    schema = config.Schema()
    schema.level = config.Integer("Level")  # required, and missing
    app = make(TankApp, bridges, config=schema)
    task = asyncio.create_task(app.run())
    with pytest.raises(InvalidConfig, match="missing required key"):
        await asyncio.wait_for(app.wait_until_ready(), STEP)
    with pytest.raises(InvalidConfig):
        await task


async def test_a_config_file_replaces_the_channel(bridges, tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"start_level": 10.0, "pump_pin": 3}))
    app = make(TankApp, bridges, config_fp=path)
    task = await start(app)
    try:
        assert app.config.start_level.value == 10.0 and app.config.pump_pin.value == 3
    finally:
        await stop(task)


async def test_a_loop_error_reaches_next_in_test_mode(bridges):
    class Broken(TankApp):
        async def main_loop(self):
            raise ValueError("sensor unplugged")

    app = make(Broken, bridges)
    task = await start(app)
    try:
        with pytest.raises(ValueError, match="sensor unplugged"):
            await asyncio.wait_for(app.next(), STEP)
        assert app._is_healthy is False
    finally:
        await stop(task)


async def test_outside_test_mode_a_loop_error_fails_the_run_and_the_healthcheck(bridges):
    class Flaky(TankApp):
        async def main_loop(self):
            self.loops += 1
            if self.loops == 3:
                raise RuntimeError("boom")

    app = make(Flaky, bridges, healthcheck_port=0)
    app.test_mode = False
    app._error_wait_period = 0.3
    task = asyncio.create_task(app.run())
    await _until(lambda: app.loops >= 1 and app._is_healthy)
    assert await _http_get(app.healthcheck_port) == 200
    await _until(lambda: app.loops >= 3)
    assert await _http_get(app.healthcheck_port) == 503
    with pytest.raises(AppFailed, match="main loop failed: boom"):
        await asyncio.wait_for(task, STEP)


async def test_tags_are_shared_between_two_apps_and_subscriptions_fire(bridges):
    seen = []
    first, second = make(TankApp, bridges, app_key="first"), make(TankApp, bridges, app_key="second")
    tasks = [await start(first), await start(second)]
    try:
        second.subscribe_to_tag("level", lambda key, value: seen.append((key, value)), app_key="first")
        await first.set_tag_async("level", 7.5)
        await first.set_global_tag_async("site_mode", "auto")
        await _until(lambda: second.get_tag("level", app_key="first") == 7.5)
        await _until(lambda: second.get_global_tag("site_mode") == "auto")
        assert seen == [("level", 7.5)]
        assert second.get_tag("missing", default="none") == "none"
    finally:
        for task in tasks:
            await stop(task)


async def test_shutdown_requests_ask_the_app_and_shutdown_at_is_announced(bridges):
    from datetime import UTC, datetime

    class Careful(TankApp):
        async def check_can_shutdown(self):
            return False

        async def on_shutdown_at(self, dt):
            self.shutdown_at = dt

    app = make(Careful, bridges)
    task = await start(app)
    try:
        later = datetime.now(UTC).timestamp() + 600
        await app.set_global_tag_async("shutdown_at", later)
        await app.request_shutdown_async()
        await _until(lambda: getattr(app, "shutdown_at", None) is not None)
        assert app.shutdown_at.timestamp() == pytest.approx(later)
        await asyncio.wait_for(app.next(), STEP)
        assert app.get_tag("shutdown_check_ok") is False
    finally:
        await stop(task)


def test_next_outside_test_mode_is_an_error():
    app = TankApp(config=TankConfig())
    with pytest.raises(RuntimeError, match="test mode only"):
        asyncio.run(app.next())


def test_settings_come_from_flags_over_environment():
    env = {"APP_KEY": "env_key", "PLT_URI": "10.0.0.9:50053", "MODBUS_URI": "localhost:6000", "DEBUG": "1"}
    settings = read_settings(["--app-key", "flag_key", "--remote-dev", "192.168.1.7", "-k", "pytest-arg"], env)
    assert settings.app_key == "flag_key" and settings.debug
    app = TankApp(config=TankConfig())
    configure(app, settings)
    assert app.app_key == "flag_key" and app.ui_manager.app_key == "flag_key"
    assert app.platform_iface.uri == "10.0.0.9:50053"  # PLT_URI honoured (classic ignored it)
    assert app.modbus_iface.uri == "192.168.1.7:6000"  # --remote-dev replaces the local host
    assert app.device_agent.uri == "192.168.1.7:50051"
    assert app._healthcheck_port == 49200


def test_run_app_start_false_returns_the_run_coroutine(monkeypatch):
    monkeypatch.setattr("sys.argv", ["app"])
    app = TankApp(config=TankConfig(), test_mode=True)
    runner = run_app(app, start=False, setup_logging=False)
    assert asyncio.iscoroutine(runner)
    runner.close()


async def test_loop_timer_keeps_to_its_grid(monkeypatch):
    now = [100.0]
    slept = []

    async def fake_sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    monkeypatch.setattr("pydoover.docker.application.loop_timer.asyncio.sleep", fake_sleep)
    timer = LoopTimer(clock=lambda: now[0])
    for work in (0.02, 0.05, 0.3, 0.01):
        timer.mark_start()
        now[0] += work
        await timer.wait(0.1)
    assert slept == [0.08, 0.05, 0.0, 0.09]  # the overrun re-anchors the grid


async def _until(condition, timeout: float = STEP) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


async def _http_get(port: int) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()
    status = int((await asyncio.wait_for(reader.readline(), STEP)).split()[1])
    writer.close()
    return status


def test_a_schema_the_checker_cannot_read_is_still_loaded(caplog):
    from pydoover.docker.application.deployment import apply_config

    class OddElement(config.Integer):
        def to_dict(self):
            raise RuntimeError("no export")

    schema = config.Schema()
    schema.level = OddElement("Level", default=1)
    with caplog.at_level(logging.WARNING):
        apply_config(schema, {"level": 4}, "test")
    assert schema.level.value == 4
    assert "could not check the configuration from test" in caplog.text
