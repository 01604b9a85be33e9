"""`doover help ...`: reference pages."""

from __future__ import annotations

import typer

from .. import exit_codes
from ..output import Output
from ..targets import Json

app = typer.Typer(help="Reference pages.", no_args_is_help=True, rich_markup_mode=None, add_completion=False)


@app.callback()
def _pages() -> None:
    """Reference pages."""


@app.command("exit-codes")
def exit_codes_page(json_output: Json = False) -> None:
    """List the exit codes every doover command uses.

    Example: doover help exit-codes --json
    """
    rows = [(code, meaning) for code, meaning in exit_codes.TABLE]
    Output(json_output).table([{"code": c, "meaning": m} for c, m in rows], ["code", "meaning"], rows)
