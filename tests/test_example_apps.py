"""The example apps of examples/apps/, run against real local bridges: the classic surface apps rely on.

Each app is a classic Doover app project (sdk-contract.md §1, §4-§8). The tests run it in test mode,
step its loops and check what a device and the site would see: outputs, tags, channel messages,
the published UI and the effect of site commands.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from pydoover.config.validation import validate
from pydoover.docker import MockDeviceAgentInterface, run_app
from pydoover.docker.application.deployment import InvalidConfig
from pydoover.docker.application.run import configure, read_settings
from pydoover.project import find_project
from pydoover.testing import LocalBridges

from .support.example_apps import (
    APPS,
    STEP,
    Device,
    Site,
    SpyAgent,
    add_example_sources,
    bridge_args,
    coil_is,
    free_port,
    healthy,
    holding_is,
    is_about,
    is_false,
    modbus_probe,
    running,
    step,
    until,
)

add_example_sources()

from gate_simulator.app_config import GateSimulatorConfig  # noqa: E402
from gate_simulator.application import GateSimulatorApplication  # noqa: E402
from gate_state_machine.app_config import GateConfig  # noqa: E402
from gate_state_machine.application import GateApplication  # noqa: E402
from modbus_gateway.app_config import ModbusGatewayConfig  # noqa: E402
from modbus_gateway.application import ModbusGatewayApplication  # noqa: E402
from pump_controller.app_config import PumpControllerConfig  # noqa: E402
from pump_controller.app_ui import PumpControllerUI  # noqa: E402
from pump_controller.application import PumpControllerApplication  # noqa: E402
from sleep_scheduler.app_config import SleepSchedulerConfig  # noqa: E402
from sleep_scheduler.application import SleepSchedulerApplication  # noqa: E402
from sync_meter.app_config import SyncMeterConfig  # noqa: E402
from sync_meter.application import SyncMeterApplication  # noqa: E402
from tank_logger.app_config import TankLoggerConfig  # noqa: E402
from tank_logger.application import TankLoggerApplication  # noqa: E402

PUMP = "pump_1"
PUMP_SIM_CONFIG = APPS / "pump_controller" / "simulators" / "app_config.json"


def ma(percent: float) -> float:
    """The 4-20 mA reading of a tank level."""
    return 4.0 + 16.0 * percent / 100.0


@pytest.fixture
def bridges(tmp_path):
    with LocalBridges(store=tmp_path / "dda.sqlite3") as running_bridges:
        yield running_bridges


@pytest.fixture
async def site(bridges):
    client = Site(bridges)
    yield client
    await client.close()


@pytest.fixture
async def device(bridges):
    bench = Device(bridges)
    yield bench
    await bench.close()


def pump_app() -> PumpControllerApplication:
    return PumpControllerApplication(config=PumpControllerConfig(), app_key=PUMP, test_mode=True)


# -- every example is a well-formed app project ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["pump_controller", "sync_meter", "gate_state_machine", "gate_simulator", "modbus_gateway", "sleep_scheduler"],
)  # tank_logger's sample config is invalid on purpose: see its own tests
def test_example_project_exports_its_schema_and_its_sample_config_is_valid(name):
    project = find_project(APPS / name)
    assert project.app_key == name and project.package == name
    assert project.start.target == f"{name}:main"
    export = project.export_schema(dry_run=True)
    assert export.changes == [], f"doover_config.json is stale: run `export-config` in examples/apps/{name}"
    schema = project.load_schema()
    assert schema.to_dict() == project.config_schema()
    sample = json.loads(project.sample_config_path.read_text())
    assert validate(schema, sample) == []
    assert validate(project.config_schema(), sample) == [], "the exported JSON validates the same"
    schema._inject_deployment_config({k: v for k, v in sample.items() if k != "APP_DISPLAY_NAME"})


# -- pump_controller (async) -----------------------------------------------------------------


async def test_pump_controller_fills_between_start_and_stop_levels(bridges, site, device):
    await site.set_tags({PUMP: {"pump_starts": 5}})
    device.force("ai", 1, ma(25))
    async with running(pump_app(), bridges, f"--config-fp={PUMP_SIM_CONFIG}") as app:
        assert app.config.start_level.value == 40.0 and app.config.prime_time.value == 1
        assert app.get_is_dda_available() and app.get_is_dda_online() and app.get_has_dda_been_online()
        await until(lambda: app.get_tag("pump_starts") == 5, what="the pump_starts tag reached the app")

        await step(app)
        assert await device.do(2) is True and await device.ao(0) == pytest.approx(10.0)
        assert app.get_tag("pump_on") is True and app.get_tag("level") == 25.0
        assert (await site.tags())[PUMP]["pump_starts"] == 6

        device.force("ai", 1, ma(62.5))  # inside the band: keeps filling
        await step(app)
        assert await device.do(2) is True

        await until(lambda: device.pulse_until_counted(0, app.flow_meter), what="the flow meter listener is connected")
        counted = app.flow_meter.count
        for _ in range(3):
            device.force("di", 0, 1)
            device.force("di", 0, 0)
        await until(lambda: app.get_tag("litres_pumped") == (counted + 3) * 2.5, what="3 more pulses of 2.5 L")

        device.force("ai", 1, ma(85))  # above the stop level
        await step(app)
        assert await device.do(2) is False and await device.ao(0) == 0.0

        device.force("ai", 1, ma(10))  # low again, but the supply monitor reports a bad supply
        await site.set_tags({"supply_ok": False})
        await until(lambda: app.supply_ok is False, what="the global tag subscription")
        await step(app)
        assert await device.do(2) is False, "no start on a bad supply"
        device.force("ai", 1, ma(62.5))  # inside the band: stays off
        await step(app, 2)
        assert await device.do(2) is False
        tags = await site.tags()
        assert tags[PUMP] | {"level": 62.5, "pump_on": False, "pump_starts": 6} == tags[PUMP]
        assert tags["tank_full"] is False
        assert (await site.element(PUMP, "status"))["currentValue"] == "Waiting for a healthy supply"

        await site.set_tags({"supply_ok": True})
        device.force("ai", 1, ma(10))
        await until(lambda: app.supply_ok is True)
        await step(app)
        assert await device.do(2) is True and (await site.tags())[PUMP]["pump_starts"] == 7
        await site.set_tags({"supply_ok": False})  # while running: stops at once, without a loop
        await until(lambda: is_false(device.do(2)), what="the supply callback stopped the pump")

        ui_state = await site.ui_state(PUMP)
        assert ui_state["displayString"] == "Test Tank"
        children = ui_state["children"]
        assert children["tank_level"]["currentValue"] == 62.5
        assert children["tank_level"]["form"] == "radialGauge"
        assert [r["colour"] for r in children["tank_level"]["ranges"]] == ["yellow", "green", "blue"]
        assert children["pump_running"]["currentValue"] is False
        assert children["pump_details"]["children"]["pump_starts"]["currentValue"] == 6
        assert children["pump_details"]["children"]["litres_pumped"]["currentValue"] == app.litres_pumped > 0
        assert children["pump_details"]["defaultOpen"] is False
        assert children[f"{PUMP}_high_level"]["hidden"] is True
        assert children["significantEvent"]["type"] == "uiAlertStream"
        assert ui_state["type"] == "uiApplication" and ui_state["name"] == PUMP
        assert (
            children["tank_level"] | {"type": "uiVariable", "varType": "float", "decPrecision": 1}
            == (children["tank_level"])
        )
        assert children["pump_running"]["varType"] == "bool" and children["status"]["varType"] == "string"
        assert children["pump_details"]["type"] == "uiSubmodule"
        mode = children[f"{PUMP}_mode"]
        assert mode["type"] == "uiStateCommand" and mode["displayString"] == "Mode"
        assert mode["userOptions"]["manual"] == {"name": "manual", "displayString": "Manual", "type": "uiElement"}
        slider = children[f"{PUMP}_manual_speed"]
        assert (slider["type"], slider["min"], slider["max"], slider["stepSize"]) == ("uiSlider", 0, 100, 5)
        assert (slider["dualSlider"], slider["isInverted"]) == (False, False)
        prime = children[f"{PUMP}_prime_pump"]
        assert (prime["type"], prime["colour"], prime["requiresConfirm"]) == ("uiAction", "green", False)
        warning = children[f"{PUMP}_high_level"]
        assert (warning["type"], warning["can_cancel"]) == ("uiWarningIndicator", False)

    assert await site.notifications() == [
        "Pump started at 25%",
        "Pump stopped at 85%",
        "Pump started at 10%",
        "Pump stopped at 10%",
    ]
    events = await site.messages("pump_events")
    assert [e["event"] for e in events] == ["started", "stopped", "started", "stopped"]


async def test_pump_controller_follows_the_site_mode_slider_and_prime_button(bridges, site, device):
    await site.deploy(PUMP, {"prime_time_(seconds)": 1, "high_level_alarm": 90.0, "default_mode": "off"}, "Pump")
    device.force("ai", 1, ma(60))
    async with running(pump_app(), bridges) as app:
        assert app.app_display_name == "Pump" and app.config.default_mode.value == "off"
        await step(app)
        assert await device.do(2) is False, "mode off"

        await site.command(PUMP, "mode", "manual")
        await until(lambda: app.get_tag("mode") == "manual", what="the mode callback ran")
        await site.command(PUMP, "manual_speed", 70)
        await until(lambda: app.ui.manual_speed.current_value == 70)
        await step(app)
        assert await device.do(2) is True and await device.ao(0) == pytest.approx(7.0)

        await site.command(PUMP, "manual_speed", 40)  # applied at once while running
        await until(lambda: is_about(device.ao(0), 4.0, 0.01), what="AO0 at 4 V")

        device.force("ai", 1, ma(97))  # too full for manual running: back to automatic, pump off
        await step(app)
        assert app.get_tag("mode") == "auto" and await device.do(2) is False
        await step(app)  # publishes the coerced mode and the warning
        assert (await site.cmds())[f"{PUMP}_mode"] == "auto"
        assert (await site.element(PUMP, f"{PUMP}_high_level"))["hidden"] is False
        assert (await site.ui_state(PUMP))["statusIcon"] == "warning"

        await site.command(PUMP, "mode", "off")
        await until(lambda: app.get_tag("mode") == "off")
        device.force("ai", 1, ma(60))
        await step(app, 2)
        assert await device.do(2) is False
        assert "statusIcon" not in await site.ui_state(PUMP), "the warning icon was cleared"

        await site.command(PUMP, "prime_pump", True)
        await until(lambda: device.do(2), what="priming started")
        await until(lambda: app.prime_pump.current_value is None, what="the app cleared the button")
        await step(app)  # publishes the cleared button
        assert f"{PUMP}_prime_pump" not in await site.cmds()
        await until(lambda: is_false(device.do(2)), timeout=3, what="the scheduled DO switched the pump off")
        await site.command(PUMP, "prime_pump", True)  # a second press works too
        await until(lambda: device.do(2), what="priming again")
        await until(lambda: site.notified("Priming the pump for 1 s", times=2), what="two priming notifications")

    assert "Tank level high: 97%" in await site.notifications()


async def test_pump_controller_holds_shutdown_while_filling_and_stops_for_a_scheduled_one(bridges, site, device):
    device.force("ai", 1, ma(10))
    async with running(pump_app(), bridges, f"--config-fp={PUMP_SIM_CONFIG}") as app:
        await step(app)
        assert await device.do(2) is True

        await site.set_tags({"shutdown_requested": True})
        await until(lambda: app.get_global_tag("shutdown_requested") is True)
        await step(app)
        assert (await site.tags())[PUMP]["shutdown_check_ok"] is False, "mid-fill: not now"

        when = datetime.now(UTC).timestamp() + 600
        await site.set_tags({"shutdown_at": when})
        await until(lambda: is_false(device.do(2)), what="on_shutdown_at stopped the pump")
        await step(app)
        assert await device.do(2) is False, "stays stopped"
        assert (await site.tags())[PUMP]["shutdown_check_ok"] is True
        await step(app)
        assert (await site.element(PUMP, "status"))["currentValue"] == "Stopped for shutdown"

    stamp = datetime.fromtimestamp(when, UTC)
    assert f"Device shutting down at {stamp:%H:%M} UTC: pump stopped" in await site.notifications()


async def test_pump_controller_unit_tested_the_classic_way_with_the_mock_device_agent(bridges, device):
    config = PumpControllerConfig()
    assert {"start_level", "prime_time_(seconds)", "default_mode"} <= set(config.to_dict()["properties"])
    assert config.to_dict()["properties"]["default_mode"]["enum"] == ["auto", "manual", "off"]
    assert [e.name for e in PumpControllerUI(config).fetch()][:3] == ["significantEvent", "high_level", "tank_level"]

    agent = MockDeviceAgentInterface(PUMP)
    agent.channels["deployment_config"] = {"applications": {PUMP: {"start_level": 45.0, "AGENT_ID": "agent-1"}}}
    device.force("ai", 1, ma(44))
    app = PumpControllerApplication(config=config, app_key=PUMP, device_agent=agent, test_mode=True)
    async with running(app, bridges):
        assert app.config.start_level.value == 45.0 and agent.agent_id == "agent-1"
        await step(app, 2)
        assert await device.do(2) is True
        tree = agent.channels["ui_state"]["state"]["children"][PUMP]
        assert tree["children"]["tank_level"]["currentValue"] == 44.0
        assert agent.channels["significantEvent"] == {"notification_msg": "Pump started at 44%"}
        assert app.get_tag("pump_starts") == 1 and app.get_global_tag("tank_full") is False


async def test_pump_controller_runs_as_deployed_from_its_console_script(bridges, site, device, tmp_path):
    project = find_project(APPS / "pump_controller")
    port = free_port()
    env = {
        **os.environ,
        "APP_KEY": PUMP,
        "DDA_URI": bridges.dda_uri,
        "PLT_URI": bridges.plt_uri,
        "MODBUS_URI": bridges.modbus_uri,
        "CONFIG_FP": str(PUMP_SIM_CONFIG),
        "HEALTHCHECK_PORT": str(port),
        "PYTHONPATH": str(project.source_root),
    }
    device.force("ai", 1, ma(20))
    log_path = tmp_path / "app.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(project.start.argv(sys.executable), env=env, stdout=log_file, stderr=log_file)
    try:
        await until(lambda: device.do(2), what="the deployed app started the pump")
        await until(lambda: site.shows_display_name(PUMP, "Test Tank"), what="the deployed app published its UI")
        await until(lambda: healthy(port), what="the healthcheck answers 200 after a good loop")
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, STEP) == 0, log_path.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(STEP)
    assert "Pump started at 20%" in await site.notifications()


# -- sync_meter (a sync app, Modbus) ---------------------------------------------------------

METER = "meter_1"


@pytest.fixture
def meter_bridges(tmp_path):
    with LocalBridges(store=tmp_path / "dda.sqlite3", modbus_sim=True) as running_bridges:
        yield running_bridges


def meter_settings(bridges: LocalBridges, **overrides) -> dict:
    settings = json.loads((APPS / "sync_meter" / "simulators" / "app_config.json").read_text())
    settings["modbus_config"]["tcp_uri"] = f"127.0.0.1:{bridges.field_device_port}"
    return settings | overrides


def meter_app() -> SyncMeterApplication:
    return SyncMeterApplication(config=SyncMeterConfig(), app_key=METER, test_mode=True)


async def test_sync_meter_reads_the_modbus_meter_with_plain_calls(meter_bridges):
    bridges = meter_bridges
    site, device, probe = Site(bridges), Device(bridges), modbus_probe(bridges)
    await site.deploy(METER, meter_settings(bridges, low_voltage_alarm=235.0), "Supply Meter")
    await site.agent.publish_to_channel_async("meter_summary", {"peak_power": 5000.0})
    try:
        async with running(meter_app(), bridges) as app:
            assert app._is_async is False, "plain def setup/main_loop make a sync app"
            assert "meter" in [bus.bus_id for bus in await probe.list_buses_async()], "modbus_config bus opened"
            assert app.peak_power == 5000.0, "restored from meter_summary"
            assert app.current_limit.current_value == 50.0, "read from holding register 100"
            assert await device.ao(0) == 10.0, "gauge sweep"

            await step(app)
            tags = app.get_tag
            assert 226.0 <= tags("voltage") <= 234.0 and 0.0 <= tags("current") <= 16.0
            assert 1090 <= tags("power") <= 1210 and tags("cabinet_temperature") == pytest.approx(30.0)
            assert await device.do(3) is True, "235 V low alarm"
            assert (tags("controller_voltage"), tags("controller_temperature")) == (24.0, 38.0)
            assert (tags("latitude"), tags("longitude")) == pytest.approx((-33.8688, 151.2093), abs=1e-4)
            assert (await site.tags())["supply_ok"] is False
            await until(lambda: (tags("energy_kwh") or 0) >= 100.0, what="the energy subscription reported")
            await until(lambda: tags("relay_closed") is True, what="the relay subscription reported")

            await step(app)
            assert (await site.cmds())[f"{METER}_current_limit"] == 50.0, "coerced in setup, published"

            await site.set_tags({"load_shed": True})
            await until(lambda: coil_is(probe, 0, 0), what="load shedding opened the relay")
            await until(lambda: tags("relay_closed") is False, what="the relay subscription saw it open")
            await site.set_tags({"load_shed": False})
            await until(lambda: coil_is(probe, 0, 1), what="the relay closed again")
            await until(lambda: tags("relay_closed") is True, timeout=3)

            await site.command(METER, "current_limit", 32.5)
            await until(lambda: holding_is(probe, 100, 325), what="the limit was written to the meter")
            await until(lambda: tags("current_limit") == 32.5)
            await site.command(METER, "meter_label", "Shed 4")
            await until(lambda: tags("meter_label") == "Shed 4")

            await site.deploy(METER, meter_settings(bridges, low_voltage_alarm=207.0), "Supply Meter")
            await until(lambda: app.config.low_voltage.value == 207.0, what="live reconfiguration")
            await until(lambda: is_about(device.ao(0), 0.0, 0.01), timeout=3, what="the scheduled end of the sweep")
            await site.agent.publish_to_channel_async("meter_commands", {"reset_peak": 1})
            await until(lambda: app.peak_power == 0.0, what="the meter_commands subscription")
            await step(app, 2)
            assert await device.do(3) is False
            assert await device.ao(0) == pytest.approx(tags("power") / 500.0, abs=0.2)
            assert tags("peak_power") < 1300
            assert (await site.agent.get_channel_aggregate_async("meter_summary"))["peak_power"] < 1300

            state = await site.ui_state(METER)
            assert (state["displayString"], state["variant"], state["position"]) == ("Shed 4", "stacked", 20)
            children = state["children"]
            # the site shows the previous loop's reading (published as the next loop starts), and the
            # simulated supply drifts between loops on a loaded machine
            assert children["voltage"]["currentValue"] == pytest.approx(tags("voltage"), abs=1.0)
            assert [(r["label"], r["min"], r["max"]) for r in children["voltage"]["ranges"]] == [
                ("Low", 187.0, 207.0), ("Normal", 207.0, 253.0), ("High", 253.0, 273.0),
            ], "the gauge follows the live reconfiguration"  # fmt: skip
            assert children["energy"]["currentValue"] >= 100.0
            assert children["relay_closed"]["currentValue"] is True
            assert isinstance(children["last_reading"]["currentValue"], int)
            assert children["status"]["currentValue"] == "Normal, online"
            assert children["supply_plot"]["series"] == ["voltage", "current", "power"]
            assert children["connectionInfo"]["connectionType"] == "periodic"
            assert children[f"{METER}_current_limit"]["type"] == "uiFloatParam"
            assert (await site.cmds())[f"{METER}_current_limit"] == 32.5
        alarms = [n for n in await site.notifications() if "out of range" in n]
        assert len(alarms) == 1 and alarms[0].startswith("Supply voltage out of range: 2"), alarms
    finally:
        await site.close()
        await device.close()
        await probe.close_async()


# -- gate_state_machine + gate_simulator (state machine, two apps sharing tags) ----------------

GATE, GATE_SIM = "gate_1", "gate_sim_1"


def gate_settings(**overrides) -> dict:
    return json.loads((APPS / "gate_state_machine" / "simulators" / "app_config.json").read_text()) | overrides


async def start_gate_pair(site: Site, **overrides):
    await site.deploy(GATE_SIM, json.loads((APPS / "gate_simulator" / "simulators" / "app_config.json").read_text()))
    await site.deploy(GATE, gate_settings(**overrides), "Front Gate")
    sim = GateSimulatorApplication(config=GateSimulatorConfig(), app_key=GATE_SIM, test_mode=True)
    gate = GateApplication(config=GateConfig(), app_key=GATE, test_mode=True)
    return sim, gate


async def test_gate_opens_for_a_remote_closes_by_itself_and_reopens_for_an_obstruction(bridges, site, device):
    sim_app, gate_app = await start_gate_pair(site)
    async with running(sim_app, bridges) as sim, running(gate_app, bridges) as gate:
        assert gate.config.sim_app_key.value == GATE_SIM
        assert gate.ui.motor_settings.current_value.startswith("Open Output: 0, Close Output: 1")
        await step(gate)
        assert gate.state.state == "closed" and [await device.do(0), await device.do(1)] == [False, False]

        device.force("di", 1, 1)  # the front keypad
        await step(gate)
        device.force("di", 1, 0)
        assert gate.state.state == "opening" and await device.do(0) is True
        assert gate.get_tag("last_opened_by") == "Front keypad"

        await step(sim, 2)  # 50%, 100%: the position tag reaches the gate
        await until(lambda: gate.state.state == "open", what="reached_open from the position tag")
        await until(lambda: is_false(device.do(0)), what="on_enter_open stopped the motor")
        await until(lambda: gate.state.state == "closing", timeout=3, what="the hold-open timeout")
        await until(lambda: device.do(1), what="on_enter_closing runs the motor backwards")

        await step(sim)  # half closed
        device.force("di", 0, 1)  # a car breaks the beam between two loops: the event log has it
        device.force("di", 0, 0)
        await step(gate)
        assert gate.state.state == "opening" and await device.do(0) is True and await device.do(1) is False

        await step(sim)
        await until(lambda: gate.state.state == "open")
        await until(lambda: gate.state.state == "closing", timeout=3)
        await step(sim, 2)
        await until(lambda: gate.state.state == "closed", what="reached_closed from the position tag")
        await until(lambda: is_false(device.do(1)), what="on_enter_closed stopped the motor")
        assert await device.do(0) is False

        await step(sim, 2)  # motor stopped, and the UI saying so is published
        await step(gate, 2)
        assert gate.get_tag("position", app_key=GATE_SIM) == 0.0
        tags = await site.tags()
        assert tags[GATE]["state"] == "closed" and tags[GATE_SIM] == {"position": 0.0, "moving": False}
        state = await site.ui_state(GATE)
        assert state["displayString"] == "Front Gate", "APP_DISPLAY_NAME from the deployment config"
        children = state["children"]
        assert children["state"]["currentValue"] == "closed"
        assert children["position"]["currentValue"] == 0
        assert children["last_opened_by"]["currentValue"] == "Front keypad"
        assert isinstance(children["last_opened"]["currentValue"], int)
        controls = children["controls"]
        assert controls["type"] == "uiSubmodule"
        assert {f"{GATE}_open_gate", f"{GATE}_close_gate", f"{GATE}_hold_mode", f"{GATE}_fault"} <= set(
            controls["children"]
        )
        assert controls["children"][f"{GATE}_fault"]["hidden"] is True
        assert controls["statusString"] == "Closes automatically"
        assert (await site.element(GATE_SIM, "motor"))["currentValue"] == "stopped"

    assert "Gate reopening: something is in the way" in await site.notifications()
    events = [(e["state"], e["opened_by"]) for e in await site.messages("gate_events")]
    assert events == [
        ("opening", "Front keypad"), ("open", "Front keypad"), ("closing", "Front keypad"),
        ("opening", "Front keypad"), ("open", "Front keypad"), ("closing", "Front keypad"),
        ("closed", "Front keypad"),
    ]  # fmt: skip


async def test_gate_site_controls_hold_mode_and_fault_acknowledgement(bridges, site, device):
    await site.command(GATE, "hold_mode", "hold_open")  # chosen before the app (re)started
    sim_app, gate_app = await start_gate_pair(site, travel_timeout=0.5)
    async with running(sim_app, bridges) as sim, running(gate_app, bridges) as gate:
        assert gate.hold_open is True, "setup synced the UI commands and ran the hold_mode callback"

        await site.command(GATE, "open_gate", True)
        await until(lambda: gate.state.state == "opening", what="the Open Gate button")
        await until(lambda: gate.get_tag("last_command") == f"{GATE}_open_gate", what="the @ui.callback handler")
        await step(sim, 2)
        await until(lambda: gate.state.state == "open")
        await asyncio.sleep(0.5)  # longer than the hold time
        assert gate.state.state == "open", "held open"
        await step(gate)
        assert (await site.element(GATE, "controls"))["statusString"] == "Held open"

        await site.command(GATE, "hold_mode", "auto_close")
        await until(lambda: gate.state.state == "closing", what="releasing the hold closes the gate")
        await until(lambda: gate.state.state == "fault", timeout=3, what="the travel timeout")
        await until(lambda: is_false(device.do(1)), what="on_enter_fault stopped the motor")
        assert await device.do(0) is False
        await step(gate, 2)
        assert (await site.element(GATE, "controls", f"{GATE}_fault"))["hidden"] is False
        assert (await site.ui_state(GATE))["statusIcon"] == "alert"

        device.force("di", 2, 1)  # a remote, while in fault
        await step(gate)
        device.force("di", 2, 0)
        assert gate.state.state == "fault"

        await site.command(GATE, "fault", True)  # the user acknowledges the warning
        await until(lambda: gate.state.state == "closing", what="the warning's callback")
        await step(sim, 2)
        await until(lambda: gate.state.state == "closed")

        await site.agent.publish_to_channel_async("ui_cmds", {"cmds": {"open_all_gates": True}})
        await until(lambda: gate.state.state == "opening", what="the global @ui.callback")
        assert gate.get_tag("last_opened_by") == "site-wide"

    notes = await site.notifications()
    assert "Gate fault: it did not finish moving within 0.5 s" in notes
    assert "Open request from Delivery remote ignored: the gate is in fault" in notes


async def test_gate_state_changes_make_a_logged_ui_push_through_record_critical_value(bridges, site, device):
    await site.deploy(GATE, gate_settings(), "Front Gate")
    agent = SpyAgent(GATE)
    app = GateApplication(config=GateConfig(), app_key=GATE, device_agent=agent, test_mode=True)
    async with running(app, bridges) as gate:
        await step(gate, 2)  # the first push is always logged; later ones only for a reason
        device.force("di", 1, 1)
        await step(gate)  # opening: record_critical_value("gate_state", "opening")
        device.force("di", 1, 0)
        assert gate.state.state == "opening"
        before = len(agent.on("ui_state"))
        await step(gate)
        pushes = agent.on("ui_state")[before:]
        assert pushes, "the state change was pushed"
        assert pushes[-1][2] is True, "a critical value changed: the push is logged (record_log=True)"


async def test_gate_simulator_runs_through_run_app_start_false_as_app_repos_test_it(bridges, site, device, monkeypatch):
    for name, value in {"APP_KEY": GATE_SIM, "DDA_URI": bridges.dda_uri, "PLT_URI": bridges.plt_uri}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CONFIG_FP", str(APPS / "gate_simulator" / "simulators" / "app_config.json"))
    app = GateSimulatorApplication(config=GateSimulatorConfig(), test_mode=True)
    task = asyncio.create_task(run_app(app, start=False, setup_logging=False))
    try:
        await asyncio.wait_for(app.wait_until_ready(), STEP)
        assert app.app_key == GATE_SIM and app.config.travel_per_loop.value == 50.0
        await device.io.set_do_async(0, True)  # the controller opens the gate
        await step(app)
        assert app.get_tag("position") == 50.0 and app.get_tag("moving") is True
        await device.io.set_do_async(0, False)
        await step(app)
        assert (await site.tags())[GATE_SIM] == {"position": 50.0, "moving": False}
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_gate_counts_vehicles_and_filters_the_motor_current(bridges, site, device):
    sim_app, gate_app = await start_gate_pair(site)
    async with running(sim_app, bridges), running(gate_app, bridges) as gate:
        await until(lambda: device.pulse_until_counted(3, gate.vehicles), what="the pulse counter is listening")
        before = gate.vehicles.count
        for _ in range(2):
            device.force("di", 3, 1)
            device.force("di", 3, 0)
        await until(lambda: gate.get_tag("vehicle_count") == before + 2, what="two more vehicles counted")

        device.force("ai", 1, 8.0)  # 2.5 A
        await step(gate, 6)
        assert gate.get_tag("motor_current") == pytest.approx(2.5, abs=0.05)
        device.force("ai", 1, 20.0)  # one wild 10 A reading
        await step(gate)
        assert gate.get_tag("motor_current") < 3.0, "the Kalman filter treats the spike as an outlier"
        await step(gate)
        assert (await site.element(GATE, "motor_current"))["currentValue"] < 3.0


async def test_sync_meter_reports_a_meter_that_does_not_answer(meter_bridges):
    bridges, port = meter_bridges, free_port()  # nothing listens there
    site = Site(bridges)
    settings = meter_settings(bridges)
    settings["modbus_config"] |= {"tcp_uri": f"127.0.0.1:{port}", "tcp_timeout": 0.3}
    await site.deploy(METER, settings)
    try:
        async with running(meter_app(), bridges) as app:
            assert app.current_limit.current_value is None, "nothing read at start-up"
            await step(app, 2)
            assert app.get_tag("meter_online") is False
            assert (await site.element(METER, "status"))["currentValue"] == "No response from the meter"
            assert app.get_tag("voltage") is None
    finally:
        await site.close()


# -- modbus_gateway (async Modbus, several buses) ----------------------------------------------

GATEWAY = "gw_1"


async def test_modbus_gateway_reads_every_configured_bus_and_resets_limits(meter_bridges):
    bridges = meter_bridges
    site, probe = Site(bridges), modbus_probe(bridges)
    settings = json.loads((APPS / "modbus_gateway" / "simulators" / "app_config.json").read_text())
    settings["modbus_config"][0]["tcp_uri"] = f"127.0.0.1:{bridges.field_device_port}"
    settings["modbus_config"][1]["tcp_uri"] = f"127.0.0.1:{free_port()}"  # a meter that is not there
    await site.deploy(GATEWAY, settings)
    assert await probe.write_registers_async(bus_id="default", modbus_id=1, start_address=100, values=[123])
    try:
        app = ModbusGatewayApplication(config=ModbusGatewayConfig(), app_key=GATEWAY, test_mode=True)
        async with running(app, bridges):
            assert app.buses == ["main", "spare"]
            await step(app)
            main, spare = app.get_tag("main"), app.get_tag("spare")
            assert main["online"] is True and 226.0 <= main["voltage"] <= 234.0 and main["limit"] == 12.3
            assert spare == {"online": False, "bus_open": True}, "opened lazily, but nothing answers"
            await until(lambda: (app.get_tag("main_energy_kwh") or 0) >= 100.0, what="async subscription callback")
            assert app.get_tag("spare_energy_kwh") is None

            await site.command(GATEWAY, "reset_limit_main", True)
            await until(lambda: holding_is(probe, 100, 400), what="the regex @ui.callback wrote the limit")
            await site.command(GATEWAY, "reset_limit_spare", True)
            await until(lambda: site.notified("Could not reset the current limit on spare"))
            await step(app, 2)

            children = (await site.ui_state(GATEWAY))["children"]
            assert children["summary"]["currentValue"] == "1 of 2"
            assert children["main_meter"]["statusString"] == "Online"
            assert children["main_meter"]["children"]["main_limit"]["currentValue"] == 40.0
            assert children["spare_meter"]["statusString"] == "No response"
            assert set(children["spare_meter"]["children"]) == {
                "spare_voltage", "spare_energy", "spare_limit", f"{GATEWAY}_reset_limit_spare",
            }  # fmt: skip
            assert f"{GATEWAY}_reset_limit_main" not in await site.cmds(), "the button was cleared"
        assert "Current limit on main reset to 40 A" in await site.notifications()
    finally:
        await site.close()
        await probe.close_async()


# -- sleep_scheduler + pump_controller (the shutdown protocol between apps) ---------------------

SLEEPER = "sleep_1"


async def test_sleep_scheduler_waits_for_the_pump_then_schedules_the_wake_up_and_power_off(bridges, site, device):
    sleeper_settings = json.loads((APPS / "sleep_scheduler" / "simulators" / "app_config.json").read_text())
    await site.deploy(SLEEPER, sleeper_settings | {"low_battery_voltage": 30.0})  # 24 V supply: "low", sleep now
    device.force("ai", 1, ma(10))
    pump_runner = running(pump_app(), bridges, f"--config-fp={PUMP_SIM_CONFIG}")
    sleeper_app = SleepSchedulerApplication(config=SleepSchedulerConfig(), app_key=SLEEPER, test_mode=True)
    async with pump_runner as pump, running(sleeper_app, bridges) as sleeper:
        assert sleeper.get_tag("immunity_seconds") == 600
        await step(pump)
        assert await device.do(2) is True

        await step(sleeper)
        assert sleeper.get_tag("power_state") == "waiting"
        await until(lambda: pump.get_global_tag("shutdown_requested") is True)
        await step(pump)
        await until(lambda: sleeper.get_tag("shutdown_check_ok", app_key=PUMP) is False)
        await step(sleeper, 2)
        assert sleeper.get_tag("power_state") == "waiting"
        assert (await site.element(SLEEPER, "waiting_for"))["currentValue"] == PUMP
        assert bridges.platform.system.shutdown_in_secs in (None, 0), "nothing scheduled while the pump fills"

        device.force("ai", 1, ma(85))  # the tank is full: the pump stops and agrees
        await step(pump, 2)
        await until(lambda: sleeper.get_tag("shutdown_check_ok", app_key=PUMP) is True)
        await step(sleeper)
        assert sleeper.get_tag("power_state") == "shutting down"
        system = bridges.platform.system
        assert (system.startup_in_secs, system.shutdown_in_secs, system.immunity_secs) == (3630, 30, 600)
        await until(lambda: pump.shutdown_pending, what="the pump heard shutdown_at")
        await step(sleeper)
        assert isinstance((await site.element(SLEEPER, "next_wake"))["currentValue"], int)

    notes = await site.notifications()
    assert any(n.startswith("Sleeping for 60 min from ") for n in notes)
    assert any(n.startswith("Device shutting down at ") for n in notes)


# -- tank_logger (classic config patterns: default=None, an Integer given 0.5) -----------------

TANK = "tank_logger"
TANK_SAMPLE = APPS / TANK / "simulators" / "app_config.json"


def tank_app() -> TankLoggerApplication:
    return TankLoggerApplication(config=TankLoggerConfig(), app_key=TANK, test_mode=True)


def test_tank_logger_exports_default_none_and_its_sample_config_has_the_one_classic_liberty():
    project = find_project(APPS / TANK)
    assert project.export_schema(dry_run=True).changes == [], "run `export-config` in examples/apps/tank_logger"
    properties = project.config_schema()["properties"]
    assert properties["channel_namespace"]["default"] is None and properties["units"]["default"] is None
    problems = validate(project.load_schema(), json.loads(TANK_SAMPLE.read_text()))
    assert [str(problem) for problem in problems] == ["report_every: expected an integer; found 0.5, a number"]


async def test_tank_logger_runs_its_sample_config_with_a_warning_as_classic_does(bridges, site, device, caplog):
    device.force("ai", 1, ma(50))
    with caplog.at_level(logging.WARNING):
        async with running(tank_app(), bridges, f"--config-fp={TANK_SAMPLE}") as app:
            assert app.config.report_every.value == 0.5  # classic gives the value as configured
            assert app.config.namespace.value is None and app.config.units.value == "gallons"
            await step(app, 2)
            assert app.get_tag("level") == 50.0 and app.get_tag("low") is False
            assert app.get_tag("volume") == pytest.approx(500 * 0.264172, abs=0.1)
            assert await until(lambda: site.messages("tank_readings"), what="a reading on the default channel")
    assert "report_every: expected an integer; found 0.5" in caplog.text
    assert "running with these values as given" in caplog.text


async def test_tank_logger_optional_settings_left_unset_read_as_none(bridges, site, device):
    device.force("ai", 0, ma(5))
    await site.deploy(TANK, {"alarm": {"enabled": True, "low_level": 20.0}, "channel_namespace": "tank_a"})
    async with running(tank_app(), bridges) as app:
        assert app.config.units.value is None and app.config.capacity.value is None
        await step(app, 2)
        assert app.get_tag("volume") == app.get_tag("level")  # no capacity: percent, no units: litres
        assert app.get_tag("low") is True
        assert await until(lambda: site.messages("tank_a"), what="a reading on the configured channel")


async def test_tank_logger_strict_config_refuses_its_sample_config(bridges):
    app = tank_app()
    configure(app, read_settings(bridge_args(bridges, f"--config-fp={TANK_SAMPLE}", "--strict-config"), {}))
    task = asyncio.create_task(app.run())
    with pytest.raises(InvalidConfig, match=r"report_every: expected an integer; found 0\.5"):
        await asyncio.wait_for(app.wait_until_ready(), STEP)
    await asyncio.gather(task, return_exceptions=True)
