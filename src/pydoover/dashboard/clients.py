"""The SDK clients one dashboard uses: one persistent client per bridge, opened once, closed at exit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .targets import Targets

if TYPE_CHECKING:
    from ..docker import AppControllerInterface, DeviceAgentInterface, PlatformInterface
    from ..docker.platform import IoLayout

CLIENT_NAME = "doover-dashboard"
DEADLINE = 5.0  # seconds per call
RECONNECT_BACKOFF = 2.0  # longest wait between attempts to reopen a stream


@dataclass
class Clients:
    """``Clients.open(targets)``; ``await clients.close()`` when done."""

    targets: Targets
    agent: DeviceAgentInterface
    platform: PlatformInterface
    apps: AppControllerInterface
    layout: IoLayout | None = None
    _simulation: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, targets: Targets) -> Clients:
        from ..docker import AppControllerInterface, DeviceAgentInterface, PlatformInterface

        return cls(
            targets,
            DeviceAgentInterface(
                CLIENT_NAME,
                targets["dda"],
                dda_timeout=DEADLINE,
                raise_on_error=True,
                time_between_connection_attempts=RECONNECT_BACKOFF,
            ),
            PlatformInterface(CLIENT_NAME, targets["platform"], timeout=DEADLINE, raise_on_error=True),
            AppControllerInterface(uri=targets["apps"], timeout=DEADLINE, raise_on_error=True),
        )

    def simulation(self):
        """The local Platform bridge's simulation control client (forcing inputs), made on first use."""
        if self._simulation is None:
            from ..bridges.platform.simcontrol import SimulationClient

            self._simulation = SimulationClient(self.targets["platform"], timeout=DEADLINE)
        return self._simulation

    async def fetch_layout(self) -> IoLayout | None:
        if self.layout is None:
            self.layout = await self.platform.fetch_layout_async()
        return self.layout

    async def close(self) -> None:
        for client in (self.agent, self.platform, self.apps):
            await client.close_async()
        if self._simulation is not None:
            self._simulation.close()
