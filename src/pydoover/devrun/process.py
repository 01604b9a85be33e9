"""One app as a child process: started with the device's environment, its output read line by line.

proc = AppProcess("tank", argv, cwd=root, env={"APP_KEY": "tank", ...}, on_line=print_line)
await proc.start()
...
code = await proc.stop()        # SIGTERM, then SIGKILL after the grace period
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable
from pathlib import Path

from .health import wait_healthy

LineCallback = Callable[[str, str, str], None]  # (app_key, "stdout" | "stderr", line)
STOP_GRACE = 5.0


class AppProcess:
    def __init__(self, app_key: str, argv: list[str], cwd: Path, env: dict[str, str], on_line: LineCallback):
        self.app_key = app_key
        self.argv = argv
        self.cwd = cwd
        self.env = env
        self.on_line = on_line
        self.process: asyncio.subprocess.Process | None = None
        self._readers: list[asyncio.Task] = []

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches doover, which stops the app itself
        )
        self._readers = [
            asyncio.create_task(self._pump(self.process.stdout, "stdout")),
            asyncio.create_task(self._pump(self.process.stderr, "stderr")),
        ]

    async def _pump(self, stream: asyncio.StreamReader, name: str) -> None:
        while line := await stream.readline():
            self.on_line(self.app_key, name, line.decode(errors="replace").rstrip("\n"))

    async def wait_healthy(self, port: int, timeout: float) -> bool:
        """True once the app's healthcheck on ``port`` answers 200; False if it ends or ``timeout`` passes."""
        return await wait_healthy(port, lambda: self.running, timeout)

    async def wait(self) -> int:
        """The exit code, once the process has ended and its output is read."""
        code = await self.process.wait()
        await asyncio.gather(*self._readers, return_exceptions=True)
        return code

    async def stop(self, grace: float = STOP_GRACE) -> int | None:
        """SIGTERM (a clean shutdown for run_app), then SIGKILL after ``grace`` seconds."""
        if self.process is None:
            return None
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                return await asyncio.wait_for(self.wait(), grace)
            except TimeoutError:
                self._kill()
            except asyncio.CancelledError:
                self._kill()  # never leave the app running behind us
                raise
        return await self.wait()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
