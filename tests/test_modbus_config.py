"""ModbusConfig / ManyModbusConfig keys and defaults (sdk-contract §4.3), and configured_buses."""

from __future__ import annotations

import pytest

from pydoover import config
from pydoover.docker.modbus.config import BusConfig, ManyModbusConfig, ModbusConfig, configured_buses

DEFAULT_BUS = BusConfig(
    bus_type="serial",
    name="default",
    serial_port="/dev/ttyAMA0",
    serial_baud=9600,
    serial_method="rtu",
    serial_bits=8,
    serial_parity="None",
    serial_stop=1,
    serial_timeout=0.3,
    tcp_uri="127.0.0.1:5000",
    tcp_timeout=2.0,
)


class OneBus(config.Schema):
    def __init__(self):
        self.modbus_config = ModbusConfig()


class ManyBuses(config.Schema):
    def __init__(self):
        self.modbus_config = ManyModbusConfig()


def test_modbus_config_keys_types_defaults_and_choices():
    out = ModbusConfig().to_dict()
    assert out["title"] == "Modbus Config"
    assert out["x-name"] == "modbus_config"
    props = out["properties"]
    expected = {
        "bus_type": ("string", "serial"),
        "name": ("string", "default"),
        "serial_port": ("string", "/dev/ttyAMA0"),
        "serial_baud": ("integer", 9600),
        "serial_method": ("string", "rtu"),
        "serial_data_bits": ("integer", 8),
        "serial_parity": ("string", "None"),
        "serial_stop_bits": ("integer", 1),
        "serial_timeout": ("number", 0.3),
        "tcp_uri": ("string", "127.0.0.1:5000"),
        "tcp_timeout": ("number", 2.0),
    }
    assert {key: (p["type"], p["default"]) for key, p in props.items()} == expected
    assert list(props) == list(expected)
    assert props["bus_type"]["enum"] == ["serial", "tcp"]
    assert props["serial_method"]["enum"] == ["rtu", "ascii", "socket", "tls"]
    assert props["serial_parity"]["enum"] == ["None", "Even", "Odd"]
    assert out["required"] == []


def test_modbus_config_attributes_map_to_their_keys():
    bus = ModbusConfig()
    assert bus.type.to_dict()["x-name"] == "bus_type"
    assert bus.serial_bits.to_dict()["x-name"] == "serial_data_bits"
    assert bus.serial_stop.to_dict()["x-name"] == "serial_stop_bits"
    assert isinstance(bus.serial_timeout.default, float)
    assert isinstance(bus.tcp_timeout.default, float)


def test_many_modbus_config_is_an_array_of_instance_configs():
    out = ManyModbusConfig().to_dict()
    assert out["type"] == "array"
    assert out["x-name"] == "modbus_config"
    assert out["items"]["title"] == "Modbus Instance Config"
    assert out["items"]["properties"] == ModbusConfig().to_dict()["properties"]


def test_configured_buses_for_one_object_uses_defaults_before_injection():
    assert configured_buses(OneBus()) == [DEFAULT_BUS]


def test_configured_buses_for_one_object_prefers_injected_values():
    cfg = OneBus()
    cfg._inject_deployment_config({"modbus_config": {"bus_type": "tcp", "name": "meter", "tcp_uri": "10.0.0.5:502"}})
    [bus] = configured_buses(cfg)
    assert (bus.bus_type, bus.name, bus.tcp_uri, bus.tcp_timeout) == ("tcp", "meter", "10.0.0.5:502", 2.0)
    assert bus.serial_port == "/dev/ttyAMA0"


def test_configured_buses_for_an_array_gives_one_bus_per_injected_row():
    cfg = ManyBuses()
    cfg._inject_deployment_config(
        {
            "modbus_config": [
                {"name": "rs485", "serial_port": "/dev/ttyUSB0", "serial_baud": 19200, "serial_parity": "Even"},
                {"bus_type": "tcp", "name": "plc", "tcp_uri": "192.168.1.9:502", "tcp_timeout": 1},
            ]
        }
    )
    first, second = configured_buses(cfg)
    assert first == BusConfig(
        bus_type="serial",
        name="rs485",
        serial_port="/dev/ttyUSB0",
        serial_baud=19200,
        serial_method="rtu",
        serial_bits=8,
        serial_parity="Even",
        serial_stop=1,
        serial_timeout=0.3,
        tcp_uri="127.0.0.1:5000",
        tcp_timeout=2.0,
    )
    assert (second.bus_type, second.name, second.tcp_uri) == ("tcp", "plc", "192.168.1.9:502")
    assert second.tcp_timeout == 1.0
    assert isinstance(second.tcp_timeout, float)


def test_configured_buses_is_empty_without_modbus_config():
    assert configured_buses(None) == []
    assert configured_buses(config.Schema()) == []
    assert configured_buses(ManyBuses()) == [], "an array with no rows loaded has no buses"


def test_configured_buses_rejects_a_modbus_config_of_another_type():
    cfg = config.Schema()
    cfg.modbus_config = config.Integer("Modbus Config", default=1)
    with pytest.raises(TypeError, match="modbus_config must be a ModbusConfig or an Array of them, not Integer"):
        configured_buses(cfg)


def test_unknown_serial_method_loads_as_given_and_validation_reports_it():
    # classic pydoover loads an Enum value outside its choices unchecked; the start-up warning names it
    from pydoover.config.validation import validate

    cfg = OneBus()
    data = {"modbus_config": {"serial_method": "rtu-over-tcp"}}
    cfg._inject_deployment_config(data)
    assert cfg.modbus_config.serial_method.value == "rtu-over-tcp"
    assert [problem.path for problem in validate(cfg, data)] == ["modbus_config.serial_method"]
