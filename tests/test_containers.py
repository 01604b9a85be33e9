"""`doover build` and `doover run --container` on a real Docker engine (started if none answers).

Images build on a base made from Debian packages (no registry here) and install the toolkit from
the wheelhouse `doover build` puts in the build context, so nothing is pulled or fetched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pydoover.containers.build import image_tag
from pydoover.containers.container import APP_LABEL, LABEL, AppContainer, ContainerBackend
from pydoover.devrun.session import DevSession, plan_app
from pydoover.docker import AppControllerInterface, DeviceAgentInterface, PlatformInterface
from pydoover.project import find_project
from pydoover.testing import LocalBridges
from tests.support import docker_engine
from tests.support.app_projects import mini_app
from tests.support.lines import LineReader
from tests.test_devrun import Recorder, finish, free_bridges, running

WAIT = 90  # seconds; bound on every wait (a cold image build is ~15 s on two loaded cores)
BASE = f"BASE_IMAGE={docker_engine.BASE_IMAGE}"

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def engine():
    client = docker_engine.local_engine()
    yield client
    client.close()


@pytest.fixture(scope="module")
def project(engine, tmp_path_factory) -> Path:
    """A project from `doover new`, built once for this module's tests."""
    from doover_cli.main import main

    folder = tmp_path_factory.mktemp("containers") / "tank-mon"
    assert main(["new", "tank-mon", "--dir", str(folder), "--defaults", "--no-git"]) == 0
    assert main(["build", str(folder), "--build-arg", BASE, "--json"]) == 0
    return folder


def doover_process(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "doover_cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1", **env})  # fmt: skip


def owned_by(client, pid: int) -> list:
    """Containers of the `doover run` session in process ``pid`` on this host."""
    owner = f"{socket.gethostname()}:{pid}"
    return [c for c in client.containers.list(all=True, filters={"label": LABEL}) if c.labels[LABEL] == owner]


def bridge_uris(bridges) -> list[str]:
    return [
        f"--dda-uri={bridges.dda_uri}",
        f"--plt-uri={bridges.plt_uri}",
        f"--modbus-uri={bridges.modbus_uri}",
        f"--apps-uri={bridges.apps_uri}",
    ]


@contextlib.contextmanager
def doover_running(*args: str):
    """A `doover` process and a reader of its output lines; killed at the end if still running."""
    proc = doover_process(*args)
    try:
        yield proc, LineReader(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_doover_build_streams_steps_as_ndjson_and_reuses_the_cache(project, doover):
    code, out, err = doover("build", str(project), "--build-arg", BASE, "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    steps = [e for e in events if e["kind"] == "step"]
    assert steps and steps[0]["step"] == 1 and steps[-1]["step"] == steps[-1]["steps"]
    built = events[-1]
    assert built["kind"] == "built" and built["tag"] == "tank-mon"  # image_name in doover_config.json
    assert built["cached"] >= built["steps"] - 3  # nothing changed: only ARG/FROM-like steps are not "cached"
    assert (project / "wheels").is_dir() and any(p.name.startswith(("pydoover-", "doover_toolkit-"))
                                                  for p in (project / "wheels").glob("*.whl"))  # fmt: skip


async def test_the_container_reaches_a_healthy_loop_that_sets_a_tag_and_drives_a_do(project, engine, tmp_path):
    plan = plan_app(find_project(project))
    plan.backend = ContainerBackend(engine, image_tag(find_project(project)))
    record = Recorder()
    device = project / "simulators" / "device.toml"
    session = DevSession([plan], free_bridges(tmp_path, device=device), record)
    task = await running(session)
    try:
        await record.until(lambda: record.of("healthy", "tank_mon"), WAIT)
        assert any("is set up" in e.message for e in record.of("log", "tank_mon"))  # its output, prefixed
        agent = DeviceAgentInterface("t", session.bridges.uris["dda"])
        platform = PlatformInterface("t", session.bridges.uris["platform"])
        tags = await until_value(lambda: agent.get_channel_aggregate_async("tag_values"), lambda t: "tank_mon" in t)
        assert tags["tank_mon"]["pump_on"] is True  # the rig's tank starts at 25 %: below the start level
        assert await platform.get_do_async(0) is True
        [running_container] = owned_by(engine, os.getpid())
        assert running_container.attrs["HostConfig"]["NetworkMode"] == "host"
        await agent.close_async()
        await platform.close_async()
    finally:
        await finish(task)
    assert record.of("stopped", "tank_mon")
    assert not owned_by(engine, os.getpid())  # stopped and removed


async def test_restart_and_stop_through_the_app_controller(project, engine, tmp_path):
    plan = plan_app(find_project(project))
    plan.backend = ContainerBackend(engine, image_tag(find_project(project)))
    record = Recorder()
    session = DevSession([plan], free_bridges(tmp_path, device=project / "simulators" / "device.toml"), record)
    task = await running(session)
    try:
        await record.until(lambda: record.of("healthy"), WAIT)
        apps = AppControllerInterface(uri=session.bridges.uris["apps"])
        states = await until_value(apps.list_apps_async, lambda found: [a.state for a in found] == ["healthy"])
        assert [a.state for a in states] == ["healthy"]  # the link reports the state a moment after the event
        result = await apps.restart_app_async("tank_mon", timeout=WAIT)
        assert result is not None and result.message.startswith("restarted"), result
        await record.until(lambda: len(record.of("healthy")) >= 2, WAIT)
        assert len({e.data["pid"] for e in record.of("starting")}) == 2  # a new container
        assert (await apps.stop_app_async("tank_mon", timeout=WAIT)).message == "stopped"
        assert (await apps.get_app_async("tank_mon")).state == "stopped"
        assert not owned_by(engine, os.getpid())
        assert await until_value(lambda: apps.get_logs_async("tank_mon"), lambda lines: len(lines) > 0)
        await apps.close_async()
    finally:
        await finish(task)


def test_sigterm_stops_doover_run_and_leaves_no_container(project, engine, tmp_path):
    with LocalBridges(store=tmp_path / "d.db", device=project / "simulators" / "device.toml") as bridges:
        uris = bridge_uris(bridges)
        with doover_running("run", str(project), "--container", "--build-arg", BASE, *uris, "--json") as (proc, reader):
            wait_for_event(reader, proc, "healthy")
            assert owned_by(engine, proc.pid)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(WAIT) == 0
    assert not owned_by(engine, proc.pid)


def test_with_companions_run_as_containers_too(project, engine, doover, tmp_path):
    with LocalBridges(store=tmp_path / "d.db", device=project / "simulators" / "device.toml") as bridges:
        uris = bridge_uris(bridges)
        args = ["run", str(project), "--container", "--with", f"{project}:tank_sim", "--build-arg", BASE, *uris]
        code, out, err = doover(*args, "--until-healthy", "--timeout", str(WAIT), "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert {e["app"] for e in events if e["kind"] == "healthy"} == {"tank_mon", "tank_sim"}
    assert {e["app"] for e in events if e["kind"] == "build-built"} == {"tank_mon", "tank_sim"}
    assert not owned_by(engine, os.getpid())


def test_watch_rebuilds_the_image_and_restarts_the_container_on_an_edit(engine, doover, tmp_path):
    root = tmp_path / "tank-mon"
    assert doover("new", "tank-mon", "--dir", str(root), "--defaults", "--no-git")[0] == 0
    config = json.loads((root / "doover_config.json").read_text())
    config["tank_mon"]["image_name"] = "doover-test/watched:latest"  # the tag doover builds (not the shared one)
    (root / "doover_config.json").write_text(json.dumps(config))
    with LocalBridges(store=tmp_path / "d.db", device=root / "simulators" / "device.toml") as bridges:
        uris = bridge_uris(bridges)
        args = ["run", str(root), "--container", "--watch", "--build-arg", BASE, *uris, "--json"]
        with doover_running(*args) as (proc, reader):
            assert wait_for_event(reader, proc, "build-built")["tag"] == "doover-test/watched:latest"
            wait_for_event(reader, proc, "healthy")
            source = root / "src" / "tank_mon" / "application.py"
            text = source.read_text().replace('log.info("%s is set up"', 'log.info("%s is set up, as edited"')
            source.write_text(text)
            while "as edited" not in wait_for_event(reader, proc, "log")["message"]:
                pass
            proc.send_signal(signal.SIGINT)
            assert proc.wait(WAIT) == 0
    assert not owned_by(engine, proc.pid)


class GatedEngine:
    """The real engine, but ``containers.run`` waits for ``opened`` (a start caught mid-way); the app sleeps."""

    def __init__(self, engine):
        self.api, self.engine = engine.api, engine
        self.entered, self.opened, self.made = threading.Event(), threading.Event(), threading.Event()
        self.containers = SimpleNamespace(run=self._run)

    def _run(self, *args, **kwargs):
        self.entered.set()
        self.opened.wait(WAIT)
        try:
            return self.engine.containers.run(*args, command=["sleep", "600"], **kwargs)  # runs until stopped
        finally:
            self.made.set()


@pytest.mark.parametrize("how", ["cancelled twice", "stopped"])
async def test_a_container_still_starting_when_the_session_ends_is_removed(engine, tmp_path, how):
    """Ctrl-C during a restart's start: however the start is cut short, its container does not stay."""
    gated = GatedEngine(engine)
    app_key = f"gated_{how.split()[0]}"
    app = AppContainer(gated, docker_engine.BASE_IMAGE, app_key, [], tmp_path, {}, lambda *line: None)
    starting = asyncio.create_task(app.start())
    assert await asyncio.to_thread(gated.entered.wait, WAIT)
    if how == "stopped":
        assert await app.stop() == -1
    else:
        starting.cancel()
        for _ in range(3):  # the start is in its clean-up now
            await asyncio.sleep(0)
        starting.cancel()  # a second cancel must not cut the clean-up short
        await asyncio.wait({starting}, timeout=WAIT)
        assert starting.cancelled()
    gated.opened.set()
    await asyncio.wait({starting}, timeout=WAIT)
    assert await asyncio.to_thread(gated.made.wait, WAIT)
    deadline = time.monotonic() + 30
    while ours(engine, app_key) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert not ours(engine, app_key)


def ours(client, app_key: str) -> list:
    return [c for c in owned_by(client, os.getpid()) if c.labels.get(APP_LABEL) == app_key]


def test_a_container_left_by_a_killed_session_is_removed_by_the_next_run(project, engine, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = engine.containers.create(docker_engine.BASE_IMAGE, ["sleep", "600"],
                                        labels={LABEL: f"{socket.gethostname()}:{dead.pid}"})  # fmt: skip
    with LocalBridges(store=tmp_path / "d.db", device=project / "simulators" / "device.toml") as bridges:
        uris = bridge_uris(bridges)
        proc = doover_process("run", str(project), "--container", "--build-arg", BASE, *uris, "--until-healthy",
                              "--timeout", str(WAIT))  # fmt: skip
        _out, err = proc.communicate(timeout=WAIT + 30)
    assert proc.returncode == 0, err
    assert f"removed container {leftover.name}, left by a `doover run` that was killed" in err
    assert leftover.id not in {c.id for c in engine.containers.list(all=True)}


def test_a_second_engine_via_docker_host_builds_and_runs(project, engine, tmp_path):
    """Built over the second engine's socket, run over its TCP port (--insecure): an engine reached
    over TCP counts as another machine's, so health comes from the image's own HEALTHCHECK."""
    import docker

    from pydoover.devrun.health import free_port

    port = free_port()
    host = docker_engine.second_engine(port)
    try:
        with LocalBridges(store=tmp_path / "d.db", device=project / "simulators" / "device.toml") as bridges:
            uris = bridge_uris(bridges)
            build = doover_process("build", str(project), "--docker-host", host, "--build-arg", BASE, "--tag", "t2:1")
            assert build.wait(WAIT * 2) == 0, build.stderr.read()
            second = docker.DockerClient(base_url=host)
            assert second.images.get("t2:1")
            with pytest.raises(docker.errors.ImageNotFound):
                engine.images.get("t2:1")
            tcp = f"tcp://127.0.0.1:{port}"
            proc = doover_process("run", str(project), "--container", "--build-arg", BASE, *uris, "--until-healthy",
                                  "--timeout", str(WAIT), "--insecure", DOCKER_HOST=tcp)  # fmt: skip
            out, err = proc.communicate(timeout=WAIT * 2)
            assert proc.returncode == 0, err
            assert "first loop done" in out and f"on {tcp}" in err
            assert not second.containers.list(all=True, filters={"label": LABEL})
            second.close()
    finally:
        docker_engine.stop_second_engine()


# Bad input: one line, a documented exit code, no traceback.


def test_no_engine_at_the_given_address_is_exit_3(project, doover, tmp_path):
    code, _out, err = doover("build", str(project), "--docker-host", f"unix://{tmp_path}/none.sock")
    assert code == 3
    assert err.strip() == f"doover: error: no Docker engine answers at unix://{tmp_path}/none.sock; check --docker-host"


def test_plain_tcp_is_refused_unless_insecure(project, doover, monkeypatch):
    monkeypatch.delenv("DOCKER_TLS_VERIFY", raising=False)
    monkeypatch.delenv("DOCKER_CERT_PATH", raising=False)
    code, _, err = doover("run", str(project), "--container", "--docker-host", "tcp://127.0.0.1:2375")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "refusing tcp://127.0.0.1:2375" in err and "--insecure" in err
    code, _, err = doover("build", str(project), "--docker-host", "tcp://127.0.0.1:1", "--insecure")
    assert code == 3 and "no Docker engine answers at tcp://127.0.0.1:1" in err  # allowed: then simply not there


def test_a_project_without_a_dockerfile_is_exit_2(engine, doover, tmp_path):
    root = mini_app(tmp_path)
    code, _, err = doover("build", str(root))
    assert code == 2
    assert err.strip() == f"doover: error: no Dockerfile in {root}; add one (`doover new` makes projects with one)"


def test_a_missing_base_image_is_exit_2_naming_it(project, doover):
    code, _, err = doover("build", str(project), "--build-arg", "BASE_IMAGE=doover-test/absent:1", "--no-pull")
    assert code == 2
    [line] = err.strip().splitlines()
    assert line.startswith("doover: error: the base image doover-test/absent:1 is not on the engine and cannot be "
                           "pulled at step 2/")  # fmt: skip


def test_a_failing_step_is_shown_with_its_last_lines_exit_1(engine, doover, tmp_path):
    root = mini_app(tmp_path)
    (root / "Dockerfile").write_text(
        f"FROM {docker_engine.BASE_IMAGE}\nRUN echo preparing && echo 'oh no' >&2 && false\n"
    )
    code, _out, err = doover("build", str(root), "--tag", "doover-test/failing:1")
    assert code == 1
    assert "  oh no" in err
    assert err.strip().splitlines()[-1].startswith("doover: error: the build failed at step 2/2: RUN echo preparing")
    assert "Traceback" not in err


def test_a_container_that_exits_at_once_is_reported_and_started_again(engine, doover, tmp_path):
    root = mini_app(tmp_path)
    (root / "Dockerfile").write_text(
        f'FROM {docker_engine.BASE_IMAGE}\nCMD ["python3", "-c", "raise SystemExit(\'bad config\')"]\n'
    )
    with LocalBridges(store=tmp_path / "d.db") as bridges:
        uris = bridge_uris(bridges)
        code, out, err = doover("run", str(root), "--container", *uris, "--until-healthy", "--timeout", "4")
    assert code == 4
    assert "mini_app   | bad config" in out and "exited with code 1" in out
    assert err.strip().splitlines()[-1].startswith("doover: error: not every app completed a main loop within 4 s")
    assert not owned_by(engine, os.getpid())


def test_doover_help_does_not_import_docker():
    code = "import sys; from doover_cli.main import main; main(['--help']); print('docker' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


async def until_value(read, good, timeout=WAIT):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await read()
        if good(value) or loop.time() > deadline:
            return value
        await asyncio.sleep(0.1)


def wait_for_event(reader: LineReader, proc: subprocess.Popen, kind: str) -> dict:
    while True:
        line = reader.line(WAIT)
        assert line, f"doover run ended early: {proc.stderr.read()}"
        event = json.loads(line)
        if event.get("kind") == kind:
            return event
