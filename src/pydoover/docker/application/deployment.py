"""Where an app's configuration comes from: a JSON file (``CONFIG_FP``) or, on a device, the app's
entry in the ``deployment_config`` channel, re-applied live on every update.

A configuration is validated against the app's Schema before it is applied. As classic pydoover
does, the app then runs with the values as given, each problem logged as a warning (path, expected,
found, did-you-mean). In strict mode (``--strict-config`` or ``DOOVER_STRICT_CONFIG=1``) an invalid
configuration is refused instead: at start-up the app stops with every problem listed; a later
invalid update is logged and the settings in force are kept. A configuration classic pydoover
cannot load either (a required key missing, a list where an object belongs) is refused in both modes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ...utils.json_files import JsonFileError, read_json_object

log = logging.getLogger(__name__)

DEPLOYMENT_CHANNEL = "deployment_config"
META_KEYS = ("AGENT_ID", "APP_DISPLAY_NAME")


def strict_from_env(environ: Any = None) -> bool:
    """True when ``DOOVER_STRICT_CONFIG`` asks for strict config checking."""
    from ...config.validation import STRICT_ENV

    env = os.environ if environ is None else environ
    return env.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class InvalidConfig(Exception):
    """The configuration does not match the app's Schema; the text lists every problem."""


def read_config_file(path: Path) -> dict:
    try:
        return read_json_object(path, "a JSON object of config keys")
    except JsonFileError as exc:
        raise InvalidConfig(f"config file: {exc}") from None


def app_entry(aggregate: Any, app_key: str | None) -> dict | None:
    """This app's entry of a ``deployment_config`` aggregate, or None when it has none."""
    applications = aggregate.get("applications") if isinstance(aggregate, dict) else None
    entry = applications.get(app_key) if isinstance(applications, dict) else None
    return entry if isinstance(entry, dict) else None


def apply_config(schema: Any, data: dict, source: str, strict: bool = False) -> None:
    """Validate ``data`` against ``schema`` and load it, logging each problem as a warning.

    Raises :class:`InvalidConfig` (nothing loaded) when ``strict`` and there are problems, or when
    the Schema cannot load the data at all.
    """
    if schema is None:
        return
    from ...config.validation import ConfigError, running_anyway, validate

    if not isinstance(data, dict):
        raise InvalidConfig(
            f"the configuration from {source} must be an object of config keys, not {type(data).__name__}"
        )
    settings = {key: value for key, value in data.items() if key not in META_KEYS}
    try:
        problems = validate(schema, settings)
    except Exception:  # a schema the checker cannot read must not stop an app classic would run
        log.warning("could not check the configuration from %s against the app's Schema", source, exc_info=True)
        problems = []
    if problems and strict:
        raise InvalidConfig(str(ConfigError(problems, f"the configuration from {source}")))
    if problems:
        log.warning("%s", running_anyway(problems, f"the configuration from {source}"))
    try:
        schema._inject_deployment_config(settings)
    except Exception as exc:  # what classic pydoover cannot load either
        raise InvalidConfig(f"the configuration from {source} cannot be loaded: {exc}") from None
