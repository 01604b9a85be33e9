"""Hostile device files and register maps are refused as invalid (exit 2 in the CLI), and a pulse
input costs bounded memory whatever its rate and however long the simulation goes unstepped."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from pydoover.bridges.modbus.register_map import RegisterMapError, load_register_map
from pydoover.bridges.platform.device import EVENT_LOG_SIZE, SimulatedDevice
from pydoover.bridges.platform.device_file import DeviceFileError, DeviceSpec, load_device_file
from pydoover.bridges.platform.signals import pulse_train

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefg", "bcdefgh", strict=True)
)
HOSTILE = {
    "binary.toml": (bytes(range(256)) * 8, "not a text file"),
    "deep.yaml": ("[" * 50_000 + "]" * 50_000, "nests deeper than 32 levels"),
    "deep.json": ('{"di": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests deeper than 32 levels"),
    "deep.toml": ("di = " + "[" * 100_000 + "]" * 100_000, "nests deeper than 32 levels"),
    "laughs.yaml": (LAUGHS, "more than 100000 values"),
    "huge.yaml": ("# " + "x" * 2_000_000, "too large for a settings file"),
}


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_invalid_device_files_and_register_maps(tmp_path, name):
    content, reason = HOSTILE[name]
    path = write(tmp_path, name, content)
    with pytest.raises(DeviceFileError, match=reason):
        load_device_file(path)
    with pytest.raises(RegisterMapError, match=reason):
        load_register_map(path)


def test_an_infinite_number_is_refused_not_simulated(tmp_path):
    with pytest.raises(DeviceFileError, match=r"ai\[0\].initial: Input should be a finite number"):
        load_device_file(write(tmp_path, "inf.toml", "[[ai]]\ninitial = 1e400\n"))
    meter = '[[units]]\nid = 1\n[[units.points]]\nname = "v"\ntable = "holding"\naddress = 0\ninitial = 1e400\n'
    with pytest.raises(RegisterMapError, match="finite number"):
        load_register_map(write(tmp_path, "meter.toml", meter))


def test_a_pulse_rate_above_the_limit_is_refused_saying_the_limit(tmp_path):
    path = write(tmp_path, "fast.toml", '[[di]]\nsignal = { kind = "pulse", rate_hz = 1e6 }\n')
    with pytest.raises(DeviceFileError, match=r"1e\+06 Hz is above the simulator's limit of 1000 Hz"):
        load_device_file(path)


def test_bridge_up_says_invalid_device_file_and_exits_2(doover, tmp_path):
    path = write(tmp_path, "binary.toml", bytes(range(256)))
    code, _, err = doover("bridge", "up", "--device", str(path), "--dda-port", "0", "--plt-port", "0")
    assert code == 2
    assert "invalid device file" in err and "not a text file" in err and "Traceback" not in err


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_fast_pulse_left_unstepped_for_ten_minutes_costs_bounded_memory():
    clock = Clock()
    spec = DeviceSpec.model_validate({"di": [{"signal": {"kind": "pulse", "rate_hz": 1000}}]})
    sim = SimulatedDevice(spec, clock=clock, wall_ms=lambda: 0)
    clock.now = 600.0
    tracemalloc.start()
    try:
        sim.advance()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sim.rising_edges[0] == 600_000, "every rise is counted"
    assert len(sim.events) == EVENT_LOG_SIZE, "the log keeps the newest edges"
    assert (sim.events[-1].event, sim.events[-1].time_ms) == ("DI_R", 600_000)
    assert peak < 20 * 1024 * 1024, f"advancing used {peak / 1e6:.0f} MB"


def test_arithmetic_rise_counts_agree_with_the_listed_edges():
    rng = random.Random(16)
    for _ in range(2000):
        pulse = pulse_train(rng.choice([0.5, 3, 7.3, 50, 999]), rng.choice([0.1, 0.5, 0.9]))
        t0 = rng.uniform(0, 100)
        t1 = t0 + rng.uniform(0, 3)
        edges = pulse.edges(t0, t1)
        assert pulse.rises(t0, t1) == sum(level for _, level in edges)
        assert pulse.edges(t0, t1, limit=5) == edges[-5:]
