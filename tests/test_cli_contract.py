"""What every `doover` command promises: version, suggestions, help, completion, --json errors,
negative numbers, bounded values and confirmation before non-local writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pydoover import __version__


def test_version_prints_and_exits_0(doover):
    code, out, _ = doover("--version")
    assert (code, out.strip()) == (0, __version__)


def test_a_top_level_typo_gets_a_suggestion(doover):
    code, _, err = doover("chanel")
    assert code == 2 and "Did you mean 'channel'?" in err


def test_help_command_shows_that_commands_help(doover):
    code, out, _ = doover("help", "io", "set-ao")
    assert code == 0 and out.startswith("Usage: doover io set-ao")
    code, out, _ = doover("help", "exit-codes", "--json")
    assert code == 0 and {"code": 3, "meaning": "a bridge could not be reached at its URI"} in json.loads(out)


def test_shell_completion_is_offered_and_completes_command_names(doover):
    code, out, _ = doover("--help")
    assert code == 0 and "--install-completion" in out and "--show-completion" in out
    env = {**os.environ, "_DOOVER_COMPLETE": "complete_bash", "COMP_WORDS": "doover chan", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-m", "doover_cli"], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["channel"], done.stderr


def test_json_errors_are_an_object_on_stdout_with_the_same_exit_code(doover):
    code, out, err = doover("channel", "get", "tank", "--dda-uri", "127.0.0.1:9", "--deadline", "1", "--json")
    assert code == 3 and json.loads(out) == {"error": err.strip().removeprefix("doover: error: "), "code": 3}
    code, out, _ = doover("io", "set-ao", "0", "volts", "--json")
    assert code == 2 and json.loads(out)["code"] == 2 and "VALUE" in json.loads(out)["error"]
    code, out, err = doover("channel", "get", "tank", "--dda-uri", "127.0.0.1:9", "--deadline", "1")
    assert code == 3 and out == "" and "cannot reach" in err


def test_negative_numbers_are_arguments(doover, tmp_path):
    from pydoover.testing import LocalBridges

    device = tmp_path / "device.toml"
    device.write_text('[[ao]]\nunits = "V"\nkind = "voltage"\ninitial = 0\nmin = -10\nmax = 10\n')
    with LocalBridges(store=tmp_path / "d.db", device=device) as bridges:
        code, _, err = doover("io", "set-ao", "0", "-5", "--plt-uri", bridges.plt_uri)
        assert code == 0, err
        code, out, _ = doover("io", "get-ao", "0", "--plt-uri", bridges.plt_uri, "--json")
    assert json.loads(out)[0]["value"] == -5


@pytest.mark.parametrize(
    "args",
    [
        ("channel", "publish", "tank", "{}", "--max-age", "2147483648"),
        ("channel", "tail", "tank", "--since", "99999999d"),
        ("apps", "logs", "tank", "--since", "99999999d"),
        ("channel", "get", "tank", "--deadline", "inf"),
        ("channel", "get", "tank", "--deadline", "nan"),
        ("channel", "publish", "tank", "[" * 30_000 + "]" * 30_000),
    ],
)
def test_absurd_values_are_usage_errors(doover, args):
    code, _, err = doover(*args, "--dda-uri", "127.0.0.1:9") if args[0] == "channel" else doover(*args)
    assert code == 2 and "Traceback" not in err, err


def test_publishing_to_a_remote_dda_needs_yes(doover, bridges):
    code, out, err = doover("channel", "publish", "tank", '{"pump": true}', "--remote", "10.255.255.1")
    assert code == 2 and out == "" and "10.255.255.1:50051 is not a local bridge: pass --yes" in err


def test_a_modbus_write_to_a_non_local_tcp_device_needs_yes(doover, bridges):
    args = ("modbus", "write", "--address", "5", "7", "--tcp", "10.255.255.1:502", "--modbus-uri", bridges.modbus_uri)
    code, out, err = doover(*args)
    assert code == 2 and out == "" and "10.255.255.1:502 is not a local device: pass --yes" in err


def test_message_ids_are_one_type_and_times_are_iso_8601(doover, bridges):
    from datetime import datetime

    from pydoover.devrun.events import SessionEvent

    uri = ("--dda-uri", bridges.dda_uri)
    _, out, _ = doover("channel", "publish", "tank", '{"level": 1}', *uri, "--json")
    published = json.loads(out)["message_id"]
    code, out, err = doover("channel", "tail", "tank", "--last", "1", "--count", "1", "--timeout", "30", *uri, "--json")
    assert code == 0, err
    tailed = json.loads(out.splitlines()[0])
    assert tailed["message_id"] == published and isinstance(published, str)
    assert datetime.fromisoformat(tailed["timestamp"]).tzinfo is not None
    event = SessionEvent("healthy", "tank", "first loop done").to_dict()
    assert datetime.fromisoformat(event["time"]).tzinfo is not None
