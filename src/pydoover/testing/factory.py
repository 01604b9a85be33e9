"""AppFactory: what the ``doover_app`` fixture gives a test, to start apps against its bridges.

    harness = await doover_app(PumpApp, config={"start_level": 40.0}, schema=PumpConfig, app_key="pump")
    harness = doover_app.sync(PumpApp, config="simulators/app_config.json")   # in a plain test

``app`` is an Application subclass (built as ``App(config=schema, app_key=..., test_mode=True)``)
or an instance you built yourself (put in test mode). ``config`` is a dict of config keys, the
path of a JSON file of them (relative paths are looked up in the project root, then beside the
test file), or None (no deployment entry: the app runs on its Schema's defaults). It is checked
against the app's Schema first, so a bad config fails with every problem listed, naming its
source, before the app starts; then it is written to ``deployment_config`` as a deployment does.

Functions a test calls set ``__tracebackhide__``, so a failure is reported at the test's line.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from ..docker.application import Application
from ..docker.application.deployment import META_KEYS, InvalidConfig, read_config_file
from ..docker.application.run import RunSettings, configure
from .bridges import LocalBridges
from .harness import AppHarness, running_loop

ConfigSource = dict[str, Any] | str | Path | None


class AppFactory:
    """Start apps under test; stops every one of them at :meth:`close` (the fixture's teardown)."""

    def __init__(self, bridges: LocalBridges, roots: Sequence[Path] = (), timeout: float = 10.0):
        self.bridges = bridges
        self.roots = [Path(root) for root in roots] or [Path.cwd()]
        self.timeout = timeout
        self.harnesses: list[AppHarness] = []

    async def __call__(
        self,
        app: type[Application] | Application,
        config: ConfigSource = None,
        *,
        app_key: str | None = None,
        schema: Any = None,
        timeout: float | None = None,
    ) -> AppHarness:
        """Start ``app`` on the test's event loop; return its harness once ``setup()`` is done."""
        __tracebackhide__ = True
        instance, settings = self._prepare(app, config, app_key, schema)
        harness = self._harness(instance, asyncio.get_running_loop(), timeout)
        await harness._start(settings)
        return harness

    def sync(
        self,
        app: type[Application] | Application,
        config: ConfigSource = None,
        *,
        app_key: str | None = None,
        schema: Any = None,
        timeout: float | None = None,
    ) -> AppHarness:
        """For plain (non-async) tests: run the app on its own event loop thread; use the ``*_sync`` methods."""
        __tracebackhide__ = True
        if running_loop() is not None:
            raise RuntimeError("doover_app.sync() is for plain tests; in an async test use `await doover_app(...)`")
        instance, settings = self._prepare(app, config, app_key, schema)
        thread = LoopThread()
        harness = self._harness(instance, thread.loop, timeout, on_close=thread.close)
        thread.run(harness._start(settings), harness.timeout + 5)
        return harness

    def close(self) -> None:
        """Stop every app started here, the last one first."""
        while self.harnesses:
            self.harnesses.pop().close()

    def _prepare(
        self, app: Any, config: ConfigSource, app_key: str | None, schema: Any
    ) -> tuple[Application, dict[str, Any] | None]:
        __tracebackhide__ = True
        instance = build_app(app, schema)
        key = app_key or instance.app_key or snake_case(type(instance).__name__)
        uris: dict[str, str | None] = {
            "dda": self.bridges.dda_uri,
            "platform": self.bridges.plt_uri,
            "modbus": self.bridges.modbus_uri,
        }
        uris["camera"] = self.bridges.cam_uri
        configure(instance, RunSettings(key, uris, remote=None, config_fp=None, healthcheck_port=0, debug=False))
        settings, source = self._settings(config)
        if settings is not None:
            check_config(instance.config, settings, source)
        return instance, settings

    def _harness(
        self,
        app: Application,
        loop: asyncio.AbstractEventLoop,
        timeout: float | None,
        on_close: Callable[[], None] | None = None,
    ) -> AppHarness:
        harness = AppHarness(app, self.bridges, loop, timeout=timeout or self.timeout, on_close=on_close)
        self.harnesses.append(harness)  # registered before it starts, so a failed start is cleaned up too
        return harness

    def _settings(self, config: ConfigSource) -> tuple[dict[str, Any] | None, str]:
        __tracebackhide__ = True
        if config is None or isinstance(config, dict):
            return config, "the config given to doover_app"
        if isinstance(config, str | Path):
            path = find_file(config, self.roots)
            return read_config_file(path), str(config)
        raise TypeError(f"config must be a dict, a JSON file path or None, not {type(config).__name__}")


def build_app(app: Any, schema: Any = None) -> Application:
    """An Application in test mode from a subclass (given ``schema``) or an instance."""
    if isinstance(app, type) and issubclass(app, Application):
        return app(config=schema() if isinstance(schema, type) else schema, test_mode=True)
    if isinstance(app, Application):
        if schema is not None:
            raise TypeError("schema= is for an app class; this app instance has its config already")
        app.test_mode = True
        return app
    raise TypeError(f"doover_app needs an Application subclass or instance, not {app!r}")


def check_config(schema: Any, settings: dict[str, Any], source: str) -> None:
    """Raise :class:`InvalidConfig` listing every problem when ``settings`` do not fit ``schema``."""
    __tracebackhide__ = True
    if schema is None:
        return
    from ..config.validation import ConfigError, check

    try:
        check(schema, {key: value for key, value in settings.items() if key not in META_KEYS}, source=source)
    except ConfigError as exc:
        raise InvalidConfig(str(exc)) from None


def find_file(path: str | os.PathLike[str], roots: Sequence[Path]) -> Path:
    """``path`` if absolute, else the first ``root / path`` that exists."""
    __tracebackhide__ = True
    path = Path(path)
    candidates = [path] if path.is_absolute() else list(dict.fromkeys(root / path for root in roots))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{path}: no such file (looked for {', '.join(map(str, candidates))})")


def snake_case(name: str) -> str:
    """``PumpApp`` -> ``pump_app``: the app key used when none is given."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class LoopThread:
    """An event loop on a daemon thread, for apps started by plain tests."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="doover-app-loop", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        """Cancel what is left on the loop, shut its executor down, stop and close it."""
        if self.loop.is_closed():
            return
        with contextlib.suppress(Exception):
            self.run(_cancel_others(), 10)
            self.run(self.loop.shutdown_default_executor(), 10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self.loop.close()


async def _cancel_others() -> None:
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=5)
