"""The simulated device and its device file, under a fake clock (no gRPC)."""

from __future__ import annotations

import pytest

from pydoover.bridges.platform.device import FALLING, RISING, PinError, SimulatedDevice
from pydoover.bridges.platform.device_file import DeviceFileError, DeviceSpec, load_device_file


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def device(spec: dict | None = None) -> tuple[SimulatedDevice, Clock]:
    clock = Clock()
    return SimulatedDevice(DeviceSpec.model_validate(spec or {}), clock=clock, wall_ms=lambda: 1_700_000_000_000), clock


def test_default_profile_is_a_typical_controller():
    sim, _ = device()
    assert sim.io_table() == {"DI": [0, 1, 2, 3], "DO": [0, 1, 2, 3, 4, 5], "AI": [0, 1, 2, 3, 4, 5], "AO": [0, 1]}
    ai = sim.read("ai", [0, 1, 4])
    assert 11.5 <= ai[0] <= 12.5 and ai[1] == 12.0 and ai[2] == 5.0, "4-20 mA inputs read mA near mid-scale"
    assert sim.read("di", [0, 1, 2, 3]) == [False] * 4


@pytest.mark.parametrize(
    ("signal", "t", "expected"),
    [
        ({"kind": "constant", "value": 7.5}, 10, 7.5),
        ({"kind": "ramp", "start": 4, "rate": 0.5, "max": 20}, 10, 9.0),
        ({"kind": "ramp", "start": 4, "rate": 0.5, "max": 20}, 100, 20.0),
        ({"kind": "sine", "mean": 12, "amplitude": 4, "period_s": 40}, 10, 16.0),
        ({"kind": "square", "period_s": 2, "low": 4, "high": 20}, 0.5, 20.0),
        ({"kind": "square", "period_s": 2, "low": 4, "high": 20}, 1.5, 4.0),
    ],
)
def test_analog_signals(signal, t, expected):
    sim, clock = device({"ai": [{"signal": signal}]})
    clock.now += t
    assert sim.read("ai", [0])[0] == pytest.approx(expected)


def test_random_walk_is_bounded_and_repeatable():
    spec = {"ai": [{"signal": {"kind": "random_walk", "start": 10, "step": 3, "min": 8, "max": 12, "seed": 4}}]}
    first, second = device(spec), device(spec)
    seen = []
    for _ in range(50):
        for _sim, clock in (first, second):
            clock.now += 1
        a, b = first[0].read("ai", [0])[0], second[0].read("ai", [0])[0]
        assert a == b and 8 <= a <= 12
        seen.append(a)
    assert len(set(seen)) > 5, "it actually walks"


def test_pulse_train_edges_are_exact_however_coarse_the_steps():
    sim, clock = device({"di": [{"signal": {"kind": "pulse", "rate_hz": 200}}]})
    for _ in range(37):  # uneven steps over 10 s
        clock.now += 10 / 37
        sim.advance()
    clock.now = 1010.001
    sim.advance()
    rising = [e for e in sim.events if e.event == RISING]
    falling = [e for e in sim.events if e.event == FALLING]
    assert len(rising) == 2000, "rising at 5 ms, 10 ms, ... 10 000 ms (t=0 is the start, not an edge)"
    assert len(falling) == 2000, "falling at 2.5 ms, 7.5 ms, ... 9997.5 ms"
    assert rising[0].time_ms == 1_700_000_000_000 + 5
    clock.now += 60  # far past the event log's capacity
    sim.advance()
    assert len(sim.events) == 10_000 and sim.rising_edges[0] == 14_000, "pulse counts outlive the capped log"


def test_do_loopback_drives_a_di_and_records_events():
    sim, clock = device({"wiring": [{"from": "do1", "to": "di2", "invert": False}]})
    sim.write("do", [1], [1])
    assert sim.read("di", [2]) == [True]
    clock.now += 1
    sim.write("do", [1], [0])
    assert [e.event for e in sim.events_since(0, pin=2)] == [RISING, FALLING]
    assert sim.events[1].time_ms - sim.events[0].time_ms == 1000


def test_do_drives_a_tank_level_that_rises_while_on_and_drains_while_off():
    spec = {
        "ai": [{"name": "tank", "initial": 4}],
        "wiring": [{"from": "do0", "to": "tank", "rate": 0.5, "off_rate": -0.25, "min": 4, "max": 20}],
    }
    sim, clock = device(spec)
    sim.write("do", [0], [1])
    clock.now += 10
    assert sim.read("ai", [0])[0] == pytest.approx(9.0)
    clock.now += 100
    assert sim.read("ai", [0])[0] == pytest.approx(20.0), "held at max"
    sim.write("do", [0], [0])
    clock.now += 8
    assert sim.read("ai", [0])[0] == pytest.approx(18.0)


def test_ao_drives_an_ai_through_a_first_order_lag():
    spec = {"ai": [{"units": "V"}], "wiring": [{"from": "ao0", "to": "ai0", "gain": 2, "offset": 1, "tau_s": 5}]}
    sim, clock = device(spec)
    sim.write("ao", [0], [0.0])
    clock.now += 50
    sim.advance()
    sim.write("ao", [0], [4.0])  # target 9
    clock.now += 5
    assert sim.read("ai", [0])[0] == pytest.approx(1 + 8 * (1 - 0.36788), rel=1e-3), "63 % of the step after one tau"


def test_schedules_fire_at_their_time_in_order():
    sim, clock = device({"wiring": [{"from": "do0", "to": "di0"}]})
    sim.schedule("do", [0], [1], 2.0)
    sim.schedule("do", [0], [0], 3.0)
    sim.schedule("ao", [1], [7.5], 1.0)
    clock.now += 1.5
    assert sim.read("do", [0]) == [False] and sim.read("ao", [1]) == [7.5]
    clock.now += 5
    sim.advance()
    assert sim.read("do", [0]) == [False]
    times = [e.time_ms - 1_700_000_000_000 for e in sim.events]
    assert times == [2000, 3000], "the loopback edges happened at the scheduled times"


def test_forcing_overrides_and_release_restores():
    sim, _ = device({"ai": [{"initial": 12}]})
    sim.force("di", 3, 1)
    sim.force("ai", 0, 19.5)
    assert sim.read("di", [3]) == [True] and sim.read("ai", [0]) == [19.5]
    assert sim.release() == 2
    assert sim.read("di", [3]) == [False] and sim.read("ai", [0]) == [12.0]
    assert [e.event for e in sim.events] == [RISING, FALLING]


def test_bad_pins_name_the_valid_range():
    sim, _ = device()
    with pytest.raises(PinError, match="DI 9 does not exist; DI pins are 0-3"):
        sim.read("di", [0, 9])
    with pytest.raises(PinError, match="only inputs can be forced"):
        sim.force("do", 0, 1)
    with pytest.raises(PinError, match="2 pins but 1 values"):
        sim.write("do", [0, 1], [1])


def test_reboot_resets_outputs_and_drops_schedules():
    sim, clock = device({"do": [{"initial": True}, {}]})
    sim.write("do", [0, 1], [0, 1])
    sim.schedule("do", [1], [0], 5)
    sim.reboot()
    clock.now += 10
    assert sim.read("do", [0, 1]) == [True, False]


def test_events_since_an_id_or_a_time():
    sim, clock = device()
    for n in range(4):
        clock.now += 1
        sim.force("di", 0, n % 2 == 0)
    assert [e.event_id for e in sim.events_since(2)] == [3, 4]
    assert [e.event_id for e in sim.events_since(1_700_000_002_500)] == [3, 4]


def test_device_file_errors_name_the_bad_field(tmp_path):
    bad = tmp_path / "rig.toml"
    bad.write_text('di = 2\n[[ai]]\nunits = "mA"\nsignal = { kind = "sine", mean = 12, amplitude = 4, period_s = 0 }\n')
    with pytest.raises(DeviceFileError) as caught:
        load_device_file(bad)
    assert caught.value.problems == [f"{bad}: ai[0].signal.sine.period_s: Input should be greater than 0 (got 0)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[wiring]]\nfrom = "do9"\nto = "di0"\n', "'do9' does not exist: DO pins are 0-5"),
        ('[[wiring]]\nfrom = "di0"\nto = "di1"\n', "cannot wire DI to DI"),
        ('[[wiring]]\nfrom = "do0"\nto = "ai1"\n', "needs `rate`"),
        ("di = 100\n", "di: Value error, a pin count must be between 0 and 64, not 100"),
        ("colour = 'red'\n", "colour: Extra inputs are not permitted"),
        ("di = [\n", "not valid TOML"),
    ],
)
def test_device_file_rejections(tmp_path, text, expected):
    path = tmp_path / "rig.toml"
    path.write_text(text)
    with pytest.raises(DeviceFileError, match=expected.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_device_file(path)


def test_yaml_device_files_and_pin_names(tmp_path):
    path = tmp_path / "rig.yaml"
    path.write_text("ai:\n  - name: tank\n    initial: 8\ndo: 2\nwiring:\n  - {from: do1, to: tank, rate: 1}\n")
    spec = load_device_file(path)
    assert spec.resolve("tank") == ("ai", 0) and len(spec.do) == 2


def test_the_example_device_file_is_valid():
    from pathlib import Path

    spec = load_device_file(Path(__file__).resolve().parent.parent / "examples" / "devices" / "tank-rig.toml")
    assert spec.resolve("tank_level") == ("ai", 0) and len(spec.wiring) == 3
