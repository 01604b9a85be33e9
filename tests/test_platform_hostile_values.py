"""The Platform bridge refuses values no pin can take (NaN, infinity, outside the pin's range from
the device file) with a 400 that says why, and the simulation service never answers an rpc error."""

from __future__ import annotations

import math

import grpc
import pytest

from pydoover._grpc import doover_sim_pb2 as sim_pb
from pydoover._grpc import doover_sim_pb2_grpc as sim_grpc
from pydoover._grpc import platform_iface_pb2 as pb
from pydoover._grpc import platform_iface_pb2_grpc as pb_grpc
from pydoover.bridges.platform.device_file import DeviceFileError, DeviceSpec, load_device_file
from pydoover.bridges.platform.simcontrol import SimulationClient, SimulationError
from pydoover.testing import LocalBridges

# AO0 drives AI0 directly: a poisoned AO would poison the AI until a restart.
WIRED = DeviceSpec.model_validate(
    {"ai": [{"units": "V", "kind": "voltage", "initial": 1.0}], "ao": 1, "wiring": [{"from": "ao0", "to": "ai0"}]}
)


@pytest.fixture
def wired():
    with LocalBridges(device=WIRED) as running, grpc.insecure_channel(running.plt_uri) as channel:
        stub = pb_grpc.platformIfaceStub(channel)
        assert stub.setAO(pb.setAORequest(ao=[0], value=[2.5]), timeout=5).response_header.success
        yield running, stub


def readings(stub) -> tuple[float, float]:
    return (
        stub.getAO(pb.getAORequest(ao=[0]), timeout=5).ao[0],
        stub.getAI(pb.getAIRequest(ai=[0]), timeout=5).ai[0],
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [(math.nan, "nan is not a number"), (math.inf, "inf is not a number"), (1e9, "AO 0 takes 0 to 10 V")],
)
@pytest.mark.parametrize("rpc", ["setAO", "scheduleAO"])
def test_an_ao_value_no_pin_can_take_is_a_400_and_changes_nothing(wired, rpc, value, reason):
    _, stub = wired
    if rpc == "setAO":
        response = stub.setAO(pb.setAORequest(ao=[0], value=[value]), timeout=5)
    else:
        response = stub.scheduleAO(pb.scheduleAORequest(ao=[0], value=[value], time_secs=0), timeout=5)
    assert response.response_header.response_code == 400
    assert reason in response.response_header.message
    assert readings(stub) == (pytest.approx(2.5), pytest.approx(2.5))


def test_an_infinite_schedule_delay_is_a_400(wired):
    _, stub = wired
    response = stub.scheduleAO(pb.scheduleAORequest(ao=[0], value=[1.0], time_secs=math.inf), timeout=5)
    assert response.response_header.response_code == 400 and "finite" in response.response_header.message


@pytest.mark.parametrize(
    ("io_type", "value", "reason"),
    [
        ("ai", math.nan, "not a number"),
        ("di", math.inf, "not a number"),
        ("ai", 500, "AI 0 takes 0 to 10 V"),
    ],
)
def test_forcing_a_value_no_pin_can_take_is_refused(wired, io_type, value, reason):
    running, stub = wired
    sim = SimulationClient(running.plt_uri)
    with pytest.raises(SimulationError, match=reason):
        sim.force(io_type, 0, value)
    sim.close()
    assert readings(stub)[1] == pytest.approx(2.5)


def test_a_current_input_takes_4_to_20_ma_and_fault_readings_but_not_500(bridges):
    sim = SimulationClient(bridges.plt_uri)
    sim.force("ai", 0, 0.0)  # an open loop, as a broken transmitter reads
    with pytest.raises(
        SimulationError,
        match=r"AI 0 takes 0 to 24 mA \(the default for mA pins; a device file can set min and max\); 500",
    ):
        sim.force("ai", 0, 500)
    sim.close()


def test_release_of_an_unknown_io_type_is_refused_not_an_rpc_error(bridges):
    with grpc.insecure_channel(bridges.plt_uri) as channel:
        response = sim_grpc.SimulationStub(channel).Release(sim_pb.ReleaseRequest(io_type="x", pin=0), timeout=5)
    assert not response.success and "di or ai" in response.message


def test_a_device_file_sets_a_pins_range(tmp_path):
    spec = DeviceSpec.model_validate({"ao": [{"units": "bar", "min": -1, "max": 16}]})
    with LocalBridges(device=spec) as running, grpc.insecure_channel(running.plt_uri) as channel:
        stub = pb_grpc.platformIfaceStub(channel)
        assert stub.setAO(pb.setAORequest(ao=[0], value=[-0.5]), timeout=5).response_header.success
        refused = stub.setAO(pb.setAORequest(ao=[0], value=[17]), timeout=5).response_header
        assert (
            refused.response_code == 400 and "AO 0 takes -1 to 16 bar (its range in the device file)" in refused.message
        )
    path = tmp_path / "device.toml"
    path.write_text("[[ao]]\ninitial = 12.0\n")
    with pytest.raises(DeviceFileError, match="initial 12 is outside the pin's range 0 to 10 V"):
        load_device_file(path)
