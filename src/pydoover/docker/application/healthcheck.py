"""The app's healthcheck endpoint: ``GET http://127.0.0.1:PORT/`` answers 200 "OK" when the last
main loop succeeded and 503 "ERROR" otherwise. Plain asyncio; no web framework needed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class HealthcheckServer:
    def __init__(self, is_healthy: Callable[[], bool]):
        self._is_healthy = is_healthy
        self._server: asyncio.Server | None = None

    async def start(self, port: int) -> int | None:
        """Listen on 127.0.0.1:``port`` (0 picks one); returns the port, or None if it is taken."""
        try:
            self._server = await asyncio.start_server(self._answer, HOST, port)
        except OSError as exc:
            log.warning("healthcheck: cannot listen on %s:%s (%s); running without it", HOST, port, exc.strerror)
            return None
        bound = self._server.sockets[0].getsockname()[1]
        log.info("healthcheck on http://%s:%s/", HOST, bound)
        return bound

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            status, body = ("200 OK", b"OK") if self._is_healthy() else ("503 Service Unavailable", b"ERROR")
            head = f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
        writer.close()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
