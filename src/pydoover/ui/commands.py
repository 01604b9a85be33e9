"""Commands from the site: reading ``ui_cmds`` and running the app's callbacks.

The ``ui_cmds`` aggregate maps full interaction names to values, usually wrapped as
``{"cmds": {"<app_key>_<name>": value}}`` (the wrapper is optional, and a JSON string is
accepted). For every interaction whose value differs from its current one (a missing key means
"back to the default") the router yields, in order: the interaction's ``callback(new_value)``,
then every matching ``@ui.callback`` handler. Names nobody declared become ``SlimCommand``s so
that ``get_command`` and ``@ui.callback`` still see them.

    router = CommandRouter()
    router.add_handler(CallbackSpec("speed_.*"), on_speed)     # on_speed(element, new_value)
    for effect in router.dispatch(cmds, interactions, app_key="pump_app"):
        ...  # Invoke effects, performed by a driver (see effects.py)
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable, Collection, Generator, Iterable
from typing import Any

from ..utils.diff import maybe_load_json
from .decorators import CallbackSpec
from .effects import Invoke
from .element import json_value
from .interactions import CoercionListener, Interaction, SlimCommand

log = logging.getLogger(__name__)


def parse_cmds(aggregate: Any) -> dict[str, Any]:
    """The ``{full_name: value}`` map of a ``ui_cmds`` aggregate (``{}`` for anything else)."""
    data = maybe_load_json(aggregate)
    if not isinstance(data, dict):
        return {}
    inner = data.get("cmds")
    return inner if isinstance(inner, dict) else data


def positional_arity(func: Callable) -> int:
    """How many positional arguments ``func`` takes (a large number for ``*args``)."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return 2
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return 99
    return sum(p.kind in kinds for p in params)


def prefixed_pattern(pattern: str, app_key: str | None) -> str:
    """``pattern`` with ``<app_key>_`` in front (after a leading ``^``), unless it has the key already."""
    if not app_key or app_key in pattern:
        return pattern
    if pattern.startswith("^"):
        return f"^{app_key}_{pattern[1:]}"
    return f"{app_key}_{pattern}"


class CallbackHandler:
    """One ``@ui.callback`` method and the regex it answers to."""

    def __init__(self, spec: CallbackSpec, func: Callable) -> None:
        self.spec = spec
        self.func = func
        self.arity = positional_arity(func)
        self._compiled: dict[str | None, re.Pattern[str]] = {}

    def regex(self, app_key: str | None) -> re.Pattern[str]:
        if app_key not in self._compiled:
            raw = self.spec.pattern
            text, flags = (raw.pattern, raw.flags) if isinstance(raw, re.Pattern) else (raw, 0)
            if not self.spec.global_interaction:
                text = prefixed_pattern(text, app_key)
            self._compiled[app_key] = re.compile(text, flags)
        return self._compiled[app_key]

    def matches(self, name: str, app_key: str | None) -> bool:
        """True when the whole command name matches (not just a prefix of it)."""
        return self.regex(app_key).fullmatch(name) is not None

    def call_args(self, element: Interaction, new_value: Any) -> tuple:
        """``(element, new_value)`` for classic handlers, ``(new_value,)`` for one-argument ones."""
        if self.arity >= 2:
            return (element, new_value)
        return (new_value,) if self.arity == 1 else ()


class CommandRouter:
    """The app's command handlers, ``ui_cmds`` listeners and commands known only by name."""

    def __init__(self, on_coerced: CoercionListener | None = None) -> None:
        self.on_coerced = on_coerced  # given to commands known only by name, so their coerce() is published
        self.handlers: list[CallbackHandler] = []
        self.subscriptions: list[Callable] = []
        self.slim: dict[str, SlimCommand] = {}

    def add_handler(self, spec: CallbackSpec, func: Callable) -> bool:
        """Register a handler; the same bound method twice is ignored (returns False)."""
        if any(h.spec == spec and h.func == func for h in self.handlers):
            return False
        self.handlers.append(CallbackHandler(spec, func))
        return True

    def add_subscription(self, callback: Callable) -> None:
        self.subscriptions.append(callback)

    def learn(self, cmds: dict[str, Any], known: Iterable[Interaction]) -> list[Interaction]:
        """``known`` plus a ``SlimCommand`` for every command name nobody declared."""
        interactions = list(known)
        names = {i.name for i in interactions}
        for name in cmds:
            if name not in names and name not in self.slim:
                self.slim[name] = SlimCommand(name)
                self.slim[name]._on_coerced = self.on_coerced
        return interactions + [s for s in self.slim.values() if s.name not in names]

    def dispatch(
        self,
        cmds: dict[str, Any],
        interactions: Iterable[Interaction],
        app_key: str | None,
        skip: Collection[Interaction] = (),
    ) -> Generator[Invoke, Any, None]:
        """Apply changed values and yield the callbacks to run, in order.

        Interactions in ``skip`` (changed by the app and not yet published) keep their value.
        """
        for callback in self.subscriptions:
            yield Invoke(callback, (cmds,)[: min(positional_arity(callback), 1)])
        for interaction in self.learn(cmds, interactions):
            if interaction in skip:
                continue
            raw = cmds.get(interaction.name, interaction.default)
            if json_value(raw) == interaction.json_value():
                continue
            yield from self._apply(interaction, raw, app_key)

    def _apply(self, interaction: Interaction, raw: Any, app_key: str | None) -> Generator[Invoke, Any, None]:
        try:
            new_value = interaction.transform_check(raw)
        except Exception:
            log.exception("transform_check of %s rejected %r", interaction.name, raw)
            return
        interaction.current_value = new_value
        yield Invoke(interaction.callback, (new_value,))
        for handler in self.handlers:
            if handler.matches(interaction.name, app_key):
                yield Invoke(handler.func, handler.call_args(interaction, new_value))
