"""`doover upgrade`: bring a project made by `doover new` to a newer app template, keeping its edits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from ..errors import CLIError, UsageError
from ..output import Output, error, note
from ..targets import Json

app = typer.Typer(rich_markup_mode=None, add_completion=False)

MARKS = {"modified": "M", "added": "A", "deleted": "D", "renamed": "R", "conflict": "C"}


@app.command("upgrade")
def upgrade(
    directory: Annotated[
        Path,
        typer.Option(
            "--dir",
            metavar="PATH",
            help="The project [default: the one holding the current folder].",
            show_default=False,
        ),
    ] = Path("."),
    vcs_ref: Annotated[
        str | None,
        typer.Option("--vcs-ref", metavar="REF", help="Template version [default: the newest this doover has]."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change (and the diff); write nothing.")
    ] = False,
    json_output: Json = False,
) -> None:
    """Update the project to a newer template version, keeping your own edits.

    A three-way merge: where you and the template changed the same lines, the file gets conflict
    markers, is listed, and the command exits 1. Commit your work first.

    Example: doover upgrade --dry-run
    """
    from pydoover.scaffold import ScaffoldError, ScaffoldUsageError, upgrade_project

    try:
        done = upgrade_project(directory, vcs_ref=vcs_ref, dry_run=dry_run)
    except ScaffoldUsageError as exc:
        raise UsageError(str(exc)) from None
    except ScaffoldError as exc:
        raise CLIError(str(exc)) from None
    for line in done.notes:
        note(line)
    Output(json_output).result(done.to_dict(), _summary(done))
    if done.conflicts:
        would = "would conflict" if dry_run else "conflict"
        files = ", ".join(done.conflicts)
        fix = "" if dry_run else "; resolve the <<<<<<< markers, then commit"
        error(f"{len(done.conflicts)} file(s) {would} with your edits: {files}{fix}")
        raise typer.Exit(exit_codes.FAILED)


def _summary(done) -> str:
    name = done.path.name
    if done.up_to_date:
        return f"{name} is at template {done.from_version}: nothing to upgrade"
    target = done.to_version or "the newest version"
    verb = "Upgrading" if done.dry_run else "Upgraded"
    tail = "would change" if done.dry_run else "changed"
    lines = [f"{verb} {name} from template {done.from_version} to {target}: {len(done.changes)} file(s) {tail}"]
    lines += [f"  {MARKS.get(change['change'], '?')} {change['path']}" for change in done.changes]
    if done.dry_run and done.diff:
        lines += ["", done.diff.rstrip("\n")]
    elif not done.dry_run and not done.conflicts:
        lines.append("Review with `git diff`, then commit.")
    return "\n".join(lines)
