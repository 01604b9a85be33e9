"""ModbusInterface (sync and async) against the local Modbus bridge and its simulated field device."""

from __future__ import annotations

import asyncio
import logging

import pytest

from pydoover.docker import BridgeRejectedError, ModbusInterface
from pydoover.docker.modbus import two_words_to_32bit_float
from pydoover.testing import LocalBridges
from pydoover.utils.registers import decode

COIL, DISCRETE, INPUT, HOLDING = 1, 2, 3, 4


@pytest.fixture(scope="module")
def sim():
    with LocalBridges(modbus_sim=True) as bridges:
        yield bridges


@pytest.fixture
def iface(sim):
    client = ModbusInterface("test_app", sim.modbus_uri)
    yield client
    client.close()


def test_reads_return_none_an_int_or_a_list(iface):
    assert iface.read_registers(modbus_id=1, start_address=100) == 500  # the default map's setpoint, raw
    volts = iface.read_registers(modbus_id=1, start_address=0, num_registers=2, register_type=INPUT)
    assert isinstance(volts, list) and 226 <= decode(volts, "float32") <= 234
    assert iface.read_registers(modbus_id=1, start_address=0, num_registers=1, register_type=COIL) == 1
    assert iface.read_registers(modbus_id=1, start_address=60000) is None  # illegal data address


def test_writes_stick_and_failures_are_false(iface):
    assert iface.write_registers(modbus_id=1, start_address=10, values=[7, 8]) is True
    assert iface.read_registers(modbus_id=1, start_address=10, num_registers=2) == [7, 8]
    assert iface.write_registers(modbus_id=1, start_address=0, values=[1], register_type=INPUT) is False
    with pytest.raises(ValueError, match="needs values"):
        iface.write_registers(modbus_id=1, start_address=0)


def test_bus_calls(iface, sim):
    assert iface.get_bus_status("default") is True and iface.getBusStatus("default") is True
    assert iface.get_bus_status("nope") is False
    assert iface.open_bus("tcp", "spare", tcp_uri=f"127.0.0.1:{sim.field_device_port}") is True
    assert {status.bus_id for status in iface.list_buses()} >= {"default", "spare"}
    assert iface.read_registers("spare", 1, 100) == 500
    assert iface.close_bus("spare") is True and iface.close_bus("spare") is False
    assert iface.test_comms("hello").response == "hello"


def test_device_errors_are_logged_once_and_raised_on_request(sim, caplog):
    quiet = ModbusInterface("t", sim.modbus_uri)
    sim.field_device.inject(1, "exception", code=4, count=2)
    with caplog.at_level(logging.WARNING):
        assert quiet.read_registers(modbus_id=1, start_address=100) is None
    assert "Modbus exception 4" in caplog.text
    loud = ModbusInterface("t", sim.modbus_uri, raise_on_error=True)
    with pytest.raises(BridgeRejectedError, match="server device failure"):
        loud.read_registers(modbus_id=1, start_address=100)
    assert loud.read_registers(modbus_id=1, start_address=100) == 500  # the fault has run out


def test_retries_ride_over_a_dropped_request(sim, iface):
    sim.field_device.inject(1, "timeout", count=1)
    assert iface.read_registers(modbus_id=1, start_address=100, retries=1) == 500
    sim.field_device.inject(1, "timeout", count=1)
    assert iface.read_registers(modbus_id=1, start_address=100, retries=0) is None


async def test_async_twins_and_awaited_plain_calls(iface):
    assert await iface.read_registers_async(modbus_id=1, start_address=100) == 500
    assert await iface.read_registers(modbus_id=1, start_address=100) == 500
    assert await iface.write_registers(modbus_id=1, start_address=12, values=[3]) is True
    assert await iface.get_bus_status_async() is True


async def test_subscription_calls_back_every_poll_and_survives_a_fault(sim, iface):
    seen: list = []
    got = asyncio.Event()

    async def on_values(values):
        seen.append(values)
        if len(seen) >= 3:
            got.set()

    sim.field_device.inject(1, "exception", code=2, count=1)
    task = iface.add_read_register_subscription(modbus_id=1, start_address=100, poll_secs=1, callback=on_values)
    try:
        await asyncio.wait_for(got.wait(), 10)
    finally:
        task.cancel()
    assert seen[0] is None and seen[1:3] == [500, 500]


async def test_a_subscription_without_callback_is_not_started(iface, caplog):
    assert iface.add_read_register_subscription(modbus_id=1, start_address=100, poll_secs=1) is None
    assert "needs a callback" in caplog.text


def test_subscription_outside_a_loop_says_what_is_needed(iface):
    with pytest.raises(RuntimeError, match="running event loop"):
        iface.add_read_register_subscription(modbus_id=1, callback=print)


def test_classic_word_helper_is_kept_as_classic_apps_use_it():
    assert two_words_to_32bit_float(1, 2) == 1 + 2 * 65536
    assert two_words_to_32bit_float(1, 2, swap=True) == 2 + 1 * 65536


# -- buses from the app config ------------------------------------------------------------------


def _app_config(*buses: dict):
    from pydoover import config
    from pydoover.docker.modbus import ManyModbusConfig

    class AppConfig(config.Schema):
        def __init__(self):
            self.modbus_config = ManyModbusConfig()

    app_config = AppConfig()
    app_config._inject_deployment_config({"modbus_config": list(buses)})
    return app_config


def test_setup_opens_the_configured_buses_and_bus_picks_one_inline(sim):
    tcp = {"bus_type": "tcp", "name": "cfg", "tcp_uri": f"127.0.0.1:{sim.field_device_port}", "tcp_timeout": 1.0}
    serial = {"bus_type": "serial", "name": "rs485", "serial_port": "/dev/ttyNOPE0", "serial_parity": "Even"}
    iface = ModbusInterface("t", sim.modbus_uri, config=_app_config(tcp, serial))
    assert [bus.name for bus in iface.buses] == ["cfg", "rs485"]
    assert iface.setup() is True
    assert iface.read_registers("cfg", 1, 100) == 500
    assert iface.read_registers(bus="cfg", modbus_id=1, start_address=100) == 500  # 1.x inline settings
    with pytest.raises(ValueError, match="no configured Modbus bus named 'other'"):
        iface.read_registers(bus="other")
    assert iface.read_registers("rs485", 1, 0) is None  # no such serial port: an answer, not a crash
    iface.close()


def test_a_bridge_restart_re_opens_the_configured_buses(tmp_path):
    with LocalBridges(modbus_sim=True) as bridges:
        tcp = {"bus_type": "tcp", "name": "cfg", "tcp_uri": f"127.0.0.1:{bridges.field_device_port}"}
        iface = ModbusInterface("t", bridges.modbus_uri, config=_app_config(tcp))
        assert iface.setup() is True and iface.read_registers("cfg", 1, 100) == 500
        bridges.restart()  # the new bridge has only its own "default" bus
        assert iface.read_registers("cfg", 1, 100) == 500
        assert iface.get_bus_status("cfg") is True
        iface.close()
