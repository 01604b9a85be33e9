"""The simulated Modbus TCP field device: register-map validation, encoding, and a real pymodbus
client talking to the device on 127.0.0.1 (an OS-chosen port)."""

from __future__ import annotations

import asyncio
import json

import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusIOException

from pydoover.bridges.modbus import (
    FieldDevice,
    RegisterMapError,
    decode,
    default_register_map,
    encode,
    load_register_map,
    validate_register_map,
)

# --------------------------------------------------------------------------- encode / decode

VECTORS = [
    (1.0, "float32", "ABCD", [0x3F80, 0x0000]),
    (1.0, "float32", "CDAB", [0x0000, 0x3F80]),
    (1.0, "float32", "BADC", [0x803F, 0x0000]),
    (1.0, "float32", "DCBA", [0x0000, 0x803F]),
    (-2.5, "float32", "ABCD", [0xC020, 0x0000]),
    (1.0, "float64", "ABCD", [0x3FF0, 0, 0, 0]),
    (1.0, "float64", "CDAB", [0, 0, 0, 0x3FF0]),
    (1.0, "float64", "DCBA", [0, 0, 0, 0xF03F]),
    (0x12345678, "uint32", "ABCD", [0x1234, 0x5678]),
    (0x12345678, "uint32", "CDAB", [0x5678, 0x1234]),
    (0x12345678, "uint32", "BADC", [0x3412, 0x7856]),
    (0x12345678, "uint32", "DCBA", [0x7856, 0x3412]),
    (-2, "int32", "ABCD", [0xFFFF, 0xFFFE]),
    (-1, "int16", "ABCD", [0xFFFF]),
    (0x1234, "uint16", "BADC", [0x3412]),
    (-32768, "int16", "ABCD", [0x8000]),
]


@pytest.mark.parametrize(("value", "value_type", "order", "registers"), VECTORS)
def test_encode_decode_known_vectors(value, value_type, order, registers):
    assert encode(value, value_type, order) == registers
    assert decode(registers, value_type, order) == value


def test_encode_rejects_values_that_do_not_fit():
    with pytest.raises(ValueError, match="does not fit uint16"):
        encode(70000, "uint16")
    with pytest.raises(ValueError, match="does not fit int16"):
        encode(-40000, "int16")
    with pytest.raises(ValueError, match="unknown order"):
        encode(1, "uint16", "ABDC")


# --------------------------------------------------------------------------- register map validation


def _write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith(".json") else data)
    return str(path)


def test_default_map_is_a_power_meter():
    unit = default_register_map().unit(1)
    assert [p.name for p in unit.points] == ["voltage", "current", "power", "energy", "status", "setpoint"]
    assert unit.point("energy").type == "uint32"
    assert unit.point("status").table == "coil"


def test_toml_and_yaml_maps_load(tmp_path):
    toml = _write(
        tmp_path,
        "meter.toml",
        "[[units]]\nid = 3\nholding_registers = { 10 = 7 }\n"
        '[[units.points]]\nname = "flow"\ntable = "input"\naddress = 0\ntype = "float32"\norder = "CDAB"\n',
    )
    unit = load_register_map(toml).unit(3)
    assert unit.initial("holding") == {10: 7}
    assert unit.point("flow").order == "CDAB"
    yaml = _write(tmp_path, "meter.yaml", "units:\n  - id: 4\n    coils: [true, false]\n")
    assert load_register_map(yaml).unit(4).initial("coil") == {0: 1, 1: 0}


def test_overlapping_points_name_both(tmp_path):
    path = _write(
        tmp_path,
        "meter.json",
        {
            "units": [
                {
                    "id": 1,
                    "points": [
                        {"name": "a", "table": "holding", "address": 10, "type": "float32"},
                        {"name": "c", "table": "input", "address": 11},  # another table: no clash
                        {"name": "b", "table": "holding", "address": 11},
                    ],
                }
            ]
        },
    )
    with pytest.raises(RegisterMapError) as info:
        load_register_map(path)
    assert info.value.problems == [
        f"{path}: units[0]: Value error, points[2] 'b' (holding 11) overlaps points[0] 'a' (holding 10-11)"
    ]


def test_bad_type_is_named_by_path(tmp_path):
    points = [{"name": f"p{i}", "table": "holding", "address": i} for i in range(3)]
    points[2]["type"] = "float16"
    path = _write(tmp_path, "meter.json", {"units": [{"id": 1, "points": points}]})
    with pytest.raises(RegisterMapError) as info:
        load_register_map(path)
    assert info.value.problems == [
        f"{path}: units[0].points[2].type: Input should be 'int16', 'uint16', 'int32', 'uint32', "
        "'float32', 'float64' or 'bool' (got 'float16')"
    ]


def test_unknown_field_address_range_and_span(tmp_path):
    data = {
        "units": [
            {
                "id": 1,
                "points": [
                    {"name": "x", "table": "holding", "address": 0, "scael": 2},
                    {"name": "y", "table": "input", "address": 70000},
                    {"name": "z", "table": "input", "address": 65535, "type": "float32"},
                    {"name": "w", "table": "coil", "address": 1, "type": "int16"},
                ],
            }
        ]
    }
    with pytest.raises(RegisterMapError) as info:
        validate_register_map(data, "meter.toml")
    assert info.value.problems == [
        "meter.toml: units[0].points[0].scael: Extra inputs are not permitted (got 2)",
        "meter.toml: units[0].points[1].address: Input should be less than or equal to 65535 (got 70000)",
        "meter.toml: units[0].points[2]: Value error, float32 at 65535 needs addresses up to 65536, beyond 65535",
        "meter.toml: units[0].points[3]: Value error, a coil point is a bool, not int16",
    ]


def test_duplicate_unit_ids_rejected():
    with pytest.raises(RegisterMapError, match=r"units\[1\]: unit id 2 is already used by units\[0\]"):
        validate_register_map({"units": [{"id": 2}, {"id": 2}]}, "m.toml")


# --------------------------------------------------------------------------- the device on the wire

TEST_MAP = {
    "units": [
        {
            "id": 1,
            "holding_registers": {"300": 1234},
            "discrete_inputs": [False, True],
            "points": [
                {"name": "f_abcd", "table": "input", "address": 0, "type": "float32", "initial": 1.0},
                {"name": "f_cdab", "table": "input", "address": 2, "type": "float32", "order": "CDAB", "initial": -2.5},
                {"name": "f_badc", "table": "input", "address": 4, "type": "float32", "order": "BADC", "initial": 3.25},
                {"name": "f_dcba", "table": "input", "address": 6, "type": "float32", "order": "DCBA", "initial": 1e6},
                {"name": "d64", "table": "input", "address": 8, "type": "float64", "order": "CDAB", "initial": 0.1},
                {"name": "i16", "table": "input", "address": 12, "type": "int16", "initial": -123.4, "scale": 0.1},
                {"name": "u32", "table": "input", "address": 13, "type": "uint32", "order": "CDAB", "initial": 70000},
                {"name": "i32", "table": "input", "address": 15, "type": "int32", "initial": -5, "scale": 0.01},
                {"name": "ramp", "table": "input", "address": 20, "type": "float32",
                 "signal": {"kind": "ramp", "start": 0, "rate": 100}},
                {"name": "count", "table": "input", "address": 22, "type": "uint32",
                 "signal": {"kind": "counter", "start": 10, "step": 5, "interval_s": 0.1}},
                {"name": "sine", "table": "input", "address": 24, "type": "int16",
                 "signal": {"kind": "constant", "value": 42}},
                {"name": "setpoint", "table": "holding", "address": 100, "type": "float32", "initial": 12.5},
                {"name": "relay", "table": "coil", "address": 17, "initial": 1},
            ],
        },
        {"id": 2, "input_registers": [7, 8, 9]},
    ]
}  # fmt: skip


@pytest.fixture
async def device():
    dev = FieldDevice(validate_register_map(TEST_MAP, "test"))
    port = await dev.start("127.0.0.1", 0)
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=0.3, retries=0)
    assert await asyncio.wait_for(client.connect(), 2)
    try:
        yield dev, client
    finally:
        client.close()
        await asyncio.wait_for(dev.stop(), 2)


async def _read(client, table, address, count, unit=1):
    reader = {
        "input": client.read_input_registers,
        "holding": client.read_holding_registers,
        "coil": client.read_coils,
        "discrete": client.read_discrete_inputs,
    }[table]
    return await asyncio.wait_for(reader(address, count=count, device_id=unit), 2)


async def _point(client, name):
    point = validate_register_map(TEST_MAP, "test").unit(1).point(name)
    reply = await _read(client, point.table, point.address, point.width)
    assert not reply.isError(), reply
    return decode(reply.registers, point.type, point.order) * point.scale


async def test_start_binds_an_os_chosen_loopback_port(device):
    dev, client = device
    assert dev.port and dev.port != 502
    assert client.connected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("f_abcd", 1.0),
        ("f_cdab", -2.5),
        ("f_badc", 3.25),
        ("f_dcba", 1e6),
        ("d64", 0.1),
        ("i16", -123.4),
        ("u32", 70000),
        ("i32", -5),
        ("sine", 42),
        ("setpoint", 12.5),
    ],
)
async def test_named_points_decode(device, name, expected):
    _, client = device
    assert await _point(client, name) == pytest.approx(expected, rel=1e-6)


async def test_raw_registers_follow_the_word_order(device):
    _, client = device
    reply = await _read(client, "input", 0, 4)
    assert reply.registers == [0x3F80, 0x0000, 0x0000, 0xC020]


async def test_initial_blocks_and_coils(device):
    _, client = device
    assert (await _read(client, "holding", 300, 1)).registers == [1234]
    assert (await _read(client, "discrete", 0, 2)).bits[:2] == [False, True]
    assert (await _read(client, "coil", 16, 2)).bits[:2] == [False, True]
    assert (await _read(client, "input", 0, 3, unit=2)).registers == [7, 8, 9]


async def test_behaviours_change_over_time(device):
    _, client = device
    ramp0, count0 = await _point(client, "ramp"), await _point(client, "count")
    await asyncio.sleep(0.35)
    ramp1, count1 = await _point(client, "ramp"), await _point(client, "count")
    assert ramp1 - ramp0 == pytest.approx(35, abs=15)  # 100 units/s
    assert count1 > count0 and (count1 - count0) % 5 == 0
    assert count0 >= 10


async def test_writes_to_holding_registers_stick(device):
    _, client = device
    reply = await asyncio.wait_for(client.write_registers(100, encode(99.5, "float32"), device_id=1), 2)
    assert not reply.isError()
    assert await _point(client, "setpoint") == 99.5
    await asyncio.wait_for(client.write_register(300, 4321, device_id=1), 2)
    assert (await _read(client, "holding", 300, 1)).registers == [4321]
    await asyncio.wait_for(client.write_coil(17, False, device_id=1), 2)
    assert (await _read(client, "coil", 17, 1)).bits[0] is False


async def test_unknown_unit_and_bad_address_are_modbus_exceptions(device):
    _, client = device
    unknown = await _read(client, "holding", 0, 1, unit=9)
    assert unknown.isError() and unknown.exception_code == 0x0B
    beyond = await _read(client, "holding", 301, 1)
    assert beyond.isError() and beyond.exception_code == 0x02
    empty = await _read(client, "holding", 0, 1, unit=2)  # unit 2 maps no holding registers
    assert empty.isError() and empty.exception_code == 0x02


async def test_fault_timeout_then_expires_by_count(device):
    dev, client = device
    dev.inject(1, "timeout", count=2)
    for _ in range(2):
        with pytest.raises(ModbusIOException):
            await _read(client, "holding", 300, 1)
    assert (await _read(client, "holding", 300, 1)).registers == [1234]
    assert dev.faults() == {}


async def test_fault_exception_only_on_its_unit_and_expires_by_time(device):
    dev, client = device
    dev.inject(1, "exception", code=6, seconds=0.3)
    busy = await _read(client, "holding", 300, 1)
    assert busy.isError() and busy.exception_code == 6
    assert (await _read(client, "input", 0, 1, unit=2)).registers == [7]
    await asyncio.sleep(0.35)
    assert (await _read(client, "holding", 300, 1)).registers == [1234]


async def test_fault_drop_every_third(device):
    dev, client = device
    dev.inject(1, "drop_every", every=3, count=6)
    answered = []
    for _ in range(7):
        try:
            await _read(client, "holding", 300, 1)
            answered.append(True)
        except ModbusIOException:
            answered.append(False)
    assert answered == [True, True, False, True, True, False, True]


def test_inject_rejects_bad_arguments():
    dev = FieldDevice()
    with pytest.raises(KeyError):
        dev.inject(7, "timeout")
    with pytest.raises(ValueError, match="unknown fault kind"):
        dev.inject(1, "garble")
    with pytest.raises(ValueError, match="needs code="):
        dev.inject(1, "exception")
    with pytest.raises(ValueError, match="every= 2 or more"):
        dev.inject(1, "drop_every", every=1)


async def test_default_map_serves_a_power_meter():
    dev = FieldDevice()
    port = await dev.start()
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=0.3, retries=0)
    try:
        assert await asyncio.wait_for(client.connect(), 2)
        regs = (await _read(client, "input", 0, 8)).registers
        assert 220 < decode(regs[0:2], "float32") < 240
        assert decode(regs[6:8], "uint32") >= 100000
        assert (await _read(client, "holding", 100, 1)).registers == [500]
    finally:
        client.close()
        await asyncio.wait_for(dev.stop(), 2)
