"""The few git operations scaffolding needs, as plain subprocess calls."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Variables that would point git at another repository or change its behaviour from outside.
_REPO_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")


class GitError(Exception):
    """A git command failed; the message is git's own first line of complaint."""


def git_available() -> bool:
    return shutil.which("git") is not None


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without variables that would redirect git to another repository."""
    env = {key: value for key, value in os.environ.items() if key not in _REPO_VARIABLES}
    env.update(extra or {})
    return env


def git(*args: str, cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> str:
    """Run ``git ARGS`` in ``cwd`` and return its stdout; raise GitError when it fails and ``check``."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env=env or clean_env(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if check and result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        raise GitError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {result.returncode}'}")
    return result.stdout


def work_tree_top(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, or None (not in one, or no git)."""
    if not git_available():
        return None
    try:
        return Path(git("rev-parse", "--show-toplevel", cwd=path).strip())
    except GitError:
        return None


def has_identity(cwd: Path) -> bool:
    return bool(git("config", "user.email", cwd=cwd, check=False).strip())


def init_and_commit(path: Path, message: str, author: str = "") -> str:
    """``git init`` + add everything + commit; return the commit id.

    The user's own git identity is used; without one, the app's author (or "doover") signs this
    first commit only.
    """
    git("init", "-q", cwd=path)
    git("add", "-A", cwd=path)
    env = clean_env()
    if not has_identity(path):
        name, _, email = author.partition("<")
        name, email = name.strip() or "doover", email.strip(" >") or "doover@localhost"
        env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    git("commit", "-q", "-m", message, cwd=path, env=env)
    return git("rev-parse", "HEAD", cwd=path).strip()


def _prefix(path: Path) -> str:
    return git("rev-parse", "--show-prefix", cwd=path).strip()


def status(path: Path) -> list[tuple[str, str]]:
    """``(XY status, path relative to `path`)`` for every change under ``path``, untracked included."""
    out = git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".", cwd=path)
    prefix = _prefix(path)
    entries = out.split("\0")
    changes, skip = [], False
    for entry in entries:
        if skip or not entry:
            skip = False
            continue
        code, name = entry[:2], entry[3:]
        skip = code[0] in "RC"  # a rename's second entry is its old name
        changes.append((code, name.removeprefix(prefix)))
    return changes


def unmerged(path: Path) -> list[str]:
    """Files under ``path`` with unresolved merge conflicts, relative to ``path``."""
    out = git("diff", "--name-only", "--diff-filter=U", "-z", "--relative", "--", ".", cwd=path)
    return sorted({name for name in out.split("\0") if name})


def diff(path: Path) -> str:
    """What changed under ``path`` since the last commit, as a unified diff (new files included)."""
    git("add", "--intent-to-add", "--all", "--", ".", cwd=path, check=False)  # refused for conflicted files
    return git("diff", "--relative", "HEAD", "--", ".", cwd=path)


def clone(top: Path, into: Path) -> None:
    """A throw-away copy of the repository at ``top`` (its committed state) in ``into``."""
    git("clone", "-q", "--", str(top), str(into), cwd=top.parent)
