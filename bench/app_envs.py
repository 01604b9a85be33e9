"""Benchmark: what running each app in its own environment costs `doover run`.

1. Warm env, run to first loop: the same minimal app (on this toolkit) run by
   ``doover run APP --until-healthy`` two ways, interleaved in one run:
   - "toolkit interpreter": the project has no ``.venv`` (the path every app took before);
   - "own warm .venv": the project has its own ``.venv`` (a venv that sees the toolkit through a
     ``.pth``, already stamped), so `doover run` checks the stamp and starts the app's own entry point.
   Target: the own-env median at most 0.15 s over the toolkit-interpreter median. An upstream 1.x
   app (its own synced .venv, a different SDK and loop) is timed alongside, for information only.
2. First run, env creation: an upstream 1.x app with a ``uv.lock`` (packages in uv's cache):
   ``resolve_env`` from no ``.venv`` (``uv sync --frozen`` + the device image's gRPC extra) against
   ``uv sync --frozen`` alone on the same project. Reported as a ratio (no target).

    python bench/app_envs.py [--runs 10] [--warmups 2] [--syncs 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from _common import (
    Check,
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    print_summary,
    ratio,
    running_bridge,
    section,
)
from run_startup import RUN_TIMEOUT_S, mini_project, time_run

from pydoover.devrun.appenv import resolve_env, uv_binary
from pydoover.project import find_project

MAX_OVERHEAD_S = 0.15
REPO = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each way (10)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs of each way first (2)")
    parser.add_argument("--syncs", type=int, default=5, help="env creations timed of each kind (5)")
    return parser.parse_args()


def own_venv(root: Path) -> None:
    """Give ``root`` a ``.venv`` of its own that imports the toolkit (as a project's venv with it installed)."""
    subprocess.run([uv_binary(), "venv", "-q", "--python", sys.executable, str(root / ".venv")], check=True)
    site = next((root / ".venv" / "lib").glob("python3*/site-packages"))
    toolkit_site = sysconfig.get_paths()["purelib"]
    (site / "_doover_toolkit.pth").write_text(f"import site; site.addsitedir({toolkit_site!r})\n")
    resolve_env(find_project(root))  # stamp it, as the first `doover run` would


def upstream_project(folder: Path) -> Path:
    """The tests' upstream 1.x app (tags, messages, a subscription, AI and DO), with a uv.lock."""
    sys.path.insert(0, str(REPO))
    from tests.support.upstream_apps import upstream_app

    return upstream_app(folder)


def warm_run(scratch: Path, args: argparse.Namespace) -> dict[str, list[float]]:
    toolkit_root, _ = mini_project(scratch / "toolkit")
    own_root, _ = mini_project(scratch / "own")
    own_venv(own_root)
    upstream_root = upstream_project(scratch / "upstream-warm")
    resolve_env(find_project(upstream_root))
    doover = doover_executable()
    samples: dict[str, list[float]] = {"toolkit interpreter": [], "own warm .venv": [], "upstream 1.x app (info)": []}
    with running_bridge() as bridge:
        uris = ["--dda-uri", bridge.uris["dda"], "--plt-uri", bridge.uris["platform"],
                "--modbus-uri", bridge.uris["modbus"], "--apps-uri", bridge.uris["apps"]]  # fmt: skip
        commands = {
            name: [str(doover), "run", str(root), "--until-healthy", "--timeout", str(RUN_TIMEOUT_S), "--json", *uris]
            for name, root in zip(samples, (toolkit_root, own_root, upstream_root), strict=True)
        }
        for _ in range(args.warmups):
            for command in commands.values():
                time_run(command)
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(time_run(command).since_spawn("healthy"))
    return samples


def first_run(scratch: Path, args: argparse.Namespace) -> dict[str, list[float]]:
    root = upstream_project(scratch / "upstream")
    project = find_project(root)
    uv = uv_binary()
    samples: dict[str, list[float]] = {"uv sync --frozen alone": [], "resolve_env (sync + gRPC extra)": []}
    resolve_env(project)  # fill uv's cache (and build the project once)
    for _ in range(args.syncs):
        shutil.rmtree(root / ".venv")
        start = time.perf_counter()
        subprocess.run([uv, "sync", "--frozen", "-q"], cwd=root, check=True)
        samples["uv sync --frozen alone"].append(time.perf_counter() - start)
        shutil.rmtree(root / ".venv")
        start = time.perf_counter()
        resolve_env(project)
        samples["resolve_env (sync + gRPC extra)"].append(time.perf_counter() - start)
    return samples


def show(title: str, samples: dict[str, list[float]], base: str) -> None:
    section(title)
    print(f"{'way':<34} {'runs':>4} {'median':>10} {'min':>10}  ratio/{base}")
    for name, values in samples.items():
        print(f"{name:<34} {len(values):>4} {fmt_ms(median(values)):>10} {fmt_ms(min(values)):>10}  "
              f"{fmt_ratio(ratio(median(values), median(samples[base])))}")  # fmt: skip


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="doover-bench-envs-") as scratch_dir:
        scratch = Path(scratch_dir)
        warm = warm_run(scratch, args)
        first = first_run(scratch, args)
    show("doover run to the first loop (spawn to healthy event), same app", warm, "toolkit interpreter")
    show("first run: making the app's env", first, "uv sync --frozen alone")
    today, ours = median(warm["toolkit interpreter"]), median(warm["own warm .venv"])
    sync, resolve = median(first["uv sync --frozen alone"]), median(first["resolve_env (sync + gRPC extra)"])
    checks: list[Check] = [
        info("toolkit interpreter: median", fmt_ms(today)),
        info("own warm .venv: median", fmt_ms(ours)),
        check_at_most(
            "own-env overhead", ours - today, MAX_OVERHEAD_S, fmt_ms(ours - today), f"<= {MAX_OVERHEAD_S * 1000:g} ms"
        ),
        info("ratio own/toolkit", fmt_ratio(ratio(ours, today))),
        info("uv sync --frozen alone: median", fmt_ms(sync)),
        info("env creation: median", fmt_ms(resolve)),
        info("ratio env creation/uv sync", fmt_ratio(ratio(resolve, sync))),
    ]
    print_summary("app_envs", checks)


if __name__ == "__main__":
    main()
