"""``new_project``: a new app project from the app template (or another copier template).

>>> made = new_project("tank-monitor", Path("tank-monitor"), defaults=True)  # doctest: +SKIP
>>> made.version, made.package, made.commit is not None  # doctest: +SKIP
('1.0.0', 'tank_monitor', True)
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .answers import check_answers, check_app_name, choice_values
from .errors import ScaffoldError, ScaffoldUsageError
from .gitutil import GitError, git, git_available, init_and_commit, work_tree_top
from .repo import materialise
from .runner import copier_errors, export_schema, has_config_module, read_answers, record_source
from .store import TemplateStore, shipped_store


@dataclass
class NewProject:
    """What ``new_project`` made."""

    path: Path
    app_name: str
    source: str  # the template, as recorded in .copier-answers.yml
    version: str | None  # the template version (its git tag)
    answers: dict[str, Any]
    files: list[str]
    package: str | None = None
    app_key: str | None = None
    commit: str | None = None  # the first commit, when git made one
    notes: list[str] = field(default_factory=list)  # things the user should know (not errors)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def new_project(
    name: str,
    dest: Path,
    *,
    data: Mapping[str, str] | None = None,
    defaults: bool = False,
    template: str | None = None,
    vcs_ref: str | None = None,
    force: bool = False,
    git_init: bool | None = None,
    store: TemplateStore | None = None,
) -> NewProject:
    """Make app ``name`` in ``dest`` from the shipped app template (or ``template``).

    ``data`` answers questions (``--data`` strings); without ``defaults`` copier asks the rest on
    the terminal. ``vcs_ref`` picks a template version. A non-empty ``dest`` needs ``force`` (then
    files the template makes are overwritten; nothing is deleted). ``git_init`` (default: when git
    is installed) makes the project a git repository with a first commit, unless it is already
    inside one. Raises ScaffoldUsageError for bad input, before anything is written.
    """
    check_app_name(name)
    dest = Path(dest).absolute()
    _check_destination(dest, force)
    if git_init and not git_available():
        raise ScaffoldUsageError("--git: git is not installed")
    git_init = git_available() if git_init is None else git_init
    notes: list[str] = []
    if template is None:
        store = store or shipped_store()
        version = vcs_ref or store.current_version
        _check_version(store, version)
        questions = store.questions(version)
        answers = check_answers(data or {}, questions)
        _render_shipped(store, version, dest, name, answers, _user_defaults(questions), defaults, force, notes)
    else:
        answers = {key: value for key, value in (data or {}).items()}
        if "app_name" in answers:
            raise ScaffoldUsageError("--data app_name: give the app's name as the NAME argument")
        source = _source(template)
        try:
            _render(source, dest, {**answers, "app_name": name}, {}, defaults, vcs_ref, force, notes)
        except ScaffoldError as exc:
            raise ScaffoldUsageError(f"--template {template}: {exc}") from None

    recorded = read_answers(dest) if (dest / ".copier-answers.yml").is_file() else {}
    made = NewProject(
        path=dest,
        app_name=name,
        source=str(recorded.get("_src_path") or template or ""),
        version=recorded.get("_commit"),
        answers={key: value for key, value in recorded.items() if not key.startswith("_")},
        files=[],
        notes=notes,
    )
    _export(made, shipped=template is None)
    if git_init:
        _commit(made)
    made.files = sorted(
        p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and ".git" not in p.parts
    )
    return made


def _check_destination(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise ScaffoldUsageError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ScaffoldUsageError(
            f"{dest} is not empty; choose another --dir, or pass --force to write into it "
            "(files the template makes are overwritten, nothing is deleted)"
        )


def _check_version(store: TemplateStore, version: str) -> None:
    versions = store.versions()
    if version not in versions:
        raise ScaffoldUsageError(
            f"--vcs-ref {version}: no such template version; this toolkit has {', '.join(versions)}"
        )


def _user_defaults(questions: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Better defaults from this machine: the git user as author, this Python as the version."""
    found: dict[str, Any] = {}
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    if "python_version" in questions and python in choice_values(questions["python_version"]):
        found["python_version"] = python
    if "author" in questions and git_available():
        here = Path.cwd()
        name = git("config", "user.name", cwd=here, check=False).strip()
        email = git("config", "user.email", cwd=here, check=False).strip()
        author = f"{name} <{email}>" if name and email else name
        if author:
            found["author"] = author
    return found


def _render_shipped(
    store: TemplateStore,
    version: str,
    dest: Path,
    name: str,
    answers: dict[str, Any],
    user_defaults: dict[str, Any],
    defaults: bool,
    force: bool,
    notes: list[str],
) -> None:
    data = {**answers, "app_name": name}
    if git_available():
        local = materialise(store)
        with local.copier_env():
            _render(local.url, dest, data, user_defaults, defaults, version, force, notes)
        return
    # No git: render the version's plain files, then record the source a later upgrade will use.
    with tempfile.TemporaryDirectory(prefix="doover-template-") as tmp:
        for relative, content in store.files(version).items():
            (Path(tmp) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / relative).write_bytes(content)
        _render(tmp, dest, data, user_defaults, defaults, None, force, notes)
    record_source(dest, store.source_url, version)


def _render(
    src: str,
    dest: Path,
    data: dict[str, Any],
    user_defaults: dict[str, Any],
    defaults: bool,
    vcs_ref: str | None,
    force: bool,
    notes: list[str],
) -> None:
    from copier import run_copy

    with copier_errors(notes):
        run_copy(
            src,
            dest,
            data=data,
            user_defaults=user_defaults,
            defaults=defaults,
            vcs_ref=vcs_ref,
            overwrite=force,
            quiet=True,
            unsafe=False,
        )


TEMPLATE_URL = re.compile(r"^([a-z][a-z0-9+.-]*://|git@|gh:|gl:)", re.IGNORECASE)
TEMPLATE_FILES = ("copier.yml", "copier.yaml")


def _source(template: str) -> str:
    """A local template folder as an absolute path (so upgrades work from anywhere), else a git URL
    as given; anything else is a usage error, before copier runs."""
    if TEMPLATE_URL.match(template):
        return template
    path = Path(template).expanduser()
    if not path.is_dir():
        raise ScaffoldUsageError(f"--template {template}: no such folder, and not a git URL (https://, git@, gh:)")
    if not any((path / name).is_file() for name in TEMPLATE_FILES):
        raise ScaffoldUsageError(f"--template {template}: not a copier template (no copier.yml in it)")
    return str(path.resolve())


def _export(made: NewProject, shipped: bool) -> None:
    """Fill doover_config.json with the exported schema, and find the package and app key."""
    from ..project import AppProject, ProjectError

    if not has_config_module(made.path):
        if shipped:
            raise ScaffoldError(f"the template made no src/<package>/app_config.py in {made.path}")
        return
    try:
        export_schema(made.path)
        project = AppProject(made.path)
        made.package, made.app_key = project.package, project.app_key
    except (ScaffoldError, ProjectError) as exc:
        if shipped:
            raise ScaffoldError(f"the new project's config schema could not be exported: {exc}") from None
        made.notes.append(f"doover_config.json not written: {exc}")


def _commit(made: NewProject) -> None:
    top = work_tree_top(made.path)
    if top is not None:
        made.notes.append(f"not committed: {made.path} is inside the git repository {top}")
        return
    version = f" {made.version}" if made.version else ""
    try:
        made.commit = init_and_commit(
            made.path,
            f"Start {made.app_name} from the doover app template{version}",
            str(made.answers.get("author") or ""),
        )
    except GitError as exc:
        made.notes.append(f"the files are there but not committed: {exc}")
