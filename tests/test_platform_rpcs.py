"""Every Platform rpc and the simulation-control service, with raw stubs against a real bridge."""

from __future__ import annotations

import json
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from pydoover._grpc import platform_iface_pb2 as pb
from pydoover._grpc import platform_iface_pb2_grpc as pb_grpc
from pydoover.bridges.platform.device_file import DeviceSpec
from pydoover.bridges.platform.simcontrol import SimulationClient, SimulationError
from pydoover.testing import LocalBridges


@pytest.fixture
def stub(bridges):
    with grpc.insecure_channel(bridges.plt_uri) as channel:
        yield pb_grpc.platformIfaceStub(channel)


@pytest.fixture
def sim(bridges):
    client = SimulationClient(bridges.plt_uri)
    yield client
    client.close()


def test_health_and_test_comms(bridges, stub):
    with grpc.insecure_channel(bridges.plt_uri) as channel:
        status = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="doover.PlatformInterface"), timeout=5
        )
    assert status.status == health_pb2.HealthCheckResponse.SERVING
    assert stub.TestComms(pb.TestCommsRequest(message="hi"), timeout=5).response == "hi"


def test_digital_and_analog_reads_and_writes(stub):
    assert list(stub.getDI(pb.getDIRequest(di=[0, 3]), timeout=5).di) == [False, False]
    ai = stub.getAI(pb.getAIRequest(ai=[1, 4]), timeout=5).ai
    assert ai[0] == pytest.approx(12.0) and ai[1] == pytest.approx(5.0)
    assert list(stub.setDO(pb.setDORequest(do=[0, 5], value=[True, True]), timeout=5).do) == [True, True]
    assert list(stub.getDO(pb.getDORequest(do=[0, 1, 5]), timeout=5).do) == [True, False, True]
    assert list(stub.getDOCurrent(pb.getDOCurrentRequest(do=[0, 1]), timeout=5).current) == [pytest.approx(0.25), 0.0]
    assert list(stub.setAO(pb.setAORequest(ao=[1], value=[3.3]), timeout=5).ao) == [pytest.approx(3.3)]
    assert list(stub.getAO(pb.getAORequest(ao=[0, 1]), timeout=5).ao) == [0.0, pytest.approx(3.3)]


def test_bad_pins_are_refused_with_the_valid_range(stub):
    response = stub.getAI(pb.getAIRequest(ai=[6]), timeout=5)
    assert (
        not response.response_header.success
        and response.response_header.message == "AI 6 does not exist; AI pins are 0-5"
    )
    mismatch = stub.setDO(pb.setDORequest(do=[0, 1], value=[True]), timeout=5)
    assert "2 pins but 1 values" in mismatch.response_header.message


def test_scheduled_outputs_fire_later(stub):
    stub.scheduleDO(pb.scheduleDORequest(do=[2], value=[True], time_secs=0.3), timeout=5)
    stub.scheduleAO(pb.scheduleAORequest(ao=[0], value=[6.0], time_secs=0.3), timeout=5)
    assert list(stub.getDO(pb.getDORequest(do=[2]), timeout=5).do) == [False]
    time.sleep(0.5)
    assert list(stub.getDO(pb.getDORequest(do=[2]), timeout=5).do) == [True]
    assert list(stub.getAO(pb.getAORequest(ao=[0]), timeout=5).ao) == [pytest.approx(6.0)]
    negative = stub.scheduleDO(pb.scheduleDORequest(do=[2], value=[False], time_secs=-1), timeout=5)
    assert not negative.response_header.success


def test_forced_inputs_make_events_and_pulse_counts(stub, sim):
    for level in (1, 0, 1):
        sim.force("di", 1, level)
    events = stub.getDIEvents(pb.getDIEventsRequest(pin=1, rising=True, falling=True), timeout=5)
    assert events.events_synced and [e.event for e in events.events] == ["DI_R", "DI_F", "DI_R"]
    rising = stub.getDIEvents(
        pb.getDIEventsRequest(pin=1, rising=True, events_from=events.events[0].event_id), timeout=5
    )
    assert [e.event_id for e in rising.events] == [events.events[2].event_id]
    assert len(stub.getEvents(pb.getEventsRequest(events_from=0), timeout=5).events) == 3
    readings = stub.getDI(pb.getDIRequest(di=[1], include_pulses=True), timeout=5).readings
    assert readings[0].value is True and readings[0].pulse_count == 2
    sim.force("ai", 2, 19.25)
    assert list(stub.getAI(pb.getAIRequest(ai=[2]), timeout=5).ai) == [pytest.approx(19.25)]
    assert sim.release("ai") == 1
    assert list(stub.getAI(pb.getAIRequest(ai=[2]), timeout=5).ai) == [pytest.approx(12.0)]
    with pytest.raises(SimulationError, match="DI 7 does not exist"):
        sim.force("di", 7, 1)
    pins = {(p.io_type, p.pin): p for p in sim.pins()}
    assert pins[("di", 1)].forced and pins[("ai", 0)].units == "mA"


def test_pulse_counter_stream_sends_one_response_per_edge(tmp_path):
    spec = DeviceSpec.model_validate({"di": [{"signal": {"kind": "pulse", "rate_hz": 50}}]})
    with LocalBridges(device=spec) as bridges, grpc.insecure_channel(bridges.plt_uri) as channel:
        stream = pb_grpc.platformIfaceStub(channel).startPulseCounter(
            pb.pulseCounterRequest(di=0, edge="rising"), timeout=10
        )
        first = next(stream)
        assert first.response_header.success and not first.HasField("dt_secs"), "a header-only 'listening' answer"
        pulses = [next(stream) for _ in range(10)]
        stream.cancel()
    assert all(p.value and p.di == 0 for p in pulses)
    assert [p.dt_secs for p in pulses[1:]] == [pytest.approx(0.02, abs=1e-4)] * 9


def test_pulse_counter_refuses_a_bad_edge(stub):
    response = next(stub.startPulseCounter(pb.pulseCounterRequest(di=0, edge="sideways"), timeout=5))
    assert not response.response_header.success and "rising, falling or both" in response.response_header.message


def test_system_rpcs(stub):
    assert stub.getInputVoltage(pb.getInputVoltageRequest(), timeout=5).voltage == pytest.approx(24.0)
    assert stub.getSystemPower(pb.getSystemPowerRequest(), timeout=5).power_watts == pytest.approx(4.8)
    assert stub.getTemperature(pb.getTemperatureRequest(), timeout=5).temperature == pytest.approx(38.0)
    location = stub.getLocation(pb.getLocationRequest(), timeout=5)
    assert location.latitude == pytest.approx(-33.8688) and location.sat_count == 9 and location.timestamp
    status = stub.getSystemStatus(pb.getSystemStatusRequest(), timeout=5)
    assert status.input_voltage == pytest.approx(24.0) and json.loads(status.system_info)["simulated"] is True
    assert stub.syncRtcTime(pb.syncRtcTimeRequest(), timeout=5).response_header.success
    assert stub.getFirmwareVersion(pb.getFirmwareVersionRequest(), timeout=5).version


def test_shutdown_settings_round_trip(stub):
    assert stub.setShutdownImmunity(pb.setShutdownImmunityRequest(immunity_secs=30), timeout=5).immunity_secs == 30
    assert stub.getShutdownImmunity(pb.getShutdownImmunityRequest(), timeout=5).immunity_secs == 30
    assert stub.scheduleStartup(pb.scheduleStartupRequest(time_secs=60), timeout=5).time_secs == 60
    assert stub.scheduleShutdown(pb.scheduleShutdownRequest(time_secs=90), timeout=5).time_secs == 90
    assert stub.getSystemStatus(pb.getSystemStatusRequest(), timeout=5).scheduled_shutdown_secs == 90
    assert stub.setWakeOnVoltage(pb.setWakeOnVoltageRequest(voltage=12.5), timeout=5).voltage == pytest.approx(12.5)
    assert stub.getWakeOnVoltage(pb.getWakeOnVoltageRequest(), timeout=5).voltage == pytest.approx(12.5)
    assert not stub.setWakeOnVoltage(pb.setWakeOnVoltageRequest(), timeout=5).HasField("voltage"), "unset disables"
    assert stub.setSleepLogInterval(pb.setSleepLogIntervalRequest(interval_secs=60), timeout=5).interval_secs == 60
    assert stub.getSleepLogInterval(pb.getSleepLogIntervalRequest(), timeout=5).interval_secs == 60
    assert list(stub.getSleepLog(pb.getSleepLogRequest(), timeout=5).entries) == [], "the simulated device never sleeps"


def test_reboot_resets_outputs_and_shutdown_and_firmware_are_refused(stub):
    stub.setDO(pb.setDORequest(do=[3], value=[True]), timeout=5)
    assert stub.reboot(pb.rebootRequest(), timeout=5).response_header.success
    assert list(stub.getDO(pb.getDORequest(do=[3]), timeout=5).do) == [False]
    assert stub.getWakeReason(pb.getWakeReasonRequest(), timeout=5).wake_reason == "reboot"
    for call, request in (
        (stub.shutdown, pb.shutdownRequest()),
        (stub.loadFirmware, pb.loadFirmwareRequest(url="x")),
        (stub.loadBootloader, pb.loadBootloaderRequest(url="x")),
    ):
        header = call(request, timeout=5).response_header
        assert not header.success and "simulated device" in header.message


def test_io_table_details_and_di_config(stub):
    table = json.loads(stub.getIoTable(pb.getIoTableRequest(), timeout=5).io_table)
    assert table == {"DI": [0, 1, 2, 3], "DO": [0, 1, 2, 3, 4, 5], "AI": [0, 1, 2, 3, 4, 5], "AO": [0, 1]}
    devices = stub.getIoDetails(pb.getIoDetailsRequest(), timeout=5).devices
    assert devices[0].is_master and len(devices[0].channels) == 18
    ai0 = next(c for c in devices[0].channels if c.io_type == "AI" and c.channel == 0)
    assert ai0.units == "mA" and ai0.kind == "current"
    config = stub.setDIConfig(pb.setDIConfigRequest(pin=2, irq_edge="both", debounce_ms=20), timeout=5).config
    assert (config.irq_edge, config.debounce_ms, config.pnp_mode) == ("both", 20, False)
    assert stub.getDIConfig(pb.getDIConfigRequest(pin=2), timeout=5).config.debounce_ms == 20
    bad = stub.setDIConfig(pb.setDIConfigRequest(pin=2, irq_edge="up"), timeout=5)
    assert not bad.response_header.success and "irq_edge" in bad.response_header.message


def test_named_values(stub):
    stub.setValue(pb.setValueRequest(name=["mode"], value=["auto"]), timeout=5)
    assert list(stub.getValue(pb.getValueRequest(name=["mode", "unset"]), timeout=5).value) == ["auto", ""]


def test_concurrent_writers_do_not_break_the_bridge(stub):
    errors = []

    def hammer(pin: int) -> None:
        for n in range(50):
            response = stub.setDO(pb.setDORequest(do=[pin], value=[n % 2 == 0]), timeout=5)
            if not response.response_header.success:
                errors.append(response.response_header.message)

    threads = [threading.Thread(target=hammer, args=(pin,)) for pin in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert list(stub.getDO(pb.getDORequest(do=[0, 1, 2, 3]), timeout=5).do) == [False] * 4
