"""Exporting an upstream (1.x) app's config schema by running its own ``export-config`` in its own env.

The toolkit never imports an upstream app's classes: the project's entry point writes
``doover_config.json`` the way the upstream CLI would have it write, and we report what changed.

    result = export_in_env(find_project("."), dry_run=True)
    [change.summary() for change in result.changes]
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ..config.outline import diff_schemas
from ..project import AppProject, ProjectError, SchemaExport, StartCommand
from .appenv import AppEnv, AppEnvError, Report, resolve_env

EXPORT_SCRIPT = "export-config"
EXPORT_TIMEOUT = 120.0


def export_in_env(project: AppProject, *, dry_run: bool = False, report: Report | None = None) -> SchemaExport:
    """Run the project's ``export-config`` in its env; with ``dry_run`` the file is put back as it was."""
    old, fresh = _export(project, report, keep=not dry_run)
    return SchemaExport(
        project.doover_config_path, project.app_key, diff_schemas(old, fresh), not dry_run and old != fresh
    )


def upstream_schema(project: AppProject, report: Report | None = None) -> dict:
    """The config schema in doover_config.json, else (not committed, as 1.x repos often leave it) the one
    the project's export-config writes, with the file put back as it was."""
    try:
        return project.config_schema()
    except ProjectError:
        return _export(project, report, keep=False)[1]


def _export(project: AppProject, report: Report | None, keep: bool) -> tuple[dict | None, dict]:
    """``(schema before, schema export-config wrote)``; unless ``keep``, doover_config.json is restored."""
    env = resolve_env(project, report=report)
    path = project.doover_config_path
    before = path.read_bytes() if path.is_file() else None
    try:
        _run_export(project, env)
        fresh = _schema_in(path.read_bytes() if path.is_file() else None, project.app_key)
    finally:
        if not keep:
            _restore(path, before)
    if fresh is None:
        raise AppEnvError(
            f"{project.root}: {EXPORT_SCRIPT} wrote no config_schema for {project.app_key!r} in {path.name}"
        )
    return _schema_in(before, project.app_key), fresh


def export_command(project: AppProject, env: AppEnv) -> list[str]:
    """The project's ``export-config`` console script in ``env``, else the function it names via ``python -c``."""
    scripts = project.pyproject.get("project", {}).get("scripts", {}) or {}
    target = scripts.get(EXPORT_SCRIPT)
    if not isinstance(target, str):
        raise AppEnvError(
            f"{project.root}: no `{EXPORT_SCRIPT}` entry in pyproject.toml [project.scripts]; add "
            f'`{EXPORT_SCRIPT} = "{project.package}.app_config:export"` (the upstream template has one)',
            True,
        )
    script = env.python.parent / EXPORT_SCRIPT
    return [str(script)] if script.is_file() else StartCommand(EXPORT_SCRIPT, target).argv(str(env.python))


def _run_export(project: AppProject, env: AppEnv) -> None:
    argv = export_command(project, env)
    variables = {**os.environ, "PYTHONPATH": str(project.source_root)}
    try:
        done = subprocess.run(argv, cwd=project.root, env=variables, capture_output=True, text=True,
                              timeout=EXPORT_TIMEOUT)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AppEnvError(f"{project.root}: cannot run {EXPORT_SCRIPT}: {exc}") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()] or ["no output"]
        raise AppEnvError(f"{project.root}: {EXPORT_SCRIPT} failed (exit {done.returncode}): {lines[-1].strip()}")


def _schema_in(content: bytes | None, app_key: str) -> dict | None:
    try:
        entry = json.loads(content or b"{}").get(app_key)
    except (ValueError, AttributeError):
        return None
    schema = entry.get("config_schema") if isinstance(entry, dict) else None
    return schema if isinstance(schema, dict) else None


def _restore(path: Path, content: bytes | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(content)
