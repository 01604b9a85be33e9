"""A project made by `doover new` is a project of its own: it installs from a local wheelhouse with no
package index, its own CI steps pass in that clean venv, and the public `doover-cli` accepts its
doover_config.json (the platform's current format)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from doover_cli.main import main
from tests.support.public_pydoover import IndexUnreachable, public_venv
from tests.support.wheelhouse import wheelhouse

APP = "tank-monitor"
APP_KEY = "tank_monitor"


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
        code, _, err = cli("new", APP, "--dir", str(folder / APP), "--defaults", "--no-git", "--json",
                           "--data", "interfaces=io,modbus,channels")  # fmt: skip
    assert code == 0, err
    return folder / APP


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a CI job in ``venv``: nothing of this checkout on the path."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "VIRTUAL_ENV": str(venv)}


def step(argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    )
    return done.stdout


def test_a_generated_project_installs_from_a_wheelhouse_and_its_own_ci_passes(project, tmp_path):
    try:
        house = wheelhouse(tmp_path / "wheels")
    except IndexUnreachable as exc:
        pytest.skip(f"dependency wheels unavailable: {exc}")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env(venv)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(house)]
    step([*pip, "-e", ".[test]"], project, env)  # the workflow's install step, with no index
    installed = step([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"], project, env)
    names = {entry["name"].lower() for entry in json.loads(installed)}
    assert "doover-toolkit" in names and "pydoover" not in names  # ours, not the upstream SDK
    step(["ruff", "check", "."], project, env)
    step(["ruff", "format", "--check", "."], project, env)
    assert "ok" in step(["doover", "config", "validate"], project, env)
    assert "passed" in step(["pytest", "-q", "-p", "no:cacheprovider"], project, env)


def test_the_public_doover_cli_accepts_the_generated_doover_config(project):
    try:
        public = public_venv("doover-cli")
    except IndexUnreachable as exc:
        pytest.skip(f"public doover-cli unavailable: {exc}")
    doover = str(public / "bin" / "doover")
    found = subprocess.run([doover, "app", "discover", str(project), "--json"], capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert found.returncode == 0, found.stdout + found.stderr
    [entry] = json.loads(found.stdout)
    assert (entry["name"], entry["type"], entry["language"]) == (APP_KEY, "DEV", "py")
    checked = subprocess.run([doover, "config-schema", "validate", str(project), "--no-export"], capture_output=True,
                             text=True, timeout=120)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"Schema for {APP_KEY} is valid" in checked.stdout


def test_doover_config_reads_the_old_and_the_current_doover_config_shape(project, tmp_path):
    current = json.loads((project / "doover_config.json").read_text())
    old_shape = {APP_KEY: {"display_name": "Tank Monitor", "app_type": "docker", "visibility": "private",
                           "config_schema": current[APP_KEY]["config_schema"]}}  # fmt: skip
    for shape in (current, old_shape):
        (project / "doover_config.json").write_text(json.dumps(shape))
        code, out, err = cli("config", "validate", "--app", str(project), "--json")
        assert code == 0 and json.loads(out)["app"] == APP_KEY, err
        code, out, _ = cli("config", "show", "--app", str(project), "--json")
        assert code == 0 and "level_input" in out
    (project / "doover_config.json").write_text(json.dumps(current, indent=4))
