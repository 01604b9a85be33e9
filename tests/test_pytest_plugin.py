"""The pytest plugin app authors use (pydoover.testing): fixtures run as an app's own tests would."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

from pydoover import config
from pydoover.docker import Application
from pydoover.testing import AppFactory, AppStopped, InvalidConfig, LocalBridges

pytest_plugins = ["pytester"]

# The app project every pytester run sees: an app module next to its tests.
APPS = '''
from pydoover import config, ui
from pydoover.docker import Application


class TankConfig(config.Schema):
    def __init__(self):
        self.start_level = config.Number("Start Level", default=8.0, minimum=4.0, maximum=20.0)
        self.pump_pin = config.Integer("Pump Pin", default=0, minimum=0, maximum=5)


class TankApp(Application):
    """Runs the pump while the tank (AI0, mA) is below the start level."""

    async def setup(self):
        self.loops = 0
        self.flushes = []
        self.site_mode = None
        self.subscribe_to_channel("site", self.on_site)

    async def on_site(self, channel, aggregate):
        self.site_mode = aggregate.get("mode")

    async def main_loop(self):
        self.loops += 1
        level = await self.get_ai(0)
        pump = level < self.config.start_level.value
        await self.set_do(self.config.pump_pin.value, pump)
        await self.set_tag("pump", pump)

    @ui.action("flush", "Flush")
    async def flush(self, new_value):
        await self.set_do(5, True)
        self.flushes.append(new_value)


class SyncTankApp(Application):
    def setup(self):
        self.loops = 0

    def main_loop(self):
        self.loops += 1
        pump = self.get_ai(0) < self.config.start_level.value
        self.set_do(self.config.pump_pin.value, pump)
        self.set_tag("pump", pump)


class MeterApp(Application):
    """Reads holding register 10 of unit 1 on bus "default" into the tag ``reading``."""

    async def main_loop(self):
        value = await self.modbus_iface.read_registers(
            bus_id="default", modbus_id=1, start_address=10, num_registers=1, register_type=4
        )
        await self.set_tag("reading", value)


class Producer(Application):
    async def main_loop(self):
        await self.set_tag("level", await self.get_ai(1))


class Consumer(Application):
    async def main_loop(self):
        level = self.get_tag("level", app_key="producer")
        await self.set_do(1, level is not None and level > 10)


class Broken(Application):
    async def main_loop(self):
        raise ValueError("sensor unplugged")
'''

INI = "[pytest]\nasyncio_mode = {mode}\nasyncio_default_fixture_loop_scope = function\n{extra}"
AUTO = INI.format(mode="auto", extra="")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """An app project: ``apps.py`` and pytest-asyncio in auto mode, as generated projects set it."""
    pytester.makeini(AUTO)
    pytester.makepyfile(apps=APPS)
    return pytester


def run(pytester: pytest.Pytester, test_source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_app=textwrap.dedent(test_source))
    return pytester.runpytest("-p", "no:cacheprovider", "-W", "error", *args)


# -- through pytester: tests written the way an app author writes them ----------------------------


def test_an_async_test_steps_async_and_sync_apps_and_reads_their_outputs(project):
    result = run(
        project,
        """
        import pytest
        from apps import SyncTankApp, TankApp, TankConfig

        async def test_pump_starts_when_tank_low(doover_app):
            tank = await doover_app(TankApp, config={"start_level": 10.0, "pump_pin": 2}, schema=TankConfig)
            tank.force_ai(0, 6.0)
            await tank.step()
            assert tank.get_do(2) is True
            assert tank.tag("pump") is True
            tank.force_ai(0, 15.0)
            await tank.step(2)
            assert tank.get_do(2) is False and tank.app.loops == 3
            assert tank.app_key == "tank_app" and tank.app.config.start_level.value == 10.0

        async def test_a_sync_app_runs_too(doover_app):
            tank = await doover_app(SyncTankApp, config={"pump_pin": 3}, schema=TankConfig(), app_key="tank")
            tank.force_ai(0, 5.0)
            await tank.step()
            assert tank.get_do(3) is True and tank.tag("pump") is True

        started = []

        @pytest.fixture
        async def tank(doover_app):
            harness = await doover_app(TankApp, config={"start_level": 10.0}, schema=TankConfig)
            started.append(harness)
            return harness

        async def test_from_an_async_fixture(tank):
            tank.force_ai(0, 4.0)
            await tank.step()
            assert tank.get_do(0) is True

        def test_the_apps_were_stopped_after_their_tests():
            (harness,) = started
            assert harness._task.cancelled() and harness.app.device_agent._listeners == {}
        """,
    )
    result.assert_outcomes(passed=4)


def test_a_plain_test_uses_the_sync_twins(project):
    result = run(
        project,
        """
        from apps import TankApp, TankConfig

        def test_pump_stops_when_tank_full(doover_app):
            tank = doover_app.sync(TankApp, config={"start_level": 10.0}, schema=TankConfig)
            tank.force_ai(0, 19.0)
            tank.step_sync()
            assert tank.get_do(0) is False
            tank.release("ai", 0)
            tank.force_ai(0, 4.5)
            tank.step_sync()
            assert tank.get_do(0) is True
            tank.publish_sync("site_notes", {"note": "hello"})
            assert tank.channel("site_notes") == {"note": "hello"}
            tank.ui_command_sync("flush", True)
            assert tank.app.flushes == [True]
            tank.until_sync(lambda: tank.app.loops == 2, timeout=1)
            tank.set_tag_sync("mode", "manual")
            tank.publish_sync("tag_values", {"site_mode": "auto"})
            assert tank.app.get_tag("mode") == "manual" and tank.app.get_global_tag("site_mode") == "auto"
            assert tank.tag("mode") == "manual" and tank.global_tag("site_mode") == "auto"
        """,
    )
    result.assert_outcomes(passed=1)


def test_the_marker_loads_a_device_file_and_a_config_file_from_the_project(project):
    project.mkdir("simulators")
    (project.path / "simulators" / "device.toml").write_text(
        textwrap.dedent(
            """
            [[di]]
            name = "pump_running"
            [[do]]
            name = "pump"
            [[ai]]
            name = "tank_level"
            initial = 5.0
            [[wiring]]
            from = "pump"
            to = "pump_running"
            """
        )
    )
    (project.path / "simulators" / "app_config.json").write_text('{"start_level": 12.0, "APP_DISPLAY_NAME": "Tank"}')
    project.mkdir("tests")
    project.syspathinsert()  # apps.py is at the project root, the test in tests/
    project.makepyfile(
        **{
            "tests/test_device": """
            import pytest
            from apps import TankApp, TankConfig

            pytestmark = pytest.mark.doover(device="simulators/device.toml")

            async def test_the_pump_contact_follows_the_pump(doover_app, doover_bridges):
                assert doover_bridges.platform.spec.ai[0].name == "tank_level"
                tank = await doover_app(TankApp, config="simulators/app_config.json", schema=TankConfig)
                assert tank.app.app_display_name == "Tank"
                assert tank.get_di(0) is False
                await tank.step()
                assert tank.get_do(0) is True and tank.get_di(0) is True  # 5 mA < 12; wired DO0 -> DI0
            """
        }
    )
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_modbus_app_reads_the_simulated_field_device(project):
    (project.path / "meter.toml").write_text("[[units]]\nid = 1\nholding_registers = { 10 = 1234 }\n")
    result = run(
        project,
        """
        import pytest
        from apps import MeterApp

        @pytest.mark.doover(modbus_map="meter.toml")
        async def test_the_meter_is_read(doover_app):
            meter = await doover_app(MeterApp)
            await meter.step()
            assert meter.tag("reading") == 1234
            meter.modbus.inject(1, "exception", code=2, count=1)
            await meter.step()
            assert meter.tag("reading") is None

        async def test_modbus_needs_the_marker(doover_app):
            meter = await doover_app(MeterApp)
            with pytest.raises(RuntimeError, match="modbus_sim=True"):
                meter.modbus
        """,
    )
    result.assert_outcomes(passed=2)


def test_commands_and_channel_writes_reach_the_app_before_the_call_returns(project):
    result = run(
        project,
        """
        from apps import TankApp

        async def test_flush_button(doover_app):
            tank = await doover_app(TankApp, app_key="tank")
            await tank.ui_command("flush", True)
            assert tank.app.flushes == [True]
            assert tank.get_do(5) is True
            assert tank.channel("ui_cmds") == {"cmds": {"tank_flush": True}}
            assert tank.app.ui_manager.get_command("flush").current_value is True
            await tank.publish("site", {"mode": "auto"})
            assert tank.app.site_mode == "auto"
        """,
    )
    result.assert_outcomes(passed=1)


def test_two_apps_share_tags(project):
    result = run(
        project,
        """
        from apps import Consumer, Producer

        async def test_the_consumer_sees_the_producers_tag(doover_app):
            producer = await doover_app(Producer, app_key="producer")
            consumer = await doover_app(Consumer, app_key="consumer")
            producer.force_ai(1, 15.0)
            await producer.step()
            await consumer.step()
            assert consumer.tag("level", app_key="producer") == 15.0
            assert consumer.get_do(1) is True
            await consumer.set_tag("level", 3.0, app_key="producer")   # as if the producer wrote it
            assert consumer.app.get_tag("level", app_key="producer") == 3.0
            await consumer.step()
            assert consumer.get_do(1) is False
        """,
    )
    result.assert_outcomes(passed=1)


def test_a_failing_main_loop_raises_from_step(project):
    result = run(
        project,
        """
        import pytest
        from apps import Broken

        async def test_expected_failure(doover_app):
            broken = await doover_app(Broken)
            with pytest.raises(ValueError, match="sensor unplugged"):
                await broken.step()
            with pytest.raises(ValueError):
                await broken.step()  # the app keeps running in test mode

        async def test_unexpected_failure(doover_app):
            broken = await doover_app(Broken)
            await broken.step()
        """,
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*ValueError: sensor unplugged*"])


def test_an_invalid_config_fails_with_every_problem_named(project):
    (project.path / "bad.json").write_text('{"start_level": 200, "pump_pin": "two"}')
    result = run(
        project,
        """
        import pytest
        from apps import TankApp, TankConfig
        from pydoover.testing import InvalidConfig

        async def test_caught(doover_app):
            with pytest.raises(InvalidConfig, match="start_level"):
                await doover_app(TankApp, config={"start_level": 1.0}, schema=TankConfig)

        async def test_from_a_file(doover_app):
            await doover_app(TankApp, config="bad.json", schema=TankConfig)
        """,
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_from_a_file*",
            "*InvalidConfig: bad.json is invalid (2 problems):",
            "*start_level: expected at most 20.0; found 200",
            '*pump_pin: expected an integer; found "two", a string',
        ]
    )
    assert "factory.py" not in result.stdout.str()  # the report shows the test, not the harness


def test_strict_asyncio_mode_and_strict_markers_work_too(pytester):
    pytester.makeini(INI.format(mode="strict", extra="addopts = --strict-markers\n"))
    pytester.makepyfile(apps=APPS)
    result = run(
        pytester,
        """
        import pytest
        from apps import TankApp, TankConfig

        @pytest.mark.asyncio
        @pytest.mark.doover(timeout=5)
        async def test_marked(doover_app):
            tank = await doover_app(TankApp, schema=TankConfig)
            await tank.step()
            assert tank.app.loops == 1 and tank.timeout == 5

        @pytest.mark.doover(devices="typo.toml")
        def test_unknown_option(doover_bridges):
            pass

        def test_untouched():
            assert True
        """,
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.doover takes keyword options*got devices*"])


def test_loading_the_plugin_imports_neither_grpc_nor_pymodbus():
    code = (
        "import sys, pydoover.testing.plugin; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'grpc', 'pymodbus', 'pydantic'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.strip() == "[]"


def test_the_plugin_is_registered_by_its_entry_point(pytester):
    pytester.makeini(AUTO)
    result = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*doover_bridges*", "*doover_app*"])


# -- the harness directly -----------------------------------------------------------------------


class LevelConfig(config.Schema):
    def __init__(self):
        self.start_level = config.Number("Start Level", default=8.0, minimum=4.0, maximum=20.0)


class Counter(Application):
    async def setup(self):
        self.loops = 0

    async def main_loop(self):
        self.loops += 1


class SlowStart(Application):
    async def setup(self):
        await asyncio.sleep(30)


class FailingSetup(Application):
    async def setup(self):
        raise OSError("no such port")


@pytest.fixture
def factory(tmp_path):
    with LocalBridges() as bridges:
        apps = AppFactory(bridges, roots=[tmp_path], timeout=5)
        yield apps
        apps.close()


async def test_the_harness_stops_the_app_and_its_interfaces_at_close(factory):
    harness = await factory(Counter, schema=LevelConfig)
    await harness.step()
    task = harness._task
    factory.close()  # on the app's own running loop: cancels, cannot wait
    await asyncio.wait({task}, timeout=5)
    assert task.cancelled() and harness.app.device_agent._listeners == {}
    harness.close()  # twice is fine
    with pytest.raises(AppStopped, match="was stopped"):
        await harness.step()


async def test_stop_ends_one_app_and_leaves_the_others(factory):
    first, second = await factory(Counter, app_key="first"), await factory(Counter, app_key="second")
    await first.stop()
    await second.step()
    assert second.app.loops == 1 and first._task.cancelled()


async def test_a_setup_that_hangs_times_out_and_a_failing_one_raises(factory):
    with pytest.raises(TimeoutError, match="start-up of app 'slow_start'"):
        await factory(SlowStart, timeout=0.3)
    with pytest.raises(OSError, match="no such port"):
        await factory(FailingSetup)


async def test_an_app_instance_keeps_its_key_and_is_put_in_test_mode(factory):
    app = Counter(config=LevelConfig(), app_key="given")
    harness = await factory(app, config={"start_level": 9.0})
    assert harness.app is app and app.test_mode and harness.app_key == "given"
    assert app.config.start_level.value == 9.0
    with pytest.raises(TypeError, match="schema= is for an app class"):
        await factory(Counter(), schema=LevelConfig)


async def test_bad_arguments_are_named(factory, tmp_path):
    with pytest.raises(TypeError, match="Application subclass or instance"):
        await factory(object)
    with pytest.raises(FileNotFoundError, match=r"missing\.json"):
        await factory(Counter, config="missing.json")
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(InvalidConfig, match="JSON object"):
        await factory(Counter, config="list.json", schema=LevelConfig)


async def test_sync_twins_refuse_to_block_the_apps_own_loop(factory):
    harness = await factory(Counter)
    with pytest.raises(RuntimeError, match=r"await harness\.step"):
        harness.step_sync()
    with pytest.raises(RuntimeError, match=r"doover_app\.sync"):
        factory.sync(Counter)


def test_a_sync_harness_runs_on_its_own_loop_thread(factory):
    harness = factory.sync(Counter, app_key="threaded")
    harness.step_sync(3)
    assert harness.app.loops == 3
    thread_loop = harness._loop
    harness.close()
    assert thread_loop.is_closed()
