"""The classic Doover UI: elements an app shows on the site, and the manager that syncs them.

    from pydoover import ui

    level = ui.NumericVariable("level", "Tank Level", precision=1, ranges=[ui.Range("Low", 0, 20, ui.Colour.red)])
    self.ui_manager.add_children(level, ui.Action("start_pump", "Start Pump"))

    @ui.callback("start_pump")
    async def on_start(self, element, new_value): ...

Modules: element (base and JSON rules), helpers (Colour, Range, Option, ...), variables,
interactions, parameters, containers, misc (camera, multiplot, connection info, alert stream,
remote component), decorators, registry + manager (UIManager), publishing (diff / max-age / log
rules), commands (ui_cmds handling), effects (the manager's sync and async drivers).
"""

from .containers import Application, Container, Submodule
from .decorators import (
    action,
    boolean_parameter,
    callback,
    datetime_parameter,
    hidden_value,
    numeric_parameter,
    slider,
    state_command,
    text_parameter,
    warning_indicator,
)
from .element import Element, NotSet
from .helpers import ApplicationVariant, Colour, ConnectionType, Option, Range, Widget
from .interactions import Action, HiddenValue, Interaction, Slider, SlimCommand, StateCommand, WarningIndicator
from .manager import UIManager
from .misc import AlertStream, Camera, CameraHistory, ConnectionInfo, Multiplot, RemoteComponent
from .parameters import BooleanParameter, DateTimeParameter, NumericParameter, TextParameter
from .variables import BooleanVariable, DateTimeVariable, NumericVariable, TextVariable, Variable

__all__ = [
    "Action",
    "AlertStream",
    "Application",
    "ApplicationVariant",
    "BooleanParameter",
    "BooleanVariable",
    "Camera",
    "CameraHistory",
    "Colour",
    "ConnectionInfo",
    "ConnectionType",
    "Container",
    "DateTimeParameter",
    "DateTimeVariable",
    "Element",
    "HiddenValue",
    "Interaction",
    "Multiplot",
    "NotSet",
    "NumericParameter",
    "NumericVariable",
    "Option",
    "Range",
    "RemoteComponent",
    "Slider",
    "SlimCommand",
    "StateCommand",
    "Submodule",
    "TextParameter",
    "TextVariable",
    "UIManager",
    "Variable",
    "WarningIndicator",
    "Widget",
    "action",
    "boolean_parameter",
    "callback",
    "datetime_parameter",
    "hidden_value",
    "numeric_parameter",
    "slider",
    "state_command",
    "text_parameter",
    "warning_indicator",
]
