"""The element side of the UI manager: the app's tree, naming and lookups.

``UIManager`` holds one ``ElementRegistry`` and offers its methods; they never touch a channel.
Interactions get their namespaced names (``<app_key>_<name>``) and the listener their ``coerce()``
reports to here, and names are checked against ``^[a-zA-Z0-9_-]+$`` when elements are added.

    manager.add_children(ui.Submodule("pump", "Pump", children=[ui.Action("start", "Start")]))
    manager.get_interaction("start").name      # "pump_app_start"
    manager.update_variable("level", 42.0)
    manager.coerce_command("start", None)      # published to ui_cmds on the next push
"""

from __future__ import annotations

import logging
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from .containers import Application, as_element, flatten_children
from .decorators import build_interactions, callback_handlers
from .element import NAME_PATTERN, Element, UIUsageError
from .helpers import ApplicationVariant
from .interactions import Interaction
from .variables import Variable

if TYPE_CHECKING:
    from .commands import CommandRouter
    from .publishing import Publisher

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def check_interaction_name(interaction: Interaction) -> None:
    """Raise :class:`UIUsageError` naming the element when its full name is not ``^[a-zA-Z0-9_-]+$``."""
    if not isinstance(interaction.name, str) or not NAME_PATTERN.match(interaction.name):
        raise UIUsageError(
            f"UI interaction {type(interaction).__name__}({interaction.local_name!r}): its name "
            f"{interaction.name!r} must match {NAME_PATTERN.pattern} (letters, digits, '_' and '-')"
        )


class ElementRegistry:
    """Tree operations of a :class:`~pydoover.ui.UIManager`: its ``root`` container, named under ``app_key``.

    Changes that the next push must publish go to the manager's ``publisher``; commands known only
    by name come from its ``router``.
    """

    def __init__(self, root: Application, router: CommandRouter, publisher: Publisher, app_key: str | None) -> None:
        self.root = root
        self.app_key = app_key
        self._router = router
        self._publisher = publisher
        self._critical_values: dict[str, Any] = {}

    def bind(self, element: Element, validate: bool = True) -> None:
        """Namespace the interactions under ``element`` and have their ``coerce()`` published."""
        for item in element.walk():
            if not isinstance(item, Interaction):
                continue
            item._app_key, item._on_coerced = self.app_key, self.note_coerced
            if validate:
                check_interaction_name(item)
            slim = self._router.slim.pop(item.name, None)
            if slim is not None and slim.has_value and not item.has_value:
                item.current_value = slim._current_value

    def _register(self, children: tuple[Any, ...]) -> list[Element]:
        elements = [as_element(child) for child in flatten_children(children)]
        for element in elements:
            self.bind(element)
        return elements

    def add_children(self, *children: Element) -> None:
        """Add elements to the app's UI (``add_children(a, b)`` or ``add_children([a, b])``).

        Raises ``ValueError`` naming the element when an interaction's name is not allowed.
        """
        self.root.add_children(*self._register(children))

    def set_children(self, children: list[Element]) -> None:
        """Replace the app's UI with ``children``."""
        self.root.set_children(self._register((children,)))

    set_ui = set_children
    set_ui_elements = set_children

    def remove_children(self, *children: Element | str) -> None:
        """Remove elements (or names) from anywhere in the UI; the next push sends ``null`` for them."""
        for child in flatten_children(children):
            if child is self.root:
                raise ValueError("UIManager.remove_children: the root container cannot be removed")
        self.root.remove_children(*flatten_children(children))

    def add_interaction(self, interaction: Interaction) -> None:
        self.add_children(interaction)

    add_command = add_interaction

    def register_callbacks(self, owner: Any) -> None:
        """Adopt ``owner``'s decorated methods: ``@ui.action`` & co. become interactions in the UI
        (callbacks bound to ``owner``); ``@ui.callback`` methods become command handlers."""
        self.register_interactions(owner)
        for spec, func in callback_handlers(owner):
            if self._router.add_handler(spec, func):
                log.debug("registered UI callback %s for %r", func.__qualname__, spec.pattern)

    def register_interactions(self, owner: Any) -> None:
        """Only the interaction half of :meth:`register_callbacks`."""
        present = {id(e) for e in self.root.walk()}
        new = [i for i in build_interactions(owner) if id(i) not in present]
        if new:
            self.add_children(*new)

    def get_element(self, name: str) -> Element | None:
        self.bind(self.root, validate=False)
        return self.root.get_element(name) or self.get_interaction(name)

    def full_name(self, name: str) -> str:
        """The namespaced name of an interaction called ``name``."""
        key = self.app_key
        return f"{key}_{name.strip()}" if key and key not in name else name

    def get_all_interactions(self) -> list[Interaction]:
        self.bind(self.root, validate=False)
        return self._router.learn({}, self.root.get_all_elements(Interaction))

    def get_all_interaction_names(self) -> list[str]:
        return [i.name for i in self.get_all_interactions()]

    get_available_commands = get_all_interaction_names

    def get_all_variables(self) -> list[Variable]:
        return self.root.get_all_elements(Variable)

    def get_interaction(self, name: str) -> Interaction | None:
        """The interaction with this full or un-prefixed name (or a ``SlimCommand``), or None."""
        candidates = self.get_all_interactions()
        for wanted in (name, self.full_name(name)):
            found = next((i for i in candidates if i.name == wanted), None)
            if found is not None:
                return found
        return None

    get_command = get_interaction

    def coerce_command(self, command_name: str, value: Any, critical: bool = False) -> None:
        """Set an interaction's value from the app; published to ``ui_cmds`` on the next push."""
        command = self.get_command(command_name)
        if command is None:
            log.info("coerce_command: no interaction named %r", command_name)
            return
        command.coerce(value, critical=critical)

    def note_coerced(self, interaction: Interaction, critical: bool) -> None:
        self._publisher.note_coerced(interaction, critical)

    def update_variable(self, variable_name: str, value: Any, critical: bool = False) -> bool:
        """Set a variable's value; False (and an info log) when there is no such variable."""
        element = self.root.get_element(variable_name)
        if not isinstance(element, Variable):
            log.info("update_variable: no variable named %r", variable_name)
            return False
        if critical and element.current_value != value:
            self._publisher.critical_pending = True
        element.current_value = value
        return True

    def record_critical_value(self, name: str, value: Any) -> None:
        """Deprecated: log the next push when ``value`` changed (use ``critical=True`` instead)."""
        if self._critical_values.get(name, object()) != value:
            self._critical_values[name] = value
            self._publisher.critical_pending = True

    def _set_root_attr(self, attr: str, value: Any, critical: bool) -> None:
        if getattr(self.root, attr) == value:
            return
        self._publisher.critical_pending = self._publisher.critical_pending or critical
        setattr(self.root, attr, value)

    def set_status_icon(self, icon_type: str | None, critical: bool = False) -> None:
        self._set_root_attr("status_icon", icon_type, critical)

    def set_display_name(self, name: str | None, critical: bool = False) -> None:
        self._set_root_attr("display_name", name, critical)

    set_display_str = set_display_name

    def set_variant(self, variant: str) -> None:
        """``ui.ApplicationVariant.submodule`` or ``.stacked``."""
        if variant not in (ApplicationVariant.submodule, ApplicationVariant.stacked):
            raise ValueError(f"UIManager.set_variant: expected 'submodule' or 'stacked', got {variant!r}")
        self.root.variant = str(variant)

    def set_position(self, position: int) -> None:
        self.root.position = position

    def add_cmds_update_subscription(self, callback: Any) -> None:
        """Call ``callback()`` (or ``callback(cmds)``) on every ``ui_cmds`` update, sync or async."""
        self._router.add_subscription(callback)


class forward(Generic[P, R]):  # noqa: N801 - used like a function in a class body
    """A method of the class body it sits in that calls ``method`` on the instance's ``_elements``
    registry: ``add_children = forward(ElementRegistry.add_children)`` (signature and docstring kept)."""

    def __init__(self, method: Callable[Concatenate[ElementRegistry, P], R]) -> None:
        self.method = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> forward[P, R]: ...
    @overload
    def __get__(self, obj: object, owner: type[Any]) -> Callable[P, R]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        return self if obj is None else types.MethodType(self.method, obj._elements)
