"""The configuration a local run gives an app: a JSON file of config keys, validated, written into
the DDA's ``deployment_config`` channel as a device's deployment would be.

An invalid config is seeded anyway, after its problems are printed as the warning the app itself
logs (classic pydoover runs it unchecked); ``strict`` refuses it instead.

    entry = load_app_config(project, Path("simulators/app_config.json"))
    await seed(agent, "tank", entry)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..config.standard import standard_problems
from ..config.validation import ConfigError, running_anyway, validate
from ..generations import sdk_generation
from ..project import AppProject, ProjectError
from ..utils.json_files import JsonFileError, read_json_object
from .appenv import AppEnvError
from .upstream_export import upstream_schema

DEPLOYMENT_CHANNEL = "deployment_config"


class SeedError(Exception):
    """The app's configuration cannot be used; the text says why (one or more lines)."""


def load_app_config(project: AppProject, path: Path | None = None, strict: bool = False) -> dict[str, Any]:
    """The config keys in ``path`` (default ``simulators/app_config.json``), checked against the
    app's schema (problems printed as warnings, or a SeedError when ``strict``); ``{}`` when the
    default file does not exist."""
    path = path or project.sample_config_path
    if not path.exists():
        if path == project.sample_config_path:
            return {}
        raise SeedError(f"config file {path} does not exist")
    try:
        data = read_json_object(path, "a JSON object of config keys")
    except JsonFileError as exc:
        raise SeedError(str(exc)) from None
    try:
        problems = _problems_of(project, data)
    except (ProjectError, AppEnvError) as exc:
        raise SeedError(str(exc)) from None
    if problems and strict:
        raise SeedError(str(ConfigError(problems, str(path))))
    if problems:
        warn_config(running_anyway(problems, str(path)))
    return data


def _problems_of(project: AppProject, data: dict[str, Any]) -> list:
    if sdk_generation(project) == "upstream":  # a 1.x schema: the whole of JSON Schema, no import
        return standard_problems(upstream_schema(project), data)
    return validate(_schema_of(project), data)


def warn_config(text: str) -> None:
    """Print a config warning on stderr, as ``doover run`` shows it before starting the app."""
    print(f"doover: warning: {text}", file=sys.stderr, flush=True)


def _schema_of(project: AppProject):
    """The exported schema when there is one (no import needed), else the app's Schema itself."""
    try:
        return project.config_schema()
    except ProjectError:
        return project.load_schema()


def deployment(app_key: str, entry: dict[str, Any], display_name: str) -> dict[str, Any]:
    return {"applications": {app_key: {**entry, "APP_DISPLAY_NAME": display_name}}}


async def seed(agent, app_key: str, entry: dict[str, Any], display_name: str | None = None) -> None:
    """Replace the app's entry in ``deployment_config`` (keys left from an earlier run are removed)."""
    await agent.publish_to_channel_async(DEPLOYMENT_CHANNEL, {"applications": {app_key: None}})
    await agent.publish_to_channel_async(DEPLOYMENT_CHANNEL, deployment(app_key, entry, display_name or app_key))
