"""`doover bridge up --detach` serves in the background until `doover bridge down`."""

from __future__ import annotations

import json
import socket

from pydoover.docker.health import check_health

FREE = ("--dda-port", "0", "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0", "--cam-port", "0")


def test_detached_bridges_serve_until_bridge_down(doover, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    code, out, err = doover("bridge", "up", "--detach", *FREE, "--store", str(tmp_path / "d.db"), "--json")
    assert code == 0, err
    listening = {record["bridge"]: record["uri"] for record in map(json.loads, out.splitlines())}
    try:
        assert check_health(listening["dda"], "doover.DeviceAgent") == "SERVING"
        assert "doover bridge down" in err
        code, _, err = doover("bridge", "up", "--detach", *FREE)
        assert code == 2 and "already running detached" in err
    finally:
        code, out, err = doover("bridge", "down")
    assert code == 0 and "stopped the detached bridges" in out, err
    assert check_health(listening["dda"], "doover.DeviceAgent", timeout=1) == "UNREACHABLE"
    code, _, err = doover("bridge", "down")
    assert code == 1 and "no detached bridges are running" in err


def test_detached_bridges_that_cannot_start_say_why(doover, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        code, _, err = doover(
            "bridge", "up", "--detach", *FREE[2:], "--dda-port", port, "--store", str(tmp_path / "d.db")
        )
    assert code == 1 and "did not start" in err and "--dda-port" in err
