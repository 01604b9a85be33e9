"""Option groups: a function whose parameters are typer options and whose result is one object.

    @app.command("read")
    @with_options(target=target_options("modbus"), bus=bus_options)
    def read(point: PointArg = None, target: Target = DEFAULT, bus: BusChoice = DEFAULT) -> None: ...

:func:`with_options` lists each group's options where the command has the group's parameter and
passes the command the group's object, already checked: a bad option is a usage error before the
command body runs, so nothing has been sent.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

DEFAULT: Any = None  # placeholder default of a group parameter; with_options always passes the object


def with_options(**groups: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """Give a command the options of each group function (listed where the command has the group's
    parameter), and pass it ``name=group(**those options)``."""

    def decorate(command: Callable) -> Callable:
        members = {name: _parameters(group) for name, group in groups.items()}
        merged = []  # the command's parameters, each group's in the place of its object
        for name, param in _parameters(command).items():
            merged.extend(members[name].values() if name in groups else [param])

        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> Any:
            for name, group in groups.items():
                kwargs[name] = group(**{member: kwargs.pop(member) for member in members[name]})
            return command(**kwargs)

        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in merged]
        wrapper.__signature__ = inspect.Signature(params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper

    return decorate


def _parameters(function: Callable) -> dict[str, inspect.Parameter]:
    signature = getattr(function, "__signature__", None)  # a group built at run time (target_options)
    return dict((signature or inspect.signature(function, eval_str=True)).parameters)
