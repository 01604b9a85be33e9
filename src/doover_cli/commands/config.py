"""`doover config validate | export | show | generate`: an app's config schema and sample configs.

Every command finds the app project from --app (default: the current folder, walking up) and reads
the schema from doover_config.json, or with --from-code from the app's own Schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import exit_codes
from ..errors import CLIError, UsageError
from ..output import Output, dumps, note
from ..targets import Json

app = typer.Typer(
    help="Validate, export, show and generate an app's config.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

AppDir = Annotated[
    Path | None,
    typer.Option(
        "--app", help="App project folder [default: the project holding the current folder].", show_default=False
    ),
]
FromCode = Annotated[
    bool, typer.Option("--from-code", help="Use the schema of the app's code (app_config.py), not doover_config.json.")
]


def open_project(app_dir: Path | None):
    """The app project at --app or around the current folder (a usage error when there is none)."""
    from pydoover.project import ProjectError, find_project

    try:
        return find_project(app_dir or Path.cwd())
    except ProjectError as exc:
        raise UsageError(str(exc)) from None


def project_call(call, *args: Any, **kwargs: Any) -> Any:
    """Run a project method, turning ``ProjectError`` into a one-line usage error."""
    from pydoover.project import ProjectError

    try:
        return call(*args, **kwargs)
    except ProjectError as exc:
        raise UsageError(str(exc)) from None


def schema_of(project, from_code: bool) -> tuple[dict[str, Any], str]:
    """``(json schema, where it came from)``."""
    if from_code and is_upstream(project):
        raise UsageError(
            "--from-code would import an upstream 1.x app's classes into the toolkit; "
            "run `doover config export` (the app's own export-config, in its env) and drop --from-code"
        )
    if from_code:
        schema = project_call(project.load_schema)
        return schema.to_dict(), shown(project.config_path, project.root)
    if is_upstream(project):  # a schema not committed is exported for the moment, as the upstream CLI does
        from pydoover.devrun.upstream_export import upstream_schema

        from ..app_envs import env_errors

        with env_errors():
            return upstream_schema(project, report=note), shown(project.doover_config_path, project.root)
    return project_call(project.config_schema), shown(project.doover_config_path, project.root)


def is_upstream(project) -> bool:
    """An upstream pydoover 1.x project: its schema is checked by jsonschema and exported by its own code."""
    from pydoover.generations import sdk_generation

    return sdk_generation(project) == "upstream"


def shown(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the project root when inside it."""
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def read_json(name: str, path: Path) -> Any:
    """A config file's JSON; a missing or malformed file is a usage error naming file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"config file not found: {name}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise UsageError(f"{name} is not usable JSON: nested too deeply to read") from None


def config_files(project, given: list[Path] | None) -> list[tuple[str, Path]]:
    """``(name, path)`` of the files to validate: those given, else every ``simulators/*.json``."""
    if given:
        return [(str(path), path) for path in given]
    files = project.sample_configs()
    if not files:
        raise UsageError(f"no config files to check: no {project.simulators_dir}/*.json; pass --config FILE")
    return [(shown(path, project.root), path) for path in files]


@app.command("validate")
def validate(
    config: Annotated[
        list[Path] | None,
        typer.Option(
            "--config",
            "-c",
            metavar="FILE",
            help="Config file to check; repeat for more [default: simulators/*.json].",
            show_default=False,
        ),
    ] = None,
    app_dir: AppDir = None,
    from_code: FromCode = False,
    json_output: Json = False,
) -> None:
    """Check config files against the app's schema.

    Lists every problem, one per line, and exits 1 if any file has one.

    Example: doover config validate --config simulators/app_config.json
    """
    from pydoover.config.standard import standard_problems
    from pydoover.config.validation import validate as validate_config

    project = open_project(app_dir)
    upstream = is_upstream(project) and not from_code  # 1.x schemas use the whole of JSON Schema
    schema, source = schema_of(project, from_code)
    loaded = [(name, read_json(name, path)) for name, path in config_files(project, config)]
    results = []
    for name, data in loaded:
        problems = standard_problems(schema, data) if upstream else validate_config(schema, data, strict=True)
        results.append({"file": name, "valid": not problems, "problems": [p.to_dict() for p in problems]})
    drift = None if from_code or upstream else schema_drift(project, schema)
    valid = all(result["valid"] for result in results) and drift is None
    data = {"app": project.app_key, "schema": source, "valid": valid, "files": results, "schema_drift": drift}
    Output(json_output).result(data, "\n".join(filter(None, [validate_text(results), drift])))
    if not valid:
        raise typer.Exit(exit_codes.FAILED)


def schema_drift(project, exported: dict[str, Any]) -> str | None:
    """Why doover_config.json's schema is not what the app's config code exports now (None when it is)."""
    from pydoover.project import ProjectError

    try:
        current = project.load_schema().to_dict()
    except ProjectError:
        return None  # no config code to compare with (or it does not load: `--from-code` says why)
    if current == exported:
        return None
    names = sorted(set(current.get("properties", {})) ^ set(exported.get("properties", {})))
    which = f" (keys {', '.join(names)})" if names else ""
    return (
        f"{shown(project.doover_config_path, project.root)}: its config_schema differs from "
        f"{shown(project.config_path, project.root)}{which}; run `doover config export`"
    )


def validate_text(results: list[dict[str, Any]]) -> str:
    """``FILE: ok`` for a valid file, else one ``FILE: problem`` line per problem."""
    lines = []
    for result in results:
        if result["valid"]:
            lines.append(f"{result['file']}: ok")
        lines += [f"{result['file']}: {problem['message']}" for problem in result["problems"]]
    return "\n".join(lines)


@app.command("export")
def export(
    app_dir: AppDir = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    json_output: Json = False,
) -> None:
    """Export the app's config schema into doover_config.json.

    The schema comes from the app's Schema in app_config.py; other keys of the file are kept.
    Lists the config keys added, removed and changed.

    Example: doover config export --dry-run
    """
    project = open_project(app_dir)
    try:
        if is_upstream(project):
            result = export_upstream(project, dry_run)
        else:
            result = project_call(project.export_schema, dry_run=dry_run)
    except OSError as exc:
        raise CLIError(f"cannot write {project.doover_config_path}: {exc.strerror}") from None
    changes = {kind: [c for c in result.changes if c.change == kind] for kind in ("added", "removed", "changed")}
    data = {
        "app": result.app_key,
        "file": str(result.path),
        "dry_run": dry_run,
        "written": result.written,
        "changes": {
            "added": [c.path for c in changes["added"]],
            "removed": [c.path for c in changes["removed"]],
            "changed": [c.to_dict() for c in changes["changed"]],
        },
    }
    Output(json_output).result(data, export_text(result, dry_run))


def export_upstream(project, dry_run: bool):
    """Run an upstream project's own export-config in its env (a failure is one line, exit 1 or 2)."""
    from pydoover.devrun.upstream_export import export_in_env

    from ..app_envs import env_errors

    with env_errors():
        return export_in_env(project, dry_run=dry_run, report=note)


def export_text(result, dry_run: bool) -> str:
    """``doover_config.json: 2 changes to pump_app's config schema (written)`` and one line per change."""
    from pydoover.config.describe import count

    if not result.changes:
        done = "written (no key changed)" if result.written else "up to date"
        return f"{result.path.name}: {result.app_key}'s config schema is {done}"
    status = "dry run, not written" if dry_run else "written"
    marks = {"added": "+", "removed": "-", "changed": "~"}
    lines = [
        f"{result.path.name}: {count(len(result.changes), 'change')} to {result.app_key}'s config schema ({status})"
    ]
    lines += [f"  {marks[change.change]} {change.summary()}" for change in result.changes]
    return "\n".join(lines)


@app.command("show")
def show(app_dir: AppDir = None, from_code: FromCode = False, json_output: Json = False) -> None:
    """List the app's config keys.

    One row per key (nested keys as site.name and pumps[].pin): type, default, whether it is
    required, and its description.

    Example: doover config show --app ../tank-monitor
    """
    from pydoover.config.outline import outline

    project = open_project(app_dir)
    schema, _ = schema_of(project, from_code)
    keys = outline(schema)
    rows = [
        (
            key.path,
            f"enum ({', '.join(map(str, key.choices))})" if key.choices else key.type,
            dumps(key.default) if key.has_default else "-",
            "yes" if key.required else "no",
            key.description,
        )
        for key in keys
    ]
    columns = ["key", "type", "default", "required", "description"]
    Output(json_output).table([key.to_dict() for key in keys], columns, rows)


@app.command("generate")
def generate(
    app_dir: AppDir = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the sample here instead of printing it."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
    from_code: FromCode = False,
    json_output: Json = False,
) -> None:
    """Make a sample config from the schema's defaults.

    Required values with no default become "<fill in: ...>" placeholders, which
    `doover config validate` reports until they are replaced.

    Example: doover config generate --output simulators/app_config.json
    """
    from pydoover.config.sample import placeholder_paths, sample_config

    project = open_project(app_dir)
    schema, _ = schema_of(project, from_code)
    sample = sample_config(schema)
    todo = placeholder_paths(sample)
    text = json.dumps(sample, indent=4, ensure_ascii=False) + "\n"
    if output is not None:
        write_sample(output, text, force)
    data = {"app": project.app_key, "file": str(output) if output else None, "config": sample, "placeholders": todo}
    fill = f"fill in {len(todo)} placeholder(s): {', '.join(todo)}" if todo else "no placeholders to fill in"
    if output is None:
        Output(json_output).result(data, text.rstrip("\n"))
        if not json_output:
            note(fill)
    else:
        Output(json_output).result(data, f"wrote {output}; {fill}")


def write_sample(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; pass --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror}") from None
