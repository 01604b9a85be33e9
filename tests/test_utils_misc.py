"""The classic pydoover.utils helpers apps import: each with concrete values."""

import asyncio
import json
import logging
import subprocess
import sys
import warnings

import pytest

import pydoover.utils as utils
from pydoover.utils import (
    PID,
    Alarm,
    CaseInsensitiveDict,
    CaseInsensitiveDictEncoder,
    LogFormatter,
    create_alarm,
    deprecated,
    find_object_with_key,
    find_path_to_key,
    get_is_async,
    map_reading,
    on_change,
    setup_logging,
    wrap_try_except,
    wrap_try_except_async,
)

# -- map_reading ---------------------------------------------------------------------------------


def test_map_reading_scales_a_4_20ma_loop():
    assert map_reading(4, [0, 100]) == 0
    assert map_reading(12, [0, 100]) == 50.0
    assert map_reading(20, [0, 100]) == 100.0
    assert map_reading(24, [0, 100]) == 125.0  # beyond the last point: extends the end segment
    assert map_reading(3.5, [0, 100]) == pytest.approx(-3.125)  # below 4 mA but above the floor


def test_map_reading_ignores_readings_below_the_floor():
    assert map_reading(2.9, [0, 100]) is None
    assert map_reading(None, [0, 100]) is None
    assert map_reading(1, [0, 10], raw_readings=[0, 10], ignore_below=None) == 1.0


def test_map_reading_interpolates_piecewise():
    curve = dict(output_values=[0, 10, 50], raw_readings=[0, 5, 10], ignore_below=0)
    assert map_reading(2.5, **curve) == 5.0
    assert map_reading(5, **curve) == 10.0
    assert map_reading(7.5, **curve) == 30.0
    assert map_reading(12, **curve) == 66.0


# -- find_object_with_key / find_path_to_key -----------------------------------------------------

CONFIG = {
    "applications": {
        "pump": {"max_rpm": 3000, "inner": {"deep": {"x": 1}}},
        "tank": {"capacity": [1, 2], "name": "t"},
    },
    "name": "top",
}


def test_find_object_with_key_returns_the_value_at_any_depth():
    assert find_object_with_key(CONFIG, "max_rpm") == 3000
    assert find_object_with_key(CONFIG, "deep") == {"x": 1}
    assert find_object_with_key(CONFIG, "capacity") == [1, 2]
    assert find_object_with_key(CONFIG, "missing") is None


def test_find_object_with_key_prefers_the_shallowest_match():
    assert find_object_with_key(CONFIG, "name") == "top"
    assert find_object_with_key({"a": {"k": 1}, "b": {"k": 2}}, "k") == 1


def test_find_path_to_key_gives_a_dotted_path():
    assert find_path_to_key(CONFIG, "x") == "applications.pump.inner.deep.x"
    assert find_path_to_key(CONFIG, "name") == "name"
    assert find_path_to_key(CONFIG, "capacity") == "applications.tank.capacity"
    assert find_path_to_key(CONFIG, "missing") is None
    assert find_path_to_key({"a": [{"k": 1}]}, "k") is None  # lists are not searched


# -- get_is_async ---------------------------------------------------------------------------------


def test_get_is_async_outside_a_loop():
    assert get_is_async() is False
    assert get_is_async(True) is True


async def test_get_is_async_inside_a_loop():
    assert get_is_async() is True
    assert get_is_async(False) is False


# -- wrap_try_except -----------------------------------------------------------------------------


def test_wrap_try_except_returns_the_result_or_logs_and_returns_none(caplog):
    assert wrap_try_except(lambda a, b=0: a + b, 1, b=2) == 3
    with caplog.at_level(logging.ERROR):
        assert wrap_try_except(lambda: 1 / 0) is None
    assert "ZeroDivisionError" in caplog.text


async def test_wrap_try_except_async(caplog):
    async def double(x):
        return 2 * x

    async def broken():
        raise KeyError("gone")

    assert await wrap_try_except_async(double, 4) == 8
    with caplog.at_level(logging.ERROR):
        assert await wrap_try_except_async(broken) is None
    assert "broken" in caplog.text and "gone" in caplog.text


# -- on_change ------------------------------------------------------------------------------------


class Switch:
    def __init__(self, values):
        self.values = iter(values)
        self.changes = []

    def record(self, new, old, is_first, name):
        self.changes.append((new, old, is_first, name))

    @on_change("record", name="switch")
    def read(self):
        return next(self.values)


def test_on_change_calls_back_on_first_and_changed_results_only():
    switch = Switch([False, False, True, True, False])
    assert [switch.read() for _ in range(5)] == [False, False, True, True, False]
    assert switch.changes == [
        (False, None, True, "switch"),
        (True, False, False, "switch"),
        (False, True, False, "switch"),
    ]


def test_on_change_tracks_each_object_separately():
    first, second = Switch([1, 1]), Switch([1, 1])
    first.read()
    second.read()
    first.read()
    assert first.changes == second.changes == [(1, None, True, "switch")]


def test_on_change_with_a_plain_callback_on_a_function():
    seen = []

    @on_change(lambda *args: seen.append(args))
    def level(value):
        return value // 10

    for value in (5, 7, 12, 19, 3):
        level(value)
    assert seen == [(0, None, True, "level"), (1, 0, False, "level"), (0, 1, False, "level")]


async def test_on_change_on_a_coroutine_awaits_an_async_callback():
    seen = []

    async def note(new, old, is_first, name):
        seen.append((new, old))

    @on_change(note)
    async def read(value):
        return value

    assert await read(1) == 1
    await read(1)
    await read(2)
    assert seen == [(1, None), (2, 1)]


def test_on_change_with_a_missing_method_name_raises():
    class Broken:
        @on_change("nope")
        def read(self):
            return 1

    with pytest.raises(ValueError):
        Broken().read()


# -- CaseInsensitiveDict ----------------------------------------------------------------------------


def test_case_insensitive_dict_lookups_ignore_case():
    d = CaseInsensitiveDict({"Pump_Speed": 10}, Mode="auto")
    assert d["PUMP_SPEED"] == 10 and d["mode"] == "auto"
    assert "pump_speed" in d and "MODE" in d
    assert sorted(d) == ["mode", "pump_speed"]
    d["MODE"] = "manual"
    assert len(d) == 2 and d["Mode"] == "manual"
    del d["pump_SPEED"]
    assert d.to_dict() == {"mode": "manual"}
    assert d.get("missing", 5) == 5
    assert repr(d) == "CaseInsensitiveDict({'mode': 'manual'})"


def test_case_insensitive_dict_nested_conversion_copy_and_json():
    d = CaseInsensitiveDict.from_dict({"A": {"B": 1}, "C": [1]})
    assert isinstance(d["a"], CaseInsensitiveDict) and d["a"]["b"] == 1
    assert d.to_dict() == {"a": {"b": 1}, "c": [1]}
    copy = d.copy()
    copy["new"] = 1
    assert "new" not in d
    assert json.loads(json.dumps({"x": d}, cls=CaseInsensitiveDictEncoder)) == {"x": {"a": {"b": 1}, "c": [1]}}
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, cls=CaseInsensitiveDictEncoder)


# -- logging -----------------------------------------------------------------------------------------


def make_record(level, message="hello"):
    return logging.LogRecord("app", level, "/x/main.py", 42, message, None, None)


def test_log_formatter_colours_by_level():
    formatter = LogFormatter()
    warning = formatter.format(make_record(logging.WARNING))
    assert warning.startswith("\x1b[33;20m") and warning.endswith("\x1b[0m")
    assert " - app - WARNING - hello (main.py:42)" in warning
    assert formatter.format(make_record(logging.CRITICAL)).startswith("\x1b[31;1m")
    assert formatter.format(make_record(15)).endswith("hello (main.py:42)")  # custom level: uncoloured


@pytest.fixture
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_setup_logging_installs_one_handler_with_level_and_filters(restore_root_logger):
    root = restore_root_logger
    only_pump = logging.Filter("pump")
    handler = setup_logging(debug=True, filters=only_pump)
    assert root.handlers == [handler] and root.level == logging.DEBUG
    assert isinstance(handler.formatter, LogFormatter)
    assert handler.filters == [only_pump]
    plain = logging.Formatter("%(message)s")
    handler = setup_logging(debug=False, formatter=plain, filters=[only_pump, logging.Filter("tank")])
    assert root.level == logging.INFO and handler.formatter is plain and len(handler.filters) == 2


# -- PID -------------------------------------------------------------------------------------------------


def test_pid_first_update_returns_the_last_output_then_computes_terms():
    pid = PID(Kp=2.0, Ki=0.5, Kd=1.0, setpoint=10.0)
    assert pid.update(4.0) == 0  # error 6: recorded only
    # error 4, dt 2: P = 8, I = 0.5 * (4 * 2) = 4, D = 1 * (4 - 6) / 2 = -1
    assert pid.update(6.0, dt=2.0) == pytest.approx(11.0)


def test_pid_output_limits_and_zero_dt():
    pid = PID(1.0, 0.0, 0.0, setpoint=100.0, output_limits=(0, 50))
    pid.update(0.0)
    assert pid.update(0.0, dt=1.0) == 50
    assert pid.update(200.0, dt=1.0) == 0
    assert pid.update(10.0, dt=0) == 0  # no time passed: the last output stands
    pid.set_output_limits(None, None)
    assert pid.update(200.0, dt=1.0) == -100


def test_pid_setters_and_reset():
    pid = PID(1.0, 2.0, 0.0)
    pid.set_setpoint(5.0)
    pid.set_last_output(7.0)
    assert pid.update(5.0) == 7.0  # a restart resumes from the preset output
    pid.set_integral_output(4.0)  # integral term worth 4: stored integral 2
    assert pid.update(5.0, dt=1.0) == pytest.approx(4.0)
    pid.reset()
    assert pid.update(0.0) == 0
    pid.set_last_error(0.0)
    assert pid.update(0.0, dt=1.0) == pytest.approx(5.0 + 2.0 * 5.0)
    assert PID(1.0, 0.0, 0.0).set_integral_output(3.0) is None


# -- Alarm / create_alarm --------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_alarm_defaults():
    alarm = Alarm(bool)
    assert (alarm.grace_period, alarm.min_inter_alarm) == (3600, 86400)


async def test_alarm_fires_after_the_grace_period_and_then_rests():
    fired = []
    alarm = Alarm(lambda v: v > 20, callback=lambda: fired.append(1), grace_period=15, min_inter_alarm=60)
    alarm.clock = clock = FakeClock()
    assert await alarm.check_value(25) is False  # grace period starts
    clock.now += 10
    assert await alarm.check_value(25) is False
    clock.now += 5
    assert await alarm.check_value(25) is True
    clock.now += 30
    assert await alarm.check_value(25) is False  # fired 30 s ago: resting
    clock.now += 30
    assert await alarm.check_value(25) is True
    assert fired == [1, 1]


async def test_alarm_grace_period_restarts_when_the_value_recovers():
    fired = []

    async def callback():
        fired.append(1)

    alarm = Alarm(lambda v: v > 20, callback=callback, grace_period=10)
    alarm.clock = clock = FakeClock()
    await alarm.check_value(25)
    clock.now += 8
    await alarm.check_value(5)
    clock.now += 8
    assert await alarm.check_value(25) is False
    clock.now += 10
    assert await alarm.check_value(25) is True
    assert fired == [1]
    alarm.reset_alarm()
    assert (alarm.last_alarm_time, alarm.initial_trigger_time) == (None, None)


async def test_alarm_zero_grace_fires_at_once_and_check_value_overrides():
    alarm = Alarm(lambda v: v > 20, grace_period=0, min_inter_alarm=0)
    assert await alarm.check_value(25) is True
    assert await alarm.check_value(25, threshold_met=lambda v: v > 30) is False
    await alarm.check_value(0, grace_period=99, min_inter_alarm=5)
    assert (alarm.grace_period, alarm.min_inter_alarm) == (99, 5)


async def test_create_alarm_wraps_a_reading_method():
    fired = []
    readings = iter([30, 31])

    async def read():
        return next(readings)

    checked = create_alarm(read, lambda v: v > 20, callback=lambda: fired.append("hot"), grace_period=0)
    assert await checked() == 30
    assert fired == ["hot"]
    assert await checked() == 31
    assert fired == ["hot"]  # min_inter_alarm defaults to a day
    assert isinstance(checked.alarm, Alarm)
    sync_checked = create_alarm(lambda: 5, lambda v: v > 20)
    assert await sync_checked() == 5


# -- deprecated --------------------------------------------------------------------------------------------------


def test_deprecated_with_a_reason_warns_and_still_calls():
    @deprecated("use new_thing")
    def old_thing(x):
        return x + 1

    with pytest.warns(DeprecationWarning, match=r"deprecated function old_thing \(use new_thing\)"):
        assert old_thing(1) == 2
    assert old_thing.__name__ == "old_thing"


def test_deprecated_bare_on_a_function_and_a_class():
    @deprecated
    def old():
        return "ok"

    @deprecated
    class Old:
        def __init__(self, value):
            self.value = value

    with pytest.warns(DeprecationWarning, match="deprecated function old"):
        assert old() == "ok"
    with pytest.warns(DeprecationWarning, match="deprecated class Old"):
        instance = Old(3)
    assert isinstance(instance, Old) and instance.value == 3


def test_deprecated_warning_shows_even_when_deprecations_are_ignored():
    @deprecated("gone soon")
    def old():
        return 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", DeprecationWarning)
        old()
    assert [w.category for w in caught] == [DeprecationWarning]
    with pytest.raises(TypeError):
        deprecated(42)


# -- the package surface -------------------------------------------------------------------------------------------


CLASSIC_NAMES = [
    "map_reading",
    "find_object_with_key",
    "find_path_to_key",
    "get_is_async",
    "maybe_async",
    "wrap_try_except",
    "wrap_try_except_async",
    "call_maybe_async",
    "on_change",
    "setup_logging",
    "CaseInsensitiveDict",
    "CaseInsensitiveDictEncoder",
    "LogFormatter",
    "apply_kalman_filter",
    "apply_async_kalman_filter",
    "PID",
    "deprecated",
    "apply_diff",
    "generate_diff",
    "maybe_load_json",
    "create_alarm",
]


def test_every_classic_name_is_exported():
    assert set(CLASSIC_NAMES) <= set(utils.__all__)
    assert all(callable(getattr(utils, name)) for name in utils.__all__)


def test_classic_submodule_paths_still_import():
    from pydoover.utils import pid
    from pydoover.utils.alarm import Alarm as AlarmFromPath
    from pydoover.utils.deprecator import deprecated as deprecated_from_path
    from pydoover.utils.kalman import KalmanFilter1D
    from pydoover.utils.utils import find_path_to_key as from_utils_utils

    assert (AlarmFromPath, deprecated_from_path, pid.PID, from_utils_utils) == (
        Alarm,
        deprecated,
        PID,
        find_path_to_key,
    )
    assert KalmanFilter1D is utils.KalmanFilter1D


def test_importing_pydoover_utils_loads_nothing_heavy():
    code = "import sys, pydoover.utils; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("grpc", "google", "pymodbus", "transitions", "pydantic"):
        assert f"'{heavy}'" not in loaded


async def test_call_maybe_async_is_the_shared_helper():
    assert await utils.call_maybe_async(lambda x: x * 3, 2) == 6
    assert await utils.call_maybe_async(asyncio.sleep, 0, result="done") == "done"
