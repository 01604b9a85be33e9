"""Keeping the App Controller bridge told about one supervised app, and taking its users' commands.

`doover apps ps|logs|restart|stop|start` then see and drive what `doover run` runs: the link
registers every process the supervisor starts, reports each state change, forwards the app's
output in small batches, and turns start/stop/restart commands into supervisor requests,
acknowledging each once the supervisor has acted on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from ..docker.app_controller import AppControllerInterface
from ..docker.app_controller.values import LogLine
from .events import SessionEvent
from .process import AppProcess
from .supervisor import AppSupervisor

log = logging.getLogger(__name__)

FLUSH_EVERY = 0.25  # seconds between log batches
ACK_TIMEOUT = 15.0
DONE_STATES = {"start": ("starting",), "restart": ("starting",), "stop": ("stopped",)}


class ControllerLink:
    def __init__(self, apps_uri: str, supervisor: AppSupervisor):
        self.supervisor = supervisor
        self.iface = AppControllerInterface(supervisor.app_key, apps_uri)
        self._updates: asyncio.Queue[tuple[str, AppProcess | None]] = asyncio.Queue()
        self._lines: list[LogLine] = []
        self._state_changed = asyncio.Condition()
        self._reported: list[str] = []  # every state reported, in order
        supervisor.on_state(lambda state, process: self._updates.put_nowait((state, process)))

    def on_event(self, event: SessionEvent) -> None:
        if event.kind == "log" and event.app == self.supervisor.app_key:
            stamp = datetime.fromtimestamp(event.time, UTC)
            self._lines.append(LogLine(event.message, event.data.get("stream", "stdout"), stamp))

    async def run(self) -> None:
        tasks = [asyncio.create_task(job()) for job in (self._report, self._flush, self._watch)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._flush_now()
            await self.iface.close_async()

    async def _report(self) -> None:
        launch = self.supervisor.launch
        while True:
            state, process = await self._updates.get()
            pid = process.pid if process is not None else None
            if state == "starting" and pid is not None:
                await self.iface.register_async(pid, launch.argv, str(launch.cwd), launch.display_name)
            exit_code = process.process.returncode if process is not None and process.process else None
            await self.iface.report_status_async(state, pid=pid, exit_code=exit_code)
            async with self._state_changed:
                self._reported.append(state)
                self._state_changed.notify_all()

    async def _flush(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY)
            await self._flush_now()

    async def _flush_now(self) -> None:
        if self._lines and self.iface.knows(self.supervisor.app_key):
            batch, self._lines = self._lines, []
            await self.iface.push_logs_async(batch)

    async def _watch(self) -> None:
        while not self.iface.knows(self.supervisor.app_key):  # registered once the first process starts
            await asyncio.sleep(0.05)
        with contextlib.suppress(Exception):  # a newer supervisor took over: stop listening
            async for command in self.iface.watch_commands():
                await self._carry_out(command)

    async def _carry_out(self, command) -> None:
        if command.action not in DONE_STATES:
            await self.iface.ack_command_async(command, False, f"unknown action {command.action!r}")
            return
        async with self._state_changed:
            seen = len(self._reported)
            self.supervisor.request(command.action)
            acted = lambda: any(state in DONE_STATES[command.action] for state in self._reported[seen:])  # noqa: E731
            try:
                await asyncio.wait_for(
                    self._state_changed.wait_for(acted),
                    command.timeout_secs or ACK_TIMEOUT,
                )
            except TimeoutError:
                await self.iface.ack_command_async(command, False, f"the app did not {command.action} in time")
                return
        pid = self.supervisor.process.pid if self.supervisor.process else None
        done = {"stop": "stopped", "start": f"started as pid {pid}", "restart": f"restarted as pid {pid}"}
        await self.iface.ack_command_async(command, True, done[command.action])
