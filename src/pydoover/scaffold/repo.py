"""The template's versions as a local git repository, which is what copier needs.

``copier update`` re-renders the version a project was made from, so it needs the template as a
git repository with every released version tagged. The package ships plain files and archives
(``store.py``); ``materialise()`` turns them into such a repository once, in the user's cache:

    ~/.cache/doover/templates/app-<digest>/repo     one commit and tag per version, oldest first
    ~/.cache/doover/templates/app-<digest>/copier   copier's own clone cache for it

Commits are made with a fixed author and date, so the same versions give the same commit ids on
every machine. Projects record the template as ``git+doover://templates/app`` (the same
everywhere); inside ``LocalTemplate.copier_env()`` git rewrites that URL to the local repository.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ScaffoldError
from .gitutil import clean_env, git
from .store import TemplateStore

GIT_NEEDED = (2, 31)  # GIT_CONFIG_COUNT, which copier_env() uses to name the template's repository

# Fixed so that a version's commit id depends only on its content and the versions before it.
_BUILD_ENV = {
    "GIT_AUTHOR_NAME": "doover",
    "GIT_AUTHOR_EMAIL": "templates@doover.invalid",
    "GIT_COMMITTER_NAME": "doover",
    "GIT_COMMITTER_EMAIL": "templates@doover.invalid",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,  # no user hooks, signing or templates in our own repository
}


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/doover/templates`` (default ``~/.cache/doover/templates``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "doover" / "templates"


@dataclass(frozen=True)
class LocalTemplate:
    """A store's versions as a git repository, and how to make copier find it."""

    store: TemplateStore
    repo: Path
    copier_cache: Path

    @property
    def url(self) -> str:
        return self.store.source_url

    @contextmanager
    def copier_env(self) -> Iterator[None]:
        """While active, git resolves ``self.url`` to ``self.repo``, and copier caches its clones
        beside it (so caches made from different template versions never mix)."""
        from plumbum import local  # copier runs git through plumbum, which keeps its own environment

        count = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
        rewrite = {
            "GIT_CONFIG_COUNT": str(count + 1),
            f"GIT_CONFIG_KEY_{count}": f"url.{self.repo.as_posix()}.insteadOf",
            f"GIT_CONFIG_VALUE_{count}": self.url.removeprefix("git+"),
            "COPIER_CACHE_DIR": str(self.copier_cache),
        }
        saved = {key: os.environ.get(key) for key in rewrite}
        os.environ.update(rewrite)
        try:
            with local.env(**rewrite):
                yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def materialise(store: TemplateStore, cache: Path | None = None) -> LocalTemplate:
    """The store's git repository, built on first use (then reused while the versions are the same)."""
    _check_git_version()
    base = (cache or cache_root()) / f"{store.name}-{store.digest()[:16]}"
    found = LocalTemplate(store, base / "repo", base / "copier")
    if (found.repo / ".git").is_dir():
        return found
    if base.exists():  # a partial leftover (its repository was deleted): start again
        shutil.rmtree(base, ignore_errors=True)
    base.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{store.name}-building-", dir=base.parent))
    try:
        _build(store, building / "repo")
        try:
            building.rename(base)  # atomic: another process sees all of it or nothing
        except OSError:
            if not (found.repo / ".git").is_dir():  # not a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return found


def _check_git_version() -> None:
    words = git("--version", cwd=Path(tempfile.gettempdir())).split()
    found = words[2] if len(words) > 2 else "?"
    parts = tuple(int(part) for part in found.split(".")[:2] if part.isdigit())
    if len(parts) == 2 and parts < GIT_NEEDED:
        raise ScaffoldError(f"the app template needs git {GIT_NEEDED[0]}.{GIT_NEEDED[1]} or newer; found git {found}")


def _build(store: TemplateStore, repo: Path) -> None:
    env = clean_env(_BUILD_ENV)
    env.pop("GIT_CONFIG_COUNT", None)
    repo.mkdir(parents=True)
    git("-c", "init.defaultBranch=main", "init", "-q", cwd=repo, env=env)
    for version in store.versions():
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        for name, content in store.files(version).items():
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        git("add", "--all", "--force", ".", cwd=repo, env=env)
        message = f"doover {store.name} template {version}"
        git("commit", "-q", "--no-verify", "--allow-empty", "-m", message, cwd=repo, env=env)
        git("tag", version, cwd=repo, env=env)
