"""One app as a container: the same face as devrun's AppProcess, so the supervisor, the App Controller
link and `doover apps` treat both alike.

    backend = ContainerBackend(client, "tank:latest")
    proc = backend("tank", argv, cwd, {"APP_KEY": "tank", "DDA_URI": ...}, on_line)
    await proc.start(); ...; code = await proc.stop()   # stopped (SIGTERM, then SIGKILL) and removed

Containers use the host's network, as app containers on a device do, so the bridges' and the
healthcheck's 127.0.0.1 addresses mean the same inside and out. Each carries labels naming the
session that owns it, so one left by a killed session is found and removed by the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..devrun.process import STOP_GRACE, AppProcess, LineCallback

LABEL = "com.doover.run"  # on every container `doover run` starts; the value names its owner
APP_LABEL = "com.doover.app"
PASSED_ON = ("DOOVER_STRICT_CONFIG",)  # settings of the session an app process inherits; a container gets them too
HEALTH_POLL = 1.0  # seconds between asking a remote engine for a container's health


def owner() -> str:
    """This session's owner label: host and pid (a leftover's owner is a process that is gone)."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ContainerProcess:
    """What the supervisor's listeners read of a process: its pid and, once it ended, its exit code."""

    pid: int | None
    returncode: int | None = None


class ContainerBackend:
    """Makes AppContainers of one image on one engine (the supervisor calls it as it would AppProcess)."""

    def __init__(self, client, image: str, rebuild: Callable[[], None] | None = None, remote: bool = False):
        self.client = client
        self.image = image
        self.remote = remote  # another machine's engine: its healthcheck port is not ours to probe
        self.argv = [image]  # what the App Controller shows as the app's command
        self.rebuild = rebuild  # builds the image again (cached steps: quick) before every start but the first
        self.starts = 0

    def __call__(self, app_key: str, argv, cwd: Path, env: dict[str, str], on_line: LineCallback) -> AppContainer:
        self.starts += 1
        rebuild = self.rebuild if self.starts > 1 else None
        return AppContainer(self.client, self.image, app_key, argv, cwd, env, on_line, rebuild, self.remote)


class AppContainer(AppProcess):
    """An AppProcess whose process is a container (``pid`` and ``running`` read ``self.process`` alike)."""

    def __init__(self, client, image, app_key, argv, cwd, env, on_line: LineCallback, rebuild=None, remote=False):
        env = {key: value for key, value in env.items() if key != "PYTHONPATH"}  # host paths mean nothing inside
        env.update({key: os.environ[key] for key in PASSED_ON if key in os.environ})
        super().__init__(app_key, argv, cwd, env, on_line)
        self.client = client
        self.rebuild = rebuild
        self.image = image
        self.container = None
        self.process: ContainerProcess | None = None
        self.remote = remote
        self._ended: asyncio.Future[int] | None = None
        self._claim = threading.Lock()  # the starting thread and stop() agree on who removes the container
        self._abandoned = False  # stopped or cancelled while starting: the container made is removed at once

    async def start(self) -> None:
        """Start the container; a failure to start (the engine refused, the image is gone) is reported
        as the app's output and an exit, so the supervisor retries as for an app that crashed."""
        loop = asyncio.get_running_loop()
        self._ended = loop.create_future()
        self.process = ContainerProcess(None)
        try:
            if self.rebuild is not None:
                await asyncio.to_thread(self.rebuild)
            container = await self._create()
        except Exception as exc:  # DockerException, ContainerError: told as a line, like a crash
            self.on_line(self.app_key, "stderr", f"doover: the container did not start: {' '.join(str(exc).split())}")
            self._remove()  # made, then gone wrong: not left behind
            self._end(-1)
            return
        if container is None:  # stopped while starting: the container it made is removed
            self._end(-1)
            return
        self.process.pid = container.attrs["State"].get("Pid") or None
        threading.Thread(target=self._follow, args=(loop,), name=f"logs-{self.app_key}", daemon=True).start()

    async def _create(self):
        """The started container; if cancelled meanwhile, the container the engine makes is removed
        (by the starting thread itself: the clean-up needs no await a second cancel could cut short)."""
        try:
            return await asyncio.to_thread(self._run)
        except asyncio.CancelledError:
            self._abandon()
            self._end(-1)
            raise

    def _abandon(self) -> None:
        """No container of this start may stay: the one made already is removed, a later one by its thread."""
        with self._claim:
            self._abandoned = True
            made = self.container
        if made is not None:
            self._remove()

    def _run(self):
        """In a thread: the started container, or None (and no container) if abandoned meanwhile."""
        if self._abandoned:
            return None
        container = self._start_container()
        with self._claim:
            abandoned = self._abandoned
            if not abandoned:
                self.container = container
        if abandoned:
            with contextlib.suppress(Exception):
                container.remove(force=True)
            return None
        container.reload()
        return container

    def _start_container(self):
        return self.client.containers.run(
            self.image,
            detach=True,
            network_mode="host",
            environment=self.env,
            labels={LABEL: owner(), APP_LABEL: self.app_key},
            name=f"doover-{self.app_key.replace('_', '-')}-{os.getpid()}-{id(self) % 10000}",
            stop_signal="SIGTERM",
        )

    def _follow(self, loop: asyncio.AbstractEventLoop) -> None:
        """In a thread: the container's output line by line, then its exit code; then it is removed."""
        code = -1
        try:
            errors = threading.Thread(target=self._pump, args=(loop, "stderr"), daemon=True)
            errors.start()
            self._pump(loop, "stdout")
            errors.join()
            code = self.container.wait().get("StatusCode", -1)
        except Exception:  # the engine went away: the app is as good as ended
            code = -1
        finally:
            self._remove()
            with contextlib.suppress(RuntimeError):  # the session's loop is closed already
                loop.call_soon_threadsafe(self._end, code)

    def _pump(self, loop: asyncio.AbstractEventLoop, stream: str) -> None:
        """One of the container's streams until it ends (followed logs end when the container does)."""
        with contextlib.suppress(Exception):
            chunks = self.client.api.logs(self.container.id, stdout=stream == "stdout", stderr=stream == "stderr",
                                          stream=True, follow=True)  # fmt: skip
            pending = b""
            for chunk in chunks:
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    loop.call_soon_threadsafe(self._line, stream, line)
            if pending:
                loop.call_soon_threadsafe(self._line, stream, pending)

    async def wait_healthy(self, port: int, timeout: float) -> bool:
        """On this machine's engine, the healthcheck port (as for a process: the host's network); on
        another machine's, the container's own HEALTHCHECK as its engine reports it."""
        if not self.remote:
            return await super().wait_healthy(port, timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline and self.running:
            if await asyncio.to_thread(self._health) == "healthy":
                return True
            await asyncio.sleep(HEALTH_POLL)
        return False

    def _health(self) -> str | None:
        try:
            self.container.reload()
        except Exception:
            return None
        return (self.container.attrs["State"].get("Health") or {}).get("Status")

    def _line(self, stream: str, line: bytes) -> None:
        self.on_line(self.app_key, stream, line.decode(errors="replace").rstrip("\r"))

    def _end(self, code: int) -> None:
        if self.process is not None:
            self.process.returncode = code
        if self._ended is not None and not self._ended.done():
            self._ended.set_result(code)

    async def wait(self) -> int:
        """The exit code, once the container has ended and its output is read."""
        return await asyncio.shield(self._ended)

    async def stop(self, grace: float = STOP_GRACE) -> int | None:
        """SIGTERM, SIGKILL after ``grace`` seconds (the engine does both), then removed."""
        if self.process is None:
            return None
        if self.container is None:  # it never started, or is starting: the container it makes is removed
            self._abandon()
            self._end(-1)
        elif self.running:
            try:
                await asyncio.to_thread(self._stop, grace)
            except asyncio.CancelledError:
                self._remove()  # never leave the app running behind us
                raise
        try:
            return await asyncio.wait_for(self.wait(), grace + STOP_GRACE)
        except TimeoutError:  # the engine stopped answering: remove it, and count it as killed
            await asyncio.to_thread(self._remove)
            return -9

    def _stop(self, grace: float) -> None:
        with contextlib.suppress(Exception):
            self.container.stop(timeout=int(max(grace, 1)))

    def _remove(self) -> None:
        with contextlib.suppress(Exception):
            self.container.remove(force=True)


def remove_leftovers(client) -> list[str]:
    """Remove containers of sessions on this host whose `doover` process is gone; their names."""
    host = socket.gethostname()
    removed = []
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        owner_host, _, pid = container.labels.get(LABEL, "").rpartition(":")
        if owner_host == host and pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(Exception):
                container.remove(force=True)
                removed.append(container.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
