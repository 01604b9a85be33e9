"""Bounded reads of a child process's stdout, so no test can hang on a silent child."""

from __future__ import annotations

import json
import queue
import subprocess
import threading

_EOF = object()


class LineReader:
    """Pumps ``proc.stdout`` on a thread; :meth:`line` waits at most ``timeout`` seconds."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            if line.strip():
                self._lines.put(line)
        self._lines.put(_EOF)

    def line(self, timeout: float) -> str | None:
        """The next non-blank line, or None when the child is silent that long or has exited."""
        try:
            line = self._lines.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        return None if line is _EOF else line

    def json(self, timeout: float) -> dict:
        """The next line as JSON; fails the test (with the child's stderr) when none comes."""
        line = self.line(timeout)
        if line is None:
            self.fail("no output from the child process in time")
        return json.loads(line)

    def fail(self, what: str):
        stop(self.proc)
        raise AssertionError(f"{what} (exit {self.proc.returncode}):\n{self.proc.stderr.read()[-4000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(5)
