"""`doover channel ...` against a real local DDA: human and --json output, errors, exit codes."""

from __future__ import annotations

import io
import json
import socket
import threading
import time

import pytest

from pydoover.docker import DeviceAgentInterface


@pytest.fixture
def uri(bridges) -> str:
    return bridges.dda_uri


def dead_uri() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def publish_later(uri: str, channel: str, payloads: list, delay: float = 0.5) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        agent = DeviceAgentInterface("other_app", uri)
        for payload in payloads:
            agent.publish_to_channel(channel, payload)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_publish_then_get_in_human_and_json_form(doover, uri):
    code, out, err = doover("channel", "publish", "tank", '{"level": 3.5}', "--dda-uri", uri)
    assert code == 0 and out.startswith("published to tank (message ") and err == ""
    code, out, _ = doover("channel", "publish", "tank", '{"pump": true}', "--dda-uri", uri, "--json")
    result = json.loads(out)
    assert code == 0 and result["channel"] == "tank" and result["message_id"].isdigit()
    code, out, _ = doover("channel", "get", "tank", "--dda-uri", uri)
    assert code == 0 and json.loads(out) == {"level": 3.5, "pump": True}
    code, out, _ = doover("channel", "get", "tank", "--dda-uri", uri, "--json")
    assert json.loads(out) == {"channel": "tank", "aggregate": {"level": 3.5, "pump": True}}


def test_publish_reads_a_file_stdin_or_plain_text(doover, uri, tmp_path, monkeypatch):
    payload = tmp_path / "p.json"
    payload.write_text('{"from": "file"}')
    assert doover("channel", "publish", "c", "--file", str(payload), "--dda-uri", uri)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO('{"from": "stdin"}'))
    assert doover("channel", "publish", "d", "-", "--dda-uri", uri)[0] == 0
    assert doover("channel", "publish", "alerts", "pump failed", "--text", "--dda-uri", uri)[0] == 0
    agent = DeviceAgentInterface("t", uri)
    assert agent.get_channel_aggregate("c") == {"from": "file"}
    assert agent.get_channel_aggregate("d") == {"from": "stdin"}
    assert agent.get_channel_aggregate("alerts") == "pump failed"


def test_invalid_json_is_a_usage_error_naming_the_position(doover, uri):
    code, out, err = doover("channel", "publish", "tank", '{"level": }', "--dda-uri", uri)
    assert code == 2 and out == ""
    assert err.strip() == (
        "doover: error: invalid JSON in PAYLOAD at line 1, column 11: Expecting value (use --text to send plain text)"
    )
    assert DeviceAgentInterface("t", uri).get_channel_aggregate("tank") == {}, "nothing was published"


def test_refused_publish_exits_1_with_the_bridges_reason(doover, uri):
    code, _, err = doover("channel", "publish", "bad name", "{}", "--dda-uri", uri)
    assert code == 1
    assert "refused WriteToChannel: channel_name 'bad name' contains ' '" in err


def test_unreachable_bridge_exits_3_with_one_line_and_a_hint(doover):
    code, out, err = doover("channel", "get", "tank", "--dda-uri", dead_uri())
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "cannot reach the DDA bridge at 127.0.0.1:" in err and "doover bridge up" in err


def test_remote_replaces_localhost_in_the_default_uri(doover):
    # Port 9 on loopback is closed; --remote must be applied to the default URI's host.
    code, _, err = doover("channel", "get", "x", "--remote", "127.0.0.1", "--dda-uri", "localhost:9")
    assert code == 3 and "127.0.0.1:9" in err


def test_list_shows_channels(doover, uri):
    DeviceAgentInterface("t", uri).publish_to_channel("tank", {"a": 1})
    DeviceAgentInterface("t", uri).publish_to_channel("alerts", "x")
    code, out, _ = doover("channel", "list", "--dda-uri", uri)
    assert code == 0 and out.splitlines() == ["CHANNEL", "alerts", "tank"]
    code, out, _ = doover("channel", "list", "--dda-uri", uri, "--json")
    assert json.loads(out) == [{"channel": "alerts"}, {"channel": "tank"}]


def test_tail_streams_live_messages_as_ndjson_and_stops_at_count(doover, uri):
    writer = publish_later(uri, "tank", [{"level": 1}, "pump failed", {"level": 2}])
    code, out, err = doover("channel", "tail", "tank", "--dda-uri", uri, "--json", "--count", "3", "--timeout", "10")
    writer.join()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["payload"] for r in records] == [{"level": 1}, "pump failed", {"level": 2}]
    assert all(r["channel"] == "tank" and r["message_id"] and r["timestamp"] for r in records)


def test_tail_human_lines_carry_time_channel_and_payload(doover, uri):
    writer = publish_later(uri, "tank", [{"level": 1}])
    code, out, _ = doover("channel", "tail", "tank", "--dda-uri", uri, "--count", "1", "--timeout", "10")
    writer.join()
    assert code == 0
    date, clock, channel, payload = out.strip().split(maxsplit=3)
    assert len(date) == 10 and clock.count(":") == 2 and channel == "tank" and payload == '{"level": 1}'


def test_tail_backfills_the_last_messages_then_follows(doover, uri):
    agent = DeviceAgentInterface("t", uri)
    for n in range(5):
        agent.publish_to_channel("log", {"n": n})
    writer = publish_later(uri, "log", [{"n": 5}])
    code, out, _ = doover(
        "channel", "tail", "log", "--last", "2", "--json", "--dda-uri", uri, "--count", "3", "--timeout", "10"
    )
    writer.join()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["payload"]["n"] for r in records] == [3, 4, 5]
    assert [r["backfilled"] for r in records] == [True, True, False]


def test_tail_since_backfills_by_time(doover, uri):
    agent = DeviceAgentInterface("t", uri)
    agent.publish_to_channel("log", {"n": 1})
    code, out, _ = doover(
        "channel", "tail", "log", "--since", "1m", "--json", "--dda-uri", uri, "--count", "1", "--timeout", "5"
    )
    assert code == 0 and json.loads(out)["payload"] == {"n": 1}


def test_tail_times_out_with_exit_4_when_count_is_not_reached(doover, uri):
    code, out, err = doover("channel", "tail", "quiet", "--dda-uri", uri, "--count", "1", "--timeout", "0.5")
    assert code == 4 and out == "" and "--timeout 0.5s passed" in err


def test_tail_with_only_a_timeout_ends_cleanly(doover, uri):
    assert doover("channel", "tail", "quiet", "--dda-uri", uri, "--timeout", "0.3")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["channel", "tail", "x", "--since", "yesterday"], "--since 'yesterday' is not a duration"),
        (["channel", "tail", "x", "--count", "0"], "Invalid value for '--count'"),
        (["channel", "publish"], "Missing argument 'CHANNEL'"),
    ],
)
def test_usage_errors_exit_2(doover, uri, args, message):
    code, _, err = doover(*args, "--dda-uri", uri)
    assert code == 2 and message in err
