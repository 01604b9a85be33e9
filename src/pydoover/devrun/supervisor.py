"""One app under `doover run`: start it, wait for its first good loop, restart it when asked.

An app that exits by itself is started again after a backoff (1 s doubling to 30 s), as a device's
container restart policy would; a restart request (sources changed, `doover apps restart`) restarts
it at once; a stop request stops it until a start request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .events import SessionEvent
from .health import free_port
from .process import AppProcess

log = logging.getLogger(__name__)

HEALTHY_TIMEOUT = 60.0
MIN_BACKOFF, MAX_BACKOFF = 1.0, 30.0


@dataclass
class AppLaunch:
    """Everything needed to start one app process."""

    app_key: str
    display_name: str
    argv: list[str]
    cwd: Path
    env: dict[str, str]  # the bridge URIs, CONFIG_FP ..., without APP_KEY/HEALTHCHECK_PORT
    pythonpath: Path | None = None
    backend: Callable[..., AppProcess] | None = None  # makes the app's process; a container backend, say


class AppSupervisor:
    def __init__(self, launch: AppLaunch, emit: Callable[[SessionEvent], None], restart_on_exit: bool = True):
        self.launch = launch
        self.emit = emit
        self.restart_on_exit = restart_on_exit  # False under --watch: the next save restarts it
        self.process: AppProcess | None = None
        self.healthcheck_port: int | None = None
        self.state = "stopped"
        self.restarts = 0
        self._backoff = MIN_BACKOFF
        self._requests: asyncio.Queue[str] = asyncio.Queue()
        self._listeners: list[Callable[[str, AppProcess | None], None]] = []
        self._last_stderr = ""

    @property
    def app_key(self) -> str:
        return self.launch.app_key

    def on_state(self, listener: Callable[[str, AppProcess | None], None]) -> None:
        """``listener(state, process)`` on every state change (the App Controller link uses it)."""
        self._listeners.append(listener)

    def request(self, action: str) -> None:
        """Ask for ``restart``, ``stop`` or ``start``; handled in order by :meth:`run`."""
        self._requests.put_nowait(action)

    async def run(self) -> None:
        """Supervise until cancelled (then stop the app)."""
        wanted = True
        try:
            while True:
                action = await (self._run_once() if wanted else self._requests.get())
                if action == "exited":
                    action = await self._after_exit()
                if action == "stop":
                    await self._stop()
                    wanted = False
                    continue
                await self._stop()  # restart, start, or retry after an exit
                if action != "retry":
                    self._backoff = MIN_BACKOFF
                self.restarts += wanted
                wanted = True
        finally:
            await self._stop()

    async def _run_once(self) -> str:
        await self._start()
        return await self._until_exit_or_request()

    async def _after_exit(self) -> str:
        """Wait the backoff (doubling while the app keeps failing), or less if a request comes."""
        if not self.restart_on_exit:
            self.emit(SessionEvent("waiting", self.app_key, "waiting for a change to start again"))
            return await self._requests.get()
        self._set_state("restarting")
        self.emit(SessionEvent("restarting", self.app_key, f"starting again in {self._backoff:g} s"))
        try:
            return await asyncio.wait_for(self._requests.get(), self._backoff)
        except TimeoutError:
            self._backoff = min(self._backoff * 2, MAX_BACKOFF)
            return "retry"

    async def _start(self) -> None:
        self.healthcheck_port = free_port()
        env = {**self.launch.env, "APP_KEY": self.app_key, "HEALTHCHECK_PORT": str(self.healthcheck_port)}
        env["PYTHONUNBUFFERED"] = "1"
        if self.launch.pythonpath is not None:
            env["PYTHONPATH"] = str(self.launch.pythonpath)
        make = self.launch.backend or AppProcess
        self.process = make(self.app_key, self.launch.argv, self.launch.cwd, env, self._on_line)
        started = asyncio.get_running_loop().time()
        await self.process.start()
        self._set_state("starting")
        self.emit(SessionEvent("starting", self.app_key, f"pid {self.process.pid}", {"pid": self.process.pid}))
        asyncio.get_running_loop().create_task(self._report_health(self.process, started))

    async def _report_health(self, process: AppProcess, started: float) -> None:
        if await process.wait_healthy(self.healthcheck_port, HEALTHY_TIMEOUT):
            seconds = asyncio.get_running_loop().time() - started
            self._set_state("healthy")
            self._backoff = MIN_BACKOFF
            self.emit(SessionEvent("healthy", self.app_key, f"first loop done after {seconds:.2f} s",
                                   {"seconds": round(seconds, 3)}))  # fmt: skip
        elif process.running:
            self._set_state("unhealthy")
            self.emit(SessionEvent("unhealthy", self.app_key, f"no good loop within {HEALTHY_TIMEOUT:g} s"))

    async def _until_exit_or_request(self) -> str:
        exit_wait = asyncio.ensure_future(self.process.wait())
        request = asyncio.ensure_future(self._requests.get())
        done, _ = await asyncio.wait({exit_wait, request}, return_when=asyncio.FIRST_COMPLETED)
        if request in done:
            exit_wait.cancel()
            return request.result()
        request.cancel()
        code = exit_wait.result()
        self._set_state("exited")
        why = f": {self._last_stderr}" if code and self._last_stderr else ""  # e.g. the ModuleNotFoundError
        self.emit(SessionEvent("exited", self.app_key, f"exited with code {code}{why}", {"exit_code": code}))
        return "exited"

    async def _stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.running:
            code = await process.stop()
            self.emit(SessionEvent("stopped", self.app_key, f"stopped (exit code {code})", {"exit_code": code}))
        self._set_state("stopped", process)

    def _set_state(self, state: str, process: AppProcess | None = None) -> None:
        self.state = state
        for listener in self._listeners:
            with contextlib.suppress(Exception):
                listener(state, process or self.process)

    def _on_line(self, app_key: str, stream: str, line: str) -> None:
        if stream == "stderr" and line.strip():
            self._last_stderr = line.strip()
        self.emit(SessionEvent("log", app_key, line, {"stream": stream}))
