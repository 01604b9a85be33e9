"""An image's build context as a stream of tar chunks, packed while the engine already reads it.

    name, chunks = context_stream(root, "Dockerfile")
    client.api.build(fileobj=chunks, custom_context=True, dockerfile=name, ...)

The tar is the Docker SDK's own (``docker.utils.build.tar``: .dockerignore honoured the same way, the
same files and headers); only it goes to the engine as it is packed instead of through a temporary
file written in full first. A build with nothing changed spends most of its time sending the context.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Iterator
from typing import Any, cast

CHUNK = 64 * 1024  # small pieces keep the engine reading while the next files are packed
QUEUED = 64  # chunks packed ahead of the upload at most (4 MiB)


def context_stream(root: str, dockerfile: str = "Dockerfile") -> tuple[str, Iterator[bytes]]:
    """The Dockerfile's name in the context, and the build context of ``root`` (as
    ``client.api.build(path=root)`` would send it) chunk by chunk."""
    from docker.api.build import process_dockerfile

    named = process_dockerfile(dockerfile, root)
    return cast(str, named[0]), _chunks(root, named)


def _chunks(root: str, named: tuple[Any, ...]) -> Iterator[bytes]:
    from docker.utils.build import tar

    pipe = _Pipe()
    exclude = dockerignore(root)

    def pack() -> None:
        try:
            tar(root, exclude=exclude, dockerfile=named, fileobj=pipe)  # pyright: ignore[reportArgumentType]  # docker's stubs are narrower than its code
            pipe.flush()
            pipe.put(None)
        except _Cancelled:
            pass
        except BaseException as exc:  # handed to the reading side, which raises it
            with contextlib.suppress(_Cancelled):
                pipe.put(exc)

    threading.Thread(target=pack, name="doover-build-context", daemon=True).start()
    try:
        while (chunk := pipe.chunks.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
    finally:
        pipe.cancelled = True  # the upload stopped (the engine refused, or Ctrl-C): the packer stops too


def dockerignore(root: str) -> list[str] | None:
    """The patterns of ``root/.dockerignore``, read as the Docker SDK reads them (None without one)."""
    path = os.path.join(root, ".dockerignore")
    if not os.path.exists(path):
        return None
    with open(path) as file:
        return [line for line in (raw.strip() for raw in file.read().splitlines()) if line and line[0] != "#"]


class _Cancelled(Exception):
    pass


class _Pipe:
    """The file ``tarfile`` writes to: gathers its writes into chunks for the upload."""

    def __init__(self) -> None:
        self.chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=QUEUED)
        self.parts: list[bytes] = []
        self.size = 0
        self.position = 0
        self.cancelled = False

    def put(self, item) -> None:
        while True:
            if self.cancelled:
                raise _Cancelled
            try:
                return self.chunks.put(item, timeout=0.2)
            except queue.Full:
                continue

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        self.position += len(data)
        if self.size >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.parts:
            self.put(b"".join(self.parts))
            self.parts, self.size = [], 0

    def tell(self) -> int:
        return self.position

    def seek(self, *args) -> int:  # the SDK rewinds its temporary file when done: nothing to rewind here
        return self.position
