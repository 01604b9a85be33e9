"""`doover modbus ...` against a real local Modbus bridge and simulated field devices: output, errors, exit codes.

The default simulated device (bus "default") is the built-in power meter on unit 1, named "meter":
input 0-7 voltage/current/power (float32) and energy (uint32), coil 0 status, holding 100 setpoint
(uint16, scale 0.1, initially raw 500). A second device with its own register map ("pump" on
unit 3 and an unnamed unit 4) is reached with --tcp. Only loopback addresses are contacted; the
non-local confirmation path is reached by making the command believe the local bridge is remote,
or by calling its decision function directly.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from doover_cli import confirm
from doover_cli.commands.modbus_probe import parse_ids
from doover_cli.commands.modbus_support import confirm_write, zero_based
from doover_cli.commands.modbus_values import Codec, decimals, shortest_f32
from doover_cli.errors import CLIError, UsageError
from pydoover.bridges.modbus import FieldDevice, RegisterMap, default_register_map, load_register_map
from pydoover.docker import ModbusInterface
from pydoover.testing import LocalBridges
from pydoover.utils.registers import encode

PUMP_MAP = """
name = "pump-station"

[[units]]
id = 3
name = "pump"
[[units.points]]
name = "flow"
table = "holding"
address = 10
type = "float32"
order = "CDAB"
units = "m3/h"
initial = 12.5
[[units.points]]
name = "pressure"
table = "input"
address = 0
type = "int16"
scale = 0.01
units = "bar"
initial = 1.23
[[units.points]]
name = "running"
table = "coil"
address = 0
initial = 1

[[units]]
id = 4
[[units.points]]
name = "flow"
table = "holding"
address = 0
initial = 7
"""


@pytest.fixture(scope="module")
def sim() -> Iterator[LocalBridges]:
    with LocalBridges(modbus_sim=True) as bridges:
        yield bridges


@contextmanager
def serving(device: FieldDevice) -> Iterator[int]:
    """Run ``device`` on a loopback TCP port, on its own event loop thread; yields the port."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield asyncio.run_coroutine_threadsafe(device.start(), loop).result(5)
    finally:
        asyncio.run_coroutine_threadsafe(device.stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


@pytest.fixture(scope="module")
def pump(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A second field device serving PUMP_MAP over Modbus TCP: ``(map path, "127.0.0.1:port")``."""
    path = tmp_path_factory.mktemp("maps") / "pump.toml"
    path.write_text(PUMP_MAP)
    with serving(FieldDevice(load_register_map(path))) as port:
        yield str(path), f"127.0.0.1:{port}"


@pytest.fixture(scope="module")
def serial_pump(pump) -> Iterator[str]:
    """PUMP_MAP speaking Modbus ASCII over a raw socket: the serial port ``socket://127.0.0.1:port``."""
    with serving(FieldDevice(load_register_map(pump[0]), framer="ascii")) as port:
        yield f"socket://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def regs(sim) -> Iterator[ModbusInterface]:
    """The SDK client on the default bus, to set up and check registers without the CLI."""
    client = ModbusInterface("test", sim.modbus_uri, raise_on_error=True)
    yield client
    client.close()


@pytest.fixture
def mb(doover, sim):
    """``mb("read", "--address", "100")`` runs `doover modbus read ... --modbus-uri <the bridge>`."""
    sim.field_device.clear()

    def run(*args: str) -> tuple[int, str, str]:
        return doover("modbus", *args, "--modbus-uri", sim.modbus_uri)

    yield run
    sim.field_device.clear()


def dead_uri() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


class FakeTerminal(io.StringIO):
    """stdin as a terminal where the user types the text it was made with."""

    def isatty(self) -> bool:
        return True


# -- read -------------------------------------------------------------------------------------------


def test_read_shows_address_raw_hex_and_value_and_json_has_every_field(mb, regs):
    regs.write_registers(modbus_id=1, start_address=100, values=[500])
    code, out, err = mb("read", "--address", "100")
    assert code == 0 and err == "" and out == "holding 100  0x01F4  500\n"
    code, out, _ = mb("read", "--address", "100", "--json")
    assert code == 0 and json.loads(out) == {
        "bus": "default", "unit": 1, "table": "holding", "address": 100, "type": "uint16", "order": "ABCD",
        "scale": 1.0, "registers": [500], "values": [500],
    }  # fmt: skip


def test_count_counts_values_of_the_type_not_registers(mb):
    code, out, _ = mb("read", "--type", "input", "--count", "2", "--as", "float32")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("input 0-1  0x43") and re.search(r"  2\d\d\.\d+$", lines[0]), "the voltage, ~230"
    assert lines[1].startswith("input 2-3  0x")
    code, out, _ = mb("read", "--type", "input", "--count", "2", "--as", "float32", "--json")
    data = json.loads(out)
    assert len(data["registers"]) == 4 and len(data["values"]) == 2 and 226 <= data["values"][0] <= 234


VALUES = {
    "int16": -1234,
    "uint16": 54321,
    "int32": -123456789,
    "uint32": 3_000_000_000,
    "float32": -3.1415927,
    "float64": -1234.5678,
}


@pytest.mark.parametrize("order", ["ABCD", "CDAB", "BADC", "DCBA"])
@pytest.mark.parametrize("value_type", list(VALUES))
def test_every_type_and_order_round_trips_raw_and_decoded(mb, value_type, order):
    value, width = VALUES[value_type], Codec(value_type).width
    code, out, _ = mb("write", "--address", "40", "--as", value_type, "--order", order, str(value))
    assert code == 0 and out.startswith("wrote holding 40") and out.rstrip().endswith(f"  {value}")
    code, out, _ = mb("read", "--address", "40", "--count", str(width), "--json")
    assert json.loads(out)["registers"] == encode(value, value_type, order), "raw registers on the wire"
    code, out, _ = mb("read", "--address", "40", "--as", value_type, "--order", order.lower(), "--json")
    data = json.loads(out)
    assert code == 0 and data["values"] == [value] and (data["type"], data["order"]) == (value_type, order)


def test_hex_bits_and_scale_decode_one_register(mb):
    assert mb("write", "--address", "50", "--as", "hex", "0x01F4", "ff")[0] == 0
    code, out, _ = mb("read", "--address", "50", "--count", "2", "--as", "hex")
    assert code == 0 and out.splitlines() == ["holding 50  0x01F4  0x01F4", "holding 51  0x00FF  0x00FF"]
    code, out, _ = mb("read", "--address", "50", "--as", "bits", "--order", "BADC", "--json")
    assert json.loads(out)["values"] == ["1111010000000001"] and json.loads(out)["scale"] is None
    code, out, _ = mb("write", "--address", "52", "--scale", "0.1", "12.3")
    assert code == 0 and out.strip() == "wrote holding 52  0x007B  12.3", "raw = value / scale"
    code, out, _ = mb("read", "--address", "52", "--scale", "0.01", "--json")
    assert json.loads(out)["values"] == [1.23] and json.loads(out)["registers"] == [123]


def test_coils_read_as_bool_and_write_on_off(mb):
    code, out, _ = mb("write", "--type", "coil", "--address", "1", "on", "off")
    assert code == 0 and out.splitlines() == ["wrote coil 1  1  on", "wrote coil 2  0  off"]
    code, out, _ = mb("read", "--type", "coil", "--count", "3")
    assert out.splitlines() == ["coil 0  1  on", "coil 1  1  on", "coil 2  0  off"]
    code, out, _ = mb("read", "--type", "coil", "--count", "2", "--json")
    data = json.loads(out)
    assert (data["type"], data["order"], data["values"], data["registers"]) == ("bool", None, [True, True], [1, 1])
    assert mb("write", "--type", "coil", "--address", "1", "false")[0] == 0


# -- named points -----------------------------------------------------------------------------------


def test_named_points_come_from_the_built_in_map(mb):
    assert mb("write", "meter.setpoint", "50")[0] == 0
    code, out, _ = mb("read", "meter.voltage")
    assert code == 0 and re.fullmatch(r"meter\.voltage  input 0-1  0x43[0-9A-F]{2} 0x[0-9A-F]{4}  2\d\d\.\d+ V\n", out)
    code, out, _ = mb("read", "voltage", "--json")
    data = json.loads(out)
    assert (data["point"], data["units"], data["table"], data["type"]) == ("meter.voltage", "V", "input", "float32")
    code, out, _ = mb("read", "setpoint")
    assert code == 0 and out == "meter.setpoint  holding 100  0x01F4  50.0 A\n", "the point's scale 0.1"
    code, out, _ = mb("write", "setpoint", "55.5", "--json")
    assert code == 0 and json.loads(out)["registers"] == [555] and json.loads(out)["values"] == [55.5]
    code, out, _ = mb("read", "1.setpoint", "--as", "uint16", "--scale", "1")
    assert out.strip() == "meter.setpoint  holding 100  0x022B  555 A", "options override the point"
    assert mb("write", "meter.setpoint", "50")[0] == 0


def test_an_unknown_point_is_a_usage_error_listing_the_known_ones(mb):
    code, out, err = mb("read", "meter.volts")
    assert code == 2 and out == ""
    assert "unknown point 'meter.volts' in the built-in power-meter map; known points: meter.voltage, " in err
    assert "meter.setpoint" in err


def test_named_points_from_a_map_file_on_a_tcp_bus(mb, pump):
    path, device = pump
    code, out, _ = mb("read", "pump.flow", "--map", path, "--tcp", device)
    assert code == 0 and out == "pump.flow  holding 10-11  0x0000 0x4148  12.5 m3/h\n", "float32 CDAB"
    code, out, _ = mb("read", "pressure", "--map", path, "--tcp", device, "--json")
    data = json.loads(out)
    assert data["bus"] == f"tcp:{device}" and (data["unit"], data["values"], data["units"]) == (3, [1.23], "bar")
    code, out, _ = mb("write", "pump.flow", "20.25", "--map", path, "--tcp", device)
    assert code == 0 and out.strip() == "wrote pump.flow  holding 10-11  0x0000 0x41A2  20.25 m3/h"
    assert mb("read", "4.flow", "--map", path, "--tcp", device)[1] == "4.flow  holding 0  0x0007  7\n"
    code, _, err = mb("read", "flow", "--map", path, "--tcp", device)
    assert code == 2 and "point 'flow' is on several units; name one of pump.flow, 4.flow" in err


def test_a_bad_map_file_is_a_usage_error(mb, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[units]]\nid = 1\nname = "a.b"\n')
    code, out, err = mb("read", "x", "--map", str(bad))
    assert code == 2 and out == "" and err.startswith("doover: error: invalid register map: ") and "name" in err
    code, _, err = mb("read", "x", "--map", str(tmp_path / "missing.toml"))
    assert code == 2 and "cannot read" in err


def test_units_have_names_and_the_default_meter_is_called_meter():
    assert default_register_map().units[0].name == "meter"
    with pytest.raises(ValueError, match="unit name 'm' is already used"):
        RegisterMap.model_validate({"units": [{"id": 1, "name": "m"}, {"id": 2, "name": "m"}]})


# -- addressing -------------------------------------------------------------------------------------


def test_one_based_numbers_pick_the_table_and_say_which_address_they_used(mb):
    assert mb("write", "setpoint", "50")[0] == 0
    code, out, err = mb("read", "--address", "40101", "--one-based")
    assert code == 0 and out == "holding 100  0x01F4  500\n"
    assert err == "doover: --one-based 40101 is holding 100 (0-based)\n"
    code, out, err = mb("read", "--address", "30001", "--one-based", "--as", "float32")
    assert code == 0 and out.startswith("input 0-1  ") and "is input 0 (0-based)" in err
    code, out, err = mb("read", "--address", "1", "--one-based")
    assert code == 0 and out == "coil 0  1  on\n" and "is coil 0" in err
    code, out, err = mb("read", "--address", "101", "--type", "holding", "--one-based")
    assert code == 0 and out.startswith("holding 100  ") and "101 is holding 100" in err
    assert zero_based(400001, None, True) == ("holding", 0) and zero_based(10001, None, True) == ("discrete", 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--address", "50001", "--one-based"), "is not a 0xxxx coil, 1xxxx discrete, 3xxxx input or 4xxxx holding"),
        (("--address", "40000", "--one-based"), "40000 is not a 0xxxx coil"),
        (("--address", "0", "--type", "input", "--one-based"), "must be 1-65536 with --one-based"),
        (("--one-based",), "--one-based needs --address"),
        (("--address", "70000"), "--address must be 0-65535, not 70000 (40001-style numbers need --one-based)"),
    ],
)
def test_bad_addresses_are_usage_errors(mb, args, message):
    code, out, err = mb("read", *args)
    assert code == 2 and out == "" and message in err


def test_a_tcp_bus_is_opened_on_the_fly(mb, sim):
    device = f"127.0.0.1:{sim.field_device_port}"
    code, out, _ = mb("read", "--tcp", device, "--timeout", "0.5", "--address", "100", "--json")
    assert code == 0 and json.loads(out)["bus"] == f"tcp:{device}"
    code, out, _ = mb("buses", "--json")
    assert {"bus": f"tcp:{device}", "open": True, "kind": "tcp", "settings": f"tcp:{device}", "timeout": 0.5} in (
        json.loads(out)
    )


def test_a_serial_bus_is_opened_on_the_fly_with_its_line_settings(mb, pump, serial_pump):
    line = ("--serial", serial_pump, "--baud", "19200", "--parity", "e", "--method", "ascii", "--timeout", "0.5")
    code, out, _ = mb("read", "pump.pressure", "--map", pump[0], *line)
    assert code == 0 and out == "pump.pressure  input 0  0x007B  1.23 bar\n"
    code, out, _ = mb("read", "--id", "3", "--type", "coil", *line, "--json")
    assert json.loads(out)["bus"] == f"serial:{serial_pump}" and json.loads(out)["values"] == [True]
    code, out, _ = mb("buses")
    assert f"serial:{serial_pump}\tyes\tserial:{serial_pump} 19200 8E1 ascii\t0.5 s" in out.splitlines()


# -- write ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--address", "5", "abc"), "VALUE 'abc' is not a number; --as uint16 expects one like 12.5"),
        (("--address", "5", "abc", "1"), "unknown point 'abc'"),
        (("--address", "5", "1", "abc"), "VALUE 'abc' is not a number"),
        (("--address", "5", "70000"), "VALUE '70000' does not fit uint16 (0..65535)"),
        (("--address", "5", "--as", "int16", "1.5"), "VALUE '1.5' is not a whole number; int16 holds integers"),
        (("setpoint", "55.55"), "VALUE '55.55' is not a whole number of 0.1 steps (--scale 0.1)"),
        (("setpoint", "7000"), "VALUE '7000' is 70000 raw and does not fit uint16"),
        (("--address", "5", "--as", "float32", "nan"), "VALUE 'nan' must be a finite number"),
        (("--address", "5", "--as", "float32", "1e39"), "VALUE '1e39' does not fit float32"),
        (("--address", "5", "--as", "hex", "0x10000"), "VALUE '0x10000' is not one register: --as hex expects"),
        (("--type", "coil", "maybe"), "VALUE 'maybe' is not a switch value"),
        (("--type", "input", "5"), "the input table is read-only; write coils or holding registers"),
        (("--type", "discrete", "on"), "the discrete table is read-only"),
        (("--adress", "5", "7"), "no such option: --adress"),
        (("setpoint",), "missing VALUE: give the value to write to setpoint"),
    ],
)
def test_bad_writes_are_usage_errors_and_write_nothing(mb, regs, args, message):
    regs.write_registers(modbus_id=1, start_address=5, values=[9])
    code, out, err = mb("write", *args)
    assert code == 2 and out == "" and message in err, err
    assert regs.read_registers(modbus_id=1, start_address=5) == 9


def test_negative_values_need_no_separator(mb, regs):
    code, out, _ = mb("write", "--address", "20", "--as", "int16", "-5", "7")
    assert code == 0 and out.splitlines() == ["wrote holding 20  0xFFFB  -5", "wrote holding 21  0x0007  7"]
    assert regs.read_registers(modbus_id=1, start_address=20, num_registers=2) == [0xFFFB, 7]


def test_a_non_local_write_is_refused_before_any_rpc_without_yes_or_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def current() -> str:
        raise AssertionError("no read may happen before the refusal")

    with pytest.raises(UsageError, match=r"10\.255\.255\.1:50054 is not a local bridge: pass --yes to write holding 5"):
        confirm_write("10.255.255.1:50054", "holding 5 on unit 1", "7", yes=False, current=current)
    monkeypatch.setattr(sys, "stdin", FakeTerminal("n\n"))
    with pytest.raises(CLIError, match="not confirmed; nothing was written"):
        confirm_write("10.255.255.1:50054", "holding 5 on unit 1", "7", yes=False, current=lambda: "9")
    confirm_write("127.0.0.1:50054", "holding 5 on unit 1", "7", yes=False, current=current)  # local: no questions


def test_a_write_to_a_non_local_bridge_needs_yes_or_a_confirmation(mb, regs, sim, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    regs.write_registers(modbus_id=1, start_address=30, values=[1])
    code, out, err = mb("write", "--address", "30", "7")
    assert code == 2 and out == "" and "is not a local bridge: pass --yes to write holding 30 on unit 1" in err
    assert regs.read_registers(modbus_id=1, start_address=30) == 1
    monkeypatch.setattr(sys, "stdin", FakeTerminal("n\n"))
    code, out, err = mb("write", "--address", "30", "7")
    assert code == 1 and out == "" and f"holding 30 on unit 1 at {sim.modbus_uri} is 1" in err
    assert f"write 7 to holding 30 on unit 1 at {sim.modbus_uri}?" in err and "not confirmed" in err
    monkeypatch.setattr(sys, "stdin", FakeTerminal("y\n"))
    assert mb("write", "--address", "30", "7")[0] == 0 and regs.read_registers(modbus_id=1, start_address=30) == 7
    code, out, err = mb("write", "--address", "30", "8", "--yes")
    assert code == 0 and out.strip() == "wrote holding 30  0x0008  8" and "is 7" in err
    assert regs.read_registers(modbus_id=1, start_address=30) == 8


# -- watch ------------------------------------------------------------------------------------------


def test_watch_prints_one_ndjson_record_per_refresh_when_piped(mb):
    code, out, _ = mb("watch", "meter.voltage", "meter.setpoint", "--count", "3", "--interval", "0.05")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 3
    assert [r["point"] for r in records[0]["reads"]] == ["meter.voltage", "meter.setpoint"]
    assert all(r["error"] is None and len(r["values"]) == 1 for record in records for r in record["reads"])
    assert [r["time"] for r in records] == sorted(r["time"] for r in records)
    code, out, _ = mb("watch", "--address", "100", "--values", "2", "--count", "1", "--json", "--type", "input")
    (read,) = json.loads(out)["reads"]
    assert read["error"] and "Modbus exception 0x02 (illegal data address)" in read["error"], "errors do not end it"


def test_watch_shows_a_failed_read_as_an_error_and_goes_on(mb, sim):
    sim.field_device.inject(1, "exception", code=4, count=1)
    code, out, _ = mb("watch", "setpoint", "--count", "2", "--interval", "0.05", "--json")
    first, second = (json.loads(line)["reads"][0] for line in out.splitlines())
    assert code == 0 and "Modbus exception 0x04 (server device failure)" in first["error"] and first["values"] is None
    assert second["error"] is None and second["point"] == "meter.setpoint"


def test_watch_with_a_map_and_no_points_watches_every_point(mb, pump):
    path, device = pump
    code, out, _ = mb("watch", "--map", path, "--tcp", device, "--count", "1")
    reads = json.loads(out)["reads"]
    assert code == 0 and [r["point"] for r in reads] == ["pump.flow", "pump.pressure", "pump.running", "4.flow"]


def test_watch_draws_a_live_table_on_a_terminal(mb, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = mb("watch", "voltage", "status", "--count", "3", "--interval", "0.1")
    assert code == 0 and "meter.voltage" in out and "meter.status" in out and " V" in out and "on" in out
    assert "Ctrl-C to stop" in out and "{" not in out, "a table, not NDJSON"
    assert "\x1b[1;33m" in out, "the voltage (a sine) changes between refreshes and is highlighted"
    assert any(block in out for block in "▁▂▃▄▅▆▇█"), "numbers get a sparkline"


def test_watch_until_stops_after_that_many_seconds(mb):
    started = time.monotonic()
    code, out, _ = mb("watch", "--address", "100", "--until", "0.5", "--interval", "0.2")
    assert code == 0 and 0.3 < time.monotonic() - started < 5 and len(out.splitlines()) == 3


# -- scan and probe ---------------------------------------------------------------------------------


def test_scan_finds_unit_1_only(mb, sim):
    code, out, _ = mb("scan", "--ids", "1-10,20")
    assert code == 0 and out.splitlines() == ["ID\tANSWER", "1\tholding 0 = 0x0000"]
    code, out, _ = mb("scan", "--ids", "1-3", "--json", "--tcp", f"127.0.0.1:{sim.field_device_port}")
    assert code == 0 and json.loads(out) == [{"id": 1, "registers": [0], "exception_code": None}]
    code, out, err = mb("scan", "--ids", "2-30")
    assert code == 1 and out == "ID\tANSWER\n" and "no unit answered on bus default (ids 2-30)" in err
    code, out, _ = mb("scan", "--ids", "2-4", "--json")
    assert code == 1 and json.loads(out) == []


def test_scan_counts_an_exception_answer_but_not_silence_or_a_gateway_refusal(mb, sim):
    sim.field_device.inject(1, "exception", code=2, count=1)
    code, out, _ = mb("scan", "--ids", "1", "--json")
    assert code == 0 and json.loads(out) == [{"id": 1, "registers": None, "exception_code": 2}]
    sim.field_device.inject(1, "exception", code=0x0B, count=1)
    assert mb("scan", "--ids", "1")[0] == 1
    sim.field_device.inject(1, "timeout", count=1)
    started = time.monotonic()
    code, _, err = mb("scan", "--ids", "1", "--tcp", f"127.0.0.1:{sim.field_device_port}", "--timeout", "0.2")
    assert code == 1 and "no unit answered" in err and time.monotonic() - started < 3, "no retries"


@pytest.mark.parametrize(
    ("ids", "message"),
    [("5-2", "runs backwards"), ("0-3", "unit ids are 1-247"), ("1-300", "unit ids are 1-247"), ("x", "'x' is not an id"),
     ("1,,2", "'' is not an id")],
)  # fmt: skip
def test_bad_id_ranges_are_usage_errors(mb, ids, message):
    code, out, err = mb("scan", "--ids", ids)
    assert code == 2 and out == "" and message in err


def test_probe_finds_the_meters_voltage_decoding(mb):
    code, out, err = mb("probe", "--address", "0", "--expect", "230", "--tolerance", "5")
    header, best, *_ = out.splitlines()
    assert code == 0 and header == "TABLE\tTYPE\tORDER\tSCALE\tVALUE\tDIFF\tREGISTERS"
    assert best.startswith("input\tfloat32\tABCD\t1\t2")
    assert "doover: holding 0-3: 0x0000 0x0000 0x0000 0x0000" in err and "doover: input 0-3: 0x43" in err
    assert "best match: doover modbus read --type input --address 0 --as float32\n" in err


def test_probe_finds_the_scaled_setpoint_at_the_end_of_the_table(mb):
    assert mb("write", "setpoint", "50")[0] == 0
    code, out, err = mb("probe", "--address", "100", "--expect", "50", "--json")
    data = json.loads(out)
    assert code == 0 and err == "" and data["tolerance"] == 0.25
    assert data["tables"]["holding"] == {"registers": [500], "error": None}, "one register left in the table"
    assert "illegal data address" in data["tables"]["input"]["error"]
    assert [(m["type"], m["order"], m["scale"], m["value"]) for m in data["matches"]] == [
        ("uint16", "ABCD", 0.1, 50.0),
        ("int16", "ABCD", 0.1, 50.0),
    ]
    code, out, err = mb("probe", "--address", "100", "--expect", "12345")
    assert code == 1 and out == "" and "no decoding of holding 100 is within 61.725 of 12345" in err
    code, _, err = mb("probe", "--address", "0", "--expect", "1", "--type", "coil")
    assert code == 2 and "probe decodes registers" in err


# -- buses ------------------------------------------------------------------------------------------


def test_buses_lists_the_bridges_buses_with_their_settings(mb, sim):
    code, out, _ = mb("buses")
    assert code == 0 and out.splitlines()[0] == "BUS\tOPEN\tSETTINGS\tTIMEOUT"
    assert f"default\tyes\ttcp:127.0.0.1:{sim.field_device_port}\t2 s" in out.splitlines()
    code, out, _ = mb("buses", "--json")
    default = next(bus for bus in json.loads(out) if bus["bus"] == "default")
    assert default == {
        "bus": "default", "open": True, "kind": "tcp", "settings": f"tcp:127.0.0.1:{sim.field_device_port}",
        "timeout": 2.0,
    }  # fmt: skip


# -- errors ---------------------------------------------------------------------------------------


def test_a_modbus_exception_is_one_line_naming_the_code_and_its_meaning(mb, sim):
    sim.field_device.inject(1, "exception", code=4, count=1)
    code, out, err = mb("read", "--address", "100")
    assert code == 1 and out == ""
    assert (
        err == "doover: error: unit 1 answered reading holding 100 with Modbus exception 0x04 (server device failure)\n"
    )
    code, _, err = mb("read", "--address", "60000", "--count", "2")
    assert code == 1 and "reading holding 60000-60001 with Modbus exception 0x02 (illegal data address)" in err


def test_a_unit_that_does_not_answer_exits_4(mb, sim):
    sim.field_device.inject(1, "timeout", seconds=2)
    device = f"127.0.0.1:{sim.field_device_port}"
    code, out, err = mb("read", "--tcp", device, "--timeout", "0.2", "--address", "100")
    assert code == 4 and out == ""
    said = re.search(
        rf"did not answer reading holding 100 on bus tcp:{device} \(waited ([\d.]+) s; no answer within 0.2 s per try\)",
        err,
    )
    assert said and 0.2 <= float(said.group(1)) < 30, err  # the real time waited, retries included


def test_an_unknown_bus_or_device_fails_with_the_reason(mb):
    code, _, err = mb("read", "--bus", "nope")
    assert code == 2 and "the bridge has no bus 'nope' (open: default" in err and "--tcp HOST:PORT" in err
    code, _, err = mb("read", "--tcp", dead_uri(), "--timeout", "0.2")
    assert code == 1 and "cannot reach its device: cannot connect to tcp:127.0.0.1:" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("read", "--tcp", "a:1", "--serial", "/dev/ttyS0"), "give one of --tcp and --serial"),
        (("read", "--tcp", "nohost"), "--tcp must be HOST:PORT"),
        (("read", "--baud", "19200"), "--baud applies only with --serial PORT"),
        (("read", "--timeout", "1"), "--timeout applies only to a bus opened with --tcp or --serial"),
        (("read", "--scale", "0"), "--scale must be a finite non-zero number"),
        (("read", "--type", "coil", "--as", "float32"), "--as float32 does not fit the coil table"),
        (("read", "--as", "bool"), "--as bool does not fit the holding table"),
        (("read", "--type", "coil", "--order", "CDAB"), "--order does not apply to coils"),
        (("read", "--as", "hex", "--scale", "2"), "--scale applies to numeric types, not --as hex"),
        (
            ("read", "--count", "63", "--as", "float64"),
            "too many values: 63 float64 values need 252 holding registers; one request takes at most 125",
        ),
        (("read", "--address", "65535", "--as", "float32"), "holding 65535-65536 runs past address 65535"),
        (("read", "--as", "float16"), "--as"),
        (("read", "--id", "248"), "--id"),
    ],
)
def test_bad_options_are_usage_errors(mb, args, message):
    code, out, err = mb(*args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("read",),
        ("write", "--address", "5", "1"),
        ("watch", "--count", "1"),
        ("scan", "--ids", "1"),
        ("probe", "--address", "0", "--expect", "1"),
        ("buses",),
    ],
)
def test_an_unreachable_bridge_exits_3(doover, args):
    code, out, err = doover("modbus", *args, "--modbus-uri", dead_uri())
    assert code == 3 and out == ""
    assert "cannot reach the Modbus bridge at 127.0.0.1:" in err and "Traceback" not in err


# -- help, imports, helpers ---------------------------------------------------------------------------


def test_every_command_has_an_example(doover):
    for name in ("read", "write", "watch", "scan", "probe", "buses"):
        code, out, _ = doover("modbus", name, "--help")
        assert code == 0 and f"Example: doover modbus {name}" in out, name
    code, out, _ = doover("--help")
    assert "modbus" in out and "Read, write, decode, watch and scan Modbus registers." in out


def test_the_modbus_module_loads_no_grpc_rich_pymodbus_or_sdk_until_a_command_runs():
    probe = (
        "import sys\n"
        "import doover_cli.commands.modbus\n"
        "print([m for m in ('grpc', 'rich', 'pymodbus', 'pydoover.docker', 'pydoover.bridges') if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "[]", result.stderr


def test_value_helpers():
    assert shortest_f32(230.1234130859375) == 230.12341 and shortest_f32(0.1) == 0.1
    assert (decimals(0.1), decimals(0.25), decimals(10), decimals(1)) == (1, 2, 0, 0)
    assert Codec("uint16", scale=0.1).values([500, 3]) == [50.0, 0.3]
    assert Codec("int16", scale=10).values([0xFFFF]) == [-10]
    assert Codec("float32", "CDAB").parse("1.5") == [0x0000, 0x3FC0]
    assert Codec("uint16").parse("0x10") == [16] and Codec("bits").parse("0000_0001_1111_0100") == [0x01F4]
    assert parse_ids("1-3, 7,2") == [1, 2, 3, 7]
