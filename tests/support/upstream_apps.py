"""Small app projects written against the *upstream* pydoover SDKs, each run in its own environment.

``upstream_app(folder)`` writes a 1.x-style app (class-level ``config_cls``/``tags_cls``,
``pydoover.tags``, ``create_message``, ``subscribe``, ``fetch_ai``, ``set_do``) pinned to the
latest upstream release in a ``uv.lock``, like the public apps; ``classic_app(folder)`` writes one
pinned to pydoover 0.4.18. Locks are made once with ``uv lock`` and kept in the test cache
(``$DOOVER_TEST_CACHE``), and uv's own cache keeps the packages, so a warm run syncs in a second.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import textwrap
from pathlib import Path

from pydoover.devrun.appenv import uv_binary

from .public_pydoover import IndexUnreachable, cache_dir

UPSTREAM_1X = "1.18.3"  # the latest upstream release when these tests were written
CLASSIC = "0.4.18"

UPSTREAM_APP = """
from pydoover import config
from pydoover.docker import Application, run_app
from pydoover.tags import Number, Tags


class EchoConfig(config.Schema):
    output_pin = config.Integer("Output Pin", default=0, minimum=0, description="The DO the app drives.")
    input_pin = config.Integer("Input Pin", default=0, minimum=0, description="The AI the app reads.")
    mode = config.Enum("Mode", choices=["auto", "manual"], default="auto")


class EchoTags(Tags):
    loops = Number(default=0)


class EchoApp(Application):
    config_cls = EchoConfig
    tags_cls = EchoTags
    loop_target_period = 0.2

    async def setup(self):
        self.heard = []
        await self.subscribe("echo_commands")

    async def on_message_create(self, event):
        self.heard.append(event.message.data)
        await self.set_tag("heard", event.message.data)

    async def main_loop(self):
        level = await self.platform_iface.fetch_ai(self.config.input_pin.value)
        await self.platform_iface.set_do(self.config.output_pin.value, True)
        await self.tags.loops.set(self.tags.loops.value + 1)
        await self.set_tag("level", level)
        await self.set_tag("mode", self.config.mode.value)
        if self.tags.loops.value == 1:
            await self.create_message("echo_log", {"started": True, "level": level})


def main():
    run_app(EchoApp())


def export():
    from pathlib import Path

    EchoConfig.export(Path(__file__).parents[2] / "doover_config.json", "echo_app")
"""

CLASSIC_APP = """
from pydoover import config
from pydoover.docker import Application, run_app


class OldConfig(config.Schema):
    def __init__(self):
        self.greeting = config.String("Greeting", default="hello")


class OldApp(Application):
    loop_target_period = 0.2

    async def main_loop(self):
        await self.set_tag_async("greeting", self.config.greeting.value)
        await self.set_tag_async("ai", await self.platform_iface.get_ai_async(0))


def main():
    run_app(OldApp(config=OldConfig()))
"""


def upstream_app(folder: Path, name: str = "echo_app", version: str = UPSTREAM_1X) -> Path:
    """A 1.x-style app project with a uv.lock (no .venv yet), its doover_config.json exported by 1.x."""
    root = _project(folder, name, f"pydoover=={version}", UPSTREAM_APP, {"doover-app-run": f"{name}:main",
                    "export-config": f"{name}:export"})  # fmt: skip
    _lock(root)
    return root


def classic_app(folder: Path, name: str = "old_app") -> Path:
    """A classic app pinned to upstream pydoover 0.4.18 (its ``grpc`` extra, as its template had it)."""
    root = _project(folder, name, f"pydoover[grpc]=={CLASSIC}", CLASSIC_APP, {name: f"{name}:main"})
    schema = {"type": "object", "properties": {"greeting": {"type": "string", "default": "hello"}}, "required": []}
    (root / "doover_config.json").write_text(json.dumps({name: {"config_schema": schema}}))
    _lock(root)
    return root


def _project(folder: Path, name: str, requirement: str, source: str, scripts: dict[str, str]) -> Path:
    root = folder / name
    package = root / "src" / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(source))
    script_lines = "".join(f'{script} = "{target}"\n' for script, target in scripts.items())
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name.replace("_", "-")}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        f'dependencies = ["{requirement}"]\n\n[project.scripts]\n{script_lines}\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[tool.hatch.build.targets.wheel]\npackages = ["src/{name}"]\n'
    )
    return root


def _lock(root: Path) -> None:
    """Copy the project's uv.lock from the test cache, making it with ``uv lock`` the first time."""
    pyproject = (root / "pyproject.toml").read_bytes()
    cached = cache_dir() / "locks" / f"{hashlib.sha256(pyproject).hexdigest()[:16]}.lock"
    if not cached.is_file():
        made = subprocess.run([uv_binary(), "lock"], cwd=root, capture_output=True, text=True, timeout=300)
        if made.returncode != 0:
            raise IndexUnreachable(f"uv lock failed in {root}: {made.stderr.strip()[-300:]}")
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "uv.lock", cached)
    shutil.copyfile(cached, root / "uv.lock")
