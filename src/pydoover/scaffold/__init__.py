"""Starting app projects from the versioned app template, and upgrading them to newer versions.

What ``doover new`` and ``doover upgrade`` call::

    from pydoover.scaffold import new_project, upgrade_project

    made = new_project("tank-monitor", Path("tank-monitor"), data={"interfaces": "io,modbus"}, defaults=True)
    made.version, made.package, made.commit        # '1.0.0', 'tank_monitor', 'a1b2...'
    done = upgrade_project(Path("tank-monitor"), dry_run=True)
    done.changes, done.conflicts, done.diff

The template is a copier template shipped in this package (``templates/app``; older released
versions in ``templates/releases``). copier is imported only when a project is made or upgraded.

``python -m pydoover.scaffold freeze`` archives the current template version before it changes.
"""

from .answers import check_app_name, parse_data
from .create import NewProject, new_project
from .errors import ScaffoldError, ScaffoldUsageError
from .store import TemplateStore, shipped_store
from .upgrade import Upgrade, find_generated_project, upgrade_project

__all__ = [
    "NewProject",
    "ScaffoldError",
    "ScaffoldUsageError",
    "TemplateStore",
    "Upgrade",
    "check_app_name",
    "find_generated_project",
    "new_project",
    "parse_data",
    "shipped_store",
    "upgrade_project",
]
