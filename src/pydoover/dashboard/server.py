"""Serving the dashboard with uvicorn: alone (``doover dashboard``) or beside a dev session
(``doover run --dashboard``), printing its URL once it listens.

    server = DashboardServer(Targets.from_uris({}), host="127.0.0.1", port=8000)
    asyncio.run(server.serve())                 # until Ctrl-C
    await server.alongside(session.run())       # or: while another coroutine runs
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import webbrowser
from collections.abc import Awaitable, Callable
from typing import Any

from ..endpoints import DASHBOARD_PORT
from .guard import new_token
from .targets import Targets, is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = DASHBOARD_PORT


class DashboardStartError(RuntimeError):
    """The dashboard could not listen (the port is busy, the host is not this machine's)."""


class DashboardServer:
    """One dashboard on ``host:port`` (port 0 picks a free one); a token is made when not on loopback."""

    def __init__(
        self,
        targets: Targets,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        open_browser: bool = False,
        on_url: Callable[[str], None] = print,
        cameras: Any = None,
    ):
        import uvicorn

        from .web import close_streams, create_app, running

        self.token = None if is_loopback(host) else new_token()
        self.open_browser, self.on_url = open_browser, on_url
        app = create_app(targets, self.token, cameras)
        self._running = lambda: running(app)
        self._close_streams = lambda: close_streams(app)
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign, assignment]  # pyright: ignore[reportAttributeAccessIssue]  # Ctrl-C belongs to the command (and its session)
        self.url: str | None = None
        self._sock: socket.socket | None = None

    async def serve(self) -> None:
        """Listen until cancelled; raise DashboardStartError when the address cannot be bound."""
        sock = self.bind()
        async with self._running():
            task = asyncio.create_task(self.server.serve(sockets=[sock]))
            try:
                while not self.server.started and not task.done():
                    await asyncio.sleep(0.05)
                if self.server.started:
                    self._announce(sock)
                await asyncio.shield(task)  # cancelling serve() stops the server gracefully, below
            finally:
                self._close_streams()
                self.server.should_exit = True
                await asyncio.gather(task, return_exceptions=True)
                sock.close()
                self._sock = None

    async def alongside(self, main: Awaitable) -> Any:
        """Run ``main`` with the dashboard beside it; stop the dashboard when ``main`` ends."""
        dashboard = asyncio.create_task(self.serve())
        try:
            return await main
        finally:
            dashboard.cancel()
            await asyncio.gather(dashboard, return_exceptions=True)

    def bind(self) -> socket.socket:
        """Take the address now (once), so a busy port is reported before anything else starts."""
        if self._sock is not None:
            return self._sock
        config = self.server.config
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((config.host, config.port))
        except OSError as exc:
            sock.close()
            raise DashboardStartError(
                f"the dashboard cannot listen on {config.host}:{config.port}: {exc.strerror} "
                "(choose another --port, or --host)"
            ) from None
        self._sock = sock
        return sock

    def _announce(self, sock: socket.socket) -> None:
        host, port = sock.getsockname()[:2]
        host = f"[{host}]" if ":" in host else host
        self.url = f"http://{host}:{port}/" + (f"?token={self.token}" if self.token else "")
        self.on_url(self.url)
        if self.open_browser:
            webbrowser.open(self.url)
