"""AppHarness: one app under test, running against local bridges, stepped one main loop at a time.

You get one from the ``doover_app`` fixture (see :mod:`pydoover.testing.plugin`)::

    harness = await doover_app(PumpApp, config={"start_level": 40.0}, app_key="pump")
    harness.force_ai(0, 6.0)             # the tank sensor reads 6 mA
    await harness.step()                 # one main_loop()
    assert harness.get_do(0) is True     # the pump runs

Methods that wait for the app (``step``, ``publish``, ``set_tag``, ``ui_command``, ``until``,
``stop``) are awaited in async tests; their ``*_sync`` twins block, for plain tests whose harness
came from ``doover_app.sync(...)``. Reads and forces (``get_do``, ``force_di``, ``channel``,
``tag``...) are plain calls everywhere. Every wait is bounded by the harness's ``timeout``.

Functions a test calls set ``__tracebackhide__``, so a failure is reported at the test's line.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from time import monotonic
from typing import Any, cast

from ..bridges.modbus.field_device import FieldDevice
from ..bridges.platform.simcontrol import SimulationClient
from ..docker.application import Application
from ..docker.device_agent import DeviceAgentInterface
from ..docker.platform import PlatformInterface
from ..ui.commands import parse_cmds
from ..utils.diff import diff_within
from .bridges import LocalBridges

log = logging.getLogger(__name__)

POLL = 0.01  # seconds between checks of a condition
TAGS = "tag_values"
UI_CMDS = "ui_cmds"
DEPLOYMENT = "deployment_config"
TAG_MAX_AGE = 3600
CLIENT_KEY = "doover_test"  # the app key the harness's own clients present


class AppStopped(RuntimeError):
    """The app under test is not running: its start-up failed, or it was stopped."""


class AppHarness:
    """An app in test mode plus the clients a test needs to drive and observe it.

    Attributes: ``app`` (the Application), ``bridges`` (the LocalBridges), ``agent`` and
    ``platform`` (sync DDA and Platform clients), ``sim`` (a SimulationClient), ``timeout``.
    """

    def __init__(
        self,
        app: Application,
        bridges: LocalBridges,
        loop: asyncio.AbstractEventLoop,
        *,
        timeout: float = 10.0,
        settle_timeout: float = 2.0,
        on_close: Callable[[], None] | None = None,
    ):
        self.app = app
        self.bridges = bridges
        self.timeout = timeout
        self.settle_timeout = settle_timeout
        self._loop = loop
        self._on_close = on_close
        self._task: asyncio.Task | None = None
        self._closed = False
        self._handled_cmds: list[dict[str, Any]] = []  # every ui_cmds update the app has handled
        self.agent = DeviceAgentInterface(CLIENT_KEY, bridges.dda_uri, is_async=False, raise_on_error=True)
        self.platform = PlatformInterface(CLIENT_KEY, bridges.plt_uri, is_async=False, raise_on_error=True)
        self.sim = SimulationClient(bridges.plt_uri)
        self._track_commands()

    def __repr__(self) -> str:
        return f"<AppHarness {self._label}>"

    @property
    def app_key(self) -> str:
        return cast(str, self.app.app_key)  # the factory gives every app a key

    @property
    def _label(self) -> str:
        return f"app {self.app_key!r} ({type(self.app).__name__})"

    @property
    def modbus(self) -> FieldDevice:
        """The simulated Modbus field device (bus ``default``): ``harness.modbus.inject(1, "timeout")``."""
        if self.bridges.field_device is None:
            raise RuntimeError("no simulated field device: mark the test @pytest.mark.doover(modbus_sim=True)")
        return self.bridges.field_device

    # -- start and stop ---------------------------------------------------------------------------

    async def _start(self, settings: dict[str, Any] | None) -> None:
        """Write the app's deployment config, run the app as a task, wait until its setup is done."""
        __tracebackhide__ = True
        if settings is not None:
            self._seed(settings)
        self._task = asyncio.get_running_loop().create_task(self.app.run(), name=f"doover-app-{self.app_key}")
        await self._race(self.app.wait_until_ready(), f"the start-up of {self._label}")

    def _seed(self, settings: dict[str, Any]) -> None:
        entry = {"APP_DISPLAY_NAME": self.app_key, **settings}
        self.agent.publish_to_channel(DEPLOYMENT, {"applications": {self.app_key: None}})
        self.agent.publish_to_channel(DEPLOYMENT, {"applications": {self.app_key: entry}})

    async def stop(self) -> None:
        """Stop the app now (the fixture does it at teardown anyway)."""
        await self._on_app_loop(self._cancel())
        self.close()

    def close(self) -> None:
        """Stop the app and close the harness's clients; never raises, safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            self._stop_app_quietly()
        finally:
            for client in (self.agent, self.platform, self.sim):
                client.close()
            if self._on_close is not None:
                self._on_close()

    def _stop_app_quietly(self) -> None:
        task, loop = self._task, self._loop
        if task is None or task.done() or loop.is_closed():
            return  # never started, already over, or cancelled by the test's loop (the app closed itself)
        if running_loop() is loop:
            task.cancel()  # cannot wait on the loop we are running on; it finishes the cancellation
            return
        try:
            self._blocking(self._cancel(), self.timeout + 1)
        except Exception:
            log.warning("could not stop %s cleanly", self._label, exc_info=True)

    async def _cancel(self) -> None:
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=self.timeout)
        self._reap()

    # -- stepping and waiting ---------------------------------------------------------------------

    async def step(self, n: int = 1) -> None:
        """Run ``n`` main loops; a loop's exception is raised here (the app keeps running)."""
        __tracebackhide__ = True
        await self._on_app_loop(self._step(n))

    def step_sync(self, n: int = 1) -> None:
        __tracebackhide__ = True
        self._blocking(self._step(n), n * (self.timeout + self.settle_timeout) + 1)

    async def _step(self, n: int) -> None:
        __tracebackhide__ = True
        for _ in range(n):
            self._check_running("step()")
            await self._settle()
            await self._race(self.app.next(), f"main_loop() of {self._label}")

    async def until(self, condition: Callable[[], Any], timeout: float | None = None) -> None:
        """Wait until ``condition()`` is true: ``await harness.until(lambda: harness.app.alarm_sent)``."""
        __tracebackhide__ = True
        await self._on_app_loop(self._until(condition, _describe(condition), timeout))

    def until_sync(self, condition: Callable[[], Any], timeout: float | None = None) -> None:
        __tracebackhide__ = True
        self._blocking(self._until(condition, _describe(condition), timeout))

    async def _until(self, condition: Callable[[], Any], what: str, timeout: float | None = None) -> None:
        __tracebackhide__ = True
        limit = self.timeout if timeout is None else timeout
        deadline = monotonic() + limit
        while not condition():
            self._check_running(f"waiting for {what}")
            if monotonic() >= deadline:
                raise TimeoutError(f"gave up waiting for {what} after {limit:g} s")
            await asyncio.sleep(POLL)

    # -- channels, tags and commands --------------------------------------------------------------

    async def publish(self, channel: str, data: Any) -> None:
        """Write ``data`` to ``channel`` and wait until the app's subscription (if any) has it."""
        __tracebackhide__ = True
        await self._on_app_loop(self._publish(channel, data))

    def publish_sync(self, channel: str, data: Any) -> None:
        __tracebackhide__ = True
        self._blocking(self._publish(channel, data))

    async def set_tag(self, key: str, value: Any, app_key: str | None = None) -> None:
        """Set a tag as another app would (``app_key`` defaults to this app's) and let the app see it."""
        __tracebackhide__ = True
        await self._on_app_loop(self._publish(TAGS, {app_key or self.app_key: {key: value}}, TAG_MAX_AGE))

    def set_tag_sync(self, key: str, value: Any, app_key: str | None = None) -> None:
        __tracebackhide__ = True
        self._blocking(self._publish(TAGS, {app_key or self.app_key: {key: value}}, TAG_MAX_AGE))

    async def ui_command(self, name: str, value: Any) -> None:
        """Send a UI command as the site does and return once the app has applied it.

        Writes ``{"cmds": {"<app_key>_<name>": value}}`` to ``ui_cmds``, then waits until the
        app's UI manager has handled that update and run its callbacks.
        """
        __tracebackhide__ = True
        await self._on_app_loop(self._ui_command(name, value))

    def ui_command_sync(self, name: str, value: Any) -> None:
        __tracebackhide__ = True
        self._blocking(self._ui_command(name, value))

    async def _publish(self, channel: str, data: Any, max_age: int | None = None) -> None:
        __tracebackhide__ = True
        self.agent.publish_to_channel(channel, data, max_age=max_age)
        await self._settle([channel])

    async def _ui_command(self, name: str, value: Any) -> None:
        __tracebackhide__ = True
        full = f"{self.app_key}_{name}"
        expected = json.loads(json.dumps(value))
        seen = len(self._handled_cmds)
        self.agent.publish_to_channel(UI_CMDS, {"cmds": {full: value}})
        await self._until(
            lambda: any(cmds.get(full) == expected for cmds in self._handled_cmds[seen:]),
            f"{self._label} to handle the ui command {full}={value!r}",
        )

    def _track_commands(self) -> None:
        """Record each ``ui_cmds`` update once the app has handled it (callbacks included), for ui_command()."""
        manager = self.app.ui_manager
        handle = manager.on_command_update_async

        async def handled(channel: Any, aggregate: Any) -> Any:
            try:
                return await handle(channel, aggregate)
            finally:
                self._handled_cmds.append(parse_cmds(aggregate))

        manager.on_command_update_async = handled  # type: ignore[assignment]  # wrapped to observe

    async def _settle(self, channels: list[str] | None = None) -> None:
        """Let the app's channel subscriptions catch up with the DDA (bounded), then their callbacks run."""
        agent = self.app.device_agent
        cached, subscribed = getattr(agent, "_aggregates", None), getattr(agent, "_subscriptions", None)
        if cached is None or subscribed is None:
            return  # not a real DeviceAgentInterface (a mock): nothing to wait for
        deadline = monotonic() + self.settle_timeout
        for name in [name for name in (channels or list(subscribed)) if name in subscribed]:
            while not (agent.is_channel_synced(name) and self._caught_up(agent, name, cached.get(name))):
                if monotonic() >= deadline:
                    log.warning(
                        "%s has not caught up with channel %r after %g s", self._label, name, self.settle_timeout
                    )
                    break
                await asyncio.sleep(POLL)
        for _ in range(3):
            await asyncio.sleep(0)  # callbacks scheduled by those updates start (async ones that do no I/O end)

    def _caught_up(self, agent: Any, name: str, cached: Any) -> bool:
        """True when the app's cached aggregate matches the DDA's in the parts the app keeps current."""
        paths = agent.interest(name) if hasattr(agent, "interest") else None
        if paths is None:
            return _plain(cached) == self.channel(name)
        return diff_within(_plain(cached), paths) == diff_within(self.channel(name), paths)

    # -- reading and forcing ----------------------------------------------------------------------

    def channel(self, name: str) -> Any:
        """The channel's aggregate on the DDA (``{}`` for a channel nobody wrote)."""
        return _plain(self.agent.get_channel_aggregate(name))

    def tag(self, key: str, app_key: str | None = None, default: Any = None) -> Any:
        """A tag of this app (or of ``app_key``) as the DDA holds it."""
        scope = self.channel(TAGS).get(app_key or self.app_key)
        return scope.get(key, default) if isinstance(scope, dict) else default

    def global_tag(self, key: str, default: Any = None) -> Any:
        return self.channel(TAGS).get(key, default)

    def get_di(self, pin: int) -> bool:
        return cast(bool, self.platform.get_di(pin))  # one pin, and failures raise

    def get_ai(self, pin: int) -> float:
        return cast(float, self.platform.get_ai(pin))  # one pin, and failures raise

    def get_do(self, pin: int) -> bool:
        return cast(bool, self.platform.get_do(pin))  # one pin, and failures raise

    def get_ao(self, pin: int) -> float:
        return cast(float, self.platform.get_ao(pin))  # one pin, and failures raise

    def force_di(self, pin: int, value: bool) -> None:
        """Hold a digital input of the simulated device at ``value`` until released."""
        self.sim.force("di", pin, 1.0 if value else 0.0)

    def force_ai(self, pin: int, value: float) -> None:
        """Hold an analog input at ``value`` (in its unit, mA for 4-20 mA inputs) until released."""
        self.sim.force("ai", pin, value)

    def release(self, io_type: str | None = None, pin: int | None = None) -> int:
        """Let forced inputs follow their simulation again (all, one type, or one pin); returns how many."""
        return self.sim.release(io_type, pin)

    # -- running coroutines on the app's loop -----------------------------------------------------

    async def _race(self, awaitable: Coroutine, what: str) -> Any:
        """Await ``awaitable`` unless the app stops first or ``timeout`` passes."""
        __tracebackhide__ = True
        waiter = asyncio.ensure_future(awaitable)
        app_task = cast("asyncio.Task[Any]", self._task)  # started before anything runs on the app's loop
        done, _ = await asyncio.wait({waiter, app_task}, timeout=self.timeout, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            self._reap()
            return waiter.result()
        if self._task in done:
            raise self._stopped(what)
        raise TimeoutError(f"{what} did not finish within {self.timeout:g} s")

    def _check_running(self, what: str) -> None:
        if self._task is None or self._task.done():
            raise self._stopped(what)

    def _stopped(self, what: str) -> AppStopped:
        task = self._task
        if task is None:
            return AppStopped(f"{what}: {self._label} was never started")
        if task.cancelled():
            return AppStopped(f"{what}: {self._label} was stopped")
        cause = task.exception()
        error = AppStopped(f"{what}: {self._label} has stopped ({type(cause).__name__}: {cause})")
        error.__cause__ = cause
        return error

    def _reap(self) -> None:
        """Mark a finished app task's exception as seen (it is reported where it matters)."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            self._task.exception()

    async def _on_app_loop(self, coro: Coroutine) -> Any:
        __tracebackhide__ = True
        if running_loop() is self._loop:
            return await coro
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self._loop))

    def _blocking(self, coro: Coroutine, bound: float | None = None) -> Any:
        """Run ``coro`` on the app's loop from plain (non-async) code and return its result."""
        __tracebackhide__ = True
        loop, bound = self._loop, bound or 2 * self.timeout + self.settle_timeout
        if loop.is_closed() or running_loop() is loop:
            coro.close()
            if loop.is_closed():
                raise AppStopped(f"{self._label}: its event loop is closed")
            raise RuntimeError("this app runs on the test's event loop: await the method (e.g. `await harness.step()`)")
        if loop.is_running():
            return asyncio.run_coroutine_threadsafe(coro, loop).result(bound)
        return loop.run_until_complete(asyncio.wait_for(coro, bound))


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _plain(aggregate: Any) -> Any:
    return {} if aggregate is None or aggregate in ("", "None") else aggregate


def _describe(condition: Callable) -> str:
    name = getattr(condition, "__name__", "")
    return "the condition" if name in ("", "<lambda>") else f"{name}()"
