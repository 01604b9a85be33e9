"""The configuration a local run gives an app: a JSON file of config keys, validated, written into
the DDA's ``deployment_config`` channel as a device's deployment would be.

    entry = load_app_config(project, Path("simulators/app_config.json"))
    await seed(agent, "tank", entry)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config.standard import check_standard
from ..config.validation import ConfigError, check
from ..generations import sdk_generation
from ..project import AppProject, ProjectError
from ..utils.json_files import JsonFileError, read_json_object
from .appenv import AppEnvError
from .upstream_export import upstream_schema

DEPLOYMENT_CHANNEL = "deployment_config"


class SeedError(Exception):
    """The app's configuration cannot be used; the text says why (one or more lines)."""


def load_app_config(project: AppProject, path: Path | None = None) -> dict[str, Any]:
    """The config keys in ``path`` (default ``simulators/app_config.json``), checked against the
    app's schema; ``{}`` when the default file does not exist."""
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
        if sdk_generation(project) == "upstream":  # a 1.x schema: the whole of JSON Schema, no import
            check_standard(upstream_schema(project), data, source=str(path))
        else:
            check(_schema_of(project), data, source=str(path))
    except (ConfigError, ProjectError, AppEnvError) as exc:
        raise SeedError(str(exc)) from None
    return data


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
