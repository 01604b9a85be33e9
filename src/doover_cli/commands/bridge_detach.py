"""`doover bridge up --detach` and `doover bridge down`: the bridges in the background, without a
terminal kept open. The detached process is `doover bridge up` itself; a small state file names its
pid and log so `down` (and a second `up --detach`) can find it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .. import exit_codes
from ..errors import CLIError, UsageError
from ..output import Output, note

START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


def state_file() -> Path:
    from pydoover.bridges.state_dir import user_state_dir

    return user_state_dir() / "bridges.json"


def running() -> dict | None:
    """The detached bridges' record (pid, log, uris) while their process lives, else None."""
    try:
        record = json.loads(state_file().read_text())
        pid = int(record["pid"])
        with contextlib.suppress(ChildProcessError):  # started by this very process: reap it if it ended
            os.waitpid(pid, os.WNOHANG)
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record


def start(up_args: list[str], json_output: bool) -> None:
    """Start `doover bridge up UP_ARGS --json` in its own session; return once every bridge listens."""
    already = running()
    if already:
        raise UsageError(
            f"bridges are already running detached (pid {already['pid']}); stop them with `doover bridge down`"
        )
    log_path = state_file().with_suffix(".log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "doover_cli", "bridge", "up", *up_args, "--json"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    listeners = _wait_listening(proc, log_path)
    state_file().write_text(json.dumps({"pid": proc.pid, "log": str(log_path), "listeners": listeners}))
    out = Output(json_output)
    for item in listeners:
        out.record(item, f"{item['bridge']:<10} listening on {item['uri']}  ({item['detail']})")
    note(f"bridges running in the background (pid {proc.pid}, log {log_path}); stop them with `doover bridge down`")


def _wait_listening(proc: subprocess.Popen, log_path: Path) -> list[dict]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        lines = log_path.read_text(errors="replace").splitlines()
        if any("bridges running" in line for line in lines):
            return [record for record in map(_record, lines) if record and record.get("event") == "listening"]
        if proc.poll() is not None:
            reason = next((line for line in reversed(lines) if "error" in line), f"exit code {proc.returncode}")
            raise CLIError(f"the bridges did not start: {reason.removeprefix('doover: error: ')}")
        time.sleep(0.1)
    proc.terminate()
    raise CLIError(f"the bridges did not start within {START_TIMEOUT:g} s; see {log_path}", exit_codes.TIMEOUT)


def _record(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def stop(json_output: bool) -> None:
    """SIGTERM the detached bridges and wait for them to finish (their store is closed cleanly)."""
    record = running()
    if record is None:
        state_file().unlink(missing_ok=True)
        raise CLIError("no detached bridges are running (start them with `doover bridge up --detach`)")
    pid = int(record["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while running() is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if running() is not None:
        raise CLIError(f"the bridges (pid {pid}) did not stop within {STOP_TIMEOUT:g} s", exit_codes.TIMEOUT)
    state_file().unlink(missing_ok=True)
    Output(json_output).result({"stopped": pid}, f"stopped the detached bridges (pid {pid})")
