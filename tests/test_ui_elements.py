"""UI elements export exactly the JSON the site reads (sdk-contract §6), key for key."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pydoover import ui
from pydoover.ui.element import FIRST_POSITION

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EPOCH = int(WHEN.timestamp())


def base(name, type_, position, display=None, show_activity=True, **more):
    """The keys every element sends, with its defaults."""
    data = {"name": name, "type": type_, "position": position, "hidden": False}
    if display is not None:
        data["displayString"] = display
    if show_activity is not None:
        data["showActivity"] = show_activity
    return {**data, **more}


# -- the base element ----------------------------------------------------------------------


def test_element_exports_every_base_key_and_drops_none():
    element = ui.Element(
        "pump",
        "Pump",
        is_available=True,
        help_str="help",
        verbose_str="verbose",
        show_activity=False,
        form="f",
        graphic="g",
        layout="l",
        component_url="https://x",
        position=7,
        conditions={"a": 1},
        hidden=True,
    )
    assert element.to_dict() == {
        "name": "pump",
        "type": "uiElement",
        "displayString": "Pump",
        "isAvailable": True,
        "helpString": "help",
        "verboseString": "verbose",
        "showActivity": False,
        "form": "f",
        "graphic": "g",
        "layout": "l",
        "componentUrl": "https://x",
        "position": 7,
        "conditions": {"a": 1},
        "hidden": True,
    }
    assert ui.Element("bare", position=1).to_dict() == base("bare", "uiElement", 1)


def test_display_str_is_accepted_and_extra_kwargs_become_exported_attributes():
    element = ui.Element("level", display_str="Level", position=1, units="%", stamp=WHEN, on_change=print)
    assert element.display_name == "Level" and element.units == "%"
    assert element.to_dict() == base("level", "uiElement", 1, "Level", units="%", stamp=EPOCH)
    element.units = "L"
    assert element.to_dict()["units"] == "L", "extras are read live"


def test_positions_count_up_from_51_in_creation_order():
    assert FIRST_POSITION == 51
    first, second, third = ui.TextVariable("a"), ui.Action("b"), ui.Submodule("c")
    assert first.position >= 51
    assert (second.position, third.position) == (first.position + 1, first.position + 2)
    assert ui.Element("d", position=3).position == 3


# -- variables -----------------------------------------------------------------------------


def test_variable_keys():
    variable = ui.Variable(
        "v",
        "V",
        "float",
        curr_val=1.234,
        precision=2,
        ranges=[ui.Range("Low", 0, 10, ui.Colour.red), {"min": 10, "max": 20, "colour": "green"}],
        earliest_data_time=WHEN,
        default_zoom="1d",
        log_threshold=1,
        position=1,
    )
    assert variable.to_dict() == base(
        "v",
        "uiVariable",
        1,
        "V",
        varType="float",
        currentValue=1.23,
        decPrecision=2,
        earliestDataDate=EPOCH,
        defaultZoom="1d",
        ranges=[
            {"min": 0, "max": 10, "colour": "red", "show_on_graph": True, "label": "Low"},
            {"min": 10, "max": 20, "colour": "green", "show_on_graph": True},
        ],
    )


def test_numeric_text_boolean_and_datetime_variables():
    numeric = ui.NumericVariable("n", "N", curr_val=3, form=ui.Widget.radial, position=1)
    assert numeric.to_dict() == base(
        "n", "uiVariable", 1, "N", form="radialGauge", varType="float", currentValue=3, ranges=[]
    )
    assert ui.TextVariable("t", "T", position=1).to_dict() == base(
        "t", "uiVariable", 1, "T", varType="string", ranges=[]
    )
    boolean = ui.BooleanVariable("b", "B", curr_val=False, position=1)
    assert boolean.log_threshold == 0
    assert boolean.to_dict() == base("b", "uiVariable", 1, "B", varType="bool", currentValue=False, ranges=[])
    when = ui.DateTimeVariable("d", "D", curr_val=WHEN, position=1)
    assert when.to_dict() == base("d", "uiVariable", 1, "D", varType="time", currentValue=EPOCH, ranges=[])


def test_variable_log_threshold_measures_from_the_last_logged_value():
    level = ui.NumericVariable("level", "Level", curr_val=10)
    level.log_threshold = 5
    level.mark_logged()
    for value in (12, 14, 16):  # each step is small; the drift from 10 is not
        level.update(value)
    assert level.has_pending_log_request()
    level.mark_logged()
    level.update(17)
    assert not level.has_pending_log_request()
    level.update(17, force_log=True)
    assert level.has_pending_log_request()
    flag = ui.BooleanVariable("flag", "Flag", curr_val=False)
    flag.mark_logged()
    flag.current_value = True
    assert flag.has_pending_log_request(), "booleans log every change"


def test_variable_adopts_the_cloud_value_only_when_the_app_set_none():
    fresh, set_locally = ui.NumericVariable("a", "A"), ui.NumericVariable("b", "B", curr_val=1)
    fresh.adopt_cloud_state({"currentValue": 9})
    set_locally.adopt_cloud_state({"currentValue": 9})
    assert (fresh.current_value, set_locally.current_value) == (9, 1)


# -- interactions --------------------------------------------------------------------------


def test_interaction_keys_and_value_conversions():
    interaction = ui.Interaction("i", "I", position=1)
    assert interaction.to_dict() == base("i", "uiInteraction", 1, "I", show_activity=None)
    assert interaction.current_value is None
    with_value = ui.Interaction("i", "I", current_value=WHEN, show_activity=True, position=1)
    assert with_value.to_dict() == base("i", "uiInteraction", 1, "I", currentValue=EPOCH)
    with_value.coerce({3})
    assert with_value.to_dict()["currentValue"] == [3]
    with_value.coerce((1, 2))
    assert with_value.to_dict()["currentValue"] == [1, 2]
    defaulted = ui.Interaction("i", default=5)
    assert defaulted.current_value == 5 and "currentValue" not in defaulted.to_dict()
    assert defaulted.transform_check(None) == 5
    assert ui.Interaction("i", default_val=4).default == 4, "classic default_val keyword"


def test_action_warning_hidden_and_slim_command_keys():
    action = ui.Action("go", "Go", position=1)
    assert action.to_dict() == base(
        "go", "uiAction", 1, "Go", show_activity=None, colour="blue", requiresConfirm=True, disabled=False
    )
    warning = ui.WarningIndicator("hot", "Hot", can_cancel=False, position=1)
    assert warning.to_dict() == base("hot", "uiWarningIndicator", 1, "Hot", show_activity=None, can_cancel=False)
    hidden = ui.HiddenValue("secret", current_value=3, position=1)
    assert hidden.to_dict() == {"name": "secret", "type": "uiHiddenValue"}
    slim = ui.SlimCommand("other_app_cmd", position=1)
    assert slim.to_dict() == base("other_app_cmd", "uiStateCommand", 1, show_activity=None)


def test_state_command_exports_user_options_by_name():
    command = ui.StateCommand(
        "mode", "Mode", user_options=[ui.Option("auto", "Automatic"), {"name": "manual", "displayString": "Manual"}]
    )
    command.position = 1
    command.add_user_option(ui.Option("off"))
    assert command.to_dict() == base(
        "mode",
        "uiStateCommand",
        1,
        "Mode",
        show_activity=None,
        userOptions={
            "auto": {"name": "auto", "displayString": "Automatic", "type": "uiElement"},
            "manual": {"name": "manual", "displayString": "Manual", "type": "uiElement"},
            "off": {"name": "off", "type": "uiElement"},
        },
    )


def test_slider_keys_leave_out_empty_icon_and_colours():
    plain = ui.Slider("speed", "Speed", position=1)
    assert plain.to_dict() == base(
        "speed",
        "uiSlider",
        1,
        "Speed",
        show_activity=None,
        min=0,
        max=100,
        stepSize=0.1,
        dualSlider=True,
        isInverted=True,
    )
    styled = ui.Slider("s", min_val=5, max_val=9, step_size=1, dual_slider=False, inverted=False, icon="i", colours="c")
    assert {
        k: styled.to_dict()[k] for k in ("min", "max", "stepSize", "dualSlider", "isInverted", "icon", "colours")
    } == {
        "min": 5,
        "max": 9,
        "stepSize": 1,
        "dualSlider": False,
        "isInverted": False,
        "icon": "i",
        "colours": "c",
    }


def test_parameters_keys():
    assert ui.NumericParameter("sp", "Setpoint", min_val=0, max_val=9, position=1).to_dict() == base(
        "sp", "uiFloatParam", 1, "Setpoint", show_activity=None, min=0, max=9
    )
    assert ui.NumericParameter("sp", position=1).to_dict() == base("sp", "uiFloatParam", 1, show_activity=None)
    assert ui.TextParameter("note", "Note", is_text_area=True, position=1).to_dict() == base(
        "note", "uiTextParam", 1, "Note", show_activity=None, isTextArea=True
    )
    date = ui.DateTimeParameter("due", "Due", include_time=True, position=1)
    date.coerce(WHEN)
    assert date.current_value == EPOCH
    assert date.to_dict() == base(
        "due", "uiDatetimeParam", 1, "Due", show_activity=None, currentValue=EPOCH, includeTime=True
    )


def test_boolean_parameter_is_a_working_bool_param():
    switch = ui.BooleanParameter("enabled", "Enabled", default=False, position=1)
    assert switch.to_dict() == base("enabled", "uiBoolParam", 1, "Enabled", show_activity=None)
    assert [switch.transform_check(v) for v in (True, "false", "0", "yes", 1, None)] == [
        True,
        False,
        False,
        True,
        True,
        False,
    ]


# -- containers and special elements -------------------------------------------------------


def test_containers_export_children_by_name():
    level = ui.NumericVariable("level", "Level", position=2)
    container = ui.Container("box", "Box", children=[level], status_icon="ok", position=1)
    assert container.to_dict() == base(
        "box", "uiContainer", 1, "Box", statusIcon="ok", children={"level": level.to_dict()}
    )
    submodule = ui.Submodule("pump", "Pump", status="running", is_collapsed=True, position=1)
    assert submodule.to_dict() == base(
        "pump", "uiSubmodule", 1, "Pump", children={}, statusString="running", defaultOpen=False
    )
    app = ui.Application("app", variant=ui.ApplicationVariant.stacked, position=1)
    assert app.to_dict() == base("app", "uiApplication", 1, children={}, variant="stacked")


def test_container_children_can_be_added_replaced_removed_and_found():
    inner = ui.Submodule("inner", "Inner", children=[ui.TextVariable("deep", "Deep")])
    box = ui.Container("box")
    box.add_children([inner, ui.TextVariable("a", "A")])
    box.add_children(ui.TextVariable("a", "A again"))
    assert [c.name for c in box.children] == ["inner", "a"] and box.get_element("a").display_name == "A again"
    assert box.get_element("deep").parent is inner
    box.remove_children("deep")
    assert box.get_element("deep") is None and inner.children == []


def test_container_subclass_collects_its_elements_and_decorated_methods():
    class PumpPanel(ui.Submodule):
        speed = ui.NumericVariable("speed", "Speed")

        def __init__(self):
            self.state = ui.TextVariable("state", "State")
            self.pressed = []
            super().__init__("panel", "Panel")

        @ui.action("stop", "Stop")
        def stop(self, new_value):
            self.pressed.append(new_value)

    panel = PumpPanel()
    assert sorted(c.name for c in panel.children) == ["speed", "state", "stop"]
    assert isinstance(panel.stop, ui.Action), "the method is replaced by its interaction, as in classic"
    panel.stop.callback(True)
    assert panel.pressed == [True]


def test_remote_component_sends_its_url_and_extra_keywords():
    component = ui.RemoteComponent("map", "Map", "https://c/x.js", position=1, zoom=3)
    assert component.to_dict() == base(
        "map", "uiRemoteComponent", 1, "Map", componentUrl="https://c/x.js", zoom=3, children={}
    )


def test_connection_info_sends_only_its_own_keys():
    assert ui.ConnectionInfo().to_dict() == {
        "name": "connectionInfo",
        "type": "uiConnectionInfo",
        "connectionType": "constant",
    }
    periodic = ui.ConnectionInfo(
        connection_type=ui.ConnectionType.periodic,
        connection_period=600,
        next_connection=60,
        offline_after=1200,
        allowed_misses=2,
    )
    assert periodic.to_dict() == {
        "name": "connectionInfo",
        "type": "uiConnectionInfo",
        "connectionType": "periodic",
        "connectionPeriod": 600,
        "nextConnection": 60,
        "offlineAfter": 1200,
        "allowedMisses": 2,
    }
    with pytest.raises(ValueError, match=re.escape("connection_period need connection_type=ConnectionType.periodic")):
        ui.ConnectionInfo(connection_period=5)


def test_alert_stream_multiplot_and_cameras():
    assert ui.AlertStream(position=1).to_dict() == base("significantEvent", "uiAlertStream", 1, "placeholder")
    plot = ui.Multiplot(
        "plot",
        "Plot",
        ["a", "b"],
        series_colours=["red", "blue"],
        series_active=[True, False],
        earliest_data_time=WHEN,
        title="T",
        shared_axis=[True, True],
        step_labels=["x"],
        step_padding=[1],
        default_zoom="1w",
        position=1,
    )
    assert plot.to_dict() == base(
        "plot",
        "uiMultiPlot",
        1,
        "Plot",
        series=["a", "b"],
        colours=["red", "blue"],
        activeSeries=[True, False],
        sharedAxis=[True, True],
        stepLabels=["x"],
        stepPadding=[1],
        defaultZoom="1w",
        title="T",
        earliestDataDate=EPOCH,
    )
    camera = ui.Camera("cam", "Cam", uri="rtsp://x", position=1)
    assert camera.to_dict() == base("cam", "uiCamera", 1, "Cam")
    assert camera.uri == "rtsp://x" and camera.wake_delay == 5
    history = ui.CameraHistory("hist", "History", children=[ui.TextVariable("t", "T", position=2)], position=1)
    assert history.to_dict()["type"] == "uiCameraFeed" and list(history.to_dict()["children"]) == ["t"]


def test_helpers():
    assert [getattr(ui.Colour, c) for c in ("blue", "yellow", "red", "green", "magenta")] == [
        "blue",
        "yellow",
        "red",
        "green",
        "magenta",
    ]
    assert [getattr(ui.Colour, c) for c in ("limegreen", "tomato", "orange", "purple", "grey")] == [
        "limegreen",
        "tomato",
        "orange",
        "purple",
        "grey",
    ]
    assert ui.Range().to_dict() == {"min": None, "max": None, "colour": "blue", "show_on_graph": True}
    assert (ui.Widget.linear, ui.Widget.radial) == ("linearGauge", "radialGauge")
    assert (ui.ApplicationVariant.submodule, ui.ApplicationVariant.stacked) == ("submodule", "stacked")
    assert [t.value for t in ui.ConnectionType] == ["constant", "periodic", "other"]
    assert ui.Interaction("x")._current_value is ui.NotSet


# -- decorators and namespacing ------------------------------------------------------------


class DecoratedApp:
    @ui.action("start", "Start", colour=ui.Colour.green, requires_confirm=False)
    def start(self, new_value): ...

    @ui.warning_indicator("hot", "Hot", can_cancel=False)
    def hot(self, new_value): ...

    @ui.state_command("mode", "Mode", user_options=[ui.Option("a", "A")])
    def mode(self, new_value): ...

    @ui.hidden_value("memo")
    def memo(self, new_value): ...

    @ui.slider("speed", "Speed", min_val=1, max_val=5, step_size=1)
    def speed(self, new_value): ...

    @ui.numeric_parameter("setpoint", "Setpoint", min_val=0, max_val=3)
    def setpoint(self, new_value): ...

    @ui.text_parameter("note", "Note", is_text_area=True)
    def note(self, new_value): ...

    @ui.boolean_parameter("enabled", "Enabled")
    def enabled(self, new_value): ...

    @ui.datetime_parameter("due", "Due", include_time=True)
    def due(self, new_value): ...


def test_decorators_build_namespaced_interactions_with_the_method_as_callback():
    app = DecoratedApp()
    manager = ui.UIManager("tank")
    manager.register_callbacks(app)
    expected = {
        "tank_start": ("uiAction", {"colour": "green", "requiresConfirm": False}),
        "tank_hot": ("uiWarningIndicator", {"can_cancel": False}),
        "tank_mode": (
            "uiStateCommand",
            {"userOptions": {"a": {"name": "a", "displayString": "A", "type": "uiElement"}}},
        ),
        "tank_memo": ("uiHiddenValue", {}),
        "tank_speed": ("uiSlider", {"min": 1, "max": 5, "stepSize": 1}),
        "tank_setpoint": ("uiFloatParam", {"min": 0, "max": 3}),
        "tank_note": ("uiTextParam", {"isTextArea": True}),
        "tank_enabled": ("uiBoolParam", {}),
        "tank_due": ("uiDatetimeParam", {"includeTime": True}),
    }
    children = manager.root.to_dict()["children"]
    assert set(children) == set(expected)
    for name, (type_, keys) in expected.items():
        assert children[name]["type"] == type_ and children[name]["name"] == name
        assert {k: children[name][k] for k in keys} == keys
    assert isinstance(app.start, ui.Action) and app.start.callback.__func__ is DecoratedApp.start
    manager.register_callbacks(app)
    assert len(manager.root.children) == len(expected), "registering twice adds nothing"


def test_names_follow_an_app_key_set_later_and_keep_one_that_contains_it():
    manager = ui.UIManager()
    start, own = ui.Action("start", "Start"), ui.Action("tank_reset", "Reset")
    manager.add_children(start, own)
    assert start.name == "start" and manager.root.name is None
    manager.app_key = "tank"
    assert (start.name, own.name, manager.root.name) == ("tank_start", "tank_reset", "tank")
    assert manager.root.to_dict()["name"] == "tank" and set(manager.root.to_dict()["children"]) == {
        "tank_start",
        "tank_reset",
    }
    assert manager.get_interaction("start") is start and manager.get_command("tank_start") is start
    assert start.local_name == "start"


def test_an_interaction_name_outside_the_pattern_is_a_clear_error():
    manager = ui.UIManager("tank")
    with pytest.raises(ValueError, match=re.escape("Action('start pump')")) as caught:
        manager.add_children(ui.Action("start pump", "Start"))
    assert "^[a-zA-Z0-9_-]+$" in str(caught.value)
    assert manager.root.children == []
    manager.add_children(ui.TextVariable("any name is fine for variables", "X"))


def test_a_decorated_bound_method_can_be_added_directly():
    app = DecoratedApp()
    manager = ui.UIManager("tank")
    manager.add_children(app.speed)
    assert [c.name for c in manager.root.children] == ["tank_speed"] and isinstance(app.speed, ui.Slider)
