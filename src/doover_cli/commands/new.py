"""`doover new NAME`: a new app project from the versioned app template, ready to run and test."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CLIError, UsageError
from ..output import Output, note
from ..targets import Json

app = typer.Typer(rich_markup_mode=None, add_completion=False)


@app.command("new")
def new(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The app's name: letters, digits, - and _, starting with a letter."),
    ],
    directory: Annotated[
        Path | None,
        typer.Option("--dir", metavar="PATH", help="Where to make it [default: ./NAME].", show_default=False),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Ask nothing: questions not answered with --data take their default.")
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            metavar="KEY=VALUE",
            help="Answer a question; repeat for more (description, author, interfaces=io,modbus,channels, "
            "python_version, dockerfile=yes|no, ci=yes|no).",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="PATH_OR_URL",
            help="Another copier template [default: the app template shipped with doover].",
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option("--vcs-ref", metavar="REF", help="Template version (a git tag or ref) [default: the newest]."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Write into a non-empty folder: overwrites the files the template makes."),
    ] = False,
    git: Annotated[
        bool | None,
        typer.Option(
            "--git/--no-git",
            help="git init and commit the project [default: when git is installed].",
            show_default=False,
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Make a new app project that validates, passes its tests and runs as made.

    Asks the template's questions on a terminal; with --defaults, --json or no terminal on stdin
    it asks nothing (unanswered questions take their defaults). Never deletes anything.

    Example: doover new tank-monitor --defaults --data interfaces=io,modbus
    """
    from pydoover.scaffold import ScaffoldError, ScaffoldUsageError, check_app_name, new_project, parse_data

    try:
        check_app_name(name)
        answers = parse_data(data or [])
        made = new_project(
            name,
            directory or Path(name),
            data=answers,
            defaults=defaults or json_output or not sys.stdin.isatty(),
            template=template,
            vcs_ref=vcs_ref,
            force=force,
            git_init=git,
        )
    except ScaffoldUsageError as exc:
        raise UsageError(str(exc)) from None
    except ScaffoldError as exc:
        raise CLIError(str(exc)) from None
    shown = str(directory) if directory else name
    steps = [f"cd {shlex.quote(shown)}", "pytest", "doover run"]
    for line in made.notes:
        note(line)
    Output(json_output).result({**made.to_dict(), "next": steps}, _summary(made, shown, steps))


def _summary(made, shown: str, steps: list[str]) -> str:
    version = f" {made.version}" if made.version else ""
    interfaces = made.answers.get("interfaces")
    uses = f" (uses: {', '.join(interfaces) or 'no device interfaces'})" if isinstance(interfaces, list) else ""
    where = "" if shown == made.app_name else f" in {shown}"
    lines = [f"Made {made.app_name}{where} from the doover app template{version}{uses}."]
    if made.commit:
        lines.append(f"First commit: {made.commit[:10]}.")
    lines += ["", "Next:", *(f"  {step}" for step in steps)]
    return "\n".join(lines)
