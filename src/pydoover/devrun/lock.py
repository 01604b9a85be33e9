"""One `doover run` per app: a lock held for the session's life, naming its pid.

A second session supervising the same app key on the same App Controller would take over the
first one's registration; the lock refuses it up front. The lock is an ``flock`` on a small file,
so it disappears with its process however that process ends (even ``kill -9``).

    with SessionLock("127.0.0.1:50052", ["tank"]):
        ...   # raises SessionLocked("app tank is already running under `doover run` (pid 4242)")
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from pathlib import Path

from ..bridges.state_dir import user_state_dir


class SessionLocked(Exception):
    """Another live `doover run` supervises one of the apps."""


def lock_path(apps_uri: str, app_key: str, folder: Path | None = None) -> Path:
    digest = hashlib.sha1(f"{apps_uri}\0{app_key}".encode()).hexdigest()[:16]
    return (folder or user_state_dir() / "run") / f"{digest}.lock"


class SessionLock:
    def __init__(self, apps_uri: str, app_keys: list[str], folder: Path | None = None):
        self.paths = {key: lock_path(apps_uri, key, folder) for key in app_keys}
        self._files: list = []

    def acquire(self) -> None:
        try:
            for key, path in self.paths.items():
                self._files.append(_lock(path, key))
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        for handle in self._files:
            with contextlib.suppress(OSError):
                handle.close()  # closing drops the flock
        self._files.clear()

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _lock(path: Path, app_key: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held open for the session's life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        pid = handle.read().strip() or "unknown"
        handle.close()
        raise SessionLocked(
            f"app {app_key} is already running under `doover run` (pid {pid}); "
            "stop that session first, or run this one with another --app-key"
        ) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle
