"""`doover run` and `doover config` on real apps of every SDK generation, each in its own environment.

The upstream apps here are written against the public pydoover releases (1.x, and 0.4.18) and
installed from the package index by uv into each project's own ``.venv``: nothing is mocked. Their
locks and packages are cached (tests/support/upstream_apps.py), so a warm run syncs in about a second.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys

import pytest
from google.protobuf.json_format import MessageToDict

from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.devrun.appenv import AppEnv, AppEnvError, launch_argv, resolve_env
from pydoover.devrun.seeding import load_app_config
from pydoover.devrun.session import DevSession, plan_app
from pydoover.docker import DeviceAgentInterface
from pydoover.generations import sdk_generation
from pydoover.project import find_project
from pydoover.testing import LocalBridges
from tests.support.app_projects import mini_app
from tests.support.public_pydoover import IndexUnreachable
from tests.support.upstream_apps import CLASSIC, UPSTREAM_1X, classic_app, upstream_app
from tests.test_devrun import WAIT, Recorder, _until_value, finish, free_bridges, running

SAMPLE = {"output_pin": 3, "input_pin": 2, "mode": "manual"}


@pytest.fixture(scope="module")
def upstream_root(tmp_path_factory):
    """A 1.x app with its schema exported by its own export-config and a sample config (module-wide)."""
    try:
        root = upstream_app(tmp_path_factory.mktemp("upstream"))
    except IndexUnreachable as exc:
        pytest.skip(f"upstream pydoover {UPSTREAM_1X} unavailable: {exc}")
    from doover_cli.main import main

    assert main(["config", "export", "--app", str(root)]) == 0
    (root / "simulators").mkdir()
    (root / "simulators" / "app_config.json").write_text(json.dumps(SAMPLE))
    return root


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


def test_an_upstream_app_gets_its_own_synced_env_with_the_device_image_grpc(upstream_root):
    project = find_project(upstream_root)
    assert sdk_generation(project) == "upstream"
    env = resolve_env(project)  # made by `doover config export` already: in step, nothing to do
    assert env.how == "cached" and env.python == upstream_root / ".venv" / "bin" / "python"
    assert env.added == (f"pydoover[grpc]=={UPSTREAM_1X}",)
    argv = launch_argv(project, env, {"dda": "h:1", "platform": "h:2", "modbus": "h:3"})
    assert argv == [str(upstream_root / ".venv" / "bin" / "doover-app-run"),
                    "--dda-uri", "h:1", "--plt-uri", "h:2", "--modbus-uri", "h:3"]  # fmt: skip


async def test_doover_run_runs_an_upstream_app_that_uses_tags_messages_subscriptions_and_io(upstream_root, tmp_path):
    project = find_project(upstream_root)
    plan = plan_app(project)
    plan.env = resolve_env(project)
    record = Recorder()
    task = await running(DevSession([plan], free_bridges(tmp_path), record))
    try:
        await record.until(lambda: record.of("healthy", "echo_app"))
        uris = record.of("bridges")
        dda = next(e.data["uri"] for e in uris if e.app == "dda")
        plt = next(e.data["uri"] for e in uris if e.app == "platform")
        sim = SimulationClient(plt)  # blocking: called off the loop that serves the bridges
        await asyncio.to_thread(sim.force, "ai", 2, 7.5)
        agent = DeviceAgentInterface("t", dda)
        deployed = await agent.get_channel_aggregate_async("deployment_config")
        assert deployed["applications"]["echo_app"]["mode"] == "manual"  # seeded from simulators/app_config.json
        tags = await _until_value(lambda: agent.get_channel_aggregate_async("tag_values"),
                                  lambda t: t.get("echo_app", {}).get("level") == 7.5)  # fmt: skip
        assert tags["echo_app"]["mode"] == "manual" and tags["echo_app"]["loops"] >= 1
        [logged] = await _until_value(lambda: agent.get_messages_async("echo_log"), lambda m: len(m) == 1)
        assert MessageToDict(logged.data)["started"] is True
        await agent.publish_to_channel_async("echo_commands", {"say": "hi"})
        await _until_value(lambda: agent.get_channel_aggregate_async("tag_values"),
                           lambda t: t.get("echo_app", {}).get("heard") == {"say": "hi"})  # fmt: skip
        do3 = next(pin for pin in await asyncio.to_thread(sim.pins) if pin.io_type == "do" and pin.pin == 3)
        assert do3.value == 1
        await agent.close_async()
        sim.close()
    finally:
        await finish(task)


def test_doover_run_cli_runs_an_upstream_app_with_an_upstream_companion(upstream_root, tmp_path, doover):
    companion = upstream_app(upstream_root / "simulators", "sample")
    try:
        with LocalBridges(store=tmp_path / "d.db") as bridges:
            uris = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri)
            code, out, err = doover("run", str(upstream_root), "--with", f"{companion}:sim_app", *uris,
                                    "--apps-uri", bridges.apps_uri, "--until-healthy", "--timeout", str(WAIT),
                                    "--json", "--verbose")  # fmt: skip
    finally:
        shutil.rmtree(companion)
    assert code == 0, err
    healthy = {json.loads(line)["app"] for line in out.splitlines() if json.loads(line)["kind"] == "healthy"}
    assert healthy == {"echo_app", "sim_app"}
    assert f"sim_app: python {companion}/.venv/bin/python" in err  # the companion runs in its own env


def test_doover_config_validate_catches_a_bad_upstream_sample(upstream_root, tmp_path, doover):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"output_pin": -1, "mode": "atuo", "inptu_pin": 2}))
    code, out, _ = doover("config", "validate", "--app", str(upstream_root), "--config", str(bad))
    assert code == 1
    assert f'{bad}: mode: expected one of auto, manual; found "atuo" (did you mean "auto"?)' in out
    assert f"{bad}: output_pin: expected at least 0; found -1" in out
    assert f'{bad}: inptu_pin: unknown key (did you mean "input_pin"?)' in out
    code, out, _ = doover("config", "validate", "--app", str(upstream_root))
    assert (code, out.strip()) == (0, "simulators/app_config.json: ok")
    code, _, err = doover("config", "show", "--app", str(upstream_root), "--from-code")
    assert code == 2 and "export-config" in err


def test_a_classic_app_pinned_to_pydoover_0_4_18_runs_in_its_own_env(tmp_path, doover):
    try:
        root = classic_app(tmp_path)
    except IndexUnreachable as exc:
        pytest.skip(f"upstream pydoover {CLASSIC} unavailable: {exc}")
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri)
        code, _, err = doover("run", str(root), *uris, "--apps-uri", bridges.apps_uri, "--until-healthy",
                              "--timeout", str(WAIT), "--json", "-v")  # fmt: skip
        agent = DeviceAgentInterface("t", bridges.dda_uri)
        tags = agent.get_channel_aggregate("tag_values")
        agent.close()
    assert code == 0, err
    assert "old_app: python" in err and "/old_app/.venv/bin/python" in err
    assert tags["old_app"]["greeting"] == "hello"


def test_an_app_on_this_toolkit_keeps_the_toolkit_interpreter(tmp_path, doover):
    root = mini_app(tmp_path)
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri, "--modbus-uri", bridges.modbus_uri)
        code, _, err = doover("run", str(root), *uris, "--apps-uri", bridges.apps_uri, "--until-healthy",
                              "--timeout", str(WAIT), "--json", "-v")  # fmt: skip
    assert code == 0, err
    assert "mini_app: python" in err and "the toolkit's own interpreter" in err
    assert not (root / ".venv").exists()


def test_the_env_is_synced_again_only_when_pyproject_or_lock_change(upstream_root):
    project = find_project(upstream_root)
    assert resolve_env(project).how == "cached"
    pyproject = upstream_root / "pyproject.toml"
    original = pyproject.read_text()
    try:
        pyproject.write_text(original + "\n# touched\n")
        lines = []
        env = resolve_env(find_project(upstream_root), report=lines.append)
        assert env.how == "synced" and any("uv sync --frozen" in line for line in lines)
        assert env.added == (f"pydoover[grpc]=={UPSTREAM_1X}",)  # uv sync removed it; added again
    finally:
        pyproject.write_text(original)
    resolve_env(find_project(upstream_root))


def test_bad_input_is_one_clear_line(tmp_path, doover):
    root = mini_app(tmp_path)
    code, _, err = doover("run", str(root), "--python", str(tmp_path / "nope"), "--dda-uri", "127.0.0.1:9")
    expected = f"--python {tmp_path / 'nope'}: no such interpreter; give the path of a python executable"
    assert code == 2 and err.strip() == f"doover: error: {expected}"
    bare = tmp_path / "bare"
    (bare / "src" / "bare").mkdir(parents=True)
    (bare / "src" / "bare" / "app_config.py").write_text("")
    (bare / "pyproject.toml").write_text(
        '[project]\nname = "bare"\nversion = "0.1.0"\ndependencies = ["doover-toolkit"]\n'
    )
    code, _, err = doover("run", str(bare), "--dda-uri", "127.0.0.1:9")
    assert code == 2 and "no entry point" in err and "[project.scripts]" in err
    assert "Traceback" not in err


def test_an_unreachable_index_with_nothing_cached_says_so(tmp_path, monkeypatch, doover):
    root = tmp_path / "offline_app"
    (root / "src" / "offline_app").mkdir(parents=True)
    (root / "src" / "offline_app" / "__init__.py").write_text("def main():\n    pass\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "offline-app"\nversion = "0.1.0"\ndependencies = ["pydoover>=1"]\n'
        '[project.scripts]\noffline-app = "offline_app:main"\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    )
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("UV_DEFAULT_INDEX", "http://127.0.0.1:9/simple")  # a closed port: nothing answers
    monkeypatch.setenv("UV_INDEX_URL", "http://127.0.0.1:9/simple")
    for name in ("UV_EXTRA_INDEX_URL", "UV_FIND_LINKS", "PIP_FIND_LINKS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("UV_HTTP_RETRIES", "0")
    for _ in range(2):  # the half-made .venv of the first attempt is retried, not taken as ready
        code, _, err = doover("run", str(root), "--dda-uri", "127.0.0.1:9")
        assert code == 1, err
        assert "the package index is unreachable" in err and "--python" in err and "Traceback" not in err
    assert (root / "pyproject.toml").is_file() and not (root / "uv.lock").exists()


def test_a_lock_that_cannot_be_synced_is_one_line_naming_the_project(tmp_path):
    root = project_with_a_broken_lock(tmp_path)
    with pytest.raises(AppEnvError) as caught:
        resolve_env(find_project(root))
    assert str(root) in str(caught.value)


def project_with_a_broken_lock(folder):
    """A project whose uv.lock is not a lock: `uv sync --frozen` must fail."""
    root = folder / "broken_lock"
    (root / "src" / "broken_lock").mkdir(parents=True)
    (root / "src" / "broken_lock" / "__init__.py").write_text("def main():\n    pass\n")
    (root / "pyproject.toml").write_text('[project]\nname = "broken-lock"\nversion = "0.1.0"\ndependencies = []\n')
    (root / "uv.lock").write_text("this is not a lock file\n")
    return root


async def test_an_app_that_exits_at_once_says_why_in_one_line(tmp_path):
    root = mini_app(tmp_path, "gone_app")
    init = root / "src" / "gone_app" / "__init__.py"
    init.write_text("import pydoover.tags_of_another_sdk\n" + init.read_text())
    record = Recorder()
    task = await running(DevSession([plan_app(find_project(root))], free_bridges(tmp_path), record))
    try:
        await record.until(lambda: record.of("exited", "gone_app"))
    finally:
        await finish(task)
    [exited, *_] = record.of("exited", "gone_app")
    assert exited.message.startswith("exited with code 1: ModuleNotFoundError: No module named 'pydoover.tags_of")


@pytest.mark.parametrize(
    ("dependency", "lock", "generation"),
    [
        ("doover-toolkit>=0.5.0.dev0,<0.6", None, "toolkit"),
        ("pydoover>=0.5.0.dev0", None, "toolkit"),  # made by `doover new` before the rename
        ("pydoover", None, "toolkit"),  # bare and unlocked: ambiguous, runs as it always has
        ("pydoover", "1.18.3", "upstream"),  # the lock decides
        ("pydoover[grpc]==0.4.18", None, "classic"),
        ("pydoover>=1.5", None, "upstream"),
        ("pydoover~=1.18", "0.4.18", "classic"),
    ],
)
def test_the_sdk_generation_comes_from_the_requirement_and_the_lock(tmp_path, dependency, lock, generation):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\ndependencies = ["{dependency}"]\n')
    if lock:
        (tmp_path / "uv.lock").write_text(f'version = 1\n\n[[package]]\nname = "pydoover"\nversion = "{lock}"\n')
    assert sdk_generation(find_project(tmp_path)) == generation


def test_an_upstream_schema_left_uncommitted_is_exported_for_the_moment(upstream_root, tmp_path, doover):
    config_file = upstream_root / "doover_config.json"
    committed = config_file.read_text()
    bare = json.dumps({"echo_app": {"name": "echo_app", "type": "DEV", "display_name": "Echo"}}, indent=4)
    config_file.write_text(bare)  # as 1.x repos often commit it: the schema is generated from the Python
    try:
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"mode": "atuo"}))
        code, out, err = doover("config", "validate", "--app", str(upstream_root), "--config", str(bad))
        assert code == 1 and 'mode: expected one of auto, manual; found "atuo"' in out, err
        assert config_file.read_text() == bare  # put back as it was
        assert load_app_config(find_project(upstream_root)) == SAMPLE  # `doover run` seeds it the same way
        assert config_file.read_text() == bare
    finally:
        config_file.write_text(committed)


def test_a_users_own_venv_is_used_as_it_is_and_kept_after_pyproject_changes(tmp_path):
    root = mini_app(tmp_path)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    python = root / ".venv" / "bin" / "python"
    assert resolve_env(find_project(root)) == AppEnv(python, "venv")
    assert resolve_env(find_project(root)).how == "cached"
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + "\n# edited\n")
    assert resolve_env(find_project(root)) == AppEnv(python, "venv")  # still the user's, not the toolkit's
