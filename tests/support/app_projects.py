"""Small classic-style app projects written into a temporary folder, for `doover run` tests."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

from doover_cli.demo import DEMO_APP

APP_TEMPLATE = """
from pydoover import config
from pydoover.docker import Application, run_app


class MiniConfig(config.Schema):
    def __init__(self):
        self.greeting = config.String("Greeting", default="hello")


class MiniApp(Application):
    loop_target_period = 0.2
    _error_wait_period = 0

    async def main_loop(self):
{body}


def main():
    run_app(MiniApp(config=MiniConfig()))
"""


def copy_demo(folder: Path) -> Path:
    """A copy of the bundled demo app (so a test may edit its sources)."""
    target = folder / "tank_controller"
    shutil.copytree(DEMO_APP, target, ignore=shutil.ignore_patterns(".doover", "__pycache__"))
    return target


def mini_app(folder: Path, name: str = "mini_app", body: str = "await self.set_tag('loops', 1)") -> Path:
    """An app project whose main loop runs ``body`` (indented for you)."""
    root = folder / name
    package = root / "src" / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(APP_TEMPLATE.format(body=textwrap.indent(body, " " * 8)))
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "0.1.0"\n\n[project.scripts]\n{name} = "{name}:main"\n'
    )
    schema = {"type": "object", "properties": {"greeting": {"type": "string", "default": "hello"}}, "required": []}
    (root / "doover_config.json").write_text(json.dumps({name: {"config_schema": schema}}))
    return root
