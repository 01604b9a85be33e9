"""App config: a ``Schema`` of elements, exported as JSON schema and loaded from the deployment config.

>>> from pydoover import config
>>> class MyConfig(config.Schema):
...     def __init__(self):
...         self.pump_pin = config.Integer("Digital Output Number", default=1)
...         self.mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")
>>> cfg = MyConfig()
>>> cfg._inject_deployment_config({"mode": "manual"})
>>> cfg.pump_pin.value, cfg.mode.value
(1, 'manual')
"""

from .choices import Enum
from .containers import Array, Object
from .element import ConfigElement
from .keys import NotSet, Variable, transform_key
from .scalars import Application, Boolean, Integer, Number, String
from .schema import ApplicationConfig, Schema

__all__ = [
    "Application",
    "ApplicationConfig",
    "Array",
    "Boolean",
    "ConfigElement",
    "Enum",
    "Integer",
    "NotSet",
    "Number",
    "Object",
    "Schema",
    "String",
    "Variable",
    "transform_key",
]
