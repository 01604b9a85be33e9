"""Waiting for an app's healthcheck (``GET http://127.0.0.1:PORT/`` answers 200 after a good loop)."""

from __future__ import annotations

import asyncio
import contextlib
import socket

POLL = 0.05


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def http_status(port: int, timeout: float = 1.0) -> int | None:
    """The healthcheck's status code, or None when nothing answers."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    except (OSError, TimeoutError):
        return None
    try:
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
        parts = line.split()
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None
    except (OSError, TimeoutError):
        return None
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def wait_healthy(port: int, still_running, timeout: float) -> bool:
    """True once the healthcheck answers 200; False if the process ends or ``timeout`` passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline and still_running():
        if await http_status(port) == 200:
            return True
        await asyncio.sleep(POLL)
    return False
