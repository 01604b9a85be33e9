"""Refresh the README's screenshot of the dashboard (docs/dashboard.png) against the demo app.

Uses the browser tests' tooling (tests/support/dashboard.py): the demo on real bridges, `doover
dashboard`, and Debian's headless Chromium through chromedriver. Run from the repo root:

    python scripts/dashboard_screenshot.py [--out docs/dashboard.png] [--width 1100] [--height 1250]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.dashboard import WAIT, chromium, demo_rig  # noqa: E402

VOLTAGE = '[data-app="tank_controller"] [data-name="supply_voltage"] .reading'
READY = "const n = document.querySelector(arguments[0]); return n && n.textContent !== '\\u2013'"


def take(out: Path, width: int, height: int) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="doover-screenshot-") as scratch,
        demo_rig(Path(scratch), modbus_sim=True) as rig,
    ):
        browser = chromium(width, height)
        try:
            browser.get(rig.url)
            deadline = time.monotonic() + WAIT
            while not browser.execute_script(READY, VOLTAGE) and time.monotonic() < deadline:
                time.sleep(0.1)
            browser.execute_script("window.doover.openChannel('tag_values')")
            time.sleep(2.5)  # a few live updates: logs, the channel tail, a moving level
            out.parent.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(out))
        finally:
            browser.quit()
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "dashboard.png")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1250)
    args = parser.parse_args()
    take(args.out, args.width, args.height)


if __name__ == "__main__":
    main()
