"""Wire compatibility of our local Modbus bridge with the public ``pydoover==0.4.18`` client.

The public (classic) ``ModbusInterface`` runs in its own cached virtualenv
(tests/support/public_pydoover.py) and talks to the Modbus bridge of ``LocalBridges`` over
loopback gRPC; behind the bridge is the simulated field device (the default power-meter map:
holding register 100 holds 500, input registers 0-1 a float32 voltage near 230 V).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pydoover.testing import LocalBridges
from pydoover.utils.registers import decode

pytestmark = pytest.mark.compat

SCRIPT_TIMEOUT = 30

PRELUDE = r"""
import asyncio, json, logging, sys
logging.disable(logging.CRITICAL)
from pydoover.docker import ModbusInterface

uri, device = sys.argv[1], sys.argv[2]

def emit(**kw):
    print(json.dumps(kw), flush=True)
"""


@pytest.fixture(scope="module")
def sim():
    with LocalBridges(modbus_sim=True) as bridges:
        yield bridges


def run_script(python: Path, body: str, *args: str) -> dict:
    proc = subprocess.run(
        [str(python), "-I", "-c", PRELUDE + body, *args], capture_output=True, text=True, timeout=SCRIPT_TIMEOUT
    )
    assert proc.returncode == 0, f"public client script failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {line.pop("step"): line for line in lines}


def test_classic_sync_calls(public_python, sim):
    body = r"""
m = ModbusInterface("compat_app", uri, is_async=False)
emit(step="open", ok=m.open_bus("tcp", "meter", tcp_uri=device))
emit(step="status", ok=m.get_bus_status("meter"))
emit(step="setpoint", value=m.read_registers("meter", 1, 100, 1, 4))
emit(step="volts", value=list(m.read_registers("meter", 1, 0, 2, 3)))
emit(step="coil", value=m.read_registers("meter", 1, 0, 1, 1))
emit(step="write", ok=m.write_registers("meter", 1, 20, [7, 8], 4))
emit(step="readback", value=list(m.read_registers("meter", 1, 20, 2, 4)))
emit(step="bad_read", value=m.read_registers("meter", 1, 60000, 1, 4))
emit(step="bad_write", value=m.write_registers("meter", 1, 0, [1], 3))
serial = m.open_bus("serial", "rs485", serial_port="/dev/ttyDOES-NOT-EXIST", serial_parity="Even")
emit(step="serial_open", ok=serial)
emit(step="comms", value=m.test_comms("hello").response)
"""
    out = run_script(public_python, body, sim.modbus_uri, f"127.0.0.1:{sim.field_device_port}")
    assert out["open"]["ok"] is True and out["status"]["ok"] is True
    assert out["setpoint"]["value"] == 500
    assert 225 <= decode(out["volts"]["value"], "float32") <= 235
    assert out["coil"]["value"] == 1
    assert out["write"]["ok"] is True and out["readback"]["value"] == [7, 8]
    assert out["bad_read"]["value"] is None and not out["bad_write"]["value"]
    assert out["serial_open"]["ok"] is True  # opened lazily: the port is only tried on first use
    assert out["comms"]["value"] == "hello"


def test_classic_config_setup_subscription_and_bus_recovery(public_python, sim):
    body = r"""
from pydoover import config
from pydoover.docker.modbus import ManyModbusConfig

class AppConfig(config.Schema):
    def __init__(self):
        self.modbus_config = ManyModbusConfig()

async def main():
    cfg = AppConfig()
    cfg._inject_deployment_config({"modbus_config": [
        {"bus_type": "tcp", "name": "cfg", "tcp_uri": device, "tcp_timeout": 1.0}]})
    m = ModbusInterface("compat_app", uri, is_async=True, config=cfg)
    await m.setup()
    emit(step="after_setup", value=await m.read_registers_async("cfg", 1, 100, 1, 4))

    seen = []
    def on_values(values):
        seen.append(values if isinstance(values, int) or values is None else list(values))
    task = m.add_read_register_subscription("cfg", 1, 100, 1, 4, poll_secs=1, callback=on_values)
    for _ in range(50):
        if len(seen) >= 2:
            break
        await asyncio.sleep(0.1)
    task.cancel()
    emit(step="subscription", values=seen[:2])

    try:
        await m.close_bus_async("cfg")  # classic reads a field closeBusResponse lacks
    except AttributeError:
        pass
    emit(step="lost", value=await m.read_registers_async("cfg", 1, 100, 1, 4))
    for _ in range(30):  # the failed read's header lacks the bus: classic re-runs setup in the background
        await asyncio.sleep(0.1)
        value = await m.read_registers_async("cfg", 1, 100, 1, 4)
        if value is not None:
            break
    emit(step="recovered", value=value)

asyncio.run(main())
"""
    out = run_script(public_python, body, sim.modbus_uri, f"127.0.0.1:{sim.field_device_port}")
    assert out["after_setup"]["value"] == 500
    assert out["subscription"]["values"] == [500, 500]
    assert out["lost"]["value"] is None
    assert out["recovered"]["value"] == 500
