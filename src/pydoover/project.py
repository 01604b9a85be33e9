"""Finding an app project on disk and what it holds: its key, package, config module and schema.

An app project is a folder with a ``doover_config.json`` and/or a ``pyproject.toml``; the package
lives in ``src/<package>/`` or ``<package>/`` and declares its config in ``<package>/app_config.py``.

>>> project = find_project(Path("tests/fixtures/apps/pump_app/simulators"))  # doctest: +SKIP
>>> project.app_key, project.config_module  # doctest: +SKIP
('pump_app', 'pump_app.app_config')
>>> project.load_schema().to_dict()["required"]  # doctest: +SKIP
['digital_output_number']
"""

from __future__ import annotations

import importlib
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .utils.json_files import JsonFileError, read_json_object

if TYPE_CHECKING:  # the config machinery (pydantic) loads only when a schema is: `doover build` needs none
    from .config.outline import SchemaChange
    from .config.schema import Schema

DOOVER_CONFIG = "doover_config.json"
PYPROJECT = "pyproject.toml"

__all__ = ["AppProject", "ProjectError", "SchemaExport", "StartCommand", "find_project"]


class ProjectError(Exception):
    """The folder is not a usable app project; the message is one line naming what is missing and where."""


def find_project(start: Path | str) -> AppProject:
    """The app project holding ``start``: the nearest folder, walking up, with a doover_config.json
    or pyproject.toml. Raises ``ProjectError`` when there is none."""
    here = Path(start).resolve()
    if not here.exists():
        raise ProjectError(f"no such folder: {start}")
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        if (candidate / DOOVER_CONFIG).is_file() or (candidate / PYPROJECT).is_file():
            return AppProject(candidate)
    raise ProjectError(f"no app project found: no {DOOVER_CONFIG} or {PYPROJECT} in {folder} or any parent folder")


@dataclass(frozen=True)
class StartCommand:
    """How the app starts: a pyproject console script calling ``<module>:<function>``, or ``python -m``.

    ``script`` is the console script's name (None for ``python -m <package>``); ``target`` is
    ``module:function`` or just the module.
    """

    script: str | None
    target: str

    def argv(self, python: str = sys.executable) -> list[str]:
        """A command that starts the app without installing it (put the project's source on PYTHONPATH)."""
        module, _, function = self.target.partition(":")
        if not function:
            return [python, "-m", module]
        return [python, "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


@dataclass(frozen=True)
class SchemaExport:
    """What ``AppProject.export_schema`` did: the changes to ``config_schema`` and whether it wrote them."""

    path: Path
    app_key: str
    changes: list[SchemaChange]
    written: bool


class AppProject:
    """An app project folder: read its files once, find its package and config on demand."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.doover_config_path = self.root / DOOVER_CONFIG
        self.pyproject: dict[str, Any] = _read_toml(self.root / PYPROJECT)
        self.doover_config: dict[str, Any] | None = _read_doover_config(self.doover_config_path)
        self.app_key = self._find_app_key()

    def __repr__(self) -> str:
        return f"AppProject({str(self.root)!r}, app_key={self.app_key!r})"

    @property
    def name(self) -> str:
        """The app's name: its doover_config.json key, else the pyproject name."""
        if self.doover_config:
            return self.app_key
        return str(self.pyproject.get("project", {}).get("name") or self.app_key)

    @property
    def simulators_dir(self) -> Path:
        """``simulators/``, or ``simulator/`` when only that exists (a layout real projects use too)."""
        return simulators_dir(self.root)

    @property
    def sample_config_path(self) -> Path:
        """``simulators/app_config.json``: the config a local run uses."""
        return self.simulators_dir / "app_config.json"

    def sample_configs(self) -> list[Path]:
        """Every ``simulators/*.json`` file, ``app_config.json`` first."""
        files = sorted(self.simulators_dir.glob("*.json")) if self.simulators_dir.is_dir() else []
        return sorted(files, key=lambda path: path.name != "app_config.json")

    def app_entry(self) -> dict[str, Any]:
        """The app's entry in doover_config.json (``config_schema``, ``display_name``...)."""
        if self.doover_config is None:
            raise ProjectError(f"no {DOOVER_CONFIG} in {self.root}; create it with `doover config export`")
        entry = self.doover_config.get(self.app_key)
        if not isinstance(entry, dict):
            raise ProjectError(f"{self.doover_config_path}: no entry for app {self.app_key!r}")
        return entry

    def config_schema(self) -> dict[str, Any]:
        """The exported config schema in doover_config.json."""
        schema = self.app_entry().get("config_schema")
        if not isinstance(schema, dict):
            raise ProjectError(
                f"{self.doover_config_path}: app {self.app_key!r} has no config_schema; "
                "write it with `doover config export`"
            )
        return schema

    @cached_property
    def package(self) -> str:
        """The import name of the app's package."""
        return self.package_dir.name

    @cached_property
    def package_dir(self) -> Path:
        """``src/<package>/`` or ``<package>/``."""
        candidates = _unique([*self._script_packages(), _import_name(self._pyproject_name()), self.app_key])
        for name in candidates:
            for base in (self.root / "src", self.root):
                if name and (base / name).is_dir():
                    return base / name
        found = [path.parent for base in (self.root / "src", self.root) for path in base.glob("*/app_config.py")]
        if len(found) == 1:
            return found[0]
        looked = ", ".join(f"src/{name}/ or {name}/" for name in candidates if name)
        raise ProjectError(f"no app package in {self.root}: looked for {looked} and for a folder with app_config.py")

    @property
    def source_root(self) -> Path:
        """The folder to put on ``sys.path`` to import the package (``src/`` or the project root)."""
        return self.package_dir.parent

    @property
    def config_module(self) -> str:
        return f"{self.package}.app_config"

    @property
    def config_path(self) -> Path:
        return self.package_dir / "app_config.py"

    @property
    def start(self) -> StartCommand:
        """The console script that calls the package's ``main()``, else ``python -m <package>``."""
        for script, target in self._scripts().items():
            module, _, function = target.partition(":")
            if function == "main" and (module == self.package or module.startswith(f"{self.package}.")):
                return StartCommand(script, target)
        return StartCommand(None, self.package)

    def load_schema(self) -> Schema:
        """Import ``<package>.app_config`` and return the app's ``Schema`` instance.

        The import leaves no trace: ``sys.path`` and the package's ``sys.modules`` entries are
        restored afterwards, so loading two projects in one process gives each its own schema.
        """
        if not self.config_path.is_file():
            raise ProjectError(f"no config module: {self.config_path} does not exist")
        return load_config_schema(self.config_module, self.source_root, self.config_path)

    def export_schema(self, *, dry_run: bool = False) -> SchemaExport:
        """Export the app's Schema into doover_config.json (other keys kept); report what changed.

        Nothing is written when ``dry_run`` or when the stored schema is already the same.
        """
        new = self.load_schema()
        entry = (self.doover_config or {}).get(self.app_key)
        old = entry.get("config_schema") if isinstance(entry, dict) else None
        old = old if isinstance(old, dict) else None
        fresh = new.to_dict()
        write = not dry_run and old != fresh
        if write:
            new.export(self.doover_config_path, self.app_key)
            self.doover_config = _read_doover_config(self.doover_config_path)
        from .config.outline import diff_schemas

        return SchemaExport(self.doover_config_path, self.app_key, diff_schemas(old, fresh), write)

    def _find_app_key(self) -> str:
        entries = [key for key, value in (self.doover_config or {}).items() if isinstance(value, dict)]
        wanted = _import_name(self._pyproject_name())
        if len(entries) == 1:
            return entries[0]
        if wanted in entries or (not entries and wanted):
            return wanted
        if not entries:
            raise ProjectError(f"{self.doover_config_path}: holds no app entry and there is no {PYPROJECT} name")
        raise ProjectError(
            f"{self.doover_config_path}: holds several apps ({', '.join(entries)}) and none matches "
            f"the {PYPROJECT} name {self._pyproject_name()!r}"
        )

    def _pyproject_name(self) -> str:
        return str(self.pyproject.get("project", {}).get("name") or "")

    def _scripts(self) -> dict[str, str]:
        scripts = self.pyproject.get("project", {}).get("scripts", {})
        return {str(k): str(v) for k, v in scripts.items()} if isinstance(scripts, dict) else {}

    def _script_packages(self) -> list[str]:
        """Top-level packages of console scripts that call a ``main()``."""
        return [target.split(":")[0].split(".")[0] for target in self._scripts().values() if target.endswith(":main")]


def simulators_dir(root: Path) -> Path:
    """``root/simulators``, or ``root/simulator`` when only the singular folder exists."""
    plural, singular = root / "simulators", root / "simulator"
    return singular if singular.is_dir() and not plural.is_dir() else plural


def _import_name(distribution: str) -> str:
    """``tank-monitor`` -> ``tank_monitor``."""
    return re.sub(r"[-.\s]+", "_", distribution).lower()


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"{path}: not valid TOML ({exc})") from None


def _read_doover_config(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        return read_json_object(path, "a JSON object keyed by app name")
    except JsonFileError as exc:
        raise ProjectError(str(exc)) from None


def load_config_schema(module_name: str, source_root: Path, path: Path) -> Schema:
    """Import ``module_name`` from ``source_root`` without leaving it imported; return its Schema instance."""
    with _isolated_import(source_root, module_name.split(".")[0]):
        try:
            module = importlib.import_module(module_name)
            return _schema_from(module, path)
        except ProjectError:
            raise
        except (Exception, SystemExit) as exc:
            raise ProjectError(f"cannot load the config from {path}: {_one_line(exc)}") from None


@contextmanager
def _isolated_import(source_root: Path, package: str) -> Iterator[None]:
    """Put ``source_root`` first on sys.path and give ``package`` a fresh import; undo both afterwards.

    Modules imported from ``source_root`` (the package and any sibling module) are dropped again;
    modules imported from elsewhere (pydoover, third-party) stay, as any import would leave them.
    """
    saved_path = list(sys.path)
    stashed = {name: sys.modules.pop(name) for name in list(sys.modules) if _in_package(name, package)}
    before = set(sys.modules)
    sys.path.insert(0, str(source_root))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        for name in set(sys.modules) - before:
            if _in_package(name, package) or _file_under(sys.modules[name], source_root):
                del sys.modules[name]
        sys.modules.update(stashed)
        sys.path[:] = saved_path


def _in_package(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _file_under(module: Any, folder: Path) -> bool:
    file = getattr(module, "__file__", None)
    return bool(file) and Path(cast(str, file)).resolve().is_relative_to(folder.resolve())


def _schema_from(module: Any, path: Path) -> Schema:
    """The one Schema subclass defined in ``module``, instantiated; else what its ``export()`` exports."""
    from .config.schema import Schema

    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__
    ]
    if len(classes) == 1:
        return classes[0]()
    export = getattr(module, "export", None)
    if callable(export):
        return _capture_export(export, path)
    if not classes:
        raise ProjectError(f"{path}: defines no config.Schema subclass and no export() function")
    names = ", ".join(cls.__name__ for cls in classes)
    raise ProjectError(f"{path}: defines several Schema subclasses ({names}); keep one or add an export() function")


def _capture_export(export: Callable[[], Any], path: Path) -> Schema:
    """Call a classic ``export()`` with ``Schema.export`` disarmed, keeping the schema it would write."""
    from .config.schema import Schema

    captured: list[Schema] = []
    original = Schema.export
    Schema.export = lambda self, *args, **kwargs: captured.append(self)  # type: ignore[method-assign]
    try:
        returned = export()
    finally:
        Schema.export = original  # type: ignore[method-assign]
    if isinstance(returned, Schema):
        return returned
    if not captured:
        raise ProjectError(f"{path}: export() neither returned a Schema nor called Schema.export()")
    return captured[-1]


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg} ({Path(exc.filename or '?').name}, line {exc.lineno})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
