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
