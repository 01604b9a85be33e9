"""Small things a new user trips over: bad templates, help text, waiting messages, wording."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{tmp}/nowhere", "no such folder, and not a git URL"),
        ("not a url", "no such folder, and not a git URL"),
        ("{tmp}", "not a copier template (no copier.yml in it)"),
        ("https://nowhere.invalid/template.git", "the template failed"),
    ],
)
def test_new_with_a_bad_template_says_what_is_wrong_and_writes_nothing(doover, tmp_path, monkeypatch, template, says):
    monkeypatch.chdir(tmp_path)
    template = template.format(tmp=tmp_path)
    code, _, err = doover("new", "myapp", "--template", template, "--defaults", "--no-git")
    assert code == 2 and f"--template {template}: {says}" in err, err
    assert not (tmp_path / "myapp").exists()


def test_help_shows_readable_metavars_not_type_names(doover):
    code, out, _ = doover("io", "get-di", "--help")
    assert code == 0 and "Usage: doover io get-di [OPTIONS] PIN..." in out and "{" not in out
    for command in (("io", "set-ao"), ("modbus", "read"), ("channel", "tail"), ("config", "validate")):
        _, out, _ = doover(*command, "--help")
        leaked = [name for name in ("<int", "<float", "<str", "<path", "list[", "range>") if name in out]
        assert not leaked, (command, leaked)


def test_channel_tail_says_it_is_waiting(doover, bridges):
    code, _, err = doover("channel", "tail", "tank", "--timeout", "0.5", "--dda-uri", bridges.dda_uri)
    assert code in (0, 4) and "waiting for messages on tank" in err


async def test_the_demo_prints_tips_then_a_status_line_from_the_apps_tags(bridges, capsys):
    import asyncio
    from types import SimpleNamespace

    from doover_cli.demo.status import report_status
    from pydoover.docker import DeviceAgentInterface

    agent = DeviceAgentInterface("test", bridges.dda_uri, is_async=True)
    tags = {"main_app": {"level": 52.3, "pump_on": True, "supply_voltage": 24.1}}
    await agent.publish_to_channel_async("tag_values", tags)
    session = SimpleNamespace(bridges=SimpleNamespace(uris={"dda": bridges.dda_uri}))
    reporter = asyncio.create_task(report_status(session, "main_app", every=0.05))
    err = ""
    try:
        for _ in range(600):  # at most 30 s
            if "supply" in err:
                break
            await asyncio.sleep(0.05)
            err += capsys.readouterr().err
            assert not reporter.done(), reporter
    finally:
        reporter.cancel()
        await asyncio.gather(reporter, return_exceptions=True)
        await agent.close_async()
    tips, status = err.splitlines()[:2]
    assert "in another terminal" in tips and "doover apps ps" in tips
    assert status == "doover: level 52.3 %, pump on, supply 24.1 V"


def test_one_message_is_singular(doover, bridges):
    code, _, err = doover("channel", "tail", "quiet", "--count", "1", "--timeout", "0.3", "--dda-uri", bridges.dda_uri)
    assert code == 4 and "before 1 message arrived" in err


def test_informational_log_records_on_stderr_are_labelled_log_not_err():
    from datetime import UTC, datetime

    from doover_cli.commands.apps import stream_label
    from pydoover.docker.app_controller.values import LogLine

    def line(text, stream="stderr"):
        return LogLine(text, stream, datetime.now(UTC))

    assert stream_label(line("2026-12-03 09:53:44,893 - tank - INFO - loop done (app.py:3)")) == "log"
    assert stream_label(line("Traceback (most recent call last):")) == "err"
    assert stream_label(line("2026-12-03 09:53:44,893 - tank - ERROR - sensor unplugged")) == "err"
    assert stream_label(line("hello", "stdout")) == "out"


def test_new_does_not_name_the_folder_twice():
    from types import SimpleNamespace

    from doover_cli.commands.new import _summary

    made = SimpleNamespace(app_name="myapp", version="1.2.0", answers={}, commit=None)
    assert _summary(made, "myapp", ["cd myapp"]).splitlines()[0] == "Made myapp from the doover app template 1.2.0."
    assert "Made myapp in apps/myapp from" in _summary(made, "apps/myapp", [])


def test_doover_config_json_is_written_with_the_usual_file_mode(tmp_path):
    import os

    from pydoover.config.doover_config import write_config_schema

    old = os.umask(0o022)
    try:
        write_config_schema(tmp_path / "doover_config.json", "tank", {"type": "object"})
    finally:
        os.umask(old)
    assert (tmp_path / "doover_config.json").stat().st_mode & 0o777 == 0o644


def test_pin_names_from_the_device_file_show_in_io_table_and_work_as_pins(doover, tmp_path):
    import json

    from pydoover.testing import LocalBridges

    device = tmp_path / "device.toml"
    device.write_text('di = 2\n[[ai]]\nname = "tank_level"\nunits = "mA"\n[[ai]]\nunits = "V"\n')
    with LocalBridges(store=tmp_path / "d.db", device=device) as bridges:
        uri = ("--plt-uri", bridges.plt_uri)
        code, out, err = doover("io", "table", *uri)
        assert code == 0, err
        assert out.splitlines()[0] == "TYPE\tPIN\tNAME\tKIND\tUNITS" and "AI\t0\ttank_level\t" in out
        code, out, err = doover("io", "get-ai", "tank_level", "1", *uri)
        assert code == 0 and out.splitlines()[0].startswith("AI 0 (tank_level)"), err
        code, out, _ = doover("io", "get-ai", "tank_level", *uri, "--json")
        assert json.loads(out)[0]["name"] == "tank_level" and json.loads(out)[0]["pin"] == 0
        code, out, err = doover("io", "watch", "tank_level", "--count", "1", *uri, "--json")
        assert code == 0 and list(json.loads(out)["values"]) == ["ai0"], err
        code, _, err = doover("io", "get-ai", "tank_levle", *uri)
        assert code == 2 and "neither a pin number nor a pin name; AI pin names: tank_level" in err


def test_the_simulation_client_is_a_bridge_client_like_the_others(doover):
    from pydoover.bridges.platform.simcontrol import SimulationClient
    from pydoover.docker.errors import BridgeUnavailableError
    from pydoover.docker.grpc_interface import GRPCInterface

    client = SimulationClient("127.0.0.1:9", timeout=2)
    assert isinstance(client, GRPCInterface)
    with pytest.raises(BridgeUnavailableError):
        client.pins()
    code, _, err = doover("io", "force", "di", "0", "on", "--plt-uri", "127.0.0.1:9")
    assert code == 3 and "cannot reach the Platform bridge at 127.0.0.1:9" in err


def test_the_shell_completes_pin_names_from_the_device_file(tmp_path):
    from doover_cli.shell.runner import Targets
    from doover_cli.shell.sources import BridgeWords
    from pydoover.testing import LocalBridges

    device = tmp_path / "device.toml"
    device.write_text('[[ai]]\nname = "tank_level"\nunits = "mA"\n[[ai]]\nunits = "V"\n')
    with LocalBridges(store=tmp_path / "d.db", device=device) as bridges:
        words = BridgeWords(Targets(plt_uri=bridges.plt_uri))
        assert words.pins("ai") == ["0", "1", "tank_level"]
        assert words.pins("di") == ["0", "1", "2", "3"]


def test_one_client_factory_gives_every_bridge_client_and_shares_them_in_a_shell_session():
    from doover_cli import clients
    from doover_cli.errors import UsageError

    with pytest.raises(UsageError, match=r"--apps-uri / APPS_URI 127\.0\.0\.1: expected HOST:PORT"):
        clients.bridge_client("apps", "127.0.0.1", None)
    with clients.session():
        for bridge in ("dda", "platform", "apps"):
            first = clients.bridge_client(bridge, None, None, deadline=2)
            again = clients.bridge_client(bridge, None, None, deadline=3)
            assert first is again and again.timeout == 3 and again.raise_on_error
