"""pydoover.config: element JSON shapes, config keys, defaults, loading and export (sdk-contract §5)."""

from __future__ import annotations

import enum
import json

import pytest

from pydoover import config


class PumpConfig(config.Schema):
    """A classic-style schema: elements assigned in __init__, no super().__init__() call."""

    def __init__(self):
        self.pump_pin = config.Integer("Digital Output Number", description="Pin driving the pump")
        self.on_time = config.Number("Pump On Time", default=5.2)
        self.enabled = config.Boolean("Enabled", default=True)
        self.mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Baud(enum.Enum):
    SLOW = 9600
    FAST = 115200


# --- keys and registration ------------------------------------------------------------------


def test_transform_key_lowercases_and_replaces_spaces_only():
    assert config.transform_key("Crank Time (seconds)") == "crank_time_(seconds)"
    assert config.transform_key("TCP URI") == "tcp_uri"


def test_schema_keys_come_from_display_names_in_assignment_order():
    props = PumpConfig().to_dict()["properties"]
    assert list(props) == ["digital_output_number", "pump_on_time", "enabled", "mode"]
    assert [p["x-position"] for p in props.values()] == [0, 1, 2, 3]


def test_duplicate_config_key_raises_value_error():
    class Clash(config.Schema):
        def __init__(self):
            self.a = config.Integer("Pump Pin", default=1)
            self.b = config.Integer("pump pin", default=2)

    with pytest.raises(ValueError, match="duplicate config key 'pump_pin'"):
        Clash()


def test_explicit_position_is_kept():
    schema = config.Schema()
    schema.first = config.Integer("First", default=1, position=7)
    assert schema.to_dict()["properties"]["first"]["x-position"] == 7


def test_reassigning_an_attribute_replaces_its_element():
    schema = config.Schema()
    schema.pin = config.Integer("Old Pin", default=1)
    schema.pin = config.Integer("New Pin", default=2)
    assert list(schema.to_dict()["properties"]) == ["new_pin"]


def test_application_config_is_schema():
    assert config.ApplicationConfig is config.Schema


# --- to_dict shapes -------------------------------------------------------------------------


def test_schema_to_dict_top_level_shape():
    out = PumpConfig().to_dict()
    assert list(out) == ["$schema", "$id", "title", "type", "properties", "additionalElements", "required"]
    assert out["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert out["$id"] == ""
    assert out["title"] == "Application Config"
    assert out["type"] == "object"
    assert out["additionalElements"] is True
    assert out["required"] == ["digital_output_number"]


def test_base_element_to_dict_has_unknown_type_and_common_keys_in_order():
    element = config.ConfigElement(
        "Some Thing", default="x", description="about it", deprecated=True, hidden=True, position=3
    )
    out = element.to_dict()
    assert out == {
        "title": "Some Thing",
        "x-name": "some_thing",
        "x-hidden": True,
        "type": "unknown",
        "description": "about it",
        "default": "x",
        "x-position": 3,
        "deprecated": True,
    }
    assert list(out) == ["title", "x-name", "x-hidden", "type", "description", "default", "x-position", "deprecated"]


def test_unset_optional_keys_are_omitted_but_x_hidden_is_always_present():
    assert config.Boolean("Flag").to_dict() == {"title": "Flag", "x-name": "flag", "x-hidden": False, "type": "boolean"}


def test_integer_to_dict_with_limits():
    element = config.Integer(
        "Count", default=4, minimum=0, exclusive_minimum=-1, maximum=10, exclusive_maximum=11, multiple_of=2
    )
    out = element.to_dict()
    assert out == {
        "title": "Count",
        "x-name": "count",
        "x-hidden": False,
        "type": "integer",
        "default": 4,
        "minimum": 0,
        "exclusiveMinimum": -1,
        "maximum": 10,
        "exclusiveMaximum": 11,
        "multipleOf": 2,
    }
    assert list(out)[-5:] == ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf"]


def test_number_to_dict_has_number_type_and_float_default():
    out = config.Number("Pump On Time", default=5.2, maximum=60).to_dict()
    assert out == {
        "title": "Pump On Time",
        "x-name": "pump_on_time",
        "x-hidden": False,
        "type": "number",
        "default": 5.2,
        "maximum": 60,
    }


def test_string_to_dict_with_length_and_pattern():
    out = config.String("Site Code", default="AB12", length=4, pattern="^[A-Z0-9]+$").to_dict()
    assert out == {
        "title": "Site Code",
        "x-name": "site_code",
        "x-hidden": False,
        "type": "string",
        "default": "AB12",
        "length": 4,
        "pattern": "^[A-Z0-9]+$",
    }


def test_application_to_dict_is_a_string_with_doover_application_format():
    out = config.Application("Sim App Key", description="Simulator app").to_dict()
    assert out == {
        "title": "Sim App Key",
        "x-name": "sim_app_key",
        "x-hidden": False,
        "type": "string",
        "description": "Simulator app",
        "format": "doover-application",
    }


def test_enum_with_list_puts_enum_first_and_has_string_type():
    out = config.Enum("Engine Type", choices=["Honda", "John Deere"], default="Honda").to_dict()
    assert out == {
        "enum": ["Honda", "John Deere"],
        "title": "Engine Type",
        "x-name": "engine_type",
        "x-hidden": False,
        "type": "string",
        "default": "Honda",
    }
    assert next(iter(out)) == "enum"


def test_enum_json_type_is_number_for_floats_and_omitted_for_mixed():
    assert config.Enum("Gain", choices=[0.5, 1.0], default=1.0).to_dict()["type"] == "number"
    assert "type" not in config.Enum("Mixed", choices=["a", 1], default="a").to_dict()


def test_enum_with_python_enum_stringifies_member_values():
    element = config.Enum("Baud Rate", choices=Baud, default=Baud.FAST)
    out = element.to_dict()
    assert out["enum"] == ["9600", "115200"]
    assert out["default"] == "115200"
    assert out["type"] == "string"
    assert element.value == 115200


def test_enum_value_maps_through_choices_for_list_and_python_enum():
    by_list = config.Enum("Mode", choices=["auto", "manual"], default="auto")
    by_list.load_data("manual")
    assert by_list.value == "manual"
    by_enum = config.Enum("Colour", choices=Colour, default=Colour.RED)
    assert by_enum.value == "red"
    by_enum.load_data("blue")
    assert by_enum.value == "blue"


def test_enum_keeps_a_value_or_default_outside_a_list_of_choices_as_classic_does():
    element = config.Enum("Mode", choices=["auto", "manual"], default=None)
    assert element.value is None
    element.load_data("off")
    assert element.value == "off"
    assert config.Enum("Mode", choices=["auto"], default="off").to_dict()["default"] == "off"


def test_enum_over_a_python_enum_raises_key_error_for_text_that_is_no_choice():
    import enum

    speed = config.Enum("Speed", choices=enum.Enum("Speed", {"SLOW": 1, "FAST": 2}), default=None)
    with pytest.raises(KeyError) as info:
        speed.load_data("9")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "Enum 'Speed': value '9' is not one of the choices ['1', '2']"


def test_enum_needs_a_default_and_iterable_choices():
    with pytest.raises(TypeError):
        config.Enum("Mode", choices=["a"])
    with pytest.raises(TypeError, match=r"choices must be a list or an enum\.Enum class, not int"):
        config.Enum("Mode", choices=5, default="a")
    assert config.Enum("Mode", choices=[], default="a").to_dict()["enum"] == []


def test_variable_default_serialises_as_dollar_scope_dot_name():
    variable = config.Variable("device", "digitalInputCount")
    element = config.Integer("DI Count", default=variable)
    assert element.to_dict()["default"] == "$device.digitalinputcount"
    assert element.value is variable


def test_array_to_dict_with_template_and_limits():
    array = config.Array(
        "Pump Pins", element=config.Integer("Pin", default=0), min_items=1, max_items=4, unique_items=True
    )
    out = array.to_dict()
    assert out == {
        "title": "Pump Pins",
        "x-name": "pump_pins",
        "x-hidden": False,
        "type": "array",
        "items": {"title": "Pin", "x-name": "pin", "x-hidden": False, "type": "integer", "default": 0},
        "minItems": 1,
        "maxItems": 4,
        "uniqueItems": True,
    }


def test_object_to_dict_with_children():
    pump = config.Object("Pump", collapsible=True, default_collapsed=True, additional_elements=False)
    pump.pin = config.Integer("Pin")
    pump.add_elements(config.Number("Flow Rate", default=1.5))
    out = pump.to_dict()
    assert out == {
        "title": "Pump",
        "x-name": "pump",
        "x-hidden": False,
        "type": "object",
        "properties": {
            "pin": {"title": "Pin", "x-name": "pin", "x-hidden": False, "type": "integer", "x-position": 0},
            "flow_rate": {
                "title": "Flow Rate",
                "x-name": "flow_rate",
                "x-hidden": False,
                "type": "number",
                "default": 1.5,
                "x-position": 1,
            },
        },
        "additionalElements": False,
        "required": ["pin"],
        "x-collapsible": True,
        "x-defaultCollapsed": True,
    }


def test_array_and_object_are_always_required():
    schema = config.Schema()
    schema.pumps = config.Array("Pumps", element=config.Integer("Pin", default=1))
    schema.site = config.Object("Site")
    schema.name = config.String("Name", default="x")
    assert schema.to_dict()["required"] == ["pumps", "site"]


# --- constructor checks ---------------------------------------------------------------------


def test_number_rejects_an_int_default():
    with pytest.raises(TypeError, match=r"Number 'Pump On Time': default must be a float or None \(write 5.0, not 5\)"):
        config.Number("Pump On Time", default=5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: config.Integer("Pin", default=1.5), "Integer 'Pin': default must be an int or None, not float 1.5"),
        (lambda: config.Boolean("Flag", default=1), "Boolean 'Flag': default must be a bool or None, not int 1"),
        (lambda: config.String("Name", default=3), "String 'Name': default must be a str or None, not int 3"),
    ],
)
def test_a_default_of_the_wrong_type_raises_an_error_naming_the_option(make, message):
    # classic raised a bare AssertionError: ours is both, so either `except` catches it
    with pytest.raises(TypeError) as info:
        make()
    assert isinstance(info.value, AssertionError)
    assert str(info.value).startswith(message)


def test_a_display_name_that_is_not_text_raises_type_and_attribute_error():
    with pytest.raises(AttributeError) as info:
        config.Integer(5)
    assert isinstance(info.value, TypeError)
    assert str(info.value).startswith("Integer: display_name must be a str, not int 5")


@pytest.mark.parametrize(
    "make",
    [
        lambda: config.String("Channel Namespace", description="ns", default=None),
        lambda: config.Integer("Pin", default=None),
        lambda: config.Boolean("Flag", default=None),
        lambda: config.Enum("Mode", choices=["a", "b"], default=None),
        lambda: config.Integer("Pin", default=True),
        lambda: config.Integer("Pin", minimum="0"),
        lambda: config.String("Name", length=-1, pattern=5),
        lambda: config.Array("Pins", min_items=3, max_items=1),
        lambda: config.Integer("", hidden="yes", description=5),
    ],
)
def test_what_classic_accepts_in_a_constructor_is_accepted_and_exported_as_given(make):
    element = make()
    assert element.to_dict()["title"] == element.display_name


def test_array_and_object_refuse_a_default_even_none():
    with pytest.raises(ValueError, match="Array 'Pins' takes no default"):
        config.Array("Pins", element=config.Integer("Pin"), default=[1])
    with pytest.raises(ValueError, match="Object 'Pump' takes no default"):
        config.Object("Pump", default={})
    with pytest.raises(ValueError, match="Array 'Pins' takes no default"):
        config.Array("Pins", default=None)


def test_object_default_collapsed_needs_collapsible():
    with pytest.raises(ValueError, match="default_collapsed=True needs collapsible=True"):
        config.Object("Pump", collapsible=False, default_collapsed=True)


def test_object_child_may_not_shadow_the_objects_own_attributes():
    pump = config.Object("Pump")
    with pytest.raises(ValueError, match=r"Object.description: this attribute name is taken"):
        pump.description = config.String("Description")


# --- values and loading ---------------------------------------------------------------------


def test_value_is_default_until_loaded_and_unset_raises():
    pin = config.Integer("Pump Pin")
    with pytest.raises(ValueError, match="Value for pump_pin not set"):
        _ = pin.value
    on_time = config.Number("On Time", default=2.5)
    assert on_time.value == 2.5
    on_time.load_data(7.0)
    assert on_time.value == 7.0
    on_time.reset()
    assert on_time.value == 2.5


def test_inject_deployment_config_sets_values_and_skips_unknown_keys():
    cfg = PumpConfig()
    cfg._inject_deployment_config(
        {"digital_output_number": 3, "mode": "manual", "AGENT_ID": "123", "APP_DISPLAY_NAME": "Pump"}
    )
    assert cfg.pump_pin.value == 3
    assert cfg.mode.value == "manual"
    assert cfg.on_time.value == 5.2
    assert cfg.enabled.value is True
    assert not hasattr(cfg, "AGENT_ID")


def test_reinjecting_without_a_key_falls_back_to_the_default():
    cfg = PumpConfig()
    cfg._inject_deployment_config({"digital_output_number": 3, "pump_on_time": 9.0})
    cfg._inject_deployment_config({"digital_output_number": 4})
    assert (cfg.pump_pin.value, cfg.on_time.value) == (4, 5.2)


def test_inject_without_a_required_key_raises_and_loads_nothing():
    cfg = PumpConfig()
    with pytest.raises(ValueError, match="missing required key\\(s\\): digital_output_number"):
        cfg._inject_deployment_config({"pump_on_time": 1.0})
    assert cfg.on_time.value == 5.2


def test_inject_array_of_objects_gives_rows_with_their_own_values():
    pump = config.Object("Pump")
    pump.pin = config.Integer("Pin", default=1)
    pump.mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")
    schema = config.Schema()
    schema.pumps = config.Array("Pumps", element=pump)
    schema._inject_deployment_config({"pumps": [{"pin": 5, "mode": "manual"}, {"pin": 6}]})
    rows = schema.pumps.elements
    assert [row.pin.value for row in rows] == [5, 6]
    assert [row.mode.value for row in rows] == ["manual", "auto"]
    assert schema.pumps.value == [{"pin": 5, "mode": "manual"}, {"pin": 6, "mode": "auto"}]
    assert pump.pin.value == 1, "the template keeps its default"


def test_array_value_raises_until_loaded():
    array = config.Array("Pins", element=config.Integer("Pin"))
    assert array.elements == []
    with pytest.raises(ValueError, match="Value for pins not set"):
        _ = array.value
    array.load_data([1, 2])
    assert array.value == [1, 2]
    with pytest.raises(TypeError, match="expected a list of rows, not int"):
        array.load_data(3)


def test_object_unknown_keys_become_extras_or_raise():
    open_obj = config.Object("Site")
    open_obj.code = config.String("Code", default="A")
    open_obj.load_data({"code": "B", "extra_thing": 12})
    assert open_obj.value == {"code": "B", "extra_thing": 12}
    assert [e.display_name for e in open_obj.elements] == ["Code", "extra_thing"]
    closed = config.Object("Site", additional_elements=False)
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['extra_thing'\]"):
        closed.load_data({"extra_thing": 12})


def test_load_from_file_reads_a_flat_object(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"digital_output_number": 8, "enabled": False}))
    cfg = PumpConfig()
    cfg.load_from_file(path)
    assert (cfg.pump_pin.value, cfg.enabled.value) == (8, False)


# --- export ---------------------------------------------------------------------------------


def test_export_writes_config_schema_and_keeps_other_keys(tmp_path):
    path = tmp_path / "doover_config.json"
    existing = {
        "pump_app": {"display_name": "Pump", "app_type": "docker", "config_schema": {"old": True}},
        "other_app": {"config_schema": {"x": 1}},
    }
    path.write_text(json.dumps(existing))
    PumpConfig().export(path, "pump_app")
    data = json.loads(path.read_text())
    assert data["other_app"] == {"config_schema": {"x": 1}}
    assert data["pump_app"]["display_name"] == "Pump"
    assert data["pump_app"]["app_type"] == "docker"
    assert data["pump_app"]["config_schema"] == PumpConfig().to_dict()
    assert path.read_text().startswith('{\n    "pump_app"'), "indent=4"
    assert [p.name for p in tmp_path.iterdir()] == ["doover_config.json"], "no temp file left behind"


def test_export_creates_a_missing_file(tmp_path):
    path = tmp_path / "doover_config.json"
    PumpConfig().export(path, "pump_app")
    assert json.loads(path.read_text()) == {"pump_app": {"config_schema": PumpConfig().to_dict()}}


def test_export_refuses_a_file_that_is_not_a_json_object(tmp_path):
    path = tmp_path / "doover_config.json"
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="expected a JSON object keyed by app name, not list"):
        PumpConfig().export(path, "pump_app")
    assert path.read_text() == "[1, 2]"
