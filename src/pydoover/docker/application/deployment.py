"""Where an app's configuration comes from: a JSON file (``CONFIG_FP``) or, on a device, the app's
entry in the ``deployment_config`` channel, re-applied live on every update.

A configuration is validated against the app's Schema before it is applied: at start-up an invalid
one stops the app with every problem listed (it must not run on settings nobody meant); a later
invalid update is logged and the settings in force are kept.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ...utils.json_files import JsonFileError, read_json_object

log = logging.getLogger(__name__)

DEPLOYMENT_CHANNEL = "deployment_config"
META_KEYS = ("AGENT_ID", "APP_DISPLAY_NAME")


class InvalidConfig(Exception):
    """The configuration does not match the app's Schema; the text lists every problem."""


def read_config_file(path: Path) -> dict:
    try:
        return read_json_object(path, "a JSON object of config keys")
    except JsonFileError as exc:
        raise InvalidConfig(f"config file: {exc}") from None


def app_entry(aggregate: Any, app_key: str) -> dict | None:
    """This app's entry of a ``deployment_config`` aggregate, or None when it has none."""
    applications = aggregate.get("applications") if isinstance(aggregate, dict) else None
    entry = applications.get(app_key) if isinstance(applications, dict) else None
    return entry if isinstance(entry, dict) else None


def apply_config(schema: Any, data: dict, source: str) -> None:
    """Validate ``data`` against ``schema`` and load it; :class:`InvalidConfig` names every problem."""
    if schema is None:
        return
    from ...config.validation import ConfigError, check

    settings = {key: value for key, value in data.items() if key not in META_KEYS}
    try:
        check(schema, settings)
    except ConfigError as exc:
        raise InvalidConfig(f"the configuration from {source} is invalid:\n{exc}") from None
    schema._inject_deployment_config(settings)
