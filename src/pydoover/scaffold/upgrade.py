"""``upgrade_project``: bring a project made by ``doover new`` to a newer template version.

copier's update does a three-way merge: it renders the project's recorded template version and
the new one with the recorded answers, and applies the difference to the project, so the author's
own edits stay. Where both changed the same lines the file gets conflict markers and git marks it
unmerged; those files are reported, never resolved silently. The project must be committed first.

>>> done = upgrade_project(Path("."), dry_run=True)  # doctest: +SKIP
>>> done.from_version, done.to_version, [c["path"] for c in done.changes]  # doctest: +SKIP
('1.0.0', '1.1.0', ['README.md', 'src/tank_monitor/application.py'])
"""

from __future__ import annotations

import tempfile
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import ScaffoldError, ScaffoldUsageError
from .gitutil import clone, diff, git_available, status, unmerged, work_tree_top
from .repo import LocalTemplate, materialise
from .runner import ANSWERS_FILE, copier_errors, export_schema, has_config_module, read_answers
from .store import TemplateStore, is_version, shipped_store, version_key


@dataclass
class Upgrade:
    """What ``upgrade_project`` did (or, with ``dry_run``, would do)."""

    path: Path
    source: str
    from_version: str | None
    to_version: str | None
    dry_run: bool
    changes: list[dict[str, str]] = field(default_factory=list)  # {"change": ..., "path": ...}
    conflicts: list[str] = field(default_factory=list)
    diff: str | None = None  # the would-be changes, for a dry run
    notes: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.from_version == self.to_version and not self.changes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data["up_to_date"] = self.up_to_date
        return data


def find_generated_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` with a ``.copier-answers.yml``."""
    here = Path(start).absolute()
    if not here.is_dir():
        raise ScaffoldUsageError(f"no such folder: {start}")
    for folder in (here, *here.parents):
        if (folder / ANSWERS_FILE).is_file():
            return folder
    raise ScaffoldUsageError(f"no {ANSWERS_FILE} in {here} or above: not a project made by `doover new`")


def upgrade_project(
    path: Path, *, vcs_ref: str | None = None, dry_run: bool = False, store: TemplateStore | None = None
) -> Upgrade:
    """Update the project holding ``path`` to ``vcs_ref`` (default: the newest template version).

    The template is the one the project records: the shipped app template (resolved to this
    toolkit's versions) or the copier template it was made from. Raises ScaffoldUsageError when
    the project is not under git, has uncommitted changes, or the version makes no sense.
    """
    root = find_generated_project(path)
    answers = read_answers(root)
    source, from_version = str(answers.get("_src_path") or ""), answers.get("_commit")
    if not source:
        raise ScaffoldUsageError(f"{root / ANSWERS_FILE} records no template (_src_path)")
    top, dirty = _check_repository(root, allow_dirty=dry_run)
    store = store or shipped_store()
    local: LocalTemplate | None = None
    target = vcs_ref
    if source == store.source_url:
        target = _check_versions(store, from_version, vcs_ref)
        if target == from_version:
            return Upgrade(root, source, from_version, target, dry_run)
        local = materialise(store)
    if not dry_run:
        return _apply(root, Upgrade(root, source, from_version, None, dry_run), local, target)
    with tempfile.TemporaryDirectory(prefix="doover-upgrade-") as tmp:
        copy = Path(tmp) / "repo"
        clone(top, copy)
        workdir = copy / root.resolve().relative_to(top)
        result = _apply(workdir, Upgrade(root, source, from_version, None, dry_run), local, target)
        result.diff = diff(workdir)
        if dirty:
            result.notes.append(
                f"the preview is of the last commit: uncommitted changes ({dirty}) are not in it, "
                "and the real upgrade needs them committed or stashed"
            )
        return result


def _check_repository(root: Path, allow_dirty: bool = False) -> tuple[Path, str]:
    """The repository's top folder, and the uncommitted files (named; only with ``allow_dirty``)."""
    if not git_available():
        raise ScaffoldUsageError("doover upgrade needs git (it merges the template's changes into yours)")
    top = work_tree_top(root)
    if top is None:
        raise ScaffoldUsageError(
            f"{root} is not in a git repository; doover upgrade merges into committed files: "
            "run `git init && git add -A && git commit -m 'Before upgrading'` first"
        )
    dirty = status(root)
    if dirty:
        names = ", ".join(name for _, name in dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        if not allow_dirty:
            raise ScaffoldUsageError(f"uncommitted changes in {root} ({names}); commit or stash them first")
        return top, names
    return top, ""


def _check_versions(store: TemplateStore, from_version: Any, vcs_ref: str | None) -> str:
    """The version to upgrade to; usage errors for versions this toolkit cannot go between."""
    versions = store.versions()
    target = vcs_ref or store.current_version
    if target not in versions:
        raise ScaffoldUsageError(
            f"--vcs-ref {target}: no such template version; this toolkit has {', '.join(versions)}"
        )
    if not is_version(from_version):
        raise ScaffoldUsageError(f"{ANSWERS_FILE} records no template version (_commit: {from_version!r})")
    if from_version not in versions:
        if version_key(from_version) > version_key(store.current_version):
            raise ScaffoldUsageError(
                f"the project is at template {from_version}, newer than this toolkit's {store.current_version}: "
                "upgrade pydoover first"
            )
        raise ScaffoldError(f"template version {from_version} is not among this toolkit's: {', '.join(versions)}")
    if version_key(target) < version_key(from_version):
        raise ScaffoldUsageError(f"--vcs-ref {target}: the project is already at {from_version}; cannot downgrade")
    return target


def _apply(workdir: Path, result: Upgrade, local: LocalTemplate | None, target: str | None) -> Upgrade:
    from copier import run_update

    with local.copier_env() if local else nullcontext(), copier_errors(result.notes):
        run_update(
            workdir,
            vcs_ref=target,
            defaults=True,  # a question new in this version takes its default
            skip_answered=True,
            overwrite=True,
            conflict="inline",
            quiet=True,
            unsafe=False,
        )
    result.to_version = read_answers(workdir).get("_commit")
    result.conflicts = unmerged(workdir)
    if not result.conflicts and has_config_module(workdir):
        try:
            export_schema(workdir)  # the template may have changed the app's config
        except ScaffoldError as exc:
            result.notes.append(f"doover_config.json not refreshed: {exc}; run `doover config export`")
    conflicted = set(result.conflicts)
    result.changes = [
        {"change": "conflict" if name in conflicted else _change(code), "path": name} for code, name in status(workdir)
    ]
    return result


def _change(code: str) -> str:
    if code == "??" or "A" in code:
        return "added"
    if "D" in code:
        return "deleted"
    if "R" in code:
        return "renamed"
    return "modified"
