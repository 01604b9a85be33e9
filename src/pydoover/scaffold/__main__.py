"""``python -m pydoover.scaffold freeze``: archive the current app template version (a release step).

Run it before changing the template, then bump ``templates/app/VERSION``: ``doover upgrade``
needs every released version to merge a project's edits with the template's changes.
"""

from __future__ import annotations

import sys
from typing import cast

from .store import StoreError, shipped_store


def main(argv: list[str]) -> int:
    if argv != ["freeze"]:
        print(cast(str, __doc__).strip(), file=sys.stderr)
        return 2
    try:
        archive = shipped_store().freeze()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"froze template version into {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
