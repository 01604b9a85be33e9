"""The table of calls the differential suite runs in our SDK and in public pydoover 0.4.18.

Each case is source for ``tests/support/differential.py``: statements, then an expression whose
value is compared. Cases are generated from small tables (element class x keyword x value) so the
table stays readable while covering several hundred calls.
"""

from __future__ import annotations

from pathlib import Path

CASES: dict[str, str] = {}


def case(case_id: str, code: str) -> None:
    if case_id in CASES:
        raise ValueError(f"duplicate differential case id {case_id!r}")
    CASES[case_id] = code


# ---------------------------------------------------------------- config elements: keyword x value

SCALARS = ("Integer", "Number", "Boolean", "String", "Application", "ConfigElement")
DEFAULTS = {
    "none": "None",
    "int0": "0",
    "int1": "1",
    "float_half": "0.5",
    "float5": "5.0",
    "true": "True",
    "empty_str": "''",
    "str": "'x'",
    "empty_list": "[]",
    "empty_dict": "{}",
    "variable": "config.Variable('Device', 'Digital Input Count')",
}
COMMON = {
    "description": {"none": "None", "empty": "''", "text": "'Pin driving the pump'", "int": "5"},
    "hidden": {"true": "True", "false": "False", "none": "None", "str": "'yes'"},
    "deprecated": {"true": "True", "false": "False", "none": "None", "str": "'use X'"},
}
LIMITS = ("minimum", "exclusive_minimum", "maximum", "exclusive_maximum", "multiple_of")
LIMIT_VALUES = {"none": "None", "int": "3", "float": "1.5", "zero": "0", "str": "'3'"}

for cls in SCALARS:
    case(f"config.{cls}.bare.to_dict", f"config.{cls}('Pump Pin').to_dict()")
    case(f"config.{cls}.required", f"config.{cls}('Pump Pin').required")
    case(f"config.{cls}.positional_default", f"config.{cls}('Pump Pin', 1)")
    case(f"config.{cls}.keyword_display_name", f"config.{cls}(display_name='Pump Pin').to_dict()")
    for name, value in DEFAULTS.items():
        case(f"config.{cls}.default={name}.to_dict", f"config.{cls}('Pump Pin', default={value}).to_dict()")
    for option, values in COMMON.items():
        for name, value in values.items():
            case(f"config.{cls}.{option}={name}.to_dict", f"config.{cls}('Pump Pin', {option}={value}).to_dict()")

for cls in ("Integer", "Number"):
    for option in LIMITS:
        for name, value in LIMIT_VALUES.items():
            case(f"config.{cls}.{option}={name}.to_dict", f"config.{cls}('Level', {option}={value}).to_dict()")

for option, values in {
    "length": {"none": "None", "zero": "0", "int": "5", "float": "2.5", "str": "'5'", "negative": "-1"},
    "pattern": {"none": "None", "empty": "''", "regex": "'^[a-z]+$'", "int": "5", "bad_regex": "'('"},
}.items():
    for name, value in values.items():
        case(f"config.String.{option}={name}.to_dict", f"config.String('Name', {option}={value}).to_dict()")

for name, value in {"empty": "''", "int": "5", "none": "None", "dashes": "'Pump-Pin_2 A'", "dots": "'a.b'"}.items():
    case(f"config.Integer.display_name={name}.to_dict", f"config.Integer({value}, default=1).to_dict()")

# ---------------------------------------------------------------- Enum

ENUM_CHOICES = {
    "strs": "['auto', 'manual']",
    "floats": "[1.0, 2.5]",
    "ints": "[1, 2]",
    "mixed": "['a', 1.0]",
    "bools": "[True, False]",
    "tuple": "('auto', 'manual')",
    "empty": "[]",
    "none": "None",
    "string": "'ab'",
    "pyenum": "enum.Enum('Mode', {'AUTO': 'auto', 'MANUAL': 'manual'})",
    "pyenum_ints": "enum.Enum('Speed', {'SLOW': 1, 'FAST': 2})",
}
ENUM_DEFAULTS = {"none": "None", "first": "'auto'", "absent_choice": "'zzz'", "int": "1", "float": "1.0"}
for cname, choices in ENUM_CHOICES.items():
    for dname, default in ENUM_DEFAULTS.items():
        case(
            f"config.Enum.choices={cname}.default={dname}.to_dict",
            f"config.Enum('Mode', choices={choices}, default={default}).to_dict()",
        )
case("config.Enum.no_default", "config.Enum('Mode', choices=['a', 'b'])")
case("config.Enum.no_choices", "config.Enum('Mode', default='a')")
case("config.Enum.positional_choices", "config.Enum('Mode', ['a', 'b'], default='a')")
case(
    "config.Enum.member_default.to_dict",
    "E = enum.Enum('Mode', {'AUTO': 'auto', 'MANUAL': 'manual'})\nconfig.Enum('Mode', choices=E, default=E.MANUAL).to_dict()",
)
for option, values in COMMON.items():
    for name, value in values.items():
        case(
            f"config.Enum.{option}={name}.to_dict",
            f"config.Enum('Mode', choices=['a', 'b'], default='a', {option}={value}).to_dict()",
        )

# ---------------------------------------------------------------- Array and Object

ARRAY_ELEMENTS = {
    "none": "None",
    "integer": "config.Integer('Pin')",
    "string_default": "config.String('Name', default='n')",
    "enum": "config.Enum('Mode', choices=['a', 'b'], default='a')",
    "object": "_obj",
    "array": "config.Array('Inner', element=config.Integer('I'))",
    "str": "'x'",
    "dict": "{'type': 'integer'}",
}
OBJ = "_obj = config.Object('Pump')\n_obj.pin = config.Integer('Pin', default=1)\n_obj.name = config.String('Name', default=None)\n"
for name, value in ARRAY_ELEMENTS.items():
    case(f"config.Array.element={name}.to_dict", f"{OBJ}config.Array('Pumps', element={value}).to_dict()")
for option, values in {
    "min_items": {"none": "None", "zero": "0", "int": "2", "float": "1.5", "str": "'1'", "negative": "-1"},
    "max_items": {"none": "None", "zero": "0", "int": "2", "float": "1.5", "str": "'1'"},
    "unique_items": {"none": "None", "true": "True", "false": "False", "int": "1"},
}.items():
    for name, value in values.items():
        case(f"config.Array.{option}={name}.to_dict", f"config.Array('Pins', {option}={value}).to_dict()")
case("config.Array.min_gt_max.to_dict", "config.Array('Pins', min_items=3, max_items=1).to_dict()")
for name, value in {"none": "None", "list": "[]", "int": "1"}.items():
    case(f"config.Array.default={name}", f"config.Array('Pins', default={value})")
    case(f"config.Object.default={name}", f"config.Object('Pump', default={value})")
for option, values in COMMON.items():
    for name, value in values.items():
        case(f"config.Array.{option}={name}.to_dict", f"config.Array('Pins', {option}={value}).to_dict()")
        case(f"config.Object.{option}={name}.to_dict", f"config.Object('Pump', {option}={value}).to_dict()")

for name, value in {"true": "True", "false": "False", "none": "None", "dict": "{'type': 'string'}", "int": "0"}.items():
    case(
        f"config.Object.additional_elements={name}.to_dict",
        f"config.Object('Pump', additional_elements={value}).to_dict()",
    )
case(
    "config.Object.add_elements.to_dict", f"{OBJ}_obj.add_elements(config.Number('Rate', default=1.5))\n_obj.to_dict()"
)
case("config.Object.add_elements_duplicate", f"{OBJ}_obj.add_elements(config.Integer('Pin'))")
case("config.Object.add_elements_non_element", f"{OBJ}_obj.add_elements('x')")
case("config.Object.nested.to_dict", f"{OBJ}outer = config.Object('Outer')\nouter.pump = _obj\nouter.to_dict()")
case("config.Object.getattr_child", f"{OBJ}_obj.pin.display_name")
case("config.Object.getattr_missing", f"{OBJ}_obj.nothing")
case("config.Object.required", "config.Object('Pump').required")
case("config.Array.required", "config.Array('Pins').required")

# ---------------------------------------------------------------- Schema built the classic way and loaded

SCHEMA = """
class PumpConfig(config.Schema):
    def __init__(self):
        self.pin = config.Integer('Pump Pin', default=1)
        self.rate = config.Number('Flow Rate', default=2.5)
        self.name = config.String('Channel Namespace', description='ns', default=None)
        self.mode = config.Enum('Mode', choices=['auto', 'manual'], default=None)
        self.on = config.Boolean('Enabled', default=True)
        self.level = config.Integer('Start Level')
        self.pumps = config.Array('Pumps', element=config.Integer('Pump'))
        self.extra = config.Object('Extra')
        self.extra.limit = config.Number('Limit', default=1.0)
s = PumpConfig()
base = {'start_level': 3, 'pumps': [1, 2], 'extra': {'limit': 2.0}}
"""
case("schema.to_dict", f"{SCHEMA}s.to_dict()")
case(
    "schema.export",
    f"{SCHEMA}import tempfile, pathlib\np = pathlib.Path(tempfile.mkdtemp()) / 'doover_config.json'\np.write_text('{{\"app\": {{\"x\": 1}}}}')\ns.export(p, 'app')\njson.loads(p.read_text())",
)
INJECTIONS = {
    "base": "base",
    "missing_required": "{'pumps': [1], 'extra': {}}",
    "missing_array": "{'start_level': 3, 'extra': {}}",
    "missing_object": "{'start_level': 3, 'pumps': []}",
    "extra_keys": "{**base, 'AGENT_ID': 'a', 'APP_DISPLAY_NAME': 'x', 'unknown': 5}",
    "integer_half": "{**base, 'pump_pin': 0.5}",
    "integer_str": "{**base, 'pump_pin': '7'}",
    "integer_none": "{**base, 'pump_pin': None}",
    "number_int": "{**base, 'flow_rate': 3}",
    "string_none": "{**base, 'channel_namespace': None}",
    "string_int": "{**base, 'channel_namespace': 12}",
    "enum_valid": "{**base, 'mode': 'manual'}",
    "enum_unknown": "{**base, 'mode': 'turbo'}",
    "enum_none": "{**base, 'mode': None}",
    "bool_str": "{**base, 'enabled': 'false'}",
    "bool_int": "{**base, 'enabled': 0}",
    "array_none": "{**base, 'pumps': None}",
    "array_str": "{**base, 'pumps': 'ab'}",
    "array_dict": "{**base, 'pumps': {'a': 1}}",
    "array_mixed": "{**base, 'pumps': [1, 'x', None]}",
    "object_none": "{**base, 'extra': None}",
    "object_list": "{**base, 'extra': [1]}",
    "object_extra_child": "{**base, 'extra': {'limit': 2.0, 'other': 'x'}}",
    "object_empty": "{**base, 'extra': {}}",
    "all_none": "{k: None for k in ['pump_pin', 'flow_rate', 'channel_namespace', 'mode', 'enabled', 'start_level', 'pumps', 'extra']}",
    "empty": "{}",
    "not_a_dict": "[]",
}
READS = {
    "pin": "s.pin.value",
    "rate": "s.rate.value",
    "name": "s.name.value",
    "mode": "s.mode.value",
    "on": "s.on.value",
    "level": "s.level.value",
    "pumps": "[e.value for e in s.pumps.elements]",
    "extra_limit": "s.extra.limit.value",
}
for iname, data in INJECTIONS.items():
    case(f"schema.inject.{iname}", f"{SCHEMA}s._inject_deployment_config({data})")
    for rname, read in READS.items():
        case(f"schema.inject.{iname}.{rname}", f"{SCHEMA}s._inject_deployment_config({data})\n{read}")
case("schema.value_before_inject", f"{SCHEMA}s.pin.value")
case(
    "schema.reinject_keeps_last",
    f"{SCHEMA}s._inject_deployment_config({{**base, 'pump_pin': 4}})\ns._inject_deployment_config(base)\ns.pin.value",
)

CLASSIC_SCHEMAS = {
    "added_later": "s = config.Schema()\ns.a = config.Integer('A', default=1)\ns.b = config.String('B', default='b')\n",
    "renamed": "s = config.Schema()\ns.a = config.Integer('A', default=1)\ns.renamed = s.a\n",
    "replaced": "s = config.Schema()\ns.a = config.Integer('A', default=1)\ns.a = config.Integer('A', default=2)\n",
    "duplicate_key": "s = config.Schema()\ns.a = config.Integer('Pump Pin')\ns.b = config.Integer('pump pin')\n",
    "super_init": "class C(config.Schema):\n    def __init__(self):\n        super().__init__()\n        self.a = config.Integer('A', default=1)\ns = C()\n",
    "non_element_attr": "s = config.Schema()\ns.limit = 5\ns.a = config.Integer('A', default=1)\n",
    "add_element": "s = config.Schema()\ns.add_element(config.Integer('A', default=1))\n",
    "empty": "s = config.Schema()\n",
    "key_override": "s = config.Schema()\ns.a = config.Integer('Pump Pin', default=1)\ns.a._name = 'custom'\n",
}
for sname, build in CLASSIC_SCHEMAS.items():
    case(f"schema.classic.{sname}.to_dict", f"{build}s.to_dict()")
    case(
        f"schema.classic.{sname}.inject",
        f"{build}s._inject_deployment_config({{'a': 5}})\n[e.value for e in vars(s).values() if isinstance(e, config.ConfigElement)]",
    )

# Array and Object rows, nested
NESTED = OBJ + "s = config.Schema()\ns.pumps = config.Array('Pumps', element=_obj)\n"
for name, rows in {
    "rows": "[{'pin': 4, 'name': 'a'}, {'pin': 5}]",
    "empty": "[]",
    "extra_child": "[{'pin': 4, 'zzz': 1}]",
    "none_row": "[None]",
}.items():
    case(
        f"schema.nested.{name}",
        f"{NESTED}s._inject_deployment_config({{'pumps': {rows}}})\n[[r.pin.value, r.name.value] for r in s.pumps.elements]",
    )
ENUM_CLASS = "E = enum.Enum('Speed', {'SLOW': 1, 'FAST': 2})\ns = config.Schema()\ns.speed = config.Enum('Speed', choices=E, default=E.FAST)\n"
for name, data in {
    "missing": "{}",
    "str": "{'speed': '1'}",
    "int": "{'speed': 1}",
    "unknown": "{'speed': '9'}",
    "none": "{'speed': None}",
}.items():
    case(f"schema.enum_class.{name}", f"{ENUM_CLASS}s._inject_deployment_config({data})\ns.speed.value")
case(
    "schema.variable_default",
    "s = config.Schema()\ns.n = config.Integer('N', default=config.Variable('device', 'x'))\ns._inject_deployment_config({})\nstr(s.n.value)",
)
case("config.Variable.str", "str(config.Variable('My Device', 'Digital Input'))")
case("config.transform_key", "config.transform_key('Crank Time (Seconds)')")
case("config.NotSet.is_required", "config.Integer('A', default=config.NotSet).required")

# ---------------------------------------------------------------- ui elements: to_dict()

UI_ELEMENTS = {
    "Element": "ui.Element('el', 'El')",
    "NumericVariable": "ui.NumericVariable('level', 'Level', curr_val=3.5, precision=1)",
    "NumericVariable.ranges": "ui.NumericVariable('level', 'Level', ranges=[ui.Range('Low', 0, 20, ui.Colour.red), {'label': 'x'}])",
    "NumericVariable.form": "ui.NumericVariable('level', 'Level', form=ui.Widget.radial)",
    "NumericVariable.int": "ui.NumericVariable('level', 'Level', curr_val=3)",
    "TextVariable": "ui.TextVariable('state', 'State', curr_val='ok')",
    "TextVariable.none": "ui.TextVariable('state', 'State')",
    "BooleanVariable": "ui.BooleanVariable('on', 'On', curr_val=False)",
    "DateTimeVariable": "ui.DateTimeVariable('at', 'At', curr_val=1700000000)",
    "Variable": "ui.Variable('v', 'V', 'float', curr_val=1, precision=2, default_zoom='1d')",
    "Variable.earliest": "ui.Variable('v', 'V', 'float', earliest_data_time=datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc))",
    "Interaction": "ui.Interaction('i', 'I', current_value=5, default=1)",
    "Interaction.set": "ui.Interaction('i', 'I', current_value={3})",
    "Action": "ui.Action('go', 'Go', colour=ui.Colour.green, requires_confirm=False)",
    "Action.disabled": "ui.Action('go', 'Go', disabled=True)",
    "WarningIndicator": "ui.WarningIndicator('warn', 'Warn', can_cancel=False)",
    "HiddenValue": "ui.HiddenValue('hv')",
    "SlimCommand": "ui.SlimCommand('sc', 'SC', current_value='x')",
    "StateCommand": "ui.StateCommand('mode', 'Mode', user_options=[ui.Option('a', 'A'), ui.Option('b', 'B')], default='a')",
    "StateCommand.none": "ui.StateCommand('mode', 'Mode')",
    "Slider": "ui.Slider('sl', 'Sl', min_val=1, max_val=9, step_size=1, dual_slider=False, inverted=False, icon='fa', colours='red,blue')",
    "Slider.default": "ui.Slider('sl', 'Sl')",
    "NumericParameter": "ui.NumericParameter('np', 'NP', min_val=0, max_val=10)",
    "TextParameter": "ui.TextParameter('tp', 'TP', is_text_area=True)",
    "BooleanParameter": "ui.BooleanParameter('bp', 'BP')",
    "DateTimeParameter": "ui.DateTimeParameter('dp', 'DP', include_time=True)",
    "Submodule": "ui.Submodule('sub', 'Sub', children=[ui.TextVariable('t', 'T')], status='ok', is_collapsed=True)",
    "Container": "ui.Container('c', 'C', children=[ui.Action('a', 'A')], status_icon='idle')",
    "Application": "ui.Application('app', 'App', children=[ui.NumericVariable('n', 'N')])",
    "RemoteComponent": "ui.RemoteComponent('rc', 'RC', component_url='https://x/y.js', children=[])",
    "ConnectionInfo": "ui.ConnectionInfo(connection_type=ui.ConnectionType.periodic, connection_period=60, next_connection=120, offline_after=300, allowed_misses=2)",
    "ConnectionInfo.default": "ui.ConnectionInfo()",
    "AlertStream": "ui.AlertStream()",
    "Multiplot": "ui.Multiplot('mp', 'MP', series=['a', 'b'], series_colours=[ui.Colour.red, ui.Colour.blue], series_active=[True, False], title='T', shared_axis=[True], step_labels=['x'], step_padding=[1], default_zoom='1h')",
    "Camera": "ui.Camera('cam', 'Cam', uri='rtsp://x', output_type='mp4', mp4_output_length=5, wake_delay=2)",
    "CameraHistory": "ui.CameraHistory('camh', 'CamH')",
}
UI_COMMON = {
    "display_name_none": "display_name=None",
    "display_str": "display_str='Legacy'",
    "hidden": "hidden=True",
    "help_str": "help_str='help'",
    "position": "position=3",
    "extra_kwarg": "custom_key='x'",
    "is_available": "is_available=False",
    "conditions": "conditions={'a': 1}",
}
for name, build in UI_ELEMENTS.items():
    case(f"ui.{name}.to_dict", f"{build}.to_dict()")
for name in ("Element", "NumericVariable", "Action", "Submodule", "StateCommand", "TextParameter"):
    base = UI_ELEMENTS[name][:-1]
    for kname, kwarg in UI_COMMON.items():
        if kname == "display_name_none":
            call = f"ui.{name}('x', None{base[base.index(',', base.index(',') + 1) :] if base.count(',') > 1 else ''})"
        else:
            call = f"{base}, {kwarg})"
        case(f"ui.{name}.{kname}.to_dict", f"{call}.to_dict()")
for name, value in {
    "Colour.red": "ui.Colour.red",
    "Colour.from_string": "ui.Colour.from_string('green')",
    "Range.to_dict": "ui.Range('Low', 0, 5.5, ui.Colour.yellow, show_on_graph=False).to_dict()",
    "Range.defaults": "ui.Range().to_dict()",
    "Option.to_dict": "ui.Option('a', 'A').to_dict()",
    "Widget.linear": "ui.Widget.linear",
    "ApplicationVariant.stacked": "ui.ApplicationVariant.stacked",
    "ConnectionType.values": "[c.value for c in ui.ConnectionType]",
}.items():
    case(f"ui.{name}", value)
for name, value in {
    "numeric_variable_keeps_current_value": "v = ui.NumericVariable('n', 'N', curr_val=1)\nv.current_value = 2.5\nv.current_value",
    "interaction_coerce": "i = ui.Interaction('i', 'I', default=1)\ni.coerce(5)\ni.current_value",
    "boolean_parameter_value": "p = ui.BooleanParameter('b', 'B')\np.current_value = True\np.current_value",
    "container_children_by_name": "c = ui.Submodule('s', 'S', children=[ui.TextVariable('t', 'T'), ui.Action('a', 'A')])\nsorted(c.to_dict()['children'])",
    "container_get_element": "c = ui.Submodule('s', 'S', children=[ui.TextVariable('t', 'T')])\nc.get_element('t').display_name",
    "container_add_remove": "c = ui.Submodule('s', 'S')\nc.add_children(ui.TextVariable('t', 'T'), ui.TextVariable('u', 'U'))\nc.remove_children(c.get_element('t'))\nsorted(c.to_dict()['children'])",
}.items():
    case(f"ui.behaviour.{name}", value)

# ---------------------------------------------------------------- UIManager: ui_cmds payloads

MANAGER = """
calls = []
m = ui.UIManager('app')
m.add_interaction(ui.Action('go', 'Go'))
m.add_interaction(ui.StateCommand('mode', 'Mode', user_options=[ui.Option('a', 'A')], default='a'))
m.add_interaction(ui.NumericParameter('level', 'Level'))
"""
PAYLOADS = {
    "none": "None",
    "empty_dict": "{}",
    "empty_str": "''",
    "json_str": "json.dumps({'cmds': {'app_go': True}})",
    "bad_json_str": "'{not json'",
    "cmds": "{'cmds': {'app_go': True, 'app_level': 3.5}}",
    "flat": "{'app_go': True}",
    "unknown_name": "{'cmds': {'zzz': 1}}",
    "cmds_none_value": "{'cmds': {'app_mode': None}}",
    "cmds_mode": "{'cmds': {'app_mode': 'b'}}",
    "nested_value": "{'cmds': {'app_level': {'a': [1]}}}",
    "string_number": "{'cmds': {'app_level': '7'}}",
    "int_for_float": "{'cmds': {'app_level': 7}}",
    "list_value": "{'cmds': {'app_go': [1, 2]}}",
    "other_app": "{'cmds': {'other_go': True}}",
}
READS_UI = {
    "last": "m.last_ui_cmds",
    "go": "m.get_command('go').current_value",
    "mode": "m.get_command('mode').current_value",
    "level": "m.get_command('level').current_value",
    "learned": "sorted(m._interactions) if hasattr(m, '_interactions') else None",
}
for pname, payload in PAYLOADS.items():
    for rname, read in READS_UI.items():
        if rname == "learned":
            read = "m.get_command('zzz') is not None"
        case(
            f"ui.manager.cmds.{pname}.{rname}",
            f"{MANAGER}asyncio.run(m.on_command_update_async(None, {payload}))\n{read}",
        )
    case(
        f"ui.manager.cmds_sync.{pname}",
        f"{MANAGER}m.on_command_update(None, {payload})\nm.get_command('go').current_value",
    )
case("ui.manager.coerce_command", f"{MANAGER}m.coerce_command('level', 4)\nm.get_command('level').current_value")
case("ui.manager.coerce_missing", f"{MANAGER}m.coerce_command('nothing', 4)")
case("ui.manager.update_variable_missing", f"{MANAGER}m.update_variable('nothing', 4)")
case(
    "ui.manager.update_variable",
    f"{MANAGER}m.add_children(ui.NumericVariable('n', 'N'))\n[m.update_variable('n', 4), m.get_element('n').current_value]",
)
case(
    "ui.manager.callback_args",
    f"""{MANAGER}
def cb(element, value):
    calls.append([element.name, value])
m.add_cmds_update_subscription(lambda: calls.append('sub'))
asyncio.run(m.on_command_update_async(None, {{'cmds': {{'app_go': True}}}}))
[calls, m.get_command('go').current_value]""",
)

# ---------------------------------------------------------------- utils helpers apps import

UTILS = {
    "map_reading.mid": "utils.map_reading(5, [0, 10], [0, 100])",
    "map_reading.below": "utils.map_reading(-5, [0, 10], [0, 100])",
    "map_reading.above": "utils.map_reading(50, [0, 10], [0, 100])",
    "map_reading.multi": "utils.map_reading(15, [0, 10, 20], [0, 100, 150])",
    "map_reading.descending": "utils.map_reading(5, [10, 0], [0, 100])",
    "map_reading.float": "utils.map_reading(2.5, [0.0, 5.0], [1, 2])",
    "map_reading.single": "utils.map_reading(2, [1], [7])",
    "map_reading.none": "utils.map_reading(None, [0, 10], [0, 100])",
    "find_object_with_key": "utils.find_object_with_key({'a': {'b': {'c': 1}}}, 'c')",
    "find_object_with_key.missing": "utils.find_object_with_key({'a': {'b': 1}}, 'z')",
    "find_object_with_key.list": "utils.find_object_with_key({'a': [{'c': 2}]}, 'c')",
    "find_path_to_key": "utils.find_path_to_key({'a': {'b': {'c': 1}}}, 'c')",
    "find_path_to_key.missing": "utils.find_path_to_key({'a': 1}, 'z')",
    "get_is_async.none": "utils.get_is_async(None)",
    "get_is_async.true": "utils.get_is_async(True)",
    "call_maybe_async.sync": "utils.call_maybe_async(lambda x: x + 1, 1)",
    "case_insensitive_dict": "d = utils.CaseInsensitiveDict({'Ab': 1})\n[d['ab'], d['AB'], 'aB' in d]",
    "case_insensitive_dict.json": "json.dumps(utils.CaseInsensitiveDict({'Ab': 1}), cls=utils.CaseInsensitiveDictEncoder)",
    "apply_diff": "utils.apply_diff({'a': 1, 'b': {'c': 2}}, {'b': {'c': None, 'd': 3}})",
    "apply_diff.none_removes": "utils.apply_diff({'a': 1}, {'a': None})",
    "apply_diff.no_delete": "utils.apply_diff({'a': 1}, {'a': None}, do_delete=False)",
    "apply_diff.replace_scalar": "utils.apply_diff({'a': 1}, {'a': {'b': 2}})",
    "apply_diff.non_dict": "utils.apply_diff({'a': 1}, 5)",
    "generate_diff": "utils.generate_diff({'a': 1, 'b': 2}, {'a': 1, 'b': 3, 'c': 4})",
    "generate_diff.removed": "utils.generate_diff({'a': 1, 'b': 2}, {'a': 1})",
    "generate_diff.no_delete": "utils.generate_diff({'a': 1, 'b': 2}, {'a': 1}, do_delete=False)",
    "generate_diff.nested": "utils.generate_diff({'a': {'x': 1}}, {'a': {'x': 2}})",
    "maybe_load_json.str": "utils.maybe_load_json('{\"a\": 1}')",
    "maybe_load_json.bad": "utils.maybe_load_json('nope')",
    "maybe_load_json.dict": "utils.maybe_load_json({'a': 1})",
    "pid": "p = utils.PID(1.0, 0.1, 0.0, setpoint=10)\nround(p.update(5, dt=1.0), 6)",
    "pid.clamped": "p = utils.PID(10.0, 0.0, 0.0, setpoint=10, output_limits=(0, 5))\np.update(0, dt=1.0)",
    "deprecated": "import warnings\nwith warnings.catch_warnings(record=True) as caught:\n"
    "    r = utils.deprecated('use g')(lambda: 3)()\n[r, [(w.category.__name__, str(w.message)) for w in caught]]",
    "kalman.sync": "k = utils.apply_kalman_filter(lambda self, x: x)\nclass C:\n    f = k\n[round(C().f(v), 6) for v in (1.0, 2.0, 3.0)]",
}
for name, code in UTILS.items():
    case(f"utils.{name}", code)
case("ui.Colour.from_hex", "ui.Colour.from_hex('#FF5733')")

# ---------------------------------------------------------------- the example apps' configs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "apps"
for app_dir in sorted(EXAMPLES.glob("*/src")):
    package = app_dir.parent.name
    sample = app_dir.parent / "simulators" / "app_config.json"
    load = (
        f"import sys, inspect\nsys.path.insert(0, {str(app_dir)!r})\n"
        f"import {package}.app_config as module\n"
        "cls = [c for c in vars(module).values() if inspect.isclass(c) and issubclass(c, config.Schema) "
        "and c.__module__ == module.__name__][0]\ns = cls()\n"
    )
    case(f"example.{package}.to_dict", f"{load}s.to_dict()")
    case(
        f"example.{package}.inject_sample",
        f"{load}data = json.loads(open({str(sample)!r}).read())\n"
        "s._inject_deployment_config({k: v for k, v in data.items() if k != 'APP_DISPLAY_NAME'})\n"
        "{k: e.value for k, e in vars(s).items() "
        "if isinstance(e, config.ConfigElement) and not isinstance(e, (config.Object, config.Array))}",
    )

# ---------------------------------------------------------------- Application helpers (need bridges)

# Given the URIs of a running set of bridges (for @DDA@, @PLT@, @MODBUS@); each side of the
# comparison gets its own fresh bridges and runs the same cases in the same order.
APP_CASES: dict[str, str] = {}
APP = """
from pydoover.docker import Application
app = Application(config.Schema(), 'fid', {is_async})
app.device_agent.uri, app.platform_iface.uri, app.modbus_iface.uri = '@DDA@', '@PLT@', '@MODBUS@'
"""
SYNC, ASYNC = APP.replace("{is_async}", "False"), APP.replace("{is_async}", "True")
for name, code in {
    "get_di.single": "app.get_di(0)",
    "get_di.list": "app.get_di([0, 1])",
    "get_di.varargs": "app.get_di(0, 1)",
    "get_di.missing_pin": "app.get_di(99)",
    "get_ai.single": "round(app.get_ai(1), 1)",
    "get_ai.list": "[round(v, 1) for v in app.get_ai([1, 4])]",
    "set_do.then_get": "app.set_do(2, True)\napp.get_do(2)",
    "set_do.returns": "app.set_do(3, False)",
    "set_do.int_value": "app.set_do(2, 1)\napp.get_do(2)",
    "set_do.list": "app.set_do([1, 2], [True, False])\napp.get_do([1, 2])",
    "set_ao.then_get": "app.set_ao(0, 5.5)\nround(app.get_ao(0), 2)",
    "set_ao.int": "app.set_ao(1, 3)\nround(app.get_ao(1), 2)",
    "schedule_do.returns": "app.schedule_do(3, True, 60)",
    "schedule_ao.returns": "app.schedule_ao(1, 2.0, 60)",
    "publish.dict": "app.publish_to_channel('fid_chan', {'a': 1})\napp.get_channel_aggregate('fid_chan')",
    "publish.merge": "app.publish_to_channel('fid_chan', {'b': {'c': 2}})\napp.get_channel_aggregate('fid_chan')",
    "publish.str": "app.publish_to_channel('fid_text', 'hello')\napp.get_channel_aggregate('fid_text')",
    "aggregate.missing": "app.get_channel_aggregate('fid_nothing_here')",
    "tags.set_get": "app.set_tag('level', 5)\napp.get_tag('level')",
    "tags.set_tags": "app.set_tags({'a': 1, 'b': [1, 2]})\n[app.get_tag('a'), app.get_tag('b')]",
    "tags.other_app": "app.set_tag('x', 3, app_key='other')\n[app.get_tag('x'), app.get_tag('x', app_key='other')]",
    "tags.default": "app.get_tag('never', default=7)",
    "tags.global": "app.set_global_tag('flag', True)\n[app.get_global_tag('flag'), app.get_tag('flag')]",
    "tags.global_default": "app.get_global_tag('never', 'd')",
    "tags.only_if_changed": "app.set_tag('n', 1)\napp.set_tag('n', 1)\napp.set_tag('n', 2, only_if_changed=False)\napp._tag_values",
    "tags.none_value": "app.set_tag('gone', None)\napp.get_tag('gone', default='d')",
    "tags.nested": "app.set_tag('cfg', {'a': {'b': 1}})\napp.set_tag('cfg', {'a': {'c': 2}})\napp.get_tag('cfg')",
    "ui.get_command_missing": "app.get_command('nope')",
    "ui.coerce_missing": "app.coerce_command('nope', 1)",
    "ui.record_critical_missing": "app.record_critical_value('nope', 1)",
    "ui.status_icon": "app.set_ui_status_icon('idle')",
    "ui.set_ui_elements_then_coerce": "app.set_ui_elements([ui.NumericParameter('lim', 'Lim')])\n"
    "app.coerce_command('lim', 4)\napp.get_command('lim').current_value",
    "modbus.read_unknown_bus": "app.read_modbus_registers(0, 1, 4, modbus_id=1, bus_id='no_such_bus')",
    "dda.flags_before_start": "[app.get_is_dda_available(), app.get_is_dda_online(), app.get_has_dda_been_online()]",
    "ui.set_ui_elements": "app.set_ui_elements([ui.NumericVariable('v', 'V')])\napp.ui_manager.get_element('v').name",
}.items():
    APP_CASES[f"app.sync.{name}"] = SYNC + code
for name, code in {
    "get_di.single": "async def f():\n    return await app.get_di(0)\nf()",
    "get_di.list": "async def f():\n    return await app.get_di([0, 1])\nf()",
    "get_ai.single": "async def f():\n    return round(await app.get_ai(1), 1)\nf()",
    "set_do.then_get": "async def f():\n    await app.set_do(2, True)\n    return await app.get_do(2)\nf()",
    "tags.set_get": "async def f():\n    await app.set_tag('level', 6)\n    return app.get_tag('level')\nf()",
    "tags.set_tag_async": "async def f():\n    await app.set_tag_async('level', 8)\n    return app.get_tag('level')\nf()",
    "tags.set_global": "async def f():\n    await app.set_global_tag('g', 1)\n    return app.get_global_tag('g')\nf()",
    "publish": "async def f():\n    await app.publish_to_channel('fid_async', {'a': 1})\n"
    "    return await app.get_channel_aggregate('fid_async')\nf()",
    "get_di.not_awaited_kind": "c = app.get_di(0)\nr = asyncio.iscoroutine(c) or asyncio.isfuture(c)\n"
    "asyncio.run(c) if asyncio.iscoroutine(c) else None\nr",
}.items():
    APP_CASES[f"app.async.{name}"] = ASYNC + code


def app_cases(dda: str, plt: str, modbus: str) -> dict[str, str]:
    """``APP_CASES`` aimed at one set of bridges."""
    uris = {"@DDA@": dda, "@PLT@": plt, "@MODBUS@": modbus}
    out = {}
    for case_id, code in APP_CASES.items():
        for placeholder, uri in uris.items():
            code = code.replace(placeholder, uri)
        out[case_id] = code
    return out


# ---------------------------------------------------------------- ui decorators, through UIManager.register_callbacks

DECORATED = """
class Page:
    @ui.action('start', 'Start', colour=ui.Colour.green, requires_confirm=False)
    def start(self, new_value):
        return new_value

    @ui.warning_indicator('warn', 'Warn', can_cancel=False)
    def warn(self, new_value):
        pass

    @ui.state_command('mode', 'Mode', user_options=[ui.Option('a', 'A'), ui.Option('b', 'B')])
    def mode(self, new_value):
        pass

    @ui.hidden_value('secret')
    def secret(self, new_value):
        pass

    @ui.slider('speed', 'Speed', min_val=0, max_val=10, step_size=1)
    def speed(self, new_value):
        pass

    @ui.numeric_parameter('limit', 'Limit', min_val=1, max_val=9)
    def limit(self, new_value):
        pass

    @ui.text_parameter('label', 'Label', is_text_area=True)
    def label(self, new_value):
        pass

    @ui.datetime_parameter('when', 'When', include_time=True)
    def when(self, new_value):
        pass

m = ui.UIManager('app')
page = Page()
m.register_interactions(page)
m.add_children(*[getattr(page, n) for n in ('start', 'warn', 'mode', 'secret', 'speed', 'limit', 'label', 'when')])
"""
for name in ("start", "warn", "mode", "secret", "speed", "limit", "label", "when"):
    case(f"ui.decorator.{name}.to_dict", f"{DECORATED}page.{name}.to_dict()")
    case(f"ui.decorator.{name}.registered", f"{DECORATED}m.get_interaction('{name}').name")
for name, payload in {"start": "True", "limit": "5", "label": "'x'", "mode": "'b'"}.items():
    case(
        f"ui.decorator.{name}.command",
        f"{DECORATED}asyncio.run(m.on_command_update_async(None, {{'cmds': {{'app_{name}': {payload}}}}}))\n"
        f"m.get_interaction('{name}').current_value",
    )
for name, code in {
    "set_display_name": "m = ui.UIManager('app')\nm.set_display_name('Tank')\nm._base_container.display_name if hasattr(m, '_base_container') else m.root.display_name",
    "add_children": "m = ui.UIManager('app')\nm.add_children(ui.TextVariable('t', 'T'), ui.NumericVariable('n', 'N'))\nsorted([m.get_element('t').name, m.get_element('n').name])",
    "set_children_replaces": "m = ui.UIManager('app')\nm.add_children(ui.TextVariable('t', 'T'))\nm.set_children([ui.NumericVariable('n', 'N')])\n[m.get_element('t'), m.get_element('n').name]",
    "remove_children": "m = ui.UIManager('app')\nt = ui.TextVariable('t', 'T')\nm.add_children(t)\nm.remove_children(t)\nm.get_element('t')",
    "update_variable_critical": "m = ui.UIManager('app')\nm.add_children(ui.NumericVariable('n', 'N'))\n[m.update_variable('n', 1, critical=True), m.get_element('n').current_value]",
    "get_interaction_prefixed": "m = ui.UIManager('app')\nm.add_interaction(ui.Action('go', 'Go'))\n[m.get_interaction('go').name, m.get_interaction('app_go').name]",
    "interaction_bad_name": "m = ui.UIManager('app')\nm.add_interaction(ui.Action('bad name!', 'Go'))",
    "connection_info_constant_with_period": "ui.ConnectionInfo(connection_period=60).to_dict()",
    "connection_info_string_type": "ui.ConnectionInfo(connection_type='periodic', connection_period=60).to_dict()",
}.items():
    case(f"ui.manager.{name}", code)

# ---------------------------------------------------------------- Object children reached by key, Application element loaded

for name, code in {
    "added_child_by_key": f"{OBJ}_obj.add_elements(config.Number('Flow Rate', default=1.5))\n_obj.flow_rate.display_name",
    "extra_child_by_key": f"{OBJ}_obj.load_data({{'pin': 2, 'zone': 'north'}})\n[_obj.pin.value, _obj.zone.value]",
    "extra_child_refused": "o = config.Object('Pump', additional_elements=False)\no.load_data({'zone': 'north'})",
    "extra_child_dict_additional": "o = config.Object('Pump', additional_elements={'type': 'string'})\no.load_data({'zone': 'north'})",
    "missing_attr": f"{OBJ}_obj.nothing_here",
}.items():
    case(f"config.Object.{name}", code)
for name, data in {"str": "'other_app_1'", "none": "None", "int": "5", "missing": None}.items():
    inject = "{}" if data is None else f"{{'other_app': {data}}}"
    case(
        f"schema.application_element.{name}",
        "s = config.Schema()\ns.other = config.Application('Other App', default=None)\n"
        f"s._inject_deployment_config({inject})\ns.other.value",
    )
case("schema.application_element.to_dict", "config.Application('Other App', description='d').to_dict()")

# ---------------------------------------------------------------- element values set directly

for name, code in {
    "value_setter": "e = config.Integer('A')\ne.value = 5\ne.value",
    "load_none_over_default": "e = config.Integer('A', default=2)\ne.load_data(None)\ne.value",
    "load_wrong_type": "e = config.Boolean('A', default=True)\ne.load_data('no')\ne.value",
    "unset_required": "config.String('A').value",
    "enum_setter_list": "e = config.Enum('M', choices=['a', 'b'], default='a')\ne.value = 'zz'\ne.value",
    "enum_setter_class": "E = enum.Enum('E', {'X': 'x', 'Y': 'y'})\ne = config.Enum('M', choices=E, default=E.X)\ne.value = 'y'\ne.value",
    "enum_setter_class_unknown": "E = enum.Enum('E', {'X': 'x'})\ne = config.Enum('M', choices=E, default=E.X)\ne.value = 'q'",
    "array_load_then_elements": "a = config.Array('P', element=config.Integer('I'))\na.load_data([1, 2])\n[e.value for e in a.elements]",
    "array_reload_replaces": "a = config.Array('P', element=config.Integer('I'))\na.load_data([1, 2])\na.load_data([3])\n[e.value for e in a.elements]",
    "array_load_none": "a = config.Array('P', element=config.Integer('I'))\na.load_data(None)",
    "object_load_then_child": "o = config.Object('O')\no.n = config.Integer('N', default=1)\no.load_data({'n': 9})\no.n.value",
}.items():
    case(f"config.element.{name}", code)
