"""The App Controller bridge and its SDK client, against a real bridge on a loopback port.

A fake supervisor plays `doover run`: it registers an app process, reports its state, pushes its
output, watches for commands and acknowledges them. Users list apps, read and follow logs, and
restart/stop/start apps through the same SDK client the CLI uses.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from pydoover._grpc import app_controller_pb2 as pb
from pydoover._grpc import app_controller_pb2_grpc as pb_grpc
from pydoover.bridges.app_controller.logs import LogEntry, LogStore
from pydoover.bridges.app_controller.server import AppControllerBridge
from pydoover.bridges.app_controller.servicer import chunks
from pydoover.bridges.host import BridgeHost
from pydoover.docker.app_controller import AppCommand, AppControllerInterface, AppControllerRejected, LogLine
from pydoover.testing import LocalBridges

WAIT = 5.0  # the longest any single condition may take


async def until(condition: Callable, what: str, timeout: float = WAIT) -> None:
    """Wait for ``condition()`` (sync or async) to be true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        await asyncio.sleep(0.02)


class FakeSupervisor:
    """What `doover run` does with the SDK client, with a process that is only a pid.

    ``mode``: "obey" (do the action, then acknowledge), "refuse" (acknowledge with
    success=false), "silent" (never acknowledge).
    """

    def __init__(self, uri: str, app_key: str = "tank", pid: int = 4242, mode: str = "obey"):
        self.iface = AppControllerInterface(app_key, uri, raise_on_error=True)
        self.app_key, self.pid, self.mode = app_key, pid, mode
        self.commands: list[AppCommand] = []
        self.news: list[str] = []
        self.ended: BaseException | None = None
        self._task: asyncio.Task | None = None

    async def start(self, state: str = "running") -> FakeSupervisor:
        await self.launch()
        await self.iface.report_status_async(state)
        self._task = asyncio.create_task(self._obey())
        await until(self.watched, f"{self.app_key} supervised")
        return self

    async def watched(self) -> bool:
        try:
            return (await self.iface.get_app_async(self.app_key)).supervised
        except AppControllerRejected as exc:  # a restarted bridge that has not heard from us yet
            if exc.code != 404:
                raise
            return False

    async def launch(self) -> None:
        await self.iface.register_async(self.pid, ["python", "app.py"], cwd="/apps/tank", display_name="Tank")

    async def _obey(self) -> None:
        try:
            async for command in self.iface.watch_commands(on_status=self.news.append):
                self.commands.append(command)
                if self.mode == "silent":
                    continue
                if self.mode == "refuse":
                    await self.iface.ack_command_async(command, success=False, message="disk full")
                    continue
                await self.iface.ack_command_async(command, message=await self.perform(command.action))
        except Exception as exc:
            self.ended = exc

    async def perform(self, action: str) -> str:
        if action in ("stop", "restart"):
            await self.iface.report_status_async("restarting" if action == "restart" else "stopped", exit_code=0)
        if action == "stop":
            return "stopped"
        self.pid += 1
        await self.launch()
        await self.iface.report_status_async("running")
        return f"running as pid {self.pid}"

    async def leave(self) -> None:
        """Disconnect as a killed supervisor would: the watch stream just ends."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.iface.close_async()


@contextmanager
def supervisor_thread(uri: str, **kwargs) -> Iterator[FakeSupervisor]:
    """A FakeSupervisor on its own event loop thread, for tests whose own thread blocks (the CLI)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    supervisor = FakeSupervisor(uri, **kwargs)
    try:
        asyncio.run_coroutine_threadsafe(supervisor.start(), loop).result(WAIT * 2)
        yield supervisor
    finally:
        asyncio.run_coroutine_threadsafe(supervisor.leave(), loop).result(WAIT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(WAIT)
        loop.close()


@pytest.fixture
def uri(bridges: LocalBridges) -> str:
    return bridges.apps_uri


@pytest.fixture
async def user(uri: str):
    client = AppControllerInterface(None, uri, raise_on_error=True)
    yield client
    await client.close_async()


@pytest.fixture
async def supervisor(uri: str):
    running = await FakeSupervisor(uri).start()
    yield running
    await running.leave()


# -- the bridge itself --------------------------------------------------------------------------


def test_the_bridge_is_healthy_as_doover_app_controller(bridges, uri):
    with grpc.insecure_channel(uri) as channel:
        status = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="doover.AppController"), timeout=5
        )
    assert status.status == health_pb2.HealthCheckResponse.SERVING
    assert bridges.apps.name == "apps" and "2,000 log lines" in bridges.apps.describe()


def test_a_registered_app_is_listed_with_state_pid_command_and_uptime(uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    registered = sup.register(pid=4242, command="python app.py --fast", cwd="/apps/tank", display_name="Tank")
    assert (registered.state, registered.pid, registered.restarts) == ("starting", 4242, 0)
    sup.report_status("healthy", detail="level sensor ok")
    time.sleep(0.05)
    (app,) = AppControllerInterface(None, uri, raise_on_error=True).list_apps()
    assert (app.app_key, app.display_name, app.state, app.pid) == ("tank", "Tank", "healthy", 4242)
    assert app.command == ("python", "app.py", "--fast") and app.cwd == "/apps/tank"
    assert app.detail == "level sensor ok" and app.last_exit_code is None and not app.supervised
    assert 0.05 <= app.uptime_secs < WAIT and app.started_at <= datetime.now(UTC)
    json_form = app.to_json()
    assert json_form["state"] == "healthy" and json_form["command"] == ["python", "app.py", "--fast"]


def test_a_new_pid_is_a_restart_and_the_same_pid_again_is_not(uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    sup.register(pid=100)
    sup.register(pid=100)  # a supervisor re-attaching
    assert sup.get_app("tank").restarts == 0
    exited = sup.report_status("exited", exit_code=3, detail="Traceback: boom")
    assert (exited.state, exited.pid, exited.last_exit_code, exited.uptime_secs) == ("exited", None, 3, None)
    again = sup.register(pid=101)
    assert (again.state, again.pid, again.restarts, again.last_exit_code) == ("starting", 101, 1, 3)


def test_bad_requests_are_refused_with_400_naming_the_field(uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    sup.register(pid=1)
    cases = [
        (lambda: sup.report_status("sleeping"), "state 'sleeping' is not one of starting, running"),
        (lambda: sup.register(pid=1, app_key="has space"), "app_key 'has space' must be printable, without spaces"),
        (lambda: sup.push_logs([LogLine("x", stream="stdin")]), "stream 'stdin' is not stdout or stderr"),
        (lambda: sup.restart_app("tank", timeout=301), "timeout_secs must be above 0 and at most 300"),
    ]
    for call, message in cases:
        with pytest.raises(AppControllerRejected) as failure:
            call()
        assert failure.value.code == 400 and message in failure.value.detail
    with pytest.raises(ValueError, match="no app key"):
        AppControllerInterface(None, uri).report_status("running")


def test_an_unknown_app_is_404_naming_the_known_apps(uri):
    AppControllerInterface("tank", uri).register(pid=1)
    AppControllerInterface("pump", uri).register(pid=2)
    user = AppControllerInterface(None, uri, raise_on_error=True)
    for call in (lambda: user.list_apps("gate"), lambda: user.get_logs("gate"), lambda: user.stop_app("gate")):
        with pytest.raises(AppControllerRejected) as failure:
            call()
        assert failure.value.code == 404 and failure.value.detail == "no app gate (known apps: pump, tank)"
    assert [app.app_key for app in user.list_apps()] == ["pump", "tank"]
    assert AppControllerInterface(None, uri).get_app("gate") is None, "without raise_on_error: None"


# -- logs -----------------------------------------------------------------------------------------


def test_logs_keep_the_newest_2000_lines_per_app_and_filter_by_tail_and_since(uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    sup.register(pid=1)
    assert sup.push_logs([f"line {i}" for i in range(2100)]) == 2100
    user = AppControllerInterface(None, uri, raise_on_error=True)
    kept = user.get_logs("tank")
    assert len(kept) == 2000 and kept[0].text == "line 100" and kept[-1].text == "line 2099"
    assert [line.text for line in user.get_logs("tank", tail=2)] == ["line 2098", "line 2099"]
    assert user.get_logs("tank", tail=0) == []
    then = datetime.now(UTC) - timedelta(hours=1)
    sup.push_logs([LogLine("old", timestamp=then - timedelta(minutes=5)), LogLine("oops", "stderr", then)])
    recent = user.get_logs("tank", since=then)
    assert [(line.text, line.stream) for line in recent if line.timestamp < then + timedelta(minutes=1)] == [
        ("oops", "stderr")
    ]
    assert "old" not in [line.text for line in recent]


def test_logs_of_every_app_merge_in_arrival_order(uri):
    tank, pump = AppControllerInterface("tank", uri), AppControllerInterface("pump", uri)
    tank.register(pid=1)
    pump.register(pid=2)
    tank.push_logs(["t1"])
    pump.push_logs(["p1"])
    tank.push_logs(["t2"])
    lines = AppControllerInterface(None, uri).get_logs()
    assert [(line.app_key, line.text) for line in lines] == [("tank", "t1"), ("pump", "p1"), ("tank", "t2")]
    assert [line.seq for line in lines] == sorted(line.seq for line in lines)


async def test_follow_logs_sends_the_backlog_then_new_lines(supervisor, user):
    await supervisor.iface.push_logs_async(["one", "two", "three"])
    lines = user.follow_logs("tank", tail=2)
    seen: list[str] = []

    async def read() -> None:
        async for line in lines:
            seen.append(line.text)

    reader = asyncio.create_task(read())
    try:
        await until(lambda: seen == ["two", "three"], "the backlog")
        await supervisor.iface.push_logs_async([LogLine("four", stream="stderr")])
        await until(lambda: seen == ["two", "three", "four"], "a new line")
    finally:
        reader.cancel()


async def test_following_every_app_includes_apps_registered_later(uri, user):
    seen: list[tuple[str, str]] = []

    async def read() -> None:
        async for line in user.follow_logs():
            seen.append((line.app_key, line.text))

    reader = asyncio.create_task(read())
    try:
        await asyncio.sleep(0.2)  # the follow is open before the app exists
        late = AppControllerInterface("late", uri, raise_on_error=True)
        await late.register_async(7)
        await late.push_logs_async(["hello"])
        await until(lambda: seen == [("late", "hello")], "the late app's line")
    finally:
        reader.cancel()


async def test_a_follow_whose_stream_breaks_resumes_without_repeats_or_gaps():
    bridge = AppControllerBridge()  # served twice on one port: a network blip, the bridge's lines kept
    host = BridgeHost()
    uri = (await host.start(bridge, 0)).uri
    supervisor = AppControllerInterface("tank", uri, raise_on_error=True)
    await supervisor.register_async(1)
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    await supervisor.push_logs_async(["a", "b", LogLine("late copy of an old line", timestamp=an_hour_ago)])
    user = AppControllerInterface(None, uri, raise_on_error=True)
    news: list[str] = []
    seen: list[str] = []

    async def read() -> None:
        since = an_hour_ago + timedelta(minutes=1)
        async for line in user.follow_logs("tank", tail=1, since=since, on_status=news.append):
            seen.append(line.text)

    reader = asyncio.create_task(read())
    try:
        await until(lambda: seen == ["b"], "the backlog")
        await host.stop(grace=0)
        await until(lambda: news, "the follow noticed")
        await host.start(bridge, int(uri.rpartition(":")[2]))
        await supervisor.push_logs_async(["c"])
        await until(lambda: seen == ["b", "c"], "the line pushed after the blip")
        await supervisor.push_logs_async(["d"])
        await until(lambda: len(seen) == 3, "one more line")
        assert seen == ["b", "c", "d"], "nothing the tail left out, nothing twice"
        assert "reconnected" in news[-1]
    finally:
        reader.cancel()
        await host.stop(grace=0)
        await supervisor.close_async()
        await user.close_async()


def test_a_resumed_follow_gets_only_lines_after_the_last_seq_it_saw(bridges, uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    sup.register(pid=1)
    sup.push_logs(["a", "b", "c"])
    boot_id = bridges.apps.logs.boot_id
    with grpc.insecure_channel(uri) as channel:
        stub = pb_grpc.AppControllerStub(channel)

        def first(request: pb.FollowLogsRequest) -> pb.FollowLogsResponse:
            call = stub.FollowLogs(request, timeout=5)
            try:
                return next(call)
            finally:
                call.cancel()

        resumed = first(pb.FollowLogsRequest(app_key="tank", boot_id=boot_id, after_seq=1))
        assert [line.text for line in resumed.lines] == ["b", "c"] and resumed.head_seq == 3
        other_run = first(pb.FollowLogsRequest(app_key="tank", boot_id="another-run", after_seq=2))
        assert [line.text for line in other_run.lines] == ["a", "b", "c"], "seqs of another bridge run mean nothing"
        fresh = first(pb.FollowLogsRequest(app_key="tank", tail=0))
        assert list(fresh.lines) == [] and fresh.head_seq == 3 and fresh.boot_id == boot_id


async def test_a_follower_that_falls_behind_hears_how_many_lines_it_lost():
    store = LogStore(lines_per_app=100)
    with store.follow("tank", max_pending=5) as follower:
        store.append("tank", [(0, "stdout", f"l{i}") for i in range(8)])
        store.append("pump", [(0, "stdout", "not mine")])
        batch, dropped = await asyncio.wait_for(follower.next_batch(), WAIT)
        assert [entry.text for entry in batch] == ["l3", "l4", "l5", "l6", "l7"] and dropped == 3
        store.append("tank", [(0, "stdout", "l8")])
        batch, dropped = await asyncio.wait_for(follower.next_batch(), WAIT)
        assert [entry.text for entry in batch] == ["l8"] and dropped == 0
    assert store.count("tank") == 9 and store.count("pump") == 1


def test_a_big_backlog_is_streamed_in_chunks_of_at_most_a_mebibyte():
    entries = [LogEntry(i, "tank", 0, "stdout", "x" * 100_000) for i in range(25)]
    parts = list(chunks(entries))
    assert [len(part) for part in parts] == [10, 10, 5]
    assert [entry for part in parts for entry in part] == entries


# -- commands -------------------------------------------------------------------------------------


async def test_restart_reaches_the_supervisor_and_returns_after_its_acknowledgement(supervisor, user):
    result = await user.restart_app_async("tank")
    assert [command.action for command in supervisor.commands] == ["restart"]
    assert result.message == "running as pid 4243"
    assert (result.app.state, result.app.pid, result.app.restarts) == ("running", 4243, 1)
    assert result.to_json()["app"]["pid"] == 4243


async def test_stop_then_start_go_through_the_supervisor(supervisor, user):
    stopped = await user.stop_app_async("tank")
    assert (stopped.app.state, stopped.app.pid, stopped.app.last_exit_code) == ("stopped", None, 0)
    assert stopped.app.supervised, "the supervisor stays, ready to start the app again"
    started = await user.start_app_async("tank")
    assert (started.app.state, started.app.pid) == ("running", 4243)
    assert [command.action for command in supervisor.commands] == ["stop", "start"]


async def test_without_a_supervisor_a_command_fails_saying_how_to_start_one(uri, user):
    await AppControllerInterface("tank", uri).register_async(pid=1)
    for call in (user.restart_app_async, user.stop_app_async, user.start_app_async):
        with pytest.raises(AppControllerRejected) as failure:
            await call("tank")
        assert failure.value.code == 503
        assert failure.value.detail == "no supervisor is running app tank (start it with doover run)"
    assert await AppControllerInterface(None, uri).restart_app_async("tank") is None, "without raise_on_error"


async def test_a_supervisor_that_never_acknowledges_makes_the_request_time_out(uri, user):
    silent = await FakeSupervisor(uri, mode="silent").start()
    try:
        started = time.monotonic()
        with pytest.raises(AppControllerRejected) as failure:
            await user.stop_app_async("tank", timeout=0.3)
        assert failure.value.code == 504 and "did not acknowledge stop within 0.3 s" in failure.value.detail
        assert 0.3 <= time.monotonic() - started < 3
        with pytest.raises(AppControllerRejected) as late:
            await silent.iface.ack_command_async(silent.commands[0])
        assert late.value.code == 404 and "is not waiting for an acknowledgement" in late.value.detail
    finally:
        await silent.leave()


async def test_a_supervisor_that_cannot_do_it_says_why(uri, user):
    refusing = await FakeSupervisor(uri, mode="refuse").start()
    try:
        with pytest.raises(AppControllerRejected) as failure:
            await user.restart_app_async("tank")
        assert failure.value.code == 502
        assert failure.value.detail == "the supervisor could not restart app tank: disk full"
    finally:
        await refusing.leave()


# -- supervisors coming and going ---------------------------------------------------------------


async def test_a_supervisor_that_disconnects_leaves_its_app_lost_and_fails_what_was_pending(uri, user):
    live_pid = os.getpid()  # a process that really runs: the app is lost, not ended
    silent = await FakeSupervisor(uri, pid=live_pid, mode="silent").start()
    pending = asyncio.create_task(user.restart_app_async("tank", timeout=WAIT))
    await until(lambda: silent.commands, "the command delivered")
    await silent.leave()
    with pytest.raises(AppControllerRejected) as failure:
        await asyncio.wait_for(pending, WAIT)
    assert failure.value.code == 503
    assert failure.value.detail == "the supervisor of app tank went away before it acknowledged restart"
    app = await user.get_app_async("tank")
    assert (app.state, app.supervised, app.pid, app.uptime_secs) == ("lost", False, live_pid, None)
    assert app.detail == "its supervisor disconnected"
    with pytest.raises(AppControllerRejected, match="no supervisor is running app tank"):
        await user.restart_app_async("tank")


async def test_an_app_stopped_before_its_supervisor_left_stays_stopped(uri, user):
    sup = await FakeSupervisor(uri).start()
    await user.stop_app_async("tank")
    await sup.leave()
    await until(lambda: _not_supervised(user), "the supervisor gone")
    app = await user.get_app_async("tank")
    assert app.state == "stopped" and not app.supervised


async def _not_supervised(user: AppControllerInterface) -> bool:
    return not (await user.get_app_async("tank")).supervised


async def test_a_second_supervisor_takes_over_and_the_first_is_told(uri, user):
    first = await FakeSupervisor(uri).start()
    second = FakeSupervisor(uri, pid=5000)
    try:
        await second.start()
        await until(lambda: first.ended is not None, "the first watch ended")
        assert isinstance(first.ended, AppControllerRejected) and first.ended.code == 409
        assert "another supervisor took over app tank" in first.ended.detail
        result = await user.restart_app_async("tank")
        assert result.message == "running as pid 5001" and first.commands == []
    finally:
        await first.leave()
        await second.leave()


async def test_a_watch_for_an_app_never_registered_ends_with_404(uri):
    stranger = AppControllerInterface("ghost", uri, raise_on_error=True)
    with pytest.raises(AppControllerRejected) as failure:
        async for _ in stranger.watch_commands():
            pass
    assert failure.value.code == 404 and "no app ghost" in failure.value.detail
    await stranger.close_async()


async def test_after_a_bridge_restart_the_supervisor_registers_again_and_followers_resume(bridges, uri):
    supervisor = await FakeSupervisor(uri).start(state="healthy")
    await supervisor.iface.push_logs_async(["before"])
    user = AppControllerInterface(None, uri, raise_on_error=True)
    follow_news: list[str] = []
    seen: list[str] = []

    async def read() -> None:
        async for line in user.follow_logs("tank", on_status=follow_news.append):
            seen.append(line.text)

    reader = asyncio.create_task(read())
    try:
        await until(lambda: seen == ["before"], "the backlog")
        await asyncio.to_thread(bridges.restart)  # same port, a new (empty) App Controller
        await until(supervisor.watched, "the supervisor watching again", timeout=10)
        app = await user.get_app_async("tank")
        assert (app.state, app.pid, app.restarts) == ("healthy", 4242, 0), "registered again with its last status"
        assert any("reconnected" in text for text in supervisor.news)
        await supervisor.iface.push_logs_async(["after"])
        await until(lambda: seen == ["before", "after"], "the follower resumed, no line twice", timeout=10)
        assert any("lost connection to the App Controller" in text for text in follow_news)
        assert (await user.restart_app_async("tank")).message == "running as pid 4243"
    finally:
        reader.cancel()
        await supervisor.leave()
        await user.close_async()


async def test_logs_pushed_to_a_restarted_bridge_register_the_app_again(bridges, uri):
    sup = AppControllerInterface("tank", uri, raise_on_error=True)
    await sup.register_async(4242, "python app.py")
    await sup.report_status_async("unhealthy", detail="no sensor")
    await asyncio.to_thread(bridges.restart)
    assert await sup.push_logs_async(["still here"]) == 1
    app = await sup.get_app_async("tank")
    assert (app.state, app.detail, app.command) == ("unhealthy", "no sensor", ("python", "app.py"))
    assert [line.text for line in await sup.get_logs_async("tank")] == ["still here"]
    await sup.close_async()


async def test_a_lost_app_whose_process_ended_is_listed_as_exited(uri, user):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    supervisor = await FakeSupervisor(uri, pid=int(ended.stdout), mode="silent").start()
    await supervisor.leave()
    app = await user.get_app_async("tank")
    assert (app.state, app.pid) == ("exited", None)
    assert app.detail == "its process ended while no supervisor watched it"


def test_an_app_that_exited_before_its_supervisor_left_is_exited_not_lost():
    from pydoover.bridges.app_controller.registry import AppRegistry

    registry = AppRegistry(LogStore())
    registry.register("tank", pid=os.getpid())
    with registry.watch("tank"):
        registry.report_status("tank", "exited", exit_code=0)
        registry.report_status("tank", "restarting")  # waiting out the backoff when `doover run` stopped
    (app,) = registry.select(["tank"])
    assert (app.state, app.last_exit_code) == ("exited", 0)


def test_a_lost_app_is_forgotten_after_an_hour(monkeypatch):
    from pydoover.bridges.app_controller import registry as registry_module

    registry = registry_module.AppRegistry(LogStore())
    registry.register("tank", pid=os.getpid())
    with registry.watch("tank"):
        pass
    assert [app.state for app in registry.select()] == ["lost"]
    monkeypatch.setattr(registry_module, "LOST_EXPIRY", 0)
    registry.apps["tank"].state_since_ms -= 1
    assert registry.select() == []


# -- removing stale apps --------------------------------------------------------------------------


async def test_a_stale_app_is_removed_with_its_logs_and_a_running_one_is_refused(uri, user):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = await FakeSupervisor(uri, pid=int(ended.stdout), mode="silent").start()
    await stale.iface.push_logs_async(["old line"])
    await stale.leave()
    await until(lambda: _not_supervised(user), "the supervisor gone")
    running = AppControllerInterface("pump", uri, raise_on_error=True)
    await running.register_async(os.getpid(), "python pump.py")
    removed = await user.remove_app_async("tank")
    assert (removed.app_key, removed.state) == ("tank", "exited")
    assert [app.app_key for app in await user.list_apps_async()] == ["pump"]
    assert await user.get_logs_async() == [], "its kept lines went with it"
    with pytest.raises(AppControllerRejected) as failure:
        await user.remove_app_async("pump")
    assert failure.value.code == 409
    assert failure.value.detail == (
        f"app pump is starting and its process (pid {os.getpid()}) still runs; "
        f"end it (kill {os.getpid()}) before removing the app"
    )
    with pytest.raises(AppControllerRejected) as failure:
        await user.remove_app_async("tank")
    assert failure.value.code == 404
    await running.close_async()


async def test_a_supervised_app_cannot_be_removed_even_when_stopped(uri, user):
    sup = await FakeSupervisor(uri).start()
    try:
        await user.stop_app_async("tank")
        with pytest.raises(AppControllerRejected) as failure:
            await user.remove_app_async("tank")
        assert failure.value.code == 409 and "is stopped under a running `doover run`" in failure.value.detail
    finally:
        await sup.leave()
    await until(lambda: _not_supervised(user), "the supervisor gone")
    assert (await user.remove_app_async("tank")).state == "stopped"
