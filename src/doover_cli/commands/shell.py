"""`doover shell`: the CLI's commands at a prompt, one connection per bridge for the whole session.

On a terminal: history, Tab completion, inline help (:mod:`doover_cli.shell.console`). With stdin
not a terminal: one command per line, one JSON result per line (:mod:`doover_cli.shell.pipe`).
"""

from __future__ import annotations

import io
import sys
from typing import Annotated

import typer

from ..targets import AppsUri, DdaUri, ModbusUri, PltUri, Remote

app = typer.Typer(
    help="Poke I/O, Modbus and channels interactively.",
    rich_markup_mode=None,
    add_completion=False,
)

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Let write commands change a non-local device without asking.")]


@app.command("shell")
def shell(
    dda_uri: DdaUri = None,
    plt_uri: PltUri = None,
    modbus_uri: ModbusUri = None,
    apps_uri: AppsUri = None,
    remote: Remote = None,
    yes: Yes = False,
) -> None:
    """Poke I/O, Modbus and channels interactively: the same commands as `doover`, typed at a prompt.

    One connection per bridge for the whole session; history, Tab completion and `help`. io
    commands work without `io` (get-di 0, set-do 1 on, watch di0), and `tail X` is `channel tail X`.
    With stdin not a terminal it reads one command per line and prints one JSON object per line
    ({"line", "command", "exit_code", "result" or "error"}; streams add "record" lines), then exits
    0 if every command succeeded, else with the last failing command's exit code.

    Example: doover shell --remote 192.168.1.20
    """
    from .. import clients
    from ..shell.runner import Runner, Targets

    targets = Targets(dda_uri, plt_uri, modbus_uri, apps_uri, remote, yes)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    runner = Runner(targets, json_mode=not interactive)
    with clients.session():
        if interactive:
            from ..shell.console import interact

            code = interact(runner)
        else:
            from ..shell.guide import overview
            from ..shell.pipe import run_lines

            code = run_lines(runner, sys.stdin or io.StringIO(), sys.stdout, lambda: overview(runner.tree))
    raise typer.Exit(code)
