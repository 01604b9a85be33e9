"""Bridge clients shared by every command of one `doover shell` session.

    with clients.session():                                        # what `doover shell` does
        iface = clients.client("platform", uri, make, timeout=7.0)   # the same object on every call
        iface.close()                                              # a no-op while the session lives
        layout = clients.remember(("layout", uri), iface.fetch_layout)
    # leaving the session really closes every client

Outside a session :func:`client` calls ``factory`` every time and :func:`remember` computes every
time, so a one-shot `doover ...` command behaves exactly as before. The clients are the SDK's
:class:`~pydoover.docker.grpc_interface.GRPCInterface` objects: one persistent gRPC channel each,
which reconnects by itself when a bridge comes back. The shell calls :func:`forget` after a command
found a bridge unreachable, so the next command starts from a fresh client and a fresh layout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")

_clients: dict[tuple[str, str], Any] | None = None  # (kind, uri) -> client; None outside a session
_values: dict[Hashable, Any] = {}  # what remember() computed this session


def active() -> bool:
    """True while a shell session is open."""
    return _clients is not None


@contextmanager
def session() -> Iterator[None]:
    """Share clients and remembered values until the block ends; then close every client."""
    global _clients
    _clients = {}
    try:
        yield
    finally:
        close_all()
        _clients = None


def client(kind: str, uri: str, factory: Callable[[], T], timeout: float | None = None) -> T:
    """The session's client of bridge ``kind`` at ``uri`` (made by ``factory`` the first time).

    ``timeout`` becomes the client's per-call deadline on every hand-out, so each command's
    ``--deadline`` applies to the shared client.
    """
    if _clients is None:
        return factory()
    instance = _clients.get((kind, uri))
    if instance is None:
        instance = _clients[(kind, uri)] = _keep_open(factory())
    if timeout is not None:
        instance.timeout = timeout
    return instance


def bridge_client(
    bridge: str, explicit: str | None, remote: str | None, deadline: float = 7.0, kind: type | None = None
):
    """The SDK client every command uses for ``bridge`` (any name of pydoover.endpoints): its address
    from the option or env value, ``--remote`` and the defaults (a bad one is a usage error), the
    command's deadline, failures raised as BridgeError; one per bridge for a `doover shell` session.
    ``kind``: a subclass of the bridge's client to make instead (the Modbus commands' own)."""
    from .targets import resolve_uri

    uri = resolve_uri(bridge, explicit, remote)

    def make():
        from pydoover import docker

        if bridge == "dda":
            return docker.DeviceAgentInterface("doover-cli", uri, dda_timeout=deadline, raise_on_error=True)
        made = kind or CLIENT_CLASSES[bridge](docker)
        app_key = "doover-cli" if bridge in ("platform", "modbus") else None
        return made(app_key, uri, timeout=deadline, raise_on_error=True)

    return client(bridge, uri, make, timeout=deadline)


# The SDK client class of each bridge but the DDA (whose constructor differs), looked up lazily.
CLIENT_CLASSES: dict[str, Callable[[Any], type]] = {
    "platform": lambda docker: docker.PlatformInterface,
    "apps": lambda docker: docker.AppControllerInterface,
    "modbus": lambda docker: docker.ModbusInterface,
    "camera": lambda docker: docker.CameraInterface,
}


def holds(uri: str) -> bool:
    """True when the session has a client of the bridge at ``uri`` (a command has used it)."""
    return any(key[1] == uri for key in _clients or {})


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per session (a result of None is not kept); every time outside one."""
    if _clients is None:
        return compute()
    if key not in _values:
        value = compute()
        if value is None:
            return value
        _values[key] = value
    return _values[key]


def forget(uri: str | None = None) -> None:
    """Close and drop the clients of the bridge at ``uri`` (every bridge when None), and the values
    remembered under a key naming it, so the next command reconnects and re-reads them."""
    for key in [key for key in (_clients or {}) if uri is None or key[1] == uri]:
        _really_close(_clients.pop(key))
    for key in [key for key in _values if uri is None or (isinstance(key, tuple) and uri in key)]:
        del _values[key]


def close_all() -> None:
    """Close every client of the session and forget every remembered value."""
    forget()
    _values.clear()


def _keep_open(instance: T) -> T:
    """Make ``close()`` a no-op and ``close_async()`` close only the running loop's aio channel:
    commands close their client when done, but the session keeps the sync channel for the next one."""

    async def close_async() -> None:
        for counter in list(getattr(instance, "counters", ())):  # a PlatformInterface's pulse counters
            counter.stop()
        aio, instance._aio = instance._aio, None  # (loop, channel, stub) of GRPCInterface
        if aio is not None and aio[0] is asyncio.get_running_loop():
            await aio[1].close()

    instance.close = lambda: None
    instance.close_async = close_async
    return instance


def _really_close(instance: Any) -> None:
    with suppress(Exception):  # closing a channel to a bridge that is gone must not fail a command
        type(instance).close(instance)  # the class's close, not the session's no-op
