"""Config validation (every problem at once, did-you-mean, nested paths), sample configs, the key
outline and schema diff, and finding an app project on disk."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from pydoover import config
from pydoover.config.outline import diff_schemas, outline
from pydoover.config.sample import placeholder_paths, sample_config
from pydoover.config.validation import ConfigError, check, validate
from pydoover.project import ProjectError, find_project

FIXTURES = Path(__file__).parent / "fixtures" / "apps"


class StationConfig(config.Schema):
    """Every element kind, an object that allows no extra keys, and an array of objects."""

    def __init__(self):
        self.pump_pin = config.Integer("Digital Output Number", minimum=0, maximum=7)
        self.on_time = config.Number("Pump On Time", default=5.0, exclusive_minimum=0, exclusive_maximum=60)
        self.step = config.Number("Step", default=1.5, multiple_of=0.5)
        self.enabled = config.Boolean("Enabled", default=True)
        self.mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")
        self.code = config.String("Site Code", default="AB12", length=4, pattern="^[A-Z0-9]+$")
        self.sim = config.Application("Sim App Key", default="pump_sim")
        register = config.Object("Register")
        register.register_type = config.Enum(
            "Register Type", choices=["holding", "input", "coil", "discrete"], default="holding"
        )
        register.address = config.Integer("Address", minimum=0)
        self.maps = config.Array("Modbus Maps", element=register, min_items=1, max_items=3)
        self.levels = config.Array("Levels", element=config.Number("Level", default=1.0), unique_items=True)
        self.site = config.Object("Site", additional_elements=False)
        self.site.name = config.String("Name", default="Depot")
        self.site.timezone = config.String("Timezone", default="UTC")


def good() -> dict:
    return {
        "digital_output_number": 3,
        "modbus_maps": [{"register_type": "input", "address": 100}],
        "levels": [1.5, 2.5],
        "site": {"name": "North"},
    }


def messages(data: dict, schema=None) -> list[str]:
    return [problem.message for problem in validate(schema or StationConfig(), data)]


# --- validation -----------------------------------------------------------------------------


def test_a_valid_config_with_platform_keys_and_unrelated_extras_has_no_problems():
    data = {**good(), "AGENT_ID": "a1", "APP_DISPLAY_NAME": "Pump", "dv_app_colour": "red", "notes": "hello"}
    assert validate(StationConfig(), data) == []


def test_every_problem_is_reported_at_once_in_schema_order_then_unknown_keys():
    data = {
        "digital_output_number": "3",
        "pump_on_tme": 3.0,
        "mode": "atuo",
        "modbus_maps": [{"register_type": "holdng", "address": -1}],
        "levels": [],
        "site": {"name": 7},
    }
    assert messages(data) == [
        'digital_output_number: expected an integer; found "3", a string (write 3 without quotes)',
        'mode: expected one of auto, manual; found "atuo" (did you mean "auto"?)',
        'modbus_maps[0].register_type: expected one of holding, input, coil, discrete; found "holdng" (did you mean "holding"?)',
        "modbus_maps[0].address: expected at least 0; found -1",
        "site.name: expected a string; found 7, an integer",
        'pump_on_tme: unknown key (did you mean "pump_on_time"?)',
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"digital_output_number": True}, "digital_output_number: expected an integer; found true, true or false"),
        ({"digital_output_number": 3.0}, "digital_output_number: expected an integer; found 3.0, a number (write 3)"),
        ({"digital_output_number": 8}, "digital_output_number: expected at most 7; found 8"),
        ({"pump_on_time": 0}, "pump_on_time: expected more than 0; found 0"),
        ({"pump_on_time": 60.0}, "pump_on_time: expected less than 60; found 60.0"),
        ({"pump_on_time": "5.5"}, 'pump_on_time: expected a number; found "5.5", a string (write 5.5 without quotes)'),
        ({"pump_on_time": False}, "pump_on_time: expected a number; found false, true or false"),
        ({"pump_on_time": float("nan")}, "pump_on_time: expected a number; found NaN, a number"),
        ({"step": 0.7}, "step: expected a multiple of 0.5; found 0.7"),
        ({"enabled": "true"}, 'enabled: expected true or false; found "true", a string (write true without quotes)'),
        ({"enabled": 1}, "enabled: expected true or false; found 1, an integer"),
        ({"mode": "Manual"}, 'mode: expected one of auto, manual; found "Manual" (did you mean "manual"?)'),
        ({"mode": "off"}, 'mode: expected one of auto, manual; found "off"'),
        ({"site_code": "ABC12"}, 'site_code: expected at most 4 characters; found "ABC12" (5 characters)'),
        ({"site_code": "ab"}, 'site_code: expected text matching ^[A-Z0-9]+$; found "ab"'),
        ({"sim_app_key": "pump sim"}, 'sim_app_key: expected an app key (letters, digits, _ - .); found "pump sim"'),
        ({"sim_app_key": 5}, "sim_app_key: expected a string; found 5, an integer"),
        ({"modbus_maps": []}, "modbus_maps: expected at least 1 item; found 0 items"),
        ({"modbus_maps": [{"address": n} for n in range(4)]}, "modbus_maps: expected at most 3 items; found 4 items"),
        ({"modbus_maps": {"address": 1}}, "modbus_maps: expected a list; found an object"),
        ({"modbus_maps": [{}]}, "modbus_maps[0].address: missing required key (expected an integer)"),
        ({"modbus_maps": [{"address": 1}, 5]}, "modbus_maps[1]: expected an object; found 5, an integer"),
        (
            {"levels": [1.0, 2.0, 1.0]},
            "levels[2]: expected a value not already in the list; found a repeat of levels[0]",
        ),
        ({"levels": [1, "2"]}, 'levels[1]: expected a number; found "2", a string (write 2 without quotes)'),
        ({"site": ["North"]}, "site: expected an object; found a list of 1 item"),
        ({"site": {"tz": "UTC"}}, "site.tz: unknown key; expected one of name, timezone"),
        ({"site": {"timezon": "UTC"}}, 'site.timezon: unknown key (did you mean "timezone"?)'),
        (
            {"digital_output_number": "<fill in: an integer>"},
            "digital_output_number: placeholder not filled in; expected an integer",
        ),
        ({"site_code": "<fill in: a string>"}, "site_code: placeholder not filled in; expected a string"),
    ],
)
def test_each_kind_of_problem_has_a_one_line_message(change, message):
    assert messages({**good(), **change}) == [message]


def test_a_missing_required_key_names_what_was_expected():
    data = good()
    del data["digital_output_number"], data["site"]
    assert messages(data) == [
        "digital_output_number: missing required key (expected an integer)",
        "site: missing required key (expected an object)",
    ]


def test_a_misspelt_required_key_is_one_did_you_mean_not_also_missing():
    data = good()
    data["digital_output_numbr"] = data.pop("digital_output_number")
    [problem] = validate(StationConfig(), data)
    assert problem.message == 'digital_output_numbr: unknown key (did you mean "digital_output_number"?)'
    assert (problem.kind, problem.suggestion, problem.found) == (
        "unknown_key",
        "digital_output_number",
        '"digital_output_numbr"',
    )


def test_an_unknown_key_beside_its_lookalike_is_left_alone():
    assert messages({**good(), "pump_on_time": 4.0, "pump_on_times": [1, 2]}) == []


def test_problem_fields_for_a_nested_enum():
    data = {**good(), "modbus_maps": [{"register_type": "holdng", "address": 1}]}
    [problem] = validate(StationConfig(), data)
    assert problem.path == "modbus_maps[0].register_type"
    assert problem.expected == "one of holding, input, coil, discrete"
    assert problem.found == '"holdng"'
    assert (problem.kind, problem.suggestion) == ("enum", "holding")
    assert problem.to_dict()["message"] == str(problem) and "\n" not in str(problem)


def test_python_enum_choices_suggest_the_quoted_value():
    class Baud(__import__("enum").Enum):
        SLOW = 9600
        FAST = 115200

    schema = config.Schema()
    schema.baud = config.Enum("Baud", choices=Baud, default=Baud.SLOW)
    assert messages({"baud": 9600}, schema) == ['baud: expected one of 9600, 115200; found 9600 (did you mean "9600"?)']


def test_keys_with_dots_or_spaces_are_bracketed_in_paths():
    schema = config.Schema()
    schema.max = config.Integer("Temp. Max", default=1)
    assert messages({"temp._max": "x"}, schema) == ['["temp._max"]: expected an integer; found "x", a string']


def test_a_config_that_is_not_an_object_is_one_problem_at_the_top_level():
    assert messages([1, 2]) == ["(top level): expected an object; found a list of 2 items"]


def test_application_values_can_be_checked_against_the_apps_on_the_device():
    problems = validate(StationConfig(), {**good(), "sim_app_key": "pump_sin"}, app_keys={"pump_sim", "tank"})
    assert [p.message for p in problems] == [
        'sim_app_key: expected the key of an app on the device: pump_sim, tank; found "pump_sin" (did you mean "pump_sim"?)'
    ]


def test_schema_instance_and_exported_json_give_the_same_problems():
    exported = json.loads(json.dumps(StationConfig().to_dict()))
    bad = {
        "digital_output_number": 9.0,
        "pump_on_tme": 1,
        "step": 0.3,
        "modbus_maps": [{"register_type": "coils"}, {"address": -2, "adress": 1}],
        "levels": [2.0, 2.0],
        "site": {"name": None, "zone": 1},
    }
    from_schema = validate(StationConfig(), bad)
    assert len(from_schema) == 9
    assert validate(exported, bad) == from_schema


def test_check_raises_a_config_error_listing_every_problem_on_its_own_line():
    with pytest.raises(ConfigError) as info:
        check(StationConfig(), {"digital_output_number": -1, "site": {}}, source="deployment config")
    error = info.value
    assert isinstance(error, ValueError)
    assert [p.path for p in error.problems] == ["digital_output_number", "modbus_maps", "levels"]
    assert str(error) == (
        "deployment config is invalid (3 problems):\n"
        "  digital_output_number: expected at least 0; found -1\n"
        "  modbus_maps: missing required key (expected a list)\n"
        "  levels: missing required key (expected a list)"
    )
    check(StationConfig(), good())  # a valid config passes quietly


def test_validate_rejects_something_that_is_not_a_schema():
    with pytest.raises(TypeError, match="expected a config Schema or its JSON schema"):
        validate("schema", {})


# --- sample configs -------------------------------------------------------------------------


def test_sample_config_uses_defaults_and_placeholders_and_validates_once_filled():
    sample = sample_config(StationConfig())
    assert sample["pump_on_time"] == 5.0 and sample["site"] == {"name": "Depot", "timezone": "UTC"}
    assert sample["modbus_maps"] == [{"register_type": "holding", "address": "<fill in: an integer>"}]
    assert sample["levels"] == []
    assert placeholder_paths(sample) == ["digital_output_number", "modbus_maps[0].address"]
    assert [p.kind for p in validate(StationConfig(), sample)] == ["placeholder", "placeholder"]
    sample["digital_output_number"] = 2
    sample["modbus_maps"][0]["address"] = 40
    assert validate(StationConfig(), sample) == []


def test_a_platform_variable_default_becomes_a_placeholder():
    schema = config.Schema()
    schema.count = config.Integer("DI Count", default=config.Variable("device", "digitalInputCount"))
    schema.label = config.String("Label", default="$device.name")
    assert sample_config(schema) == {"di_count": "<fill in: an integer>", "label": "$device.name"}


# --- outline and diff -----------------------------------------------------------------------


def test_outline_lists_nested_keys_with_dotted_and_indexed_paths():
    keys = {key.path: key for key in outline(StationConfig())}
    assert list(keys) == [
        "digital_output_number",
        "pump_on_time",
        "step",
        "enabled",
        "mode",
        "site_code",
        "sim_app_key",
        "modbus_maps",
        "modbus_maps[].register_type",
        "modbus_maps[].address",
        "levels",
        "levels[]",
        "site",
        "site.name",
        "site.timezone",
    ]
    assert (keys["sim_app_key"].type, keys["mode"].type, keys["mode"].choices) == (
        "application",
        "enum",
        ["auto", "manual"],
    )
    assert keys["digital_output_number"].required and not keys["digital_output_number"].has_default
    assert keys["modbus_maps[].address"].required and not keys["modbus_maps[].register_type"].required
    assert keys["site.timezone"].to_dict()["default"] == "UTC"


class StationConfigV2(StationConfig):
    """StationConfig with a new default, a new nested key and a key removed."""

    def __init__(self):
        super().__init__()
        self.on_time = config.Number("Pump On Time", default=6.0, exclusive_minimum=0, position=1)
        self.site.address = config.String("Address", default="")
        self.levels = None


def test_diff_schemas_lists_added_removed_and_changed_keys():
    old = StationConfig().to_dict()
    changes = diff_schemas(old, StationConfigV2())
    assert [(c.change, c.path) for c in changes] == [
        ("added", "site.address"),
        ("changed", "pump_on_time"),  # reassigned last, so it now comes last
        ("removed", "levels"),
        ("removed", "levels[]"),
    ]
    assert changes[1].summary() == "pump_on_time: default 5.0 -> 6.0; exclusiveMaximum 60 -> (none)"
    assert changes[1].to_dict()["fields"]["default"] == {"old": 5.0, "new": 6.0}
    assert diff_schemas(old, StationConfig()) == []
    assert [c.change for c in diff_schemas(None, old)] == ["added"] * len(outline(old))


# --- finding an app project -----------------------------------------------------------------


@pytest.fixture
def apps(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "apps")
    return tmp_path / "apps"


def test_find_project_walks_up_to_a_src_layout_app(apps):
    project = find_project(apps / "pump_app" / "src" / "pump_app")
    assert project.root == (apps / "pump_app").resolve()
    assert (project.name, project.app_key, project.package) == ("pump_app", "pump_app", "pump_app")
    assert project.package_dir == project.root / "src" / "pump_app"
    assert project.config_module == "pump_app.app_config"
    assert project.sample_config_path == project.root / "simulators" / "app_config.json"
    assert [p.name for p in project.sample_configs()] == ["app_config.json", "second_site.json"]
    assert (project.start.script, project.start.target) == ("doover-app-run", "pump_app:main")
    assert project.start.argv("py") == ["py", "-c", "import sys; from pump_app import main; sys.exit(main())"]
    assert project.config_schema()["required"] == [
        "digital_output_number",
        "sim_app_key",
        "modbus_maps",
        "alarm_levels",
        "site",
    ]


def test_load_schema_returns_the_apps_schema_and_leaves_no_trace(apps):
    project = find_project(apps / "pump_app")
    path_before, modules_before = list(sys.path), set(sys.modules)
    schema = project.load_schema()
    assert type(schema).__name__ == "PumpConfig" and isinstance(schema, config.Schema)
    assert schema.to_dict() == project.config_schema(), "the fixture's doover_config.json is up to date"
    assert sys.path == path_before
    assert not {name for name in set(sys.modules) - modules_before if name.startswith("pump_app")}


def test_two_projects_with_the_same_package_name_load_their_own_schema(apps, tmp_path):
    other = Path(shutil.copytree(apps / "pump_app", tmp_path / "other" / "pump_app"))
    config_py = other / "src" / "pump_app" / "app_config.py"
    config_py.write_text(config_py.read_text().replace('"Enabled"', '"Pump Enabled"'))
    first = find_project(apps / "pump_app").load_schema().to_dict()["properties"]
    second = find_project(other).load_schema().to_dict()["properties"]
    assert "enabled" in first and "pump_enabled" in second and "enabled" not in second


def test_flat_layout_app_starts_with_python_m_and_its_export_function_gives_the_schema(apps):
    project = find_project(apps / "flat_app")
    assert project.package_dir == project.root / "flat_app"
    assert (project.start.script, project.start.target) == (None, "flat_app")
    assert project.start.argv("py") == ["py", "-m", "flat_app"]
    schema = project.load_schema()
    assert type(schema).__name__ == "TankConfig", "two Schema classes: the one export() exports"
    assert not (apps / "flat_app" / "doover_config.json").read_text().count("config_schema"), "export() wrote nothing"
    with pytest.raises(ProjectError, match=r"doover_config.json: app 'flat_app' has no config_schema; write it with"):
        project.config_schema()


def test_a_project_without_doover_config_json_says_so(apps):
    project = find_project(apps / "no_schema_app")
    assert (project.name, project.app_key) == ("no-schema-app", "no_schema_app")
    with pytest.raises(ProjectError) as info:
        project.config_schema()
    assert str(info.value) == f"no doover_config.json in {project.root}; create it with `doover config export`"


def test_no_project_anywhere_up_the_tree_is_a_one_line_error(tmp_path):
    with pytest.raises(
        ProjectError,
        match=r"^no app project found: no doover_config.json or pyproject.toml in .* or any parent folder$",
    ):
        find_project(tmp_path)
    with pytest.raises(ProjectError, match="no such folder"):
        find_project(tmp_path / "missing")


def test_broken_project_files_are_reported_with_where_they_are(apps):
    project_dir = apps / "pump_app"
    (project_dir / "doover_config.json").write_text('{"pump_app": {,}}')
    with pytest.raises(ProjectError, match=r"doover_config.json: not valid JSON at line 1, column 15"):
        find_project(project_dir)
    (project_dir / "doover_config.json").write_text('{"a": {}, "b": {}}')
    with pytest.raises(
        ProjectError, match=r"holds several apps \(a, b\) and none matches the pyproject.toml name 'pump-app'"
    ):
        find_project(project_dir)


def test_a_config_module_that_fails_to_import_is_one_line(apps):
    config_py = apps / "no_schema_app" / "src" / "no_schema_app" / "app_config.py"
    config_py.write_text("import not_a_real_module\n")
    with pytest.raises(ProjectError) as info:
        find_project(apps / "no_schema_app").load_schema()
    assert (
        str(info.value)
        == f"cannot load the config from {config_py.resolve()}: ModuleNotFoundError: No module named 'not_a_real_module'"
    )
    config_py.write_text("x = 1\n")
    with pytest.raises(ProjectError, match=r"defines no config\.Schema subclass and no export"):
        find_project(apps / "no_schema_app").load_schema()


def test_a_missing_package_names_where_it_looked(apps):
    shutil.rmtree(apps / "no_schema_app" / "src")
    with pytest.raises(ProjectError) as info:
        find_project(apps / "no_schema_app").load_schema()
    assert "looked for src/no_schema_app/ or no_schema_app/" in str(info.value)


def test_the_usage_examples_in_docstrings_hold():
    import doctest

    from pydoover.config import describe, sample, validation
    from pydoover.config import outline as outline_module

    for module in (validation, describe, sample, outline_module):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_null_is_accepted_where_the_element_defaults_to_null():
    schema = config.Schema()
    schema.namespace = config.String("Channel Namespace", default=None)
    schema.mode = config.Enum("Mode", choices=["auto", "manual"], default=None)
    schema.pin = config.Integer("Pin", default=0)
    problems = validate(schema, {"channel_namespace": None, "mode": None, "pin": None})
    assert [problem.path for problem in problems] == ["pin"]
