"""The simulated field device next to the Modbus bridge, reachable as bus ``default`` at once.

    device = await start_simulated_device(bridge, register_map, "127.0.0.1", 5000)
    # `doover modbus read --bus default --id 1` now reads the simulated device through the bridge

Port 5000 is the default because it is the classic ``ModbusConfig`` default ``tcp_uri``
(``127.0.0.1:5000``), so an app configured for a TCP bus with default settings finds the device.
"""

from __future__ import annotations

from typing import cast

from ..host import LOOPBACK, BridgeStartError, is_loopback
from .bus_settings import EthernetSettings
from .field_device import FieldDevice
from .register_map import RegisterMap
from .server import ModbusBridge

DEFAULT_SIM_PORT = 5000
SIM_BUS = "default"


async def start_simulated_device(
    bridge: ModbusBridge, register_map: RegisterMap | None, host: str = LOOPBACK, port: int = DEFAULT_SIM_PORT
) -> FieldDevice:
    """Serve ``register_map`` as a Modbus TCP device and open bus ``default`` on it in ``bridge``."""
    device = FieldDevice(register_map)
    try:
        await device.start(host, port)
    except OSError as exc:
        raise BridgeStartError(f"modbus simulator: cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    connect_to = host if is_loopback(host) else LOOPBACK  # a wildcard listen address is not one to dial
    bridge.buses.open(SIM_BUS, EthernetSettings(connect_to, cast(int, device.port)))  # listening by now
    return device


def describe(device: FieldDevice) -> str:
    units = ", ".join(str(unit.id) for unit in device.register_map.units)
    points = sum(len(unit.points) for unit in device.register_map.units)
    return f"{device.register_map.name or 'register map'}: unit(s) {units}, {points} named point(s); bus {SIM_BUS!r}"
