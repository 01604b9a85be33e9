"""The classic ``Application`` conveniences: one-line delegations to the app's interfaces.

Each returns what the interface method returns, so it works called plainly in sync code and
awaited in async code, exactly like the interface method itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

    from ...ui import UIManager
    from ...ui.element import Element
    from ...ui.interactions import Interaction
    from ..device_agent import DeviceAgentInterface
    from ..modbus import ModbusInterface
    from ..modbus.subscription import ValuesCallback
    from ..platform import PlatformInterface

DEFAULT_BUS = "default"
DEFAULT_UNIT = 1


class DelegatesMixin:
    device_agent: DeviceAgentInterface
    platform_iface: PlatformInterface
    modbus_iface: ModbusInterface
    ui_manager: UIManager

    # -- the DDA and channels -------------------------------------------------------------------

    def get_is_dda_available(self) -> bool:
        return self.device_agent.get_is_dda_available()

    def get_is_dda_online(self) -> bool:
        return self.device_agent.get_is_dda_online()

    def get_has_dda_been_online(self) -> bool:
        return self.device_agent.get_has_dda_been_online()

    def subscribe_to_channel(self, channel_name: str, callback: Callable[..., Any]) -> None:
        """``callback(channel_name, aggregate)`` on every update (sync or async)."""
        self.device_agent.add_subscription(channel_name, callback)

    def publish_to_channel(self, channel_name: str, data: Any) -> bool:
        return self.device_agent.publish_to_channel(channel_name, data)

    def get_channel_aggregate(self, channel_name: str) -> Any:
        return self.device_agent.get_channel_aggregate(channel_name)

    # -- UI ------------------------------------------------------------------------------------

    def set_ui_elements(self, elements: list[Element]) -> None:
        self.ui_manager.set_children(elements)

    set_ui = set_ui_elements

    def get_command(self, name: str) -> Interaction | None:
        return self.ui_manager.get_command(name)

    def coerce_command(self, name: str, value: Any) -> None:
        return self.ui_manager.coerce_command(name, value)

    def record_critical_value(self, name: str, value: Any) -> None:
        """Make the next UI push a logged one when ``value`` changed (any name, as in classic);
        a UI variable of that name also takes the value."""
        self.ui_manager.record_critical_value(name, value)
        if self.ui_manager.get_element(name) is not None:
            self.ui_manager.update_variable(name, value, critical=True)

    def set_ui_status_icon(self, icon: str | None) -> None:
        return self.ui_manager.set_status_icon(icon)

    def start_ui_comms(self) -> None:
        return self.ui_manager.start_comms()

    async def await_ui_comms_sync(self, timeout: float = 10) -> bool:
        return await self.ui_manager.await_comms_sync_async(timeout)

    # -- I/O -----------------------------------------------------------------------------------

    def get_di(self, di: int) -> bool | list[bool] | None:
        return self.platform_iface.get_di(di)

    def get_ai(self, ai: int) -> float | list[float] | None:
        return self.platform_iface.get_ai(ai)

    def get_do(self, do: int) -> bool | list[bool] | None:
        return self.platform_iface.get_do(do)

    def set_do(self, do: int | Iterable[int], value: Any) -> bool | list[bool] | None:
        return self.platform_iface.set_do(do, value)

    def schedule_do(self, do: int | Iterable[int], value: Any, delay_secs: int) -> bool | list[bool] | None:
        return self.platform_iface.schedule_do(do, value, delay_secs)

    def get_ao(self, ao: int) -> float | list[float] | None:
        return self.platform_iface.get_ao(ao)

    def set_ao(self, ao: int | Iterable[int], value: Any) -> float | list[float] | None:
        return self.platform_iface.set_ao(ao, value)

    def schedule_ao(self, ao: int | Iterable[int], value: Any, delay_secs: int) -> float | list[float] | None:
        return self.platform_iface.schedule_ao(ao, value, delay_secs)

    # -- Modbus (None means the default bus and unit 1, where classic sent "None" and 0) ----------

    def read_modbus_registers(
        self, address: int, count: int, register_type: int, modbus_id: int | None = None, bus_id: str | None = None
    ) -> int | list[int] | None:
        return self.modbus_iface.read_registers(
            bus_id or DEFAULT_BUS, DEFAULT_UNIT if modbus_id is None else modbus_id, address, count, register_type
        )

    def write_modbus_registers(
        self,
        address: int,
        values: Sequence[int] | int | None,
        register_type: int,
        modbus_id: int | None = None,
        bus_id: str | None = None,
    ) -> bool:
        return self.modbus_iface.write_registers(
            bus_id or DEFAULT_BUS, DEFAULT_UNIT if modbus_id is None else modbus_id, address, values, register_type
        )

    def add_new_modbus_read_subscription(
        self,
        address: int,
        count: int,
        register_type: int,
        callback: ValuesCallback | None,
        poll_secs: float | None = None,
        modbus_id: int | None = None,
        bus_id: str | None = None,
    ) -> asyncio.Task[Any] | None:
        return self.modbus_iface.add_read_register_subscription(
            bus_id or DEFAULT_BUS,
            DEFAULT_UNIT if modbus_id is None else modbus_id,
            address,
            count,
            register_type,
            3 if poll_secs is None else poll_secs,
            callback,
        )
