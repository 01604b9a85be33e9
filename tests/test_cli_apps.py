"""`doover apps ps | logs | restart | stop | start` against a real App Controller: output, errors, exit codes.

The supervisor is the fake one of test_app_controller (what `doover run` does), on its own thread
since the CLI blocks the test's. Only loopback addresses are used; the non-local confirmation path
is reached by making the command believe the local bridge is remote.
"""

from __future__ import annotations

import io
import json
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from doover_cli import confirm
from doover_cli.commands import apps as apps_command
from pydoover.docker.app_controller import AppControllerInterface, LogLine
from pydoover.testing import LocalBridges

from .test_app_controller import supervisor_thread


class FakeTerminal(io.StringIO):
    """stdin as a terminal where the user types the text given."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def uri(bridges: LocalBridges) -> str:
    return bridges.apps_uri


@pytest.fixture
def tank(uri: str) -> AppControllerInterface:
    """An app registered by a supervisor that is not watching commands (so cannot act)."""
    client = AppControllerInterface("tank", uri, raise_on_error=True)
    client.register(pid=4242, command=["python", "app.py"], display_name="Tank monitor")
    client.report_status("healthy")
    yield client
    client.close()


# -- ps ---------------------------------------------------------------------------------------------


def test_ps_prints_a_row_per_app_and_json_is_a_list(doover, uri, tank):
    pump = AppControllerInterface("pump", uri)
    pump.register(pid=77)
    pump.report_status("exited", exit_code=2, detail="crashed")
    code, out, err = doover("apps", "ps", "--apps-uri", uri)
    assert code == 0 and err == ""
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert header == ["APP", "NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "DETAIL"]
    assert rows == [
        ["pump", "-", "exited", "-", "-", "0", "2", "crashed"],
        ["tank", "Tank monitor", "healthy", "4242", "0s", "0", "-", "-"],
    ]
    code, out, _ = doover("apps", "ps", "tank", "--apps-uri", uri, "--json")
    (row,) = json.loads(out)
    assert code == 0 and (row["app_key"], row["state"], row["pid"]) == ("tank", "healthy", 4242)
    assert row["supervised"] is False and row["display_name"] == "Tank monitor"
    assert row["command"] == ["python", "app.py"] and row["restarts"] == 0 and row["last_exit_code"] is None


def test_ps_with_no_apps_says_how_apps_appear(doover, uri):
    code, out, err = doover("apps", "ps", "--apps-uri", uri, "--json")
    assert code == 0 and json.loads(out) == [] and err == ""
    code, _, err = doover("apps", "ps", "--apps-uri", uri)
    assert code == 0 and "no apps yet: `doover run` registers the apps it starts" in err


def test_ps_of_an_unknown_app_fails_naming_the_known_ones(doover, uri, tank):
    code, out, err = doover("apps", "ps", "gate", "--apps-uri", uri)
    assert code == 1 and out == "" and err.strip() == "doover: error: no app gate (known apps: tank)"


def test_an_unreachable_bridge_exits_3_naming_the_option(doover, monkeypatch):
    monkeypatch.setenv("APPS_URI", "127.0.0.1:9")
    code, out, err = doover("apps", "ps")
    assert code == 3 and out == ""
    assert "cannot reach the App Controller at 127.0.0.1:9" in err and "--apps-uri" in err


def test_uptime_is_short_and_readable():
    text = apps_command.uptime_text
    assert [text(None), text(5.9), text(312), text(7380), text(3 * 86400 + 4 * 3600)] == [
        "-",
        "5s",
        "5m12s",
        "2h03m",
        "3d04h",
    ]


# -- logs -------------------------------------------------------------------------------------------


def test_logs_prints_lines_with_app_and_stream_and_json_is_ndjson(doover, uri, tank):
    tank.push_logs(["level 3.2", LogLine("sensor timeout", stream="stderr")])
    code, out, err = doover("apps", "logs", "tank", "--apps-uri", uri)
    assert code == 0 and err == ""
    assert [line.split("  ")[1:] for line in out.splitlines()] == [
        ["tank", "out", "level 3.2"],
        ["tank", "err", "sensor timeout"],
    ]
    code, out, _ = doover("apps", "logs", "tank", "--tail", "1", "--apps-uri", uri, "--json")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (record["app_key"], record["stream"], record["text"]) == ("tank", "stderr", "sensor timeout")
    assert record["seq"] == 2 and record["timestamp"].endswith("+00:00")


def test_logs_since_keeps_only_newer_lines_and_rejects_a_bad_time(doover, uri, tank):
    tank.push_logs([LogLine("old", timestamp=datetime.now(UTC) - timedelta(hours=2)), "new"])
    code, out, _ = doover("apps", "logs", "--since", "1h", "--apps-uri", uri, "--json")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == ["new"]
    code, _, err = doover("apps", "logs", "--since", "yesterday", "--apps-uri", uri)
    assert code == 2 and "--since 'yesterday' is not a duration" in err
    code, _, err = doover("apps", "logs", "--count", "1", "--apps-uri", uri)
    assert code == 2 and "only apply with --follow" in err


def test_logs_follow_prints_the_backlog_then_new_lines(doover, uri, tank):
    tank.push_logs(["first"])
    later = threading.Timer(0.5, lambda: AppControllerInterface("tank", uri).push_logs(["second"]))
    later.start()
    try:
        code, out, err = doover("apps", "logs", "tank", "-f", "--count", "2", "--timeout", "10", "--apps-uri", uri)
    finally:
        later.cancel()
    assert code == 0, err
    assert [line.split("  ")[-1] for line in out.splitlines()] == ["first", "second"]


def test_logs_follow_exits_4_when_count_is_not_reached_in_time(doover, uri, tank):
    code, out, err = doover("apps", "logs", "tank", "-f", "--count", "1", "--timeout", "0.3", "--apps-uri", uri)
    assert code == 4 and out == "" and "--timeout 0.3s passed before 1 log line arrived" in err
    code, _, _ = doover("apps", "logs", "tank", "-f", "--timeout", "0.3", "--apps-uri", uri)
    assert code == 0, "a timeout without --count is a normal end"
    code, _, err = doover("apps", "logs", "gate", "-f", "--timeout", "0.3", "--apps-uri", uri)
    assert code == 1 and "no app gate" in err


# -- restart / stop / start -------------------------------------------------------------------------


def test_restart_stop_and_start_go_through_the_supervisor(doover, uri):
    with supervisor_thread(uri) as supervisor:
        code, out, err = doover("apps", "restart", "tank", "--apps-uri", uri)
        assert code == 0 and err == ""
        assert out.strip() == "restarted tank (now running, pid 4243): running as pid 4243"
        code, out, _ = doover("apps", "stop", "tank", "--apps-uri", uri, "--json")
        result = json.loads(out)
        assert code == 0 and (result["action"], result["message"]) == ("stop", "stopped")
        assert (result["app"]["state"], result["app"]["pid"]) == ("stopped", None)
        code, out, _ = doover("apps", "start", "tank", "--apps-uri", uri)
        assert code == 0 and out.strip() == "started tank (now running, pid 4244): running as pid 4244"
        assert [command.action for command in supervisor.commands] == ["restart", "stop", "start"]


def test_without_a_supervisor_a_command_fails_saying_how_to_start_one(doover, uri, tank):
    code, out, err = doover("apps", "restart", "tank", "--apps-uri", uri)
    assert code == 1 and out == ""
    assert err.strip() == "doover: error: no supervisor is running app tank (start it with doover run)"


def test_a_supervisor_that_does_not_acknowledge_exits_4(doover, uri):
    with supervisor_thread(uri, mode="silent"):
        code, _, err = doover("apps", "stop", "tank", "--timeout", "0.3", "--apps-uri", uri)
    assert code == 4 and "did not acknowledge stop within 0.3 s" in err


def test_a_refused_command_exits_1_with_the_supervisors_reason(doover, uri):
    with supervisor_thread(uri, mode="refuse"):
        code, _, err = doover("apps", "restart", "tank", "--apps-uri", uri)
    assert code == 1 and "the supervisor could not restart app tank: disk full" in err


def test_a_bad_app_key_is_a_usage_error(doover, uri):
    code, _, err = doover("apps", "stop", "two words", "--apps-uri", uri)
    assert code == 2 and "app_key 'two words' must be printable, without spaces" in err


def test_a_command_to_a_non_local_target_without_yes_or_a_terminal_is_a_usage_error(doover, uri, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    with supervisor_thread(uri) as supervisor:
        code, out, err = doover("apps", "restart", "tank", "--apps-uri", uri)
        assert code == 2 and out == ""
        assert f"app tank at {uri} is running, pid 4242" in err, "the current state is shown"
        assert "is not a local bridge: pass --yes to restart app tank" in err
        code, out, _ = doover("apps", "restart", "tank", "--yes", "--apps-uri", uri)
        assert code == 0 and out.startswith("restarted tank")
        assert [command.action for command in supervisor.commands] == ["restart"]


def test_a_command_to_a_non_local_target_asks_on_a_terminal(doover, uri, monkeypatch):
    monkeypatch.setattr(confirm, "is_local", lambda uri: False)
    with supervisor_thread(uri) as supervisor:
        monkeypatch.setattr(sys, "stdin", FakeTerminal("n\n"))
        code, out, err = doover("apps", "stop", "tank", "--apps-uri", uri)
        assert code == 1 and out == "" and f"stop app tank at {uri}?" in err and "not confirmed" in err
        assert supervisor.commands == []
        monkeypatch.setattr(sys, "stdin", FakeTerminal("y\n"))
        code, out, _ = doover("apps", "stop", "tank", "--apps-uri", uri)
        assert code == 0 and out.startswith("stopped tank")


def test_rm_forgets_an_exited_app_and_refuses_a_running_one(doover, uri, tank):
    pump = AppControllerInterface("pump", uri, raise_on_error=True)
    pump.register(pid=77)
    pump.report_status("exited", exit_code=0)
    code, out, err = doover("apps", "rm", "pump", "--apps-uri", uri)
    assert (code, out.strip(), err) == (0, "removed pump (was exited)", "")
    code, out, _ = doover("apps", "ps", "--apps-uri", uri, "--json")
    assert [app["app_key"] for app in json.loads(out)] == ["tank"]
    code, out, err = doover("apps", "rm", "tank", "--apps-uri", uri)
    assert code == 1 and out == ""
    assert err.strip() == (
        "doover: error: app tank is healthy and its process (pid 4242) still runs; "
        "end it (kill 4242) before removing the app"
    )
    pump.close()


def test_rm_of_an_unknown_app_fails_naming_the_known_ones(doover, uri, tank):
    code, out, _ = doover("apps", "rm", "ghost", "--apps-uri", uri, "--json")
    assert code == 1 and json.loads(out)["error"] == "no app ghost (known apps: tank)"


# -- help and the bridge process --------------------------------------------------------------------


def test_every_apps_command_has_an_example_in_its_help(doover):
    code, out, _ = doover("--help")
    assert code == 0 and "List, restart, stop apps and read their logs." in out
    for command in ("ps", "logs", "restart", "stop", "start"):
        code, out, _ = doover("apps", command, "--help")
        assert code == 0 and "Example: doover apps " in out and "--apps-uri" in out and "--json" in out


def test_bridge_up_serves_the_app_controller(bridge_process, doover):
    assert "log lines each" in bridge_process.details["apps"]
    AppControllerInterface("tank", bridge_process.apps_uri, raise_on_error=True).register(pid=1)
    code, out, _ = doover("apps", "ps", "--apps-uri", bridge_process.apps_uri, "--json")
    assert code == 0 and [row["app_key"] for row in json.loads(out)] == ["tank"]
