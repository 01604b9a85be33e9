"""Application: the base class of a Doover app, and its lifecycle.

    class PumpApp(Application):
        loop_target_period = 2

        async def setup(self):
            self.ui_manager.add_children(ui.NumericVariable("level", "Tank level"))

        async def main_loop(self):
            level = await self.get_ai(0)
            await self.set_do(0, level < self.config.start_level.value)

    run_app(PumpApp(config=PumpConfig()))

The start-up sequence, the loop and the shutdown follow sdk-contract.md §1: wait for the DDA, load
the configuration, open Modbus buses, sync tags and UI, run ``setup()``, then ``main_loop()`` every
``loop_target_period`` seconds. ``setup``/``main_loop`` may be sync (a sync main loop runs in a worker
thread) or async. An exception in the loop is logged with its traceback, marks the app unhealthy,
waits ``_error_wait_period`` and ends the run with a failure, for the supervisor to restart it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ...utils.dual import call_maybe_async
from ...utils.updates import ChannelUpdate
from ..camera import CameraInterface
from ..device_agent import DeviceAgentInterface
from ..modbus import ModbusInterface
from ..platform import PlatformInterface
from .delegates import DelegatesMixin
from .deployment import DEPLOYMENT_CHANNEL, InvalidConfig, app_entry, apply_config, read_config_file, strict_from_env
from .healthcheck import HealthcheckServer
from .loop_timer import LoopTimer
from .tags import TAG_CHANNEL, TagsMixin

log = logging.getLogger(__name__)

SHUTDOWN_REQUESTED = "shutdown_requested"  # global tag
SHUTDOWN_AT = "shutdown_at"  # global tag, epoch seconds
SHUTDOWN_CHECK_OK = "shutdown_check_ok"  # app tag
CONFIG_WAIT = 5.0
TAGS_WAIT = 10.0
UI_WAIT = 15.0


class AppFailed(Exception):
    """The app stopped because its setup or a main loop failed (already logged)."""


class Application(TagsMixin, DelegatesMixin):
    loop_target_period: float = 1
    _error_wait_period: float = 10
    dda_startup_timeout: float = 300
    force_log_on_shutdown: bool = False
    strict_config: bool | None = None  # refuse an invalid config; None: DOOVER_STRICT_CONFIG decides

    def __init__(
        self,
        config: Any = None,
        app_key: str | None = None,
        is_async: bool | None = None,
        device_agent: DeviceAgentInterface | None = None,
        platform_iface: PlatformInterface | None = None,
        modbus_iface: ModbusInterface | None = None,
        name: str | None = None,
        test_mode: bool = False,
        config_fp: str | Path | None = None,
        healthcheck_port: int | None = None,
        camera_iface: CameraInterface | None = None,
    ):
        from ...ui import UIManager

        self.config = config
        self.app_key = app_key
        self.name = name or type(self).__name__
        self.app_display_name = ""
        self.test_mode = test_mode
        self._is_async = is_async
        self._config_fp = Path(config_fp) if config_fp else None
        self._healthcheck_port = healthcheck_port
        self._own_interfaces = {
            kind
            for kind, given in (
                ("dda", device_agent), ("platform", platform_iface), ("modbus", modbus_iface), ("camera", camera_iface)
            )
            if given is None
        }  # fmt: skip
        self.device_agent = device_agent or DeviceAgentInterface(app_key, is_async=is_async)
        self.platform_iface = platform_iface or PlatformInterface(app_key, is_async=is_async)
        self.modbus_iface = modbus_iface or ModbusInterface(app_key, is_async=is_async, config=config)
        self.camera_iface = camera_iface or CameraInterface(app_key, is_async=is_async)
        self.ui_manager = UIManager(app_key=app_key, client=self.device_agent, is_async=is_async)
        self._init_tags()
        self._is_healthy = False
        self._ready = asyncio.Event()
        self._startup_error: Exception | None = None
        self._steps: asyncio.Queue[asyncio.Future] | None = None
        self._last_shutdown_at: float | None = None
        self._healthcheck = HealthcheckServer(lambda: self._is_healthy)
        self.healthcheck_port: int | None = None  # where the healthcheck listens, once started
        self.loop_timer = LoopTimer()

    # -- the user's hooks ---------------------------------------------------------------------

    async def setup(self) -> None:
        """Override: runs once, after the configuration, tags and UI are ready."""

    async def main_loop(self) -> None:
        """Override: runs every ``loop_target_period`` seconds."""

    async def on_shutdown_at(self, dt: datetime) -> None:
        """Override: the device will shut down at ``dt`` (global tag ``shutdown_at``)."""
        if self.force_log_on_shutdown:
            await self.ui_manager.handle_comms_async(force_log=True)

    async def check_can_shutdown(self) -> bool:
        """Override: may the device shut down now? (asked while the tag ``shutdown_requested`` is set)."""
        return True

    # -- state ----------------------------------------------------------------------------------

    def is_ready(self) -> bool:
        return self._ready.is_set() and self._startup_error is None

    async def wait_until_ready(self) -> None:
        """Return once setup is done; raise the start-up failure if it failed (test mode)."""
        await self._ready.wait()
        if self._startup_error is not None:
            raise self._startup_error

    def set_app_key(self, app_key: str) -> None:
        """Give the app and its interfaces their key (run_app does this from --app-key/APP_KEY)."""
        self.app_key = app_key
        for part in (self.device_agent, self.platform_iface, self.modbus_iface, self.camera_iface, self.ui_manager):
            part.app_key = app_key

    def set_async(self, is_async: bool) -> None:
        self._is_async = is_async
        for part in (self.device_agent, self.platform_iface, self.modbus_iface, self.camera_iface, self.ui_manager):
            part._is_async = is_async

    # -- test mode ------------------------------------------------------------------------------

    async def next(self) -> None:
        """Test mode: run one main loop now and return when it is done (its exception is raised here)."""
        if not self.test_mode:
            raise RuntimeError("next() steps the main loop in test mode only: Application(..., test_mode=True)")
        await self.wait_until_ready()
        done = asyncio.get_running_loop().create_future()
        await self._step_queue().put(done)
        await done

    def _step_queue(self) -> asyncio.Queue:
        if self._steps is None:
            self._steps = asyncio.Queue()
        return self._steps

    # -- the run ------------------------------------------------------------------------------

    async def run(self) -> None:
        """Start up, then loop until cancelled; raises :class:`AppFailed` after a failure."""
        try:
            await self._start_up()
            await self._loop()
        finally:
            await self.close()

    async def _start_up(self) -> None:
        if self._healthcheck_port is not None and not self.test_mode:
            self.healthcheck_port = await self._healthcheck.start(self._healthcheck_port)
        await self.device_agent.await_dda_available_async(self.dda_startup_timeout)
        try:
            await self._load_config()
            await self.modbus_iface.setup_async()
            await self._setup_internal()
            await call_maybe_async(self.setup, in_executor=False)
        except Exception as exc:
            if self.test_mode:
                self._startup_error = exc
                self._ready.set()
            await self._fail("setup", exc)
        self.ui_manager.start_comms()
        if not self.test_mode:
            await self.ui_manager.await_comms_sync_async(UI_WAIT)
        self._ready.set()
        shutdown_at = self.get_global_tag(SHUTDOWN_AT)
        if shutdown_at:
            await self._check_shutdown_at(shutdown_at)

    async def _load_config(self) -> None:
        if self._config_fp is not None:
            apply_config(self.config, read_config_file(self._config_fp), str(self._config_fp), self._strict())
            return
        self.device_agent.add_subscription(DEPLOYMENT_CHANNEL, self._on_deployment_config_update)
        await self.device_agent.wait_for_channels_sync_async([DEPLOYMENT_CHANNEL], timeout=CONFIG_WAIT)
        if isinstance(self._config_problem, InvalidConfig):
            raise self._config_problem

    _config_problem: Exception | None = None

    def _strict(self) -> bool:
        return strict_from_env() if self.strict_config is None else self.strict_config

    async def _on_deployment_config_update(self, _channel: str, aggregate: Any) -> None:
        entry = app_entry(aggregate, self.app_key)
        if entry is None:
            log.warning("deployment_config has no entry for app %r; running on the config defaults", self.app_key)
            return
        if entry.get("AGENT_ID"):
            self.device_agent.agent_id = entry["AGENT_ID"]
        self.app_display_name = entry.get("APP_DISPLAY_NAME") or self.app_display_name
        try:
            apply_config(self.config, entry, DEPLOYMENT_CHANNEL, self._strict())
        except InvalidConfig as exc:
            if not self._ready.is_set():
                self._config_problem = exc  # start-up: _load_config raises it
            else:
                log.error("%s\nkeeping the configuration in force", exc)
            return
        self._config_problem = None

    async def _setup_internal(self) -> None:
        self.ui_manager.register_callbacks(self)
        self.ui_manager.set_display_name(self.app_display_name or self.name)
        for key in (SHUTDOWN_REQUESTED, SHUTDOWN_AT):
            self._use_tags(key)
        self._listen_to_tags()
        if not self.test_mode:
            await self.ui_manager.clear_ui_async()
            await self.device_agent.wait_for_channels_sync_async([TAG_CHANNEL], timeout=TAGS_WAIT)

    async def _loop(self) -> None:
        while True:
            step = await self._step_queue().get() if self.test_mode else None
            self.loop_timer.mark_start()
            try:
                await self._main_loop_internal()
                await call_maybe_async(self.main_loop)
            except Exception as exc:
                if step is not None:
                    step.set_exception(exc)
                    continue
                await self._fail("main loop", exc)
            self._is_healthy = True
            if step is not None:
                step.set_result(None)
            else:
                await self.loop_timer.wait(self.loop_target_period)

    async def _fail(self, stage: str, exc: Exception) -> None:
        self._is_healthy = False
        if isinstance(exc, InvalidConfig):
            log.error("%s", exc)
        else:
            log.error("the app's %s failed", stage, exc_info=exc)
        if self.test_mode:
            raise exc
        log.error("stopping in %g s (a supervisor restarts the app)", self._error_wait_period)
        await asyncio.sleep(self._error_wait_period)
        raise AppFailed(f"{stage} failed: {exc}") from exc

    async def _main_loop_internal(self) -> None:
        if self.get_global_tag(SHUTDOWN_REQUESTED):
            try:
                can = bool(await self.check_can_shutdown())
            except Exception:
                log.exception("check_can_shutdown failed; answering no")
                can = False
            await self.set_tag_async(SHUTDOWN_CHECK_OK, can)
        await self.ui_manager.handle_comms_async()

    # -- shutdown -------------------------------------------------------------------------------

    async def _on_tag_values(self, update: ChannelUpdate) -> None:
        await super()._on_tag_values(update)
        shutdown_at = self.get_global_tag(SHUTDOWN_AT)
        if shutdown_at and self.is_ready():
            await self._check_shutdown_at(shutdown_at)

    async def _check_shutdown_at(self, shutdown_at: Any) -> None:
        try:
            when = float(shutdown_at)
        except (TypeError, ValueError):
            log.warning("ignoring the tag shutdown_at=%r (epoch seconds expected)", shutdown_at)
            return
        if (self._last_shutdown_at is not None and when <= self._last_shutdown_at) or when <= datetime.now(
            UTC
        ).timestamp():
            return
        self._last_shutdown_at = when
        await self.on_shutdown_at(datetime.fromtimestamp(when, UTC))

    def request_shutdown(self) -> None:
        """Ask the device to shut down (global tag ``shutdown_requested``)."""
        self._write_tags({SHUTDOWN_REQUESTED: True}, None, True, True)

    async def request_shutdown_async(self) -> None:
        await self.set_global_tag_async(SHUTDOWN_REQUESTED, True)

    async def close(self) -> None:
        """Stop the healthcheck, the UI and every interface's channels and subscriptions."""
        self._is_healthy = False
        await self._healthcheck.stop()
        self.ui_manager.close()
        for iface in (self.device_agent, self.platform_iface, self.modbus_iface, self.camera_iface):
            await iface.close_async()
