"""The target every bridge command acts on, made by one shared option group.

    @app.command("ps")
    @with_options(target=target_options("apps"))
    def ps(target: Target = DEFAULT) -> None:
        statuses = target.client("apps").list_apps()
        target.output.table(...)

:func:`target_options` gives a command ``--<bridge>-uri`` (and its env var) for each bridge it
talks to, ``--remote``, ``--deadline``, ``--json`` and, for commands that change things,
``--yes``; the command receives one :class:`Target` with every address resolved and checked (a bad
one is a usage error before anything is sent). Its clients come from :func:`clients.bridge_client`,
its output from :class:`~doover_cli.output.Output`, its confirmation from
:func:`~doover_cli.confirm.confirm_remote`: a new output format or confirmation rule changes
those, not the commands.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .targets import Deadline, Json, Remote, resolve_uri, uri_option

if TYPE_CHECKING:
    from .output import Output

DEFAULT_DEADLINE = 7.0


@dataclass(frozen=True)
class Target:
    """Where a command's calls go and how it answers."""

    uris: Mapping[str, str] = field(default_factory=dict)  # bridge name -> resolved HOST:PORT
    remote: str | None = None
    deadline: float = DEFAULT_DEADLINE
    json: bool = False
    yes: bool = False

    def uri(self, bridge: str) -> str:
        return self.uris[bridge]

    def client(self, bridge: str, kind: type | None = None, deadline: float | None = None):
        """The SDK client of ``bridge`` (shared for a `doover shell` session)."""
        from . import clients

        return clients.bridge_client(
            bridge, self.uri(bridge), None, self.deadline if deadline is None else deadline, kind=kind
        )

    @property
    def output(self) -> Output:
        from .output import Output

        return Output(self.json)

    def confirm(self, bridge: str, action: str, current: Callable[[], str] | None = None, **how: Any) -> None:
        """Ask before ``action`` when ``bridge`` is not local (``--yes`` answers for the user)."""
        from .confirm import confirm_remote

        confirm_remote(self.uri(bridge), action, self.yes, current, **how)


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def target_options(
    *bridges: str, deadline: float | None = DEFAULT_DEADLINE, json: bool = True, yes: str | None = None
) -> Callable[..., Target]:
    """The option group of a command talking to ``bridges``: their URI options, ``--remote``,
    ``--deadline`` (with this default; None: no option), ``--json`` and (with its help) ``--yes``."""
    params = [_option(f"{bridge}_uri", Annotated[str | None, uri_option(bridge)], None) for bridge in bridges]
    params.append(_option("remote", Remote, None))
    if deadline is not None:
        params.append(_option("deadline", Deadline, deadline))
    if json:
        params.append(_option("json_output", Json, False))
    if yes is not None:
        params.append(_option("yes", Annotated[bool, typer.Option("--yes", "-y", help=yes)], False))

    def group(**given: Any) -> Target:
        remote = given["remote"]
        uris = {bridge: resolve_uri(bridge, given[f"{bridge}_uri"], remote) for bridge in bridges}
        return Target(
            uris,
            remote,
            given.get("deadline", DEFAULT_DEADLINE),
            given.get("json_output", False),
            given.get("yes", False),
        )

    group.__signature__ = inspect.Signature(params, return_annotation=Target)
    return group
