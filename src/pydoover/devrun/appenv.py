"""Each app's own Python environment: the interpreter `doover run` starts it with.

An app is its own project with its own dependencies (classic pydoover 0.4, upstream pydoover 1.x,
or this toolkit), so it runs with its own interpreter, chosen in this order:

1. ``--python PATH``, as given;
2. the project's ``.venv/`` (kept in step with ``uv.lock`` when there is one);
3. a ``uv.lock``: ``uv sync --frozen`` into the project's ``.venv/``;
4. a ``pyproject.toml`` on another SDK: ``uv venv`` + ``uv pip install -e .`` (venv + pip without uv);
5. a project on this toolkit (or with no pyproject): the toolkit's own interpreter, as before.

    env = resolve_env(find_project("."), report=print)
    argv = env.command(project)      # the app's own entry point in that environment

Syncing is cached: a stamp in ``.venv/`` records a hash of ``pyproject.toml`` and ``uv.lock``, and
only a change to either syncs again. On a device the vendor image supplies gRPC (apps build their
venv with ``--system-site-packages``), so an upstream app's lock leaves ``grpcio`` out; the
environment gets what the image would provide (``pydoover[grpc]`` at the installed version),
without touching the app's files. Nothing in the project is written except its ``.venv/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..endpoints import endpoint
from ..generations import UPSTREAM_DISTRIBUTION, sdk_generation
from ..project import AppProject

__all__ = ["AppEnv", "AppEnvError", "launch_argv", "resolve_env", "uv_binary"]

URI_FLAG_BRIDGES = ("dda", "platform", "modbus")
STAMP = ".doover-env.json"
STAMP_FORMAT = 1
UNREACHABLE_SIGNS = ("error sending request", "dns error", "failed to fetch", "could not connect",
                     "connection refused", "network is unreachable", "temporary failure in name resolution",
                     "connecterror", "newconnectionerror")  # fmt: skip
PROBE = (
    "import importlib.util, importlib.metadata as m, json\n"
    "def version(name):\n"
    "    try:\n        return m.version(name)\n"
    "    except m.PackageNotFoundError:\n        return None\n"
    "print(json.dumps({'grpc': importlib.util.find_spec('grpc') is not None, 'pydoover': version('pydoover')}))"
)

Report = Callable[[str], None]


class AppEnvError(Exception):
    """The app's environment cannot be used or made; one line saying what, where, and the fix.

    ``bad_input`` is true when the user's own input (a flag) was wrong rather than the setup failing.
    """

    def __init__(self, message: str, bad_input: bool = False):
        super().__init__(message)
        self.bad_input = bad_input


@dataclass(frozen=True)
class AppEnv:
    """The interpreter an app runs with, how it was found, and what was added for the device image."""

    python: Path
    how: str  # given, toolkit, venv, synced, cached
    added: tuple[str, ...] = field(default=())

    @property
    def toolkit(self) -> bool:
        return self.how == "toolkit"

    def describe(self) -> str:
        origin = {
            "given": "the --python interpreter",
            "toolkit": "the toolkit's own interpreter (the app is on doover-toolkit)",
            "venv": "the project's own .venv",
            "synced": "the project's .venv, just synced",
            "cached": "the project's .venv (in step with pyproject.toml/uv.lock)",
        }[self.how]
        extra = f"; added for the device image: {', '.join(self.added)}" if self.added else ""
        return f"python {self.python}: {origin}{extra}"

    def command(self, project: AppProject) -> list[str]:
        """The app's own entry point in this environment: its console script, else ``python -m``."""
        start = project.start
        if start.script is None and not (project.package_dir / "__main__.py").is_file():
            raise AppEnvError(
                f"{project.root}: no entry point; add `[project.scripts] {project.package.replace('_', '-')} = "
                f'"{project.package}:main"` to pyproject.toml or a {project.package}/__main__.py',
                True,
            )
        script = self.python.parent / start.script if start.script else None
        if not self.toolkit and script is not None and script.is_file():
            return [str(script)]
        return start.argv(str(self.python))


def resolve_env(project: AppProject, python: Path | None = None, report: Report | None = None) -> AppEnv:
    """The environment ``project`` runs in, made or synced first when needed (``report`` gets progress)."""
    report = report or (lambda line: None)
    if python is not None:
        return _given(python)
    venv = project.root / ".venv"
    lock = project.root / "uv.lock"
    fingerprint = _fingerprint(project.root)
    stamp = _read_stamp(venv)
    if stamp.get("fingerprint") == fingerprint and _python_in(venv).exists():
        return AppEnv(_python_in(venv), "cached", tuple(stamp.get("added", ())))
    on_toolkit = sdk_generation(project) == "toolkit"
    if lock.is_file():
        _sync_lock(project, report)
        how = "synced"
    elif venv.is_dir() and (not stamp or on_toolkit):
        how = "venv"  # the user's own environment (we never make one for a toolkit project): used as it is
    elif project.pyproject and not on_toolkit:
        _install_project(project, report)
        how = "synced"
    else:
        return AppEnv(Path(sys.executable), "toolkit")
    added = _add_device_packages(venv, report)
    _write_stamp(venv, fingerprint, added)
    return AppEnv(_python_in(venv), how, added)


def uv_binary() -> str | None:
    """The uv executable shipped by the ``uv`` package (a dependency), or None when it is unusable."""
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return None


def _given(python: Path) -> AppEnv:
    path = Path(python).expanduser()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise AppEnvError(f"--python {python}: no such interpreter; give the path of a python executable", True)
    return AppEnv(path.absolute(), "given")


def _python_in(venv: Path) -> Path:
    return venv / "bin" / "python"


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256(f"format {STAMP_FORMAT}\n".encode())
    for name in ("pyproject.toml", "uv.lock"):
        path = root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return digest.hexdigest()


def _read_stamp(venv: Path) -> dict:
    with contextlib.suppress(OSError, ValueError):
        stamp = json.loads((venv / STAMP).read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) else {}
    return {}


def _write_stamp(venv: Path, fingerprint: str, added: tuple[str, ...]) -> None:
    (venv / STAMP).write_text(json.dumps({"fingerprint": fingerprint, "added": list(added)}) + "\n", encoding="utf-8")


def _sync_lock(project: AppProject, report: Report) -> None:
    uv = uv_binary()
    if uv is None:
        raise AppEnvError(f"{project.root}: uv.lock needs uv to sync; install it (`pip install uv`) or pass --python")
    _run([uv, "sync", "--frozen"], project, report, "uv sync --frozen")


def _install_project(project: AppProject, report: Report) -> None:
    uv = uv_binary()
    venv = project.root / ".venv"
    if uv is not None:
        _run([uv, "venv", "--allow-existing", str(venv)], project, report, "uv venv")
    else:
        _run([sys.executable, "-m", "venv", str(venv)], project, report, "python -m venv")
    _write_stamp(venv, "incomplete", ())  # ours from now on: a failed install is retried, never taken as ready
    if uv is not None:
        _run([uv, "pip", "install", "--python", str(_python_in(venv)), "-e", "."], project, report, "uv pip install")
    else:
        _run([str(_python_in(venv)), "-m", "pip", "install", "-e", "."], project, report, "pip install")


def _add_device_packages(venv: Path, report: Report) -> tuple[str, ...]:
    """What a device image gives an upstream app: gRPC, as its SDK's ``grpc`` extra pins it."""
    found = subprocess.run([str(_python_in(venv)), "-c", PROBE], capture_output=True, text=True, timeout=60)
    if found.returncode != 0:
        raise AppEnvError(f"{venv}: its python does not run ({_last_line(found.stderr)}); delete {venv} to rebuild it")
    facts = json.loads(found.stdout)
    if facts["grpc"] or not facts["pydoover"]:
        return ()
    wanted = f"{UPSTREAM_DISTRIBUTION}[grpc]=={facts['pydoover']}"
    uv = uv_binary()
    argv = [uv, "pip", "install", "--python", str(_python_in(venv)), wanted] if uv else [
        str(_python_in(venv)), "-m", "pip", "install", wanted]  # fmt: skip
    report(f"adding {wanted} (a device's image provides gRPC to apps)")
    if uv and _succeeds([*argv, "--offline"], venv.parent):  # from uv's cache, without asking the index
        return (wanted,)
    _run(argv, None, report, f"installing {wanted}", cwd=venv.parent)
    return (wanted,)


def _succeeds(argv: list[str], cwd: Path) -> bool:
    return subprocess.run(argv, cwd=cwd, env=_tool_env(), capture_output=True, timeout=300).returncode == 0


def _tool_env() -> dict[str, str]:
    """The environment for uv/pip: this toolkit's own venv (if active) is not the one to install into."""
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env.setdefault("UV_NO_PROGRESS", "1")
    return env


def _run(argv: list[str], project: AppProject | None, report: Report, what: str, cwd: Path | None = None) -> None:
    """Run one setup step, passing its output lines to ``report``; a failure is one clear line."""
    folder = cwd or project.root
    report(f"{folder.name}: {what} ...")
    try:
        process = subprocess.Popen(
            argv, cwd=folder, env=_tool_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except OSError as exc:
        raise AppEnvError(f"cannot run {argv[0]}: {exc.strerror}") from None
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip())
        report(f"  {line.rstrip()}")
    if process.wait() != 0:
        raise AppEnvError(_failure(folder, what, lines))


def _failure(folder: Path, what: str, lines: list[str]) -> str:
    output = "\n".join(lines)
    reason = _last_line(output)
    if any(sign in output.lower() for sign in UNREACHABLE_SIGNS):
        return (
            f"{folder}: {what} failed: the package index is unreachable and the cache lacks what the app needs "
            f"({reason}); connect once to fill the cache, or pass --python PATH to a ready interpreter"
        )
    return f"{folder}: {what} failed: {reason}; fix the project's dependencies or pass --python PATH"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith(("error", "caused by"))]
    return (errors or lines or ["no output"])[-1]


def launch_argv(project: AppProject, env: AppEnv | None, uris: dict[str, str]) -> list[str]:
    """The command starting ``project`` in ``env``, with the bridge URIs as every SDK generation reads them.

    Classic pydoover 0.4 and upstream 1.x read ``DDA_URI`` but ignore ``PLT_URI``/``MODBUS_URI`` (their
    argparse defaults win), so apps outside the toolkit get ``--dda-uri/--plt-uri/--modbus-uri`` flags,
    which ``run_app`` of every generation accepts. ``APP_KEY`` and ``HEALTHCHECK_PORT`` stay variables.
    """
    env = env or AppEnv(Path(sys.executable), "toolkit")
    argv = env.command(project)
    if env.toolkit:
        return argv
    return argv + [part for name in URI_FLAG_BRIDGES for part in (endpoint(name).uri_flag, uris[name])]
