"""`doover new` and `doover upgrade`: projects that validate, pass their own tests and run as made;
upgrades that keep the author's edits and report conflicts."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

import pydoover.scaffold.store as template_store
from doover_cli.main import main
from pydoover.testing import LocalBridges

ROOT = Path(__file__).resolve().parent.parent
INTERFACES = ("io", "modbus", "channels")
COMBOS = [combo for n in range(4) for combo in itertools.combinations(INTERFACES, n)]
# One app per combination, with names in different styles so the derived names get exercised too:
# name -> (package and app key, app class)
NAMES = {
    (): ("Plain", "plain", "PlainApp"),
    ("io",): ("tank-monitor", "tank_monitor", "TankMonitorApp"),
    ("modbus",): ("meter_reader", "meter_reader", "MeterReaderApp"),
    ("channels",): ("statusApp", "statusapp", "StatusApp"),
    ("io", "modbus"): ("pump-station-2", "pump_station_2", "PumpStation2App"),
    ("io", "channels"): ("Gate--Keeper", "gate_keeper", "GateKeeperApp"),
    ("modbus", "channels"): ("grid_sync-app", "grid_sync_app", "GridSyncApp"),
    ("io", "modbus", "channels"): ("everything", "everything", "EverythingApp"),
}
PYTHON = sys.executable


def cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in this process (the `doover` fixture is per test; this also serves module fixtures)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def combo_id(combo: tuple[str, ...]) -> str:
    return "+".join(combo) or "none"


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def isolated_cache(cache_home, monkeypatch) -> Path:
    """Template repositories and copier's clones go to a test folder, not the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return cache_home


@pytest.fixture(scope="module")
def projects(tmp_path_factory, cache_home) -> dict[tuple[str, ...], dict]:
    """One project per combination of interfaces, made with `doover new --defaults --json`."""
    folder = tmp_path_factory.mktemp("projects")
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        for combo in COMBOS:
            name = NAMES[combo][0]
            code, out, err = cli(
                *("new", name, "--dir", str(folder / name), "--defaults", "--json"),
                *("--data", f"interfaces={','.join(combo)}", "--data", "author=Test Author <test@example.com>"),
            )
            assert code == 0, err
            made[combo] = json.loads(out)
    return made


@pytest.fixture(scope="module")
def shared_bridges(projects, tmp_path_factory):
    """Bridges on free ports that every `doover run` below uses: a device with the io projects' pins
    and the projects' simulated power meter."""
    everything = Path(projects[INTERFACES]["path"]) / "simulators"
    with LocalBridges(device=everything / "device.toml", modbus_map=everything / "modbus_map.toml") as bridges:
        yield bridges


@pytest.fixture(scope="module")
def background(projects, shared_bridges, tmp_path_factory) -> dict[str, Future]:
    """Each project's own pytest suite and a `doover run --until-healthy`, four processes at a time."""
    configs = tmp_path_factory.mktemp("configs")
    futures: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for combo in COMBOS:
            path = Path(projects[combo]["path"])
            futures[f"pytest {combo_id(combo)}"] = pool.submit(
                subprocess.run,
                [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
                cwd=path,
                capture_output=True,
                text=True,
                timeout=120,
            )
            futures[f"run {combo_id(combo)}"] = pool.submit(_doover_run, path, shared_bridges, configs)
        yield futures


def _doover_run(path: Path, bridges: LocalBridges, configs: Path) -> subprocess.CompletedProcess:
    """`doover run --until-healthy` against the shared bridges, the Modbus bus pointed at their meter."""
    config = json.loads((path / "simulators" / "app_config.json").read_text())
    if "modbus_config" in config:
        config["modbus_config"]["tcp_uri"] = f"127.0.0.1:{bridges.field_device_port}"
    config_file = configs / f"{path.name}.json"
    config_file.write_text(json.dumps(config))
    targets = ("--dda-uri", bridges.dda_uri, "--plt-uri", bridges.plt_uri)
    targets += ("--modbus-uri", bridges.modbus_uri, "--apps-uri", bridges.apps_uri)
    run = ("run", str(path), "--until-healthy", "--timeout", "60", "--config", str(config_file))
    return subprocess.run(
        [PYTHON, "-m", "doover_cli", *run, *targets],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


# -- every combination of interfaces ------------------------------------------------------------


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_new_project_has_the_classic_layout_and_derived_names(projects, combo):
    made = projects[combo]
    _, package, app_class = NAMES[combo]
    path = Path(made["path"])
    assert made["package"] == made["app_key"] == package
    expected = {
        f"src/{package}/{module}" for module in ("__init__.py", "application.py", "app_config.py", "app_ui.py")
    } | {
        "pyproject.toml",
        "doover_config.json",
        "README.md",
        ".gitignore",
        ".copier-answers.yml",
        "Dockerfile",
        ".github/workflows/ci.yml",
        "simulators/app_config.json",
        "simulators/device.toml",
        "tests/test_application.py",
    }
    assert expected <= set(made["files"])
    assert ("simulators/modbus_map.toml" in made["files"]) == ("modbus" in combo)
    assert f"class {app_class}(Application):" in (path / "src" / package / "application.py").read_text()
    assert made["answers"]["interfaces"] == list(combo)
    assert made["source"] == "git+doover://templates/app"
    assert made["version"] == template_store.shipped_store().current_version
    assert made["next"] == [f"cd {path}", "pytest", "doover run"]
    assert made["commit"] and not subprocess.run(["git", "status", "--porcelain"], cwd=path, capture_output=True).stdout


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_new_project_config_validates_and_matches_the_export(projects, combo, doover):
    path = projects[combo]["path"]
    code, out, err = doover("config", "validate", "--app", path, "--json")
    assert code == 0, out + err
    assert json.loads(out)["valid"] is True
    code, out, _ = doover("config", "export", "--app", path, "--dry-run", "--json")
    exported = json.loads(out)
    assert code == 0 and exported["written"] is False
    assert exported["changes"] == {"added": [], "removed": [], "changed": []}
    entry = json.loads((Path(path) / "doover_config.json").read_text())[projects[combo]["app_key"]]
    assert entry["display_name"] and entry["type"] == "DEV" and entry["name"] == projects[combo]["app_key"]
    keys = set(entry["config_schema"]["properties"])
    assert ("modbus_config" in keys) == ("modbus" in combo)
    assert ("level_input" in keys) == ("io" in combo)
    assert ("status_channel" in keys) == ("channels" in combo)


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_new_project_passes_ruff(projects, combo):
    path = projects[combo]["path"]
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([PYTHON, "-m", "ruff", *args], cwd=path, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_new_project_passes_its_own_tests(background, combo):
    result = background[f"pytest {combo_id(combo)}"].result()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_new_project_runs_until_its_first_loop(background, projects, shared_bridges, combo):
    result = background[f"run {combo_id(combo)}"].result()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "first loop done" in result.stdout
    from pydoover.docker import DeviceAgentInterface

    agent = DeviceAgentInterface("checker", shared_bridges.dda_uri)
    try:
        tags = agent.get_channel_aggregate("tag_values")[projects[combo]["app_key"]]
    finally:
        agent.close()
    assert tags["loops"] >= 1
    if "io" in combo:
        assert 0 <= tags["level"] <= 100
    if "modbus" in combo:
        assert tags["meter_ok"] is True and 225 <= tags["supply_voltage"] <= 235


# -- doover new: input and output -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["2tanks", "tank monitor", "tank!", "-tank", "json", "class", "pydoover"])
def test_a_bad_name_is_a_usage_error_and_nothing_is_written(name, doover, tmp_path, isolated_cache):
    code, out, err = doover("new", "--dir", str(tmp_path / "app"), "--defaults", "--", name)
    assert code == 2 and out == ""
    assert f"bad app name {name!r}" in err and len(err.strip().splitlines()) == 1
    if name in ("2tanks", "tank!"):
        assert "letters, digits, '-' and '_'" in err
    assert not (tmp_path / "app").exists()


def test_a_non_empty_folder_needs_force_and_keeps_its_files(doover, tmp_path, isolated_cache):
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    code, _, err = doover("new", "pumps", "--dir", str(folder), "--defaults", "--no-git")
    assert code == 2 and "is not empty" in err and "--force" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    code, _, err = doover("new", "pumps", "--dir", str(folder), "--defaults", "--no-git", "--force")
    assert code == 0, err
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "src" / "pumps" / "application.py").is_file()
    assert not (folder / ".git").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("interfaces=io,serial", "'serial' is not one of io, modbus, channels"),
        ("dockerfile=maybe", "expected yes or no"),
        ("python_version=2.7", "'2.7' is not one of 3.11, 3.12, 3.13"),
        ("colour=blue", "no such question"),
        ("app_name=other", "give the app's name as the NAME argument"),
        ("novalue", "expected KEY=VALUE"),
    ],
)
def test_bad_answers_are_usage_errors(data, message, doover, tmp_path, isolated_cache):
    code, _, err = doover("new", "pumps", "--dir", str(tmp_path / "p"), "--data", data)
    assert code == 2 and message in err
    assert not (tmp_path / "p").exists()


def test_answers_from_data_shape_the_project_and_no_terminal_means_no_questions(doover, tmp_path, isolated_cache):
    # pytest's stdin is not a terminal: no --defaults, yet nothing is asked
    code, out, err = doover(
        *("new", "quiet-pump", "--dir", str(tmp_path / "q"), "--no-git"),
        *("-d", "interfaces=", "-d", "dockerfile=no", "-d", "ci=no", "-d", "python_version=3.12"),
        *("-d", 'description=Pumps "clean" water'),
    )
    assert code == 0, err
    project = tmp_path / "q"
    assert not (project / "Dockerfile").exists() and not (project / ".github").exists()
    assert not (project / "simulators" / "modbus_map.toml").exists()
    pyproject = (project / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.12"' in pyproject and 'description = "Pumps \\"clean\\" water"' in pyproject
    assert out.splitlines()[-4:] == ["Next:", f"  cd {project}", "  pytest", "  doover run"]


def test_an_unknown_template_version_is_a_usage_error(doover, tmp_path, isolated_cache):
    code, _, err = doover("new", "pumps", "--dir", str(tmp_path / "p"), "--defaults", "--vcs-ref", "0.0.1")
    assert code == 2 and "no such template version" in err


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_the_questions_are_asked(tmp_path, cache_home):
    """Each question is shown; Enter takes its default."""
    master, slave = os.openpty()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    command = [PYTHON, "-m", "doover_cli", "new", "asked", "--dir", str(tmp_path / "a"), "--no-git", "-d", "author=Me"]
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    prompts = [
        b"One line saying",
        b"Which device interfaces",
        b"Python version",
        b"Add a Dockerfile",
        b"GitHub Actions",
    ]
    seen, shown, deadline = b"", 0, time.monotonic() + 30
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if not select.select([master], [], [], 0.5)[0]:
                continue
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
            if shown < len(prompts) and prompts[shown] in seen:
                seen = seen[seen.index(prompts[shown]) + len(prompts[shown]) :]
                os.write(master, b"\r")
                shown += 1
        assert proc.wait(10) == 0 and shown == len(prompts)
    finally:
        proc.kill()
        os.close(master)
    answers = (tmp_path / "a" / ".copier-answers.yml").read_text()
    assert "author: Me" in answers and "- modbus" in answers


def test_help_lists_new_and_upgrade_without_loading_copier():
    code = "import sys; from doover_cli.main import main; main(['new', '--help']); print(sorted(m for m in ('copier', 'grpc', 'jinja2') if m in sys.modules))"
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().endswith("[]"), result.stdout
    assert "Example: doover new" in result.stdout
    code, out, _ = cli("--help")
    assert "new " in out and "upgrade " in out


def test_the_template_ships_in_the_wheel_and_works_from_it(tmp_path):
    built = subprocess.run(
        [PYTHON, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("doover_toolkit-*.whl")
    store = template_store.shipped_store()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
        shipped = {name for name in archive.namelist() if "/scaffold/templates/" in name}
    wanted = {f"pydoover/scaffold/templates/app/{name}" for name in store.files(store.current_version)}
    assert wanted <= shipped
    # The wheel's own copy makes a project (its pydoover first on the path, a fresh template cache).
    script = (
        "import sys, pydoover; assert pydoover.__file__.startswith(sys.argv[1]), pydoover.__file__; "
        "from doover_cli.main import main; sys.exit(main(['new', 'from-wheel', '--defaults', '--no-git', '--json']))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    made = subprocess.run(
        [PYTHON, "-c", script, str(tmp_path / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["version"] == store.current_version
    assert (tmp_path / "from-wheel" / "src" / "from_wheel" / "application.py").is_file()


# -- doover upgrade -------------------------------------------------------------------------------

OLD_TEST_LINE = "    pytest\n"
NEW_TEST_LINE = "    pytest                       # each test starts fresh bridges on free ports\n"


@pytest.fixture
def two_versions(tmp_path, monkeypatch, isolated_cache) -> template_store.TemplateStore:
    """A template store with an older version 0.9.0 (frozen as a release would be) and the current one."""
    root = tmp_path / "templates"
    shutil.copytree(template_store.TEMPLATES_DIR / "app", root / "app")
    _edit(root / "app" / "project" / "README.md.jinja", NEW_TEST_LINE, OLD_TEST_LINE)
    _edit(root / "app" / "project" / ".gitignore.jinja", ".ruff_cache/\n", "")
    _edit(
        root / "app" / "project" / "src" / "{{ package }}" / "application.py.jinja",
        '"""Runs every loop_target_period seconds."""',
        '"""Called every loop."""',
    )
    (root / "app" / "VERSION").write_text("0.9.0\n")
    store = template_store.TemplateStore(root)
    store.freeze()
    shutil.rmtree(root / "app")
    shutil.copytree(template_store.TEMPLATES_DIR / "app", root / "app")
    monkeypatch.setattr(template_store, "TEMPLATES_DIR", root)
    assert store.versions() == ["0.9.0", store.current_version]
    return store


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def _git(path: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    return subprocess.run(["git", *args], cwd=path, env=env, capture_output=True, text=True, check=True).stdout


def _old_project(doover, tmp_path: Path, name: str = "tank-watch") -> Path:
    path = tmp_path / name
    code, _, err = doover("new", name, "--dir", str(path), "--defaults", "--vcs-ref", "0.9.0")
    assert code == 0, err
    assert "_commit: 0.9.0" in (path / ".copier-answers.yml").read_text()
    return path


def test_upgrade_merges_the_new_template_and_keeps_the_authors_edits(two_versions, doover, tmp_path):
    project = _old_project(doover, tmp_path)
    application = project / "src" / "tank_watch" / "application.py"
    application.write_text(application.read_text() + "\n\ndef my_helper():\n    return 42\n")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nOur site notes.\n")
    _git(project, "commit", "-qam", "my edits")

    code, out, err = doover("upgrade", "--dir", str(project), "--dry-run")
    assert code == 0, err
    assert out.startswith(f"Upgrading tank-watch from template 0.9.0 to {two_versions.current_version}")
    assert "  M README.md" in out and "  M .gitignore" in out and f"+{NEW_TEST_LINE}" in out
    assert _git(project, "status", "--porcelain") == ""  # a dry run writes nothing

    code, out, err = doover("upgrade", "--dir", str(project), "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["from_version"], done["to_version"], done["conflicts"]) == ("0.9.0", two_versions.current_version, [])
    assert {"change": "modified", "path": "README.md"} in done["changes"]
    text = readme.read_text()
    assert NEW_TEST_LINE in text and text.endswith("Our site notes.\n")
    code_text = application.read_text()
    assert "Runs every loop_target_period seconds." in code_text and "def my_helper():" in code_text
    assert ".ruff_cache/" in (project / ".gitignore").read_text()
    assert f"_commit: {two_versions.current_version}" in (project / ".copier-answers.yml").read_text()
    assert doover("config", "validate", "--app", str(project))[0] == 0

    _git(project, "commit", "-qam", "upgraded")
    code, out, _ = doover("upgrade", "--dir", str(project))
    assert code == 0 and "nothing to upgrade" in out


def test_upgrade_reports_conflicting_edits_and_exits_1(two_versions, doover, tmp_path):
    project = _old_project(doover, tmp_path)
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace(OLD_TEST_LINE, "    pytest -x\n"))
    _git(project, "commit", "-qam", "stop at the first failure")

    code, out, err = doover("upgrade", "--dir", str(project), "--dry-run", "--json")
    assert code == 1 and json.loads(out)["conflicts"] == ["README.md"] and "would conflict" in err
    assert _git(project, "status", "--porcelain") == ""

    code, out, err = doover("upgrade", "--dir", str(project))
    assert code == 1
    assert "  C README.md" in out and "1 file(s) conflict with your edits: README.md" in err
    text = readme.read_text()
    assert "<<<<<<< before updating\n    pytest -x\n=======\n" + NEW_TEST_LINE + ">>>>>>> after updating" in text
    assert "UU README.md" in _git(project, "status", "--porcelain")


def test_upgrade_refuses_uncommitted_changes_and_non_projects(two_versions, doover, tmp_path):
    project = _old_project(doover, tmp_path)
    (project / "README.md").write_text("changed")
    code, _, err = doover("upgrade", "--dir", str(project))
    assert code == 2 and "uncommitted changes" in err and "README.md" in err
    code, _, err = doover("upgrade", "--dir", str(tmp_path))
    assert code == 2 and "not a project made by `doover new`" in err
    _git(project, "checkout", "README.md")
    code, _, err = doover("upgrade", "--dir", str(project), "--vcs-ref", "7.0.0")
    assert code == 2 and "no such template version" in err


def test_upgrade_of_a_project_without_git_says_how_to_start(two_versions, doover, tmp_path):
    code, _, err = doover("new", "loose", "--dir", str(tmp_path / "loose"), "--defaults", "--no-git")
    assert code == 0, err
    code, _, err = doover("upgrade", "--dir", str(tmp_path / "loose"))
    assert code == 2 and "not in a git repository" in err and "git init" in err


def test_a_project_inside_a_repository_is_left_to_commit_and_upgrades_there(two_versions, doover, tmp_path):
    outer = tmp_path / "monorepo"
    outer.mkdir()
    _git(outer, "init", "-q")
    app = outer / "apps" / "inner"
    code, _, err = doover("new", "inner-app", "--dir", str(app), "--defaults", "--vcs-ref", "0.9.0")
    assert code == 0 and f"not committed: {app} is inside the git repository" in err
    assert not (app / ".git").exists()
    _git(outer, "add", "-A")
    _git(outer, "commit", "-qm", "add the app")
    code, out, err = doover("upgrade", "--dir", str(app / "src"), "--dry-run")  # found from a folder inside it
    assert code == 0 and "  M README.md" in out, err
    code, _, err = doover("upgrade", "--dir", str(app))
    assert code == 0, err
    assert " M apps/inner/README.md" in _git(outer, "status", "--porcelain")


def test_upgrade_dry_run_works_on_a_dirty_tree_and_says_what_it_previews(two_versions, doover, tmp_path):
    project = _old_project(doover, tmp_path)
    (project / "README.md").write_text("changed")
    code, out, err = doover("upgrade", "--dir", str(project), "--dry-run")
    assert code == 0, err
    assert out.startswith("Upgrading tank-watch from template 0.9.0")
    assert "uncommitted changes (README.md) are not in it" in err
    assert (project / "README.md").read_text() == "changed"


def test_a_project_made_with_the_released_1_0_0_template_upgrades_keeping_the_authors_edits(
    doover, tmp_path, isolated_cache
):
    """The shipped releases/app-1.0.0.tar.gz is what 1.0.0 made: its projects upgrade to the current one."""
    project = tmp_path / "tank-watch"
    code, _, err = doover("new", "tank-watch", "--dir", str(project), "--defaults", "--vcs-ref", "1.0.0")
    assert code == 0, err
    pyproject = project / "pyproject.toml"
    assert '"pydoover>=0.5.0.dev0"' in pyproject.read_text(), "1.0.0 depended on the old distribution name"
    application = project / "src" / "tank_watch" / "application.py"
    application.write_text(application.read_text() + "\n\ndef my_helper():\n    return 42\n")
    _git(project, "commit", "-qam", "my edits")

    code, out, err = doover("upgrade", "--dir", str(project), "--json")
    assert code == 0, err
    done = json.loads(out)
    current = template_store.shipped_store().current_version
    assert (done["from_version"], done["to_version"], done["conflicts"]) == ("1.0.0", current, [])
    assert "doover-toolkit" in pyproject.read_text()
    assert "def my_helper():" in application.read_text()
    assert "this project's README.md" in (project / "simulators" / "device.toml").read_text()
    assert "## The simulated device" in (project / "README.md").read_text()
    assert doover("config", "validate", "--app", str(project))[0] == 0
