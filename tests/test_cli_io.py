"""`doover io ...` against a real local Platform bridge (simulated device): output, errors, exit codes.

The default device has 4 DI, 6 DO, 6 AI (AI 0-3 in mA near 12.0, AI 0 a slow sine; AI 4-5 in V)
and 2 AO in V. Only loopback addresses are used; the non-local confirmation path is reached by
making the command believe the local bridge is remote.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent import futures

import grpc
import pytest

from doover_cli import confirm
from doover_cli.commands.io_live import RateMeter
from doover_cli.render import sparkline
from pydoover._grpc import platform_iface_pb2 as pb
from pydoover._grpc import platform_iface_pb2_grpc as pb_grpc
from pydoover.bridges.platform.device_file import DeviceSpec
from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.docker.platform.layout import ranges_text
from pydoover.docker.platform.values import f32
from pydoover.testing import LocalBridges

PULSE_DEVICE = {
    "di": [{"signal": {"kind": "pulse", "rate_hz": 20}}, {}],
    "ao": 0,
    "system": {"location": None},
}


@pytest.fixture
def uri(bridges: LocalBridges) -> str:
    return bridges.plt_uri


@pytest.fixture
def device(bridges: LocalBridges):
    return bridges.platform.device


@pytest.fixture
def pulse_bridges() -> Iterator[LocalBridges]:
    """A device with a 20 Hz pulse train on DI 0, a quiet DI 1, no AO and no GPS fix."""
    with LocalBridges(device=DeviceSpec.model_validate(PULSE_DEVICE)) as running:
        yield running


class _DevicePlatform(pb_grpc.platformIfaceServicer):
    """An older bridge on a real device: a classic I/O table, no I/O details, no simulation control."""

    def getIoTable(self, request, context):
        table = '{"DI": [0, 1, 4, 5], "DO": [0], "AI": [0], "AO": []}'
        return pb.getIoTableResponse(response_header=pb.ResponseHeader(success=True), io_table=table)

    def getAI(self, request, context):
        return pb.getAIResponse(response_header=pb.ResponseHeader(success=True), ai=[3.25] * len(request.ai))


@pytest.fixture
def device_uri() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pb_grpc.add_platformIfaceServicer_to_server(_DevicePlatform(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(0)


def dead_uri() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def wait_until(condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout}s")
        time.sleep(0.02)


class FakeTerminal(io.StringIO):
    """stdin as a terminal where the user types ``answer``."""

    def isatty(self) -> bool:
        return True


# -- get ------------------------------------------------------------------------------------


def test_get_di_prints_one_line_per_pin_and_json_is_a_list(doover, uri, device):
    device.force("di", 1, 1)
    code, out, err = doover("io", "get-di", "0", "1", "--plt-uri", uri)
    assert code == 0 and err == ""
    assert out.splitlines() == ["DI 0  off", "DI 1  on"]
    code, out, _ = doover("io", "get-di", "1", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == [{"pin": 1, "value": True}]


def test_get_ai_shows_units_from_the_io_details(doover, uri, device):
    device.force("ai", 1, 12.003)
    device.force("ai", 4, 7.5)
    code, out, _ = doover("io", "get-ai", "1", "4", "--plt-uri", uri)
    assert code == 0 and out.splitlines() == ["AI 1  12.003 mA", "AI 4  7.500 V"]
    code, out, _ = doover("io", "get-ai", "1", "--plt-uri", uri, "--json")
    assert json.loads(out) == [{"pin": 1, "value": 12.003, "units": "mA"}], "float32 noise is trimmed"


def test_get_ai_without_io_details_has_no_unit(doover, device_uri):
    code, out, _ = doover("io", "get-ai", "0", "--plt-uri", device_uri)
    assert code == 0 and out.splitlines() == ["AI 0  3.250"]
    code, out, _ = doover("io", "get-ai", "0", "--plt-uri", device_uri, "--json")
    assert json.loads(out) == [{"pin": 0, "value": 3.25, "units": None}]


def test_get_do_and_get_ao_read_outputs(doover, uri, device):
    device.write("do", [3], [1])
    device.write("ao", [1], [2.5])
    code, out, _ = doover("io", "get-do", "2", "3", "--plt-uri", uri)
    assert code == 0 and out.splitlines() == ["DO 2  off", "DO 3  on"]
    code, out, _ = doover("io", "get-ao", "0", "1", "--plt-uri", uri, "--json")
    assert json.loads(out) == [{"pin": 0, "value": 0.0, "units": "V"}, {"pin": 1, "value": 2.5, "units": "V"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("get-di", "0", "9"), "DI 9 does not exist; DI pins are 0-3"),
        (("get-ao", "2"), "AO 2 does not exist; AO pins are 0-1"),
        (("set-do", "6", "on"), "DO 6 does not exist; DO pins are 0-5"),
        (("schedule-ao", "5", "1", "--in", "1"), "AO 5 does not exist; AO pins are 0-1"),
        (("events", "4"), "DI 4 does not exist; DI pins are 0-3"),
        (("pulses", "4"), "DI 4 does not exist; DI pins are 0-3"),
        (("watch", "ai6"), "AI 6 does not exist; AI pins are 0-5"),
        (("force", "ai", "6", "1"), "AI 6 does not exist; AI pins are 0-5"),
        (("release", "di", "7"), "DI 7 does not exist; DI pins are 0-3"),
    ],
)
def test_a_pin_that_does_not_exist_is_a_usage_error_naming_the_range(doover, uri, device, args, message):
    code, out, err = doover("io", *args, "--plt-uri", uri)
    assert code == 2 and out == ""
    assert err.strip() == f"doover: error: {message}"
    assert device.do == [False] * 6 and device.ao == [0.0, 0.0] and device.forced() == {}, "nothing was done"


def test_valid_pins_come_from_the_devices_io_table(doover, device_uri, pulse_bridges):
    code, _, err = doover("io", "get-di", "2", "--plt-uri", device_uri)
    assert code == 2 and "DI 2 does not exist; DI pins are 0-1, 4-5" in err
    code, _, err = doover("io", "set-ao", "0", "1", "--plt-uri", pulse_bridges.plt_uri)
    assert code == 2 and "AO 0 does not exist; this device has no AO pins" in err


# -- set and schedule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"), [("on", True), ("OFF", False), ("True", True), ("false", False), ("1", True), ("0", False)]
)
def test_set_do_accepts_switch_words_in_any_case(doover, uri, device, word, expected):
    device.write("do", [2], [float(not expected)])
    code, out, err = doover("io", "set-do", "2", word, "--plt-uri", uri)
    assert code == 0 and err == "", err
    assert out.strip() == f"DO 2 set to {'on' if expected else 'off'}"
    assert device.do[2] is expected


def test_set_do_json_and_a_bad_value_is_a_usage_error(doover, uri, device):
    code, out, _ = doover("io", "set-do", "1", "on", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == {"pin": 1, "value": True}
    code, out, err = doover("io", "set-do", "2", "maybe", "--plt-uri", uri)
    assert code == 2 and out == ""
    assert err.strip() == "doover: error: VALUE 'maybe' is not a switch value; use on, off, true, false, 1 or 0"
    assert device.do[2] is False


def test_set_ao_sets_a_number_and_refuses_anything_else(doover, uri, device):
    code, out, _ = doover("io", "set-ao", "1", "2.5", "--plt-uri", uri)
    assert code == 0 and out.strip() == "AO 1 set to 2.500 V" and device.ao[1] == 2.5
    code, out, _ = doover("io", "set-ao", "0", "7", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == {"pin": 0, "value": 7.0}
    for bad in ("high", "nan"):
        code, out, err = doover("io", "set-ao", "0", bad, "--plt-uri", uri)
        assert code == 2 and out == "" and "VALUE" in err
    assert device.ao == [7.0, 2.5]


def test_schedule_do_and_ao_take_effect_after_the_delay(doover, uri, device):
    code, out, _ = doover("io", "schedule-do", "4", "on", "--in", "1", "--plt-uri", uri)
    assert code == 0 and out.strip() == "DO 4 will be set to on in 1 s"
    code, out, _ = doover("io", "schedule-ao", "0", "3.5", "--in", "1", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == {"pin": 0, "value": 3.5, "in_secs": 1}
    assert device.do[4] is False and device.ao[0] == 0.0, "nothing happens at once"
    wait_until(lambda: device.do[4] is True and device.ao[0] == 3.5, 5, "scheduled writes")
    code, _, err = doover("io", "schedule-do", "4", "off", "--plt-uri", uri)
    assert code == 2 and "--in" in err


def test_a_write_to_a_non_local_target_without_yes_or_a_terminal_is_a_usage_error(doover, uri, device, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    for args in (("set-do", "2", "on"), ("schedule-do", "2", "on", "--in", "1"), ("set-ao", "1", "4")):
        code, out, err = doover("io", *args, "--plt-uri", uri)
        assert code == 2 and out == ""
        assert f"is not a local bridge: pass --yes to write {args[0][-2:].upper()}" in err
        assert f"at {uri} is {'off' if args[0].endswith('do') else '0.000 V'}" in err, "the current value is shown"
    assert device.do[2] is False and device.ao[1] == 0.0


def test_a_write_to_a_non_local_target_goes_ahead_with_yes(doover, uri, device, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    code, out, err = doover("io", "set-do", "2", "on", "--yes", "--plt-uri", uri)
    assert code == 0 and out.strip() == "DO 2 set to on" and f"DO 2 at {uri} is off" in err
    assert device.do[2] is True


def test_a_write_to_a_non_local_target_asks_on_a_terminal(doover, uri, device, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    monkeypatch.setattr(sys, "stdin", FakeTerminal("n\n"))
    code, out, err = doover("io", "set-do", "2", "on", "--plt-uri", uri)
    assert code == 1 and out == "" and f"set DO 2 at {uri} to on?" in err and "not confirmed" in err
    assert device.do[2] is False
    monkeypatch.setattr(sys, "stdin", FakeTerminal("y\n"))
    code, out, _ = doover("io", "set-do", "2", "on", "--plt-uri", uri)
    assert code == 0 and out.strip() == "DO 2 set to on" and device.do[2] is True


def test_a_local_target_never_asks(doover, uri, device, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))  # a prompt would read EOF and abort
    code, _, err = doover("io", "set-do", "2", "on", "--plt-uri", uri)
    assert code == 0 and err == "" and device.do[2] is True


# -- system, table, events -------------------------------------------------------------------


def test_system_shows_every_reading_in_one_table(doover, uri):
    code, out, _ = doover("io", "system", "--plt-uri", uri)
    assert code == 0
    rows = dict(line.split("\t") for line in out.splitlines())
    assert rows["READING"] == "VALUE"
    assert (rows["voltage"], rows["power"], rows["temperature"]) == ("24.00 V", "4.80 W", "38.0 °C")
    assert rows["location"].startswith("-33.86880, 151.20930") and "9 satellites" in rows["location"]
    code, out, _ = doover("io", "system", "--plt-uri", uri, "--json")
    data = json.loads(out)
    assert (data["voltage_v"], data["power_w"], data["temperature_c"]) == (24.0, 4.8, 38.0)
    assert data["location"]["latitude"] == -33.8688 and data["location"]["sat_count"] == 9


def test_system_without_a_fix_says_so(doover, pulse_bridges):
    code, out, _ = doover("io", "system", "--plt-uri", pulse_bridges.plt_uri)
    assert code == 0 and "location\tno fix" in out.splitlines()
    code, out, _ = doover("io", "system", "--plt-uri", pulse_bridges.plt_uri, "--json")
    assert json.loads(out)["location"] is None


def test_table_lists_every_pin_with_kind_and_units(doover, uri):
    code, out, _ = doover("io", "table", "--plt-uri", uri)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "TYPE\tPIN\tKIND\tUNITS" and len(lines) == 1 + 4 + 6 + 6 + 2
    assert "DI\t0\tdigital\t-" in lines and "AI\t0\tcurrent\tmA" in lines and "AO\t1\tvoltage\tV" in lines
    code, out, _ = doover("io", "table", "--plt-uri", uri, "--json")
    data = json.loads(out)
    assert data["io_table"] == {"DI": [0, 1, 2, 3], "DO": [0, 1, 2, 3, 4, 5], "AI": [0, 1, 2, 3, 4, 5], "AO": [0, 1]}
    assert data["channels"][10] == {"io_type": "AI", "pin": 0, "kind": "current", "units": "mA", "device": "master"}


def test_events_lists_the_logged_edges(doover, uri, device):
    code, out, err = doover("io", "events", "2", "--plt-uri", uri)
    assert code == 0 and out.splitlines() == ["ID\tTIME\tEDGE\tVALUE"] and "no edges logged on DI 2" in err
    device.force("di", 2, 1)
    device.force("di", 2, 0)
    code, out, _ = doover("io", "events", "2", "--plt-uri", uri)
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert code == 0 and [(r[2], r[3]) for r in rows] == [("rising", "on"), ("falling", "off")]
    assert len(rows[0][1]) == 23 and rows[0][1][4] == "-", "a local timestamp with milliseconds"
    code, out, _ = doover("io", "events", "2", "--edge", "rising", "--plt-uri", uri, "--json")
    (event,) = json.loads(out)
    assert (event["edge"], event["event"], event["value"]) == ("rising", "DI_R", True)
    assert abs(event["time_ms"] - time.time() * 1000) < 10_000 and event["time"].endswith("+00:00")
    code, _, err = doover("io", "events", "2", "--edge", "up", "--plt-uri", uri)
    assert code == 2 and "--edge" in err


# -- watch ------------------------------------------------------------------------------------


def test_watch_prints_one_ndjson_record_per_refresh_when_piped(doover, uri, device):
    device.force("ai", 1, 9.5)
    code, out, _ = doover("io", "watch", "di0", "AI1", "do2", "--count", "3", "--interval", "0.05", "--plt-uri", uri)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 3
    assert all(r["values"] == {"di0": False, "ai1": 9.5, "do2": False} for r in records)
    assert [r["time"] for r in records] == sorted(r["time"] for r in records)


def test_watch_defaults_to_every_pin_and_takes_a_type(doover, uri):
    code, out, _ = doover("io", "watch", "--count", "1", "--json", "--plt-uri", uri)
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(record["values"]) == 18 and list(record["values"])[:2] == ["di0", "di1"]
    code, out, _ = doover("io", "watch", "ao", "--count", "1", "--json", "--plt-uri", uri)
    assert list(json.loads(out)["values"]) == ["ao0", "ao1"]
    code, _, err = doover("io", "watch", "x1", "--count", "1", "--plt-uri", uri)
    assert code == 2 and "PIN 'x1' is not like di0" in err


def test_watch_until_stops_after_that_many_seconds(doover, uri):
    started = time.monotonic()
    code, out, _ = doover("io", "watch", "di0", "--until", "0.5", "--interval", "0.2", "--plt-uri", uri)
    assert code == 0 and 0.3 < time.monotonic() - started < 5
    assert len(out.splitlines()) == 3, "refreshes at 0, 0.2 and 0.4 s"


def test_watch_draws_a_live_table_on_a_terminal(doover, uri, device, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    device.force("di", 0, 1)
    code, out, _ = doover("io", "watch", "ai0", "di0", "--count", "3", "--interval", "0.1", "--plt-uri", uri)
    assert code == 0 and "AI 0" in out and "DI 0" in out and " mA" in out and "Ctrl-C to stop" in out
    assert "{" not in out, "no NDJSON on a terminal"
    assert "\x1b[1;33m" in out, "AI 0 (a sine) changes between refreshes and is highlighted"
    assert any(block in out for block in "▁▂▃▄▅▆▇█"), "analog pins get a sparkline"


def test_sparkline_scales_recent_values_between_their_min_and_max():
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([12.0, 12.0, 12.0]) == "▄▄▄"
    assert sparkline([4.0, 20.0, 12.0]) == "▁█▅"
    assert sparkline([]) == ""


# -- pulses -----------------------------------------------------------------------------------


def test_pulses_streams_count_interval_and_rate(doover, pulse_bridges):
    uri = pulse_bridges.plt_uri
    code, out, err = doover("io", "pulses", "0", "--count", "5", "--timeout", "10", "--json", "--plt-uri", uri)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and "counting rising edges on DI 0" in err
    assert [r["count"] for r in records] == [1, 2, 3, 4, 5] and all(r["pin"] == 0 and r["value"] for r in records)
    assert records[0]["dt_secs"] is None and records[0]["rate_hz"] is None, "the first pulse has no interval"
    assert all(r["dt_secs"] == pytest.approx(0.05, abs=0.01) for r in records[1:])
    assert all(r["rate_hz"] == pytest.approx(20, rel=0.2) for r in records[1:])
    code, out, _ = doover("io", "pulses", "0", "--count", "2", "--timeout", "10", "--plt-uri", uri)
    first, second = out.splitlines()
    assert code == 0 and first.endswith("DI 0  #1  first pulse")
    assert "DI 0  #2  dt 0.050 s  20.00/s" in second


def test_pulses_counts_an_input_toggled_from_another_thread(doover, uri):
    stop = threading.Event()

    def toggle() -> None:
        sim = SimulationClient(uri)
        for _ in range(100):
            if stop.is_set():
                break
            sim.force("di", 3, 1)
            time.sleep(0.03)
            sim.force("di", 3, 0)
            time.sleep(0.03)
        sim.close()

    thread = threading.Thread(target=toggle)
    thread.start()
    try:
        code, out, _ = doover(
            "io", "pulses", "3", "--edge", "both", "--count", "4", "--timeout", "10", "--json", "--plt-uri", uri
        )
    finally:
        stop.set()
        thread.join(10)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["count"] for r in records] == [1, 2, 3, 4]
    assert len({r["value"] for r in records}) == 2, "both edges are counted"


def test_pulses_timeout_exits_4_only_when_count_was_not_reached(doover, pulse_bridges):
    uri = pulse_bridges.plt_uri
    code, out, err = doover("io", "pulses", "1", "--count", "1", "--timeout", "0.5", "--plt-uri", uri)
    assert code == 4 and out == "" and "--timeout 0.5s passed before 1 pulse arrived" in err
    code, out, _ = doover("io", "pulses", "1", "--timeout", "0.3", "--plt-uri", uri)
    assert code == 0 and out == ""


# -- force and release ------------------------------------------------------------------------


def test_force_and_release_show_through_get(doover, uri):
    code, out, _ = doover("io", "force", "di", "2", "on", "--plt-uri", uri)
    assert code == 0 and out.strip() == "DI 2 forced on"
    code, out, _ = doover("io", "force", "ai", "1", "15.5", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == {"io_type": "ai", "pin": 1, "value": 15.5}
    assert doover("io", "get-di", "2", "--plt-uri", uri)[1].strip() == "DI 2  on"
    assert doover("io", "get-ai", "1", "--plt-uri", uri)[1].strip() == "AI 1  15.500 mA"
    code, out, _ = doover("io", "release", "di", "2", "--plt-uri", uri)
    assert code == 0 and out.strip() == "released 1 forced input"
    assert doover("io", "get-di", "2", "--plt-uri", uri)[1].strip() == "DI 2  off"
    assert doover("io", "get-ai", "1", "--plt-uri", uri)[1].strip() == "AI 1  15.500 mA", "only DI 2 was released"
    code, out, _ = doover("io", "release", "--plt-uri", uri, "--json")
    assert code == 0 and json.loads(out) == {"released": 1}
    assert doover("io", "get-ai", "1", "--plt-uri", uri)[1].strip() == "AI 1  12.000 mA"


def test_force_refuses_outputs_and_bad_values(doover, uri, device):
    for args, message in [
        (("do", "1", "on"), "only inputs can be forced or released (di or ai), not 'do'; set outputs with set-do"),
        (("ai", "1", "lots"), "VALUE 'lots' is not a number"),
        (("di", "1", "half"), "VALUE 'half' is not a switch value"),
    ]:
        code, out, err = doover("io", "force", *args, "--plt-uri", uri)
        assert code == 2 and out == "" and message in err
    assert device.forced() == {}


def test_force_on_a_real_device_fails_with_the_reason(doover, device_uri):
    code, out, err = doover("io", "force", "di", "0", "on", "--plt-uri", device_uri)
    assert code == 1 and out == ""
    assert "has no simulation (a real device); forcing needs the local bridge" in err
    code, _, err = doover("io", "release", "--plt-uri", device_uri)
    assert code == 1 and "has no simulation" in err


# -- reachability, help, imports ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("get-di", "0"),
        ("set-do", "0", "on"),
        ("system",),
        ("table",),
        ("events", "0"),
        ("watch", "--count", "1"),
        ("pulses", "0"),
        ("force", "di", "0", "on"),
        ("release",),
    ],
)
def test_an_unreachable_bridge_exits_3(doover, args):
    code, out, err = doover("io", *args, "--plt-uri", dead_uri())
    assert code == 3 and out == ""
    assert "cannot reach the Platform bridge at 127.0.0.1:" in err and "Traceback" not in err


def test_every_command_has_an_example(doover):
    for name in ("get-di", "get-ai", "get-do", "get-ao", "set-do", "set-ao", "schedule-do", "schedule-ao",
                 "system", "table", "events", "watch", "pulses", "force", "release"):  # fmt: skip
        code, out, _ = doover("io", name, "--help")
        assert code == 0 and f"Example: doover io {name}" in out, name


def test_the_io_module_loads_no_grpc_rich_or_sdk_until_a_command_runs():
    probe = (
        "import sys\n"
        "import doover_cli.commands.io\n"
        "print([m for m in ('grpc', 'rich', 'pydoover.docker', 'pydoover.bridges') if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "[]", result.stderr


def test_pin_helpers():
    assert ranges_text([0, 1, 2, 3, 8, 10, 11]) == "0-3, 8, 10-11"
    assert ranges_text([5]) == "5"
    assert f32(4.800000190734863) == 4.8 and f32(12.0) == 12.0 and f32(True) is True
    meter = RateMeter(size=3)
    assert meter.add(0.9) == (None, None)
    assert meter.add(0.5) == (0.5, 2.0)
    assert meter.add(0.25)[1] == pytest.approx(2 / 0.75)
