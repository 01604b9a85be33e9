"""Decorators that turn an app's methods into UI interactions and command handlers.

    from pydoover import ui

    class PumpApp(Application):
        @ui.action("start_pump", "Start Pump", colour=ui.Colour.green)
        async def start_pump(self, new_value):      # becomes the Action's callback(new_value)
            ...

        @ui.callback("speed_.*")                    # every command named <app_key>_speed_...
        async def on_speed(self, element, new_value):
            ...

``UIManager.register_callbacks(app)`` (run by the Application at start-up) builds the
interactions, adds them to the UI and replaces each decorated method on the instance with its
interaction (so ``self.start_pump.current_value`` works, as in classic pydoover). A ``Container``
subclass does the same for its own decorated methods when it is built.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from .helpers import Colour, Option
from .interactions import Action, HiddenValue, Interaction, Slider, StateCommand, WarningIndicator
from .parameters import BooleanParameter, DateTimeParameter, NumericParameter, TextParameter


@dataclass(frozen=True)
class InteractionSpec:
    """What a decorated method becomes: ``factory(**kwargs, callback=<bound method>)``."""

    factory: type[Interaction]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def build(self, callback: Callable[[Any], Any]) -> Interaction:
        return self.factory(**self.kwargs, callback=callback)


@dataclass(frozen=True)
class CallbackSpec:
    """A ``@ui.callback`` registration: a name pattern and whether it skips the app-key prefix."""

    pattern: str | re.Pattern[str]
    global_interaction: bool = False


def _marker(factory: type[Interaction], **kwargs: Any) -> Callable[[Callable], Callable]:
    def decorate(func: Callable) -> Callable:
        cast(Any, func)._ui_interaction = InteractionSpec(factory, kwargs)
        return func

    return decorate


def action(
    name: str, display_name: str | None = None, colour: str = Colour.blue, requires_confirm: bool = True, **kwargs: Any
) -> Callable[[Callable], Callable]:
    """Make the method a button (:class:`~pydoover.ui.Action`) whose callback it is."""
    return _marker(
        Action, name=name, display_name=display_name, colour=colour, requires_confirm=requires_confirm, **kwargs
    )


def warning_indicator(
    name: str, display_name: str | None = None, can_cancel: bool = True, **kwargs: Any
) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.WarningIndicator`'s callback (run when dismissed)."""
    return _marker(WarningIndicator, name=name, display_name=display_name, can_cancel=can_cancel, **kwargs)


def state_command(
    name: str, display_name: str | None = None, user_options: list[Option | dict] | None = None, **kwargs: Any
) -> Callable[[Callable], Callable]:
    """Make the method a dropdown (:class:`~pydoover.ui.StateCommand`) callback."""
    return _marker(StateCommand, name=name, display_name=display_name, user_options=user_options, **kwargs)


def hidden_value(name: str, **kwargs: Any) -> Callable[[Callable], Callable]:
    """Make the method the callback of a :class:`~pydoover.ui.HiddenValue`."""
    return _marker(HiddenValue, name=name, **kwargs)


def slider(
    name: str,
    display_name: str | None = None,
    min_val: float = 0,
    max_val: float = 100,
    step_size: float = 0.1,
    dual_slider: bool = True,
    inverted: bool = True,
    icon: str | None = None,
    **kwargs: Any,
) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.Slider` callback."""
    return _marker(
        Slider,
        name=name,
        display_name=display_name,
        min_val=min_val,
        max_val=max_val,
        step_size=step_size,
        dual_slider=dual_slider,
        inverted=inverted,
        icon=icon,
        **kwargs,
    )


def numeric_parameter(
    name: str,
    display_name: str | None = None,
    min_val: float | None = None,
    max_val: float | None = None,
    **kwargs: Any,
) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.NumericParameter` callback."""
    return _marker(NumericParameter, name=name, display_name=display_name, min_val=min_val, max_val=max_val, **kwargs)


def text_parameter(
    name: str, display_name: str | None = None, is_text_area: bool = False, **kwargs: Any
) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.TextParameter` callback."""
    return _marker(TextParameter, name=name, display_name=display_name, is_text_area=is_text_area, **kwargs)


def boolean_parameter(name: str, display_name: str | None = None, **kwargs: Any) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.BooleanParameter` callback."""
    return _marker(BooleanParameter, name=name, display_name=display_name, **kwargs)


def datetime_parameter(
    name: str, display_name: str | None = None, include_time: bool = False, **kwargs: Any
) -> Callable[[Callable], Callable]:
    """Make the method a :class:`~pydoover.ui.DateTimeParameter` callback (value in epoch seconds)."""
    return _marker(DateTimeParameter, name=name, display_name=display_name, include_time=include_time, **kwargs)


def callback(pattern: str | re.Pattern[str], global_interaction: bool = False) -> Callable[[Callable], Callable]:
    """Run the method for every command whose full name matches ``pattern`` (a regex).

    The pattern is prefixed with ``<app_key>_`` unless ``global_interaction=True`` (or it already
    contains the app key). The handler takes ``(self, element, new_value)``, or, as many classic
    apps write it, ``(self, new_value)``.
    """
    if not isinstance(pattern, (str, re.Pattern)):
        raise TypeError(f"ui.callback: pattern must be a str or re.Pattern, got {pattern!r}")

    def decorate(func: Callable) -> Callable:
        cast(Any, func)._ui_callback = CallbackSpec(pattern, global_interaction)
        return func

    return decorate


# -- discovery ---------------------------------------------------------------------------

_MARKERS = {"_ui_interaction": InteractionSpec, "_ui_callback": CallbackSpec}


def decorated_members(owner: Any, marker: str) -> Iterator[tuple[str, Any, Any]]:
    """``(attribute, function, spec)`` for methods of ``type(owner)`` carrying ``marker``.

    Walks the class dictionaries (so properties are never evaluated); an override in a subclass
    hides the base class's method of the same name.
    """
    seen: set[str] = set()
    for cls in type(owner).__mro__:
        for attr, value in vars(cls).items():
            if attr in seen:
                continue
            seen.add(attr)
            spec = getattr(value, marker, None)
            if isinstance(spec, _MARKERS[marker]) and callable(value):
                yield attr, value, spec


def build_interactions(owner: Any, only: str | None = None) -> list[Interaction]:
    """The interactions of ``owner``'s decorated methods, built once per owner.

    Each decorated method is replaced on the instance by its interaction (where the instance
    allows attributes); building again returns the same interaction objects.
    """
    built = []
    for attr, func, spec in decorated_members(owner, "_ui_interaction"):
        if only is not None and attr != only:
            continue
        existing = getattr(owner, "__dict__", {}).get(attr)
        if isinstance(existing, Interaction):
            built.append(existing)
            continue
        interaction = spec.build(func.__get__(owner, type(owner)))
        with contextlib.suppress(AttributeError):
            setattr(owner, attr, interaction)
        built.append(interaction)
    return built


def callback_handlers(owner: Any) -> list[tuple[CallbackSpec, Callable]]:
    """``(spec, bound method)`` for every ``@ui.callback`` method of ``owner``."""
    return [(spec, func.__get__(owner, type(owner))) for _, func, spec in decorated_members(owner, "_ui_callback")]
