"""Which SDK generation an app project is written against, read from its pyproject and lock.

- ``toolkit``: this toolkit (``doover-toolkit``; or ``pydoover>=0.5`` from before the rename), no
  pydoover requirement at all, or a bare ``pydoover`` with no lock (ambiguous: it keeps running as it
  did before the rename): it runs with the toolkit's own interpreter when it has no environment.
- ``classic``: upstream pydoover 0.x (e.g. ``pydoover[grpc]==0.4.18``).
- ``upstream``: upstream pydoover 1.x (class-level ``config_cls``/``tags_cls``, ``pydoover.tags``...);
  its config schema uses the whole of JSON Schema, so configs are checked with ``jsonschema``.

>>> from packaging.requirements import Requirement
>>> [generation_of(Requirement(text), None) for text in ("doover-toolkit", "pydoover==0.4.18", "pydoover>=1.5")]
['toolkit', 'classic', 'upstream']
>>> generation_of(Requirement("pydoover"), None), generation_of(Requirement("pydoover"), "1.18.3")
('toolkit', 'upstream')
"""

from __future__ import annotations

import contextlib
import tomllib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from packaging.requirements import Requirement

    from .project import AppProject

OUR_DISTRIBUTION = "doover-toolkit"
UPSTREAM_DISTRIBUTION = "pydoover"
OUR_FIRST_VERSION = "0.5.0.dev0"  # projects made before the rename declare pydoover>=0.5.0.dev0
CLASSIC_PROBE = "0.4.18"


def sdk_generation(project: AppProject) -> str:
    """``toolkit``, ``classic`` or ``upstream`` for ``project`` (see the module docstring)."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    for text in project.pyproject.get("project", {}).get("dependencies", []) or []:
        with contextlib.suppress(InvalidRequirement, TypeError):
            requirement = Requirement(str(text))
            if canonicalize_name(requirement.name) in (OUR_DISTRIBUTION, UPSTREAM_DISTRIBUTION):
                return generation_of(requirement, _locked_version(project, UPSTREAM_DISTRIBUTION))
    return "toolkit"


def generation_of(requirement: Requirement, locked: str | None) -> str:
    """The generation a requirement on our or the upstream distribution selects (the lock decides when known)."""
    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version

    if canonicalize_name(requirement.name) == OUR_DISTRIBUTION:
        return "toolkit"
    if locked:
        with contextlib.suppress(InvalidVersion):
            return "upstream" if Version(locked).major >= 1 else "classic"
    spec = requirement.specifier
    if not spec:  # bare `pydoover`, no lock: ambiguous, so it keeps running as it always has (on the toolkit)
        return "toolkit"
    if spec.contains(OUR_FIRST_VERSION, prereleases=True) and not spec.contains(CLASSIC_PROBE):
        return "toolkit"
    return "classic" if spec.contains(CLASSIC_PROBE) else "upstream"


def _locked_version(project: AppProject, name: str) -> str | None:
    lock = project.root / "uv.lock"
    if not lock.is_file():
        return None
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError):
        for package in tomllib.loads(lock.read_text(encoding="utf-8")).get("package", []):
            if package.get("name") == name:
                return str(package.get("version"))
    return None
