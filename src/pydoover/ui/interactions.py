"""Interactions: elements the user changes on the site (buttons, dropdowns, sliders, warnings).

An interaction's value travels through the ``ui_cmds`` channel. When the site changes it, the UI
manager runs ``transform_check(new_value)``, stores the result as ``current_value`` and calls
``callback(new_value)``. ``coerce(value)`` changes it from the app side; the manager publishes the
change to ``ui_cmds`` on its next push.

    >>> from pydoover import ui
    >>> start = ui.Action("start_pump", "Start Pump", colour=ui.Colour.green, callback=print)
    >>> start.to_dict()["type"], start.to_dict()["colour"]
    ('uiAction', 'green')

Names are namespaced once registered with a manager: ``start_pump`` of app ``pump_app`` is
``pump_app_start_pump`` on the wire (a name that already contains the app key is left alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .element import Element, NotSet, json_value
from .helpers import Colour, Option

CoercionListener = Callable[["Interaction", bool], None]  # told of each coerce(): (interaction, critical)


class Interaction(Element):
    """Base of every interaction: a value set from the site, a default, and a callback."""

    type = "uiInteraction"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        current_value: Any = NotSet,
        default: Any = None,
        callback: Callable[[Any], Any] | None = None,
        transform_check: Callable[[Any], Any] | None = None,
        show_activity: bool | None = None,
        **kwargs: Any,
    ) -> None:
        default_val = kwargs.pop("default_val", None)
        self._app_key: str | None = None
        self._on_coerced: CoercionListener | None = None  # set by the UIManager that publishes it
        super().__init__(name, display_name, show_activity=show_activity, **kwargs)
        self._current_value: Any = NotSet
        if current_value is not NotSet:
            self.current_value = current_value
        self.default = default if default is not None else default_val
        if callback is not None:
            self.callback = callback  # type: ignore[method-assign,assignment]  # per-instance override
        if transform_check is not None:
            self.transform_check = transform_check  # type: ignore[method-assign,assignment]  # per-instance override

    # -- naming -------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The full name: ``<app_key>_<name>`` once a manager with an app key owns it."""
        key, name = self._app_key, self._name
        if key and key not in name:
            return f"{key}_{name.strip()}"
        return name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    @property
    def local_name(self) -> str:
        """The name as given, without the app-key prefix."""
        return self._name

    # -- value --------------------------------------------------------------------------

    @property
    def current_value(self) -> Any:
        """The value last set by the site or by ``coerce`` (the default until then)."""
        return self.default if self._current_value is NotSet else self._current_value

    @current_value.setter
    def current_value(self, value: Any) -> None:
        self._current_value = int(value.timestamp()) if isinstance(value, datetime) else value

    @property
    def has_value(self) -> bool:
        return self._current_value is not NotSet

    def json_value(self) -> Any:
        """The current value in its JSON form (datetimes as epoch seconds, tuples as lists)."""
        return json_value(self.current_value)

    def coerce(self, value: Any, critical: bool = False) -> None:
        """Change the value from the app; the manager publishes it to ``ui_cmds`` on its next push.

        ``critical=True`` makes that push a logged one when the value changed.
        """
        changed = self._current_value is NotSet or self._current_value != value
        self.current_value = value
        if self._on_coerced is not None:
            self._on_coerced(self, critical and changed)

    def callback(self, new_value: Any) -> Any:
        """Called with the new value when the site changes it; override or pass ``callback=``."""
        return None

    def transform_check(self, new_value: Any) -> Any:
        """Check or convert a value from the site before it is stored; ``None`` becomes the default."""
        if new_value is None and self.default is not None:
            return self.default
        return new_value

    def _type_fields(self) -> dict[str, Any]:
        if self._current_value is NotSet:
            return {}
        return {"currentValue": json_value(self._current_value)}


class Action(Interaction):
    """A button."""

    type = "uiAction"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        colour: str = Colour.blue,
        requires_confirm: bool = True,
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self.colour = colour
        self.requires_confirm = requires_confirm
        self.disabled = disabled

    def _type_fields(self) -> dict[str, Any]:
        return {
            **super()._type_fields(),
            "colour": str(self.colour),
            "requiresConfirm": self.requires_confirm,
            "disabled": self.disabled,
        }


class WarningIndicator(Interaction):
    """A warning banner the user may dismiss (``can_cancel``)."""

    type = "uiWarningIndicator"

    def __init__(self, name: str, display_name: str | None = None, can_cancel: bool = True, **kwargs: Any) -> None:
        super().__init__(name, display_name, **kwargs)
        self.can_cancel = can_cancel

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "can_cancel": self.can_cancel}


class HiddenValue(Interaction):
    """A value kept in ``ui_cmds`` but not shown; exported as just its name and type."""

    type = "uiHiddenValue"

    def __init__(self, name: str, **kwargs: Any) -> None:
        kwargs.pop("display_name", None)
        super().__init__(name, None, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type}


class SlimCommand(Interaction):
    """A command known only by name (the manager makes one for every unknown ``ui_cmds`` key)."""

    type = "uiStateCommand"


class StateCommand(SlimCommand):
    """A dropdown of :class:`~pydoover.ui.Option` choices."""

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        user_options: list[Option | dict] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self.user_options: list[Option] = []
        self.add_user_options(*(user_options or []))

    def add_user_options(self, *options: Option | dict) -> None:
        """Append options (``Option`` objects or their dict form)."""
        self.user_options.extend(o if isinstance(o, Option) else Option.from_dict(o) for o in options)

    add_user_option = add_user_options

    def _type_fields(self) -> dict[str, Any]:
        return {**super()._type_fields(), "userOptions": {o.name: o.to_dict() for o in self.user_options}}


class Slider(Interaction):
    """A slider between ``min_val`` and ``max_val``."""

    type = "uiSlider"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        min_val: float = 0,
        max_val: float = 100,
        step_size: float = 0.1,
        dual_slider: bool = True,
        inverted: bool = True,
        icon: str | None = None,
        colours: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self.min_val = min_val
        self.max_val = max_val
        self.step_size = step_size
        self.dual_slider = dual_slider
        self.inverted = inverted
        self.icon = icon
        self.colours = colours

    def _type_fields(self) -> dict[str, Any]:
        return {
            **super()._type_fields(),
            "min": self.min_val,
            "max": self.max_val,
            "stepSize": self.step_size,
            "dualSlider": self.dual_slider,
            "isInverted": self.inverted,
            "icon": self.icon or None,
            "colours": self.colours or None,
        }
