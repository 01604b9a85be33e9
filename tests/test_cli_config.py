"""`doover config validate | export | show | generate` on fixture app projects: human and --json
output, and exit codes (0 ok, 1 invalid config, 2 usage error)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "apps"


@pytest.fixture
def pump_app(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the pump_app fixture, made the current folder."""
    root = Path(shutil.copytree(FIXTURES / "pump_app", tmp_path / "pump_app"))
    monkeypatch.chdir(root)
    return root


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, indent=4))
    return path


def bad_config() -> dict:
    return {
        "digital_output_number": 9,
        "pump_on_tme": 2.0,
        "sim_app_key": "pump_sim",
        "modbus_maps": [{"register_type": "holdng", "address": 1}],
        "alarm_levels": [],
        "site": {"name": "x", "zone": 2},
    }


BAD_MESSAGES = [
    "digital_output_number: expected at most 7; found 9",
    'modbus_maps[0].register_type: expected one of holding, input, coil, discrete; found "holdng" (did you mean "holding"?)',
    "site.zone: unknown key; expected one of name, timezone",
    'pump_on_tme: unknown key (did you mean "pump_on_time"?)',
]


# --- validate -------------------------------------------------------------------------------


def test_validate_checks_every_simulators_config_by_default(doover, pump_app):
    code, out, err = doover("config", "validate")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["simulators/app_config.json: ok", "simulators/second_site.json: ok"]
    code, out, _ = doover("config", "validate", "--json")
    result = json.loads(out)
    assert code == 0 and result["valid"] is True and result["app"] == "pump_app"
    assert result["schema"] == "doover_config.json"
    assert [(f["file"], f["valid"], f["problems"]) for f in result["files"]] == [
        ("simulators/app_config.json", True, []),
        ("simulators/second_site.json", True, []),
    ]


def test_validate_lists_each_problem_on_its_own_line_and_exits_1(doover, pump_app):
    write_json(pump_app / "simulators" / "broken.json", bad_config())
    code, out, err = doover("config", "validate")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "simulators/app_config.json: ok",
        *[f"simulators/broken.json: {message}" for message in BAD_MESSAGES],
        "simulators/second_site.json: ok",
    ]


def test_validate_json_gives_structured_problems(doover, pump_app, tmp_path):
    bad = write_json(tmp_path / "bad.json", bad_config())
    code, out, _ = doover("config", "validate", "--config", str(bad), "--json")
    result = json.loads(out)
    assert code == 1 and result["valid"] is False
    [file] = result["files"]
    assert file["file"] == str(bad) and [p["message"] for p in file["problems"]] == BAD_MESSAGES
    assert file["problems"][1] == {
        "path": "modbus_maps[0].register_type",
        "expected": "one of holding, input, coil, discrete",
        "found": '"holdng"',
        "message": BAD_MESSAGES[1],
        "kind": "enum",
        "suggestion": "holding",
    }


def test_validate_from_code_agrees_with_doover_config_json(doover, pump_app, tmp_path):
    bad = write_json(tmp_path / "bad.json", bad_config())
    from_file = json.loads(doover("config", "validate", "-c", str(bad), "--json")[1])
    code, out, _ = doover("config", "validate", "-c", str(bad), "--from-code", "--json")
    from_code = json.loads(out)
    assert code == 1 and from_code["schema"] == "src/pump_app/app_config.py"
    assert from_code["files"] == from_file["files"]


def test_validate_several_files_with_app_from_elsewhere(doover, pump_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = write_json(tmp_path / "good.json", json.loads((pump_app / "simulators" / "app_config.json").read_text()))
    bad = write_json(tmp_path / "bad.json", {**bad_config(), "digital_output_number": 1})
    code, out, _ = doover("config", "validate", "--app", str(pump_app), "-c", str(good), "-c", str(bad))
    assert code == 1
    assert out.splitlines()[0] == f"{good}: ok"
    assert len(out.splitlines()) == 1 + len(BAD_MESSAGES) - 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "config file not found: {name}"),
        (
            '{\n  "digital_output_number": 3,\n}',
            "{name} is not valid JSON: Expecting property name enclosed in double quotes at line 3, column 1",
        ),
        ("pump_pin = 3", "{name} is not valid JSON: Expecting value at line 1, column 1"),
    ],
)
def test_validate_exits_2_for_a_missing_or_malformed_file(doover, pump_app, tmp_path, content, message):
    path = tmp_path / "app.json"
    if content is not None:
        path.write_text(content)
    code, out, err = doover("config", "validate", "--config", str(path), "--json")
    assert code == 2 and json.loads(out) == {"error": message.format(name=path), "code": 2}
    assert err.strip() == "doover: error: " + message.format(name=path)


def test_validate_without_a_project_or_schema_exits_2_with_a_hint(doover, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = doover("config", "validate")
    assert code == 2 and "no app project found: no doover_config.json or pyproject.toml in" in err
    app = Path(shutil.copytree(FIXTURES / "no_schema_app", tmp_path / "no_schema_app"))
    code, _, err = doover("config", "validate", "--app", str(app))
    assert code == 2 and "no doover_config.json in" in err and "doover config export" in err
    code, _, err = doover("config", "validate", "--app", str(app), "--from-code")
    assert code == 2 and "no config files to check: no " in err and "pass --config FILE" in err


def test_validate_flags_unfilled_placeholders(doover, pump_app):
    code, out, _ = doover("config", "generate", "--output", "simulators/app_config.json", "--force")
    assert code == 0
    code, out, _ = doover("config", "validate", "-c", "simulators/app_config.json")
    assert code == 1
    assert out.splitlines() == [
        "simulators/app_config.json: digital_output_number: placeholder not filled in; expected an integer",
        "simulators/app_config.json: sim_app_key: placeholder not filled in; expected an app key",
        "simulators/app_config.json: modbus_maps[0].address: placeholder not filled in; expected an integer",
    ]


# --- generate -------------------------------------------------------------------------------


def test_generate_prints_a_sample_and_names_the_placeholders_on_stderr(doover, pump_app):
    code, out, err = doover("config", "generate")
    sample = json.loads(out)
    assert code == 0
    assert sample["pump_on_time"] == 5.0 and sample["site"] == {"name": "Depot", "timezone": "UTC"}
    assert sample["digital_output_number"] == "<fill in: an integer>"
    assert err.strip() == (
        "doover: fill in 3 placeholder(s): digital_output_number, sim_app_key, modbus_maps[0].address"
    )
    code, out, err = doover("config", "generate", "--json")
    result = json.loads(out)
    assert code == 0 and err == "" and result["config"] == sample and result["file"] is None
    assert result["placeholders"] == ["digital_output_number", "sim_app_key", "modbus_maps[0].address"]


def test_generated_sample_validates_once_filled_in(doover, pump_app):
    code, out, _ = doover("config", "generate", "-o", "simulators/new.json")
    assert code == 0 and out.startswith("wrote simulators/new.json; fill in 3 placeholder(s)")
    path = pump_app / "simulators" / "new.json"
    sample = json.loads(path.read_text())
    sample.update(digital_output_number=1, sim_app_key="sim")
    sample["modbus_maps"][0]["address"] = 7
    write_json(path, sample)
    assert doover("config", "validate", "-c", str(path)) == (0, f"{path}: ok\n", "")


def test_generate_refuses_to_overwrite_without_force(doover, pump_app):
    before = (pump_app / "simulators" / "app_config.json").read_text()
    code, out, err = doover("config", "generate", "--output", "simulators/app_config.json", "--json")
    assert code == 2 and json.loads(out)["code"] == 2
    assert err.strip() == "doover: error: simulators/app_config.json already exists; pass --force to overwrite it"
    assert (pump_app / "simulators" / "app_config.json").read_text() == before
    code, out, _ = doover("config", "generate", "--output", "simulators/app_config.json", "--force", "--json")
    assert code == 0 and json.loads(out)["file"] == "simulators/app_config.json"


# --- show -----------------------------------------------------------------------------------


def test_show_prints_the_config_table(doover, pump_app):
    code, out, _ = doover("config", "show")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and rows[0] == ["KEY", "TYPE", "DEFAULT", "REQUIRED", "DESCRIPTION"]
    by_key = {row[0]: row[1:] for row in rows[1:]}
    assert by_key["digital_output_number"] == ["integer", "-", "yes", "Pin driving the pump"]
    assert by_key["mode"] == ["enum (auto, manual)", '"auto"', "no", ""]
    assert by_key["sim_app_key"] == ["application", "-", "yes", "The simulator's app key"]
    assert by_key["modbus_maps[].register_type"][:3] == ["enum (holding, input, coil, discrete)", '"holding"', "no"]
    assert by_key["site.timezone"] == ["string", '"UTC"', "no", ""]
    assert len(rows) == 15


def test_show_json_gives_one_record_per_key(doover, pump_app):
    code, out, _ = doover("config", "show", "--json")
    records = json.loads(out)
    assert code == 0 and len(records) == 14
    assert records[1] == {
        "key": "pump_on_time",
        "title": "Pump On Time",
        "type": "number",
        "default": 5.0,
        "has_default": True,
        "required": False,
        "description": "",
        "choices": None,
    }


# --- export ---------------------------------------------------------------------------------


def edit_config_code(root: Path) -> None:
    """Change a default, add a key and drop a key in the app's Schema."""
    path = root / "src" / "pump_app" / "app_config.py"
    code = path.read_text()
    code = code.replace("default=5.0, exclusive_minimum=0", "default=6.0, exclusive_minimum=0")
    code = code.replace('        self.enabled = config.Boolean("Enabled", default=True)\n', "")
    code = code.replace(
        'self.site.timezone = config.String("Timezone", default="UTC")',
        'self.site.timezone = config.String("Timezone", default="UTC")\n        self.flow = config.Number("Flow Rate", default=1.0)',
    )
    path.write_text(code)


def test_export_is_up_to_date_for_an_exported_app(doover, pump_app):
    before = (pump_app / "doover_config.json").read_text()
    code, out, _ = doover("config", "export")
    assert (code, out) == (0, "doover_config.json: pump_app's config schema is up to date\n")
    assert (pump_app / "doover_config.json").read_text() == before


def test_export_dry_run_shows_the_diff_without_writing(doover, pump_app):
    edit_config_code(pump_app)
    before = (pump_app / "doover_config.json").read_text()
    code, out, _ = doover("config", "export", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        "doover_config.json: 3 changes to pump_app's config schema (dry run, not written)",
        "  ~ pump_on_time: default 5.0 -> 6.0",
        "  + flow_rate",
        "  - enabled",
    ]
    assert (pump_app / "doover_config.json").read_text() == before


def test_export_writes_the_schema_keeps_other_keys_and_reports_json(doover, pump_app):
    edit_config_code(pump_app)
    code, out, _ = doover("config", "export", "--json")
    result = json.loads(out)
    assert code == 0 and result["written"] is True and result["dry_run"] is False
    assert result["changes"]["added"] == ["flow_rate"] and result["changes"]["removed"] == ["enabled"]
    changed = {c["key"]: c["fields"] for c in result["changes"]["changed"]}
    assert changed["pump_on_time"] == {"default": {"old": 5.0, "new": 6.0}}
    stored = json.loads((pump_app / "doover_config.json").read_text())["pump_app"]
    assert stored["display_name"] == "Pump App" and "flow_rate" in stored["config_schema"]["properties"]
    assert doover("config", "export")[1] == "doover_config.json: pump_app's config schema is up to date\n"


def test_export_creates_doover_config_json_for_a_new_app(doover, tmp_path):
    app = Path(shutil.copytree(FIXTURES / "no_schema_app", tmp_path / "no_schema_app"))
    code, out, _ = doover("config", "export", "--app", str(app))
    assert code == 0
    assert out.splitlines() == [
        "doover_config.json: 1 change to no_schema_app's config schema (written)",
        "  + threshold",
    ]
    stored = json.loads((app / "doover_config.json").read_text())
    assert stored["no_schema_app"]["config_schema"]["required"] == ["threshold"]


def test_export_reports_a_broken_config_module_and_exits_2(doover, pump_app):
    (pump_app / "src" / "pump_app" / "app_config.py").write_text("from pydoover import config\nconfig.Integer(\n")
    code, out, err = doover("config", "export")
    assert (code, out) == (2, "")
    assert err.startswith("doover: error: cannot load the config from ") and "SyntaxError" in err
    assert len(err.strip().splitlines()) == 1


# --- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "export", "show", "generate"])
def test_every_config_command_has_an_example_and_json(doover, command):
    code, out, _ = doover("config", command, "--help")
    assert code == 0 and f"Example: doover config {command}" in out and "--json" in out


def test_config_is_listed_in_doover_help(doover):
    code, out, _ = doover("--help")
    assert code == 0 and "Validate, export, show and generate an app's config." in out


def test_validate_catches_a_schema_that_drifted_from_the_code(doover, pump_app):
    code_file = pump_app / "src" / "pump_app" / "app_config.py"
    code_file.write_text(
        code_file.read_text().replace(
            '        self.site.timezone = config.String("Timezone", default="UTC")\n',
            '        self.site.timezone = config.String("Timezone", default="UTC")\n'
            '        self.flow_limit = config.Number("Flow Limit", default=3.0)\n',
        )
    )
    code, out, _ = doover("config", "validate")
    assert code == 1 and "config_schema differs from" in out and "flow_limit" in out and "doover config export" in out
    assert doover("config", "export")[0] == 0
    code, out, _ = doover("config", "validate", "--json")
    assert code == 0 and json.loads(out)["schema_drift"] is None


def test_validate_rejects_unknown_keys_not_only_near_typos(doover, pump_app):
    sample = json.loads((pump_app / "simulators" / "app_config.json").read_text())
    path = write_json(pump_app / "extra.json", {**sample, "zzz_unrelated": 5})
    code, out, _ = doover("config", "validate", "--config", str(path))
    assert code == 1 and "zzz_unrelated: unknown key; expected one of" in out
