"""A `doover run` session: the bridges, each app's configuration and process, and their output.

plans = [plan_app(find_project("."))]
session = DevSession(plans, choose_bridges(project_root=plans[0].project.root), emit=print)
await session.run()            # until cancelled, or until every app is healthy (until_healthy)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..docker.device_agent import DeviceAgentInterface
from ..endpoints import LOOPBACK, endpoint
from ..project import AppProject, simulators_dir
from .appenv import AppEnv, launch_argv
from .controller_link import ControllerLink
from .events import SessionEvent
from .seeding import load_app_config, seed
from .supervisor import AppLaunch, AppSupervisor
from .watcher import changes

if TYPE_CHECKING:
    from ..bridges.runner import BridgeSet, BridgeSettings

log = logging.getLogger(__name__)

BRIDGE_NAMES = ("dda", "platform", "modbus", "apps", "camera")
DEFAULT_URIS = {name: endpoint(name).default_uri for name in BRIDGE_NAMES}
URI_ENV = {name: endpoint(name).env for name in ("dda", "platform", "modbus", "camera")}


@dataclass
class AppPlan:
    """One app to run: its project, key, configuration (already validated) and display name."""

    project: AppProject
    app_key: str
    config: dict[str, Any]
    display_name: str
    env: AppEnv | None = None  # the app's own environment (appenv.resolve_env); None: the toolkit's
    backend: Any = None  # None: a child process; else what makes one (a ContainerBackend)

    def launch(self, uris: dict[str, str]) -> AppLaunch:
        env = {URI_ENV[name]: uris[name] for name in URI_ENV}
        if self.backend is not None:
            return AppLaunch(
                self.app_key, self.display_name, self.backend.argv, self.project.root, env, None, self.backend
            )
        argv = launch_argv(self.project, self.env, uris)
        return AppLaunch(self.app_key, self.display_name, argv, self.project.root, env, self.project.source_root)


def plan_app(
    project: AppProject, app_key: str | None = None, config_path: Path | None = None, strict: bool = False
) -> AppPlan:
    """The plan for ``project``; raises SeedError when its configuration is unusable (or, when
    ``strict``, invalid)."""
    return AppPlan(project, app_key or project.app_key, load_app_config(project, config_path, strict), project.name)


@dataclass
class BridgeChoice:
    """Which bridges a session uses: local ones it starts (``settings``) or running ones at ``uris``."""

    uris: dict[str, str]
    settings: BridgeSettings | None = None
    reused: bool = False


def choose_bridges(
    explicit: dict[str, str | None] | None = None,
    project_root: Path | None = None,
    device: Path | None = None,
    modbus_map: Path | None = None,
    modbus_sim: bool = False,
    project_store: bool = True,
) -> BridgeChoice:
    """Given URIs win; else bridges already serving on the default ports are reused; else local
    bridges are started on the default ports with the project's simulators, and channels stored in
    the project's ``.doover/`` (or, without ``project_store``, the user's state folder)."""
    from ..bridges.runner import BridgeSettings  # the bridges' code is loaded only to start them
    from ..docker.health import check_health

    given = {name: uri for name, uri in (explicit or {}).items() if uri}
    if given:
        return BridgeChoice({**DEFAULT_URIS, **given})
    if check_health(DEFAULT_URIS["dda"], endpoint("dda").health, timeout=0.5) == "SERVING":
        return BridgeChoice(dict(DEFAULT_URIS), reused=True)
    simulators = simulators_dir(project_root) if project_root else None
    device = device or _existing(simulators, "device.toml", "device.yaml")
    modbus_map = modbus_map or _existing(simulators, "modbus_map.toml", "modbus_map.yaml")
    settings = BridgeSettings(
        store=project_root / ".doover" / "dda.sqlite3" if project_root and project_store else None,
        device=device,
        modbus_map=modbus_map,
        modbus_sim=modbus_sim or modbus_map is not None,
    )
    return BridgeChoice(dict(DEFAULT_URIS), settings)


def _existing(folder: Path | None, *names: str) -> Path | None:
    for name in names if folder else ():
        if (folder / name).is_file():
            return folder / name
    return None


@dataclass
class DevSession:
    plans: list[AppPlan]
    bridges: BridgeChoice
    emit: Callable[[SessionEvent], None] = lambda event: None
    watch: bool = False
    until_healthy: bool = False
    supervisors: list[AppSupervisor] = field(default_factory=list)

    async def run(self) -> None:
        """Run until cancelled (or, with ``until_healthy``, until every app has completed a loop)."""
        bridge_set = await self._start_bridges()
        self._all_healthy = asyncio.Event()
        try:
            await self._seed()
            self.supervisors = [
                AppSupervisor(plan.launch(self.bridges.uris), self._emit, restart_on_exit=not self.watch)
                for plan in self.plans
            ]
            self._links = [ControllerLink(self.bridges.uris["apps"], supervisor) for supervisor in self.supervisors]
            jobs = [s.run() for s in self.supervisors] + [link.run() for link in self._links]
            if self.watch:
                jobs.append(self._restart_on_changes())
            tasks = [asyncio.create_task(job) for job in jobs]
            try:
                if self.until_healthy:
                    await self._all_healthy.wait()
                else:
                    await asyncio.gather(*tasks)
            finally:
                await _cancel_once(tasks)
        finally:
            if bridge_set is not None:
                await bridge_set.stop()

    async def _start_bridges(self) -> BridgeSet | None:
        if self.bridges.settings is None:
            how = "reusing the bridges already running" if self.bridges.reused else "using the bridges"
            self._emit(
                SessionEvent("bridges", None, f"{how} at {self.bridges.uris['dda']} ...", {"uris": self.bridges.uris})
            )
            return None
        from ..bridges.runner import BridgeSet

        settings = self.bridges.settings
        bridge_set = BridgeSet(settings)
        listeners = await bridge_set.start()
        ports = (settings.dda_port, settings.plt_port, settings.modbus_port, settings.apps_port, settings.cam_port)
        self.bridges.uris = {name: f"{LOOPBACK}:{port}" for name, port in zip(BRIDGE_NAMES, ports, strict=True)}
        for listener in listeners:
            self._emit(SessionEvent("bridges", listener.name, f"listening on {listener.uri} ({listener.detail})",
                                    {"uri": listener.uri}))  # fmt: skip
        return bridge_set

    async def _seed(self) -> None:
        agent = DeviceAgentInterface("doover-run", self.bridges.uris["dda"], raise_on_error=True)
        try:
            for plan in self.plans:
                await seed(agent, plan.app_key, plan.config, plan.display_name)
        finally:
            await agent.close_async()

    def _emit(self, event: SessionEvent) -> None:
        self.emit(event)
        for link in getattr(self, "_links", ()):
            link.on_event(event)
        if event.kind == "healthy" and all(s.state == "healthy" for s in self.supervisors):
            self._all_healthy.set()

    async def _restart_on_changes(self) -> None:
        async for changed in changes(sorted({plan.project.package_dir for plan in self.plans})):
            for supervisor, plan in zip(self.supervisors, self.plans, strict=True):
                if any(_is_under(path, plan.project.package_dir) for path in changed):
                    names = ", ".join(path.name for path in changed[:3])
                    self._emit(SessionEvent("restarting", supervisor.app_key, f"{names} changed"))
                    supervisor.request("restart")


def _is_under(path: Path, folder: Path) -> bool:
    with contextlib.suppress(ValueError):
        path.relative_to(folder)
        return True
    return False


async def _cancel_once(tasks: list[asyncio.Task]) -> None:
    """Cancel each task once (a second cancel would cut short its own clean-up) and wait for them."""
    for task in tasks:
        if not task.done() and not task.cancelling():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
