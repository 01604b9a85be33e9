"""`doover bridge`, `doover help`, start-up cost, and `doover channel tail` across a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from pydoover.bridges.host import is_loopback
from pydoover.docker import DeviceAgentInterface

from .conftest import BridgeProcess


def test_bridge_up_prints_where_it_listens_and_stops_cleanly_on_ctrl_c(bridge_process):
    assert DeviceAgentInterface("t", bridge_process.uri).test_comms("x").response == "x"
    bridge_process.stop()
    assert bridge_process.proc.returncode == 0
    assert "bridges stopped" in bridge_process.proc.stderr.read()


def test_bridge_up_traffic_shows_each_write(tmp_path):
    bridge = BridgeProcess(tmp_path / "s.db", extra_args=("--traffic",)).start()
    try:
        DeviceAgentInterface("t", bridge.uri).publish_to_channel("tank", {"level": 4})
        record = json.loads(bridge.readline())
        assert record["event"] == "MessageCreate" and record["channel"] == "tank"
        assert json.loads(record["payload_json"]) == {"level": 4}
    finally:
        bridge.stop()


def test_bridge_up_reports_a_taken_port_and_a_bad_store(bridge_process, doover, tmp_path):
    code, _, err = doover("bridge", "up", "--dda-port", str(bridge_process.port), "--store", str(tmp_path / "x.db"))
    assert code == 1 and "cannot listen on 127.0.0.1:" in err
    (tmp_path / "dir.db").mkdir()
    code, _, err = doover("bridge", "up", "--dda-port", "0", "--store", str(tmp_path / "dir.db"))
    assert code == 2 and "cannot open the channel store" in err


def test_only_loopback_hosts_count_as_local():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_bridge_status_in_human_and_json_form(bridges, doover):
    targets = (
        *("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri),
        *("--modbus-uri", bridges.modbus_uri, "--apps-uri", bridges.apps_uri),
        *("--cam-uri", bridges.cam_uri),
    )
    code, out, _ = doover("bridge", "status", *targets)
    assert code == 0
    assert [line.split("\t") for line in out.splitlines()[1:]] == [
        ["dda", bridges.dda_uri, "SERVING"],
        ["platform", bridges.plt_uri, "SERVING"],
        ["modbus", bridges.modbus_uri, "SERVING"],
        ["apps", bridges.apps_uri, "SERVING"],
        ["camera", bridges.cam_uri, "SERVING"],
    ]
    code, out, _ = doover("bridge", "status", *targets, "--json")
    assert json.loads(out) == [
        {"bridge": "dda", "uri": bridges.dda_uri, "status": "SERVING"},
        {"bridge": "platform", "uri": bridges.plt_uri, "status": "SERVING"},
        {"bridge": "modbus", "uri": bridges.modbus_uri, "status": "SERVING"},
        {"bridge": "apps", "uri": bridges.apps_uri, "status": "SERVING"},
        {"bridge": "camera", "uri": bridges.cam_uri, "status": "SERVING"},
    ]


def test_bridge_status_exits_3_when_a_bridge_is_down(doover):
    down = [f"--{b}-uri=127.0.0.1:9" for b in ("dda", "plt", "modbus", "apps", "cam")]
    code, out, _ = doover("bridge", "status", *down, "--json", "--timeout", "0.5")
    assert code == 3 and {row["status"] for row in json.loads(out)} == {"UNREACHABLE"}


def test_exit_codes_page(doover):
    code, out, _ = doover("help", "exit-codes", "--json")
    codes = {row["code"] for row in json.loads(out)}
    assert code == 0 and {0, 1, 2, 3, 4} <= codes
    code, out, _ = doover("--help")
    assert code == 0 and "3 bridge unreachable" in out


def test_help_loads_neither_grpc_nor_any_command_module():
    probe = (
        "import sys\n"
        "from doover_cli.main import main\n"
        "main(['--help'])\n"
        "loaded = [m for m in ('grpc', 'pymodbus', 'rich', 'doover_cli.commands.channel', 'pydoover.docker') if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert result.stderr.strip() == "[]"


def test_tail_reconnects_visibly_when_the_bridge_restarts(tmp_path):
    bridge = BridgeProcess(tmp_path / "dda.sqlite3").start()
    tail = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "doover_cli",
            "channel",
            "tail",
            "tank",
            "--dda-uri",
            bridge.uri,
            "--json",
            "--count",
            "2",
            "--timeout",
            "30",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        writer = DeviceAgentInterface("w", bridge.uri)
        time.sleep(1.0)
        assert writer.publish_to_channel("tank", {"before": 1})
        bridge.stop()
        time.sleep(0.5)
        bridge = BridgeProcess(tmp_path / "dda.sqlite3", port=bridge.port).start()
        assert writer.publish_to_channel("tank", {"after": 2}), "written while tail may still be reconnecting"
        out, err = tail.communicate(timeout=30)
    finally:
        tail.kill()
        bridge.stop()
    assert tail.returncode == 0, err
    assert [json.loads(line)["payload"] for line in out.splitlines()] == [{"before": 1}, {"after": 2}]
    assert "lost connection to the DDA" in err and "reconnected" in err


def test_bridge_up_rejects_a_bad_device_file_naming_each_field(doover, tmp_path):
    bad = tmp_path / "rig.toml"
    bad.write_text("di = 100\n[[ai]]\nunits = 3\n")
    code, out, err = doover(
        "bridge", "up", "--device", str(bad), "--dda-port", "0", "--plt-port", "0", "--store", str(tmp_path / "s.db")
    )
    assert code == 2 and out == ""
    assert f"{bad}: di: Value error, a pin count must be between 0 and 64, not 100" in err
    assert f"{bad}: ai[0].units: Input should be a valid string (got 3)" in err


def test_bridge_up_fsync_makes_the_store_power_cut_safe(tmp_path):
    bridge = BridgeProcess(tmp_path / "s.db", extra_args=("--fsync",)).start()
    try:
        assert bridge.details["dda"].endswith(", fsync")
        assert DeviceAgentInterface("t", bridge.uri).publish_to_channel("tank", {"level": 1})
    finally:
        bridge.stop()
    from pydoover.bridges.dda.store import SqliteStore

    assert SqliteStore(tmp_path / "s.db", durable_fsync=True)._db.execute("PRAGMA synchronous").fetchone() == (2,)
    assert SqliteStore(tmp_path / "s.db")._db.execute("PRAGMA synchronous").fetchone() == (1,)


def test_bridge_up_modbus_sim_serves_the_field_device_as_bus_default(tmp_path):
    from pydoover.docker import ModbusInterface

    bridge = BridgeProcess(tmp_path / "s.db", extra_args=("--modbus-sim", "--modbus-sim-port", "0")).start()
    try:
        sim = json.loads(bridge.readline())
        assert sim["bridge"] == "modbus-sim" and "power-meter" in sim["detail"]
        modbus = ModbusInterface("t", bridge.modbus_uri)
        assert modbus.read_registers("default", 1, 100) == 500
        assert [status.bus_id for status in modbus.list_buses()] == ["default"]
        modbus.close()
    finally:
        bridge.stop()
    assert bridge.proc.returncode == 0


def test_bridge_up_rejects_a_bad_register_map_naming_each_field(doover, tmp_path):
    bad = tmp_path / "map.toml"
    bad.write_text(
        '[[units]]\nid = 300\n[[units.points]]\nname = "v"\ntable = "input"\naddress = 0\ntype = "float16"\n'
    )
    code, _, err = doover("bridge", "up", "--dda-port", "0", "--plt-port", "0", "--modbus-map", str(bad))
    assert code == 2 and "invalid register map" in err
    assert "units[0].id" in err and "units[0].points[0].type" in err
