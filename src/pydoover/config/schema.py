"""``Schema``: an app's config, declared by assigning elements to attributes in ``__init__``.

>>> from pydoover.config import Integer, Number, Schema
>>> class PumpConfig(Schema):
...     def __init__(self):
...         self.pump_pin = Integer("Digital Output Number", description="Pin driving the pump")
...         self.on_time = Number("Pump On Time", default=5.0)
>>> config = PumpConfig()
>>> config._inject_deployment_config({"digital_output_number": 3})
>>> config.pump_pin.value, config.on_time.value
(3, 5.0)
>>> sorted(config.to_dict()["properties"])
['digital_output_number', 'pump_on_time']
"""

from __future__ import annotations

import os
from typing import Any

from ..utils.json_files import read_json_object
from .checks import WrongKindError
from .doover_config import write_config_schema
from .element import ConfigElement
from .registry import HasChildren

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class Schema(HasChildren):
    """The config of one app. Each element's JSON key comes from its display name (``transform_key``)."""

    def add_element(self, element: ConfigElement) -> None:
        """Register an element that is not an attribute (classic API; reach it through ``to_dict``)."""
        if not isinstance(element, ConfigElement):
            raise WrongKindError(
                f"{type(self).__name__}.add_element takes a ConfigElement, not {type(element).__name__}"
            )
        self._children.add(element)

    def to_dict(self) -> dict[str, Any]:
        """The whole config as a JSON schema (draft 2020-12 flavoured, with Doover extensions)."""
        return {
            "$schema": SCHEMA_DIALECT,
            "$id": "",
            "title": "Application Config",
            "type": "object",
            "properties": self._children.properties(),
            "additionalElements": True,
            "required": self._children.required_keys(),
        }

    def export(self, fp: str | os.PathLike[str], app_name: str) -> None:
        """Store ``to_dict()`` as ``<app_name>.config_schema`` in ``fp`` (a ``doover_config.json``)."""
        write_config_schema(fp, app_name, self.to_dict())

    def load_from_file(self, fp: str | os.PathLike[str]) -> None:
        """Load values from a JSON file holding one flat object of config keys (what ``CONFIG_FP`` names)."""
        self._inject_deployment_config(read_json_object(fp, "a JSON object of config keys"))

    def _inject_deployment_config(self, app_config: dict[str, Any]) -> None:
        """Load an app's deployment config: known keys are loaded, unknown ones (``AGENT_ID``...) skipped.

        A missing key falls back to its element's default; a missing required key raises ``ValueError``
        before anything is loaded.
        """
        if not isinstance(app_config, dict):
            raise WrongKindError(f"deployment config must be a dict of config keys, not {type(app_config).__name__}")
        children = self._children.by_key
        missing = [key for key, element in children.items() if element.required and key not in app_config]
        if missing:
            raise ValueError(f"deployment config is missing required key(s): {', '.join(missing)}")
        for key, element in children.items():
            if key in app_config:
                element.load_data(app_config[key])
            else:
                element.reset()


ApplicationConfig = Schema
"""The 1.x name of ``Schema``."""
