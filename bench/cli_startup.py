"""Benchmark: wall time of `doover --help` as a fresh process.

Baselines, measured in the same run and interleaved with ours: ``python -c pass`` with the
interpreter the ``doover`` script runs on, and the public doover-cli's ``doover --help`` when
``DOOVER_CLI_BASELINE`` names its executable. Also checks that ``--help`` imports neither
grpc nor pymodbus, and lists the slowest top-level imports.

    python bench/cli_startup.py [--runs 30] [--warmups 3]

Target: median of ours <= 0.15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _common import (
    REPO_ROOT,
    Check,
    check_at_most,
    doover_executable,
    fmt_ms,
    fmt_ratio,
    info,
    median,
    percentile,
    print_summary,
    ratio,
    section,
)

TARGET_MEDIAN_S = 0.15
FORBIDDEN = ("grpc", "pymodbus")
BASELINE_ENV = "DOOVER_CLI_BASELINE"
PER_RUN_TIMEOUT = 20.0

# Runs `doover --help` in-process (output swallowed) and reports the modules it loaded.
IMPORT_PROBE = """
import contextlib, io, json, sys
from doover_cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["--help"])
print(json.dumps({"exit_code": code, "modules": sorted(sys.modules)}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per command (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed runs per command first (default 3)")
    parser.add_argument("--max-seconds", type=float, default=45.0, help="stop timing after this long (default 45)")
    return parser.parse_args()


def interpreter_of(script: Path) -> str:
    """The interpreter named in a console script's shebang (else this one)."""
    first = script.read_text(errors="replace").splitlines()[0]
    if first.startswith("#!") and Path(first[2:].strip().split()[0]).exists():
        return first[2:].strip().split()[0]
    return sys.executable


def time_once(command: Sequence[str]) -> float:
    """Wall time of one run of ``command``; fails loudly if it does not exit 0."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=PER_RUN_TIMEOUT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def time_interleaved(
    commands: dict[str, list[str]], runs: int, warmups: int, max_seconds: float
) -> dict[str, list[float]]:
    """Time every command ``runs`` times, round-robin so drift hits all of them alike."""
    for _ in range(warmups):
        for command in commands.values():
            time_once(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    deadline = time.monotonic() + max_seconds
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(time_once(command))
        if time.monotonic() > deadline:
            break
    return samples


def public_cli() -> Path | None:
    """The public doover-cli's ``doover``: ``DOOVER_CLI_BASELINE`` if set, else a cached venv.

    The public package's import name is ``doover_cli`` too, so it can only live in a venv of
    its own (built once by tests/support/public_pydoover.py, offline runs skip it).
    """
    value = os.environ.get(BASELINE_ENV)
    if value:
        path = Path(value)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    sys.path.insert(0, str(REPO_ROOT))
    from tests.support.public_pydoover import IndexUnreachable, public_venv

    try:
        return public_venv("doover-cli") / "bin" / "doover"
    except (IndexUnreachable, RuntimeError) as exc:
        print(f"public doover-cli unavailable: {exc}")
        return None


def loaded_modules(python: str) -> tuple[int, list[str]]:
    """Exit code and module names after `doover --help` runs in a fresh interpreter."""
    result = subprocess.run([python, "-c", IMPORT_PROBE], capture_output=True, text=True, timeout=PER_RUN_TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(f"import probe failed: {result.stderr[-1000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["exit_code"], data["modules"]


def slowest_imports(python: str, top: int = 8, max_depth: int = 1) -> list[tuple[str, int]]:
    """Imports of `doover --help` nested at most ``max_depth`` deep, by cumulative time (us)."""
    result = subprocess.run(
        [python, "-X", "importtime", "-c", IMPORT_PROBE], capture_output=True, text=True, timeout=PER_RUN_TIMEOUT
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2  # importtime indents two spaces per level
        if depth <= max_depth:
            rows.append((("  " * depth) + name.strip(), int(cumulative)))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:top]


def report_imports(python: str) -> dict[str, bool]:
    """Print which heavy modules `doover --help` loads; return {name: loaded}."""
    section("modules loaded by `doover --help` (in-process probe)")
    exit_code, modules = loaded_modules(python)
    loaded = {name: any(m == name or m.startswith(name + ".") for m in modules) for name in FORBIDDEN}
    print(f"exit code {exit_code}, {len(modules)} modules in sys.modules")
    for name, present in loaded.items():
        print(f"imports {name}: {'yes' if present else 'no'}")
    for extra in ("google.protobuf", "rich", "typer"):
        print(f"(info) imports {extra}: {'yes' if extra in modules else 'no'}")
    print("slowest imports, top level and one below (cumulative, -X importtime, inflated by the tracing):")
    for name, micros in slowest_imports(python):
        print(f"  {micros / 1000:7.1f} ms  {name}")
    return loaded


def report_times(samples: dict[str, list[float]], baseline: str) -> None:
    section("wall time per process run")
    base = median(samples[baseline])
    print(f"{'command':<28} {'runs':>4} {'median':>10} {'p90':>10} {'min':>10}  ratio/{baseline}")
    for name, values in samples.items():
        print(
            f"{name:<28} {len(values):>4} {fmt_ms(median(values)):>10} {fmt_ms(percentile(values, 90)):>10} "
            f"{fmt_ms(min(values)):>10}  {fmt_ratio(ratio(median(values), base))}"
        )


def main() -> None:
    args = parse_args()
    doover = doover_executable()
    python = interpreter_of(doover)
    commands = {"ours: doover --help": [str(doover), "--help"], "python -c pass": [python, "-c", "pass"]}
    public = public_cli()
    if public is not None:
        commands["public doover-cli --help"] = [str(public), "--help"]
    print(f"doover: {doover}\ninterpreter: {python}\nruns: {args.runs} after {args.warmups} warm-ups")
    if public is None:
        print(f"public doover-cli: not installed, skipped (set {BASELINE_ENV} to its doover executable)")

    samples = time_interleaved(commands, args.runs, args.warmups, args.max_seconds)
    report_times(samples, "python -c pass")
    loaded = report_imports(python)

    ours = median(samples["ours: doover --help"])
    checks = [
        check_at_most("ours median", ours, TARGET_MEDIAN_S, fmt_ms(ours), f"<= {TARGET_MEDIAN_S * 1000:.0f} ms"),
        info("ours p90", fmt_ms(percentile(samples["ours: doover --help"], 90))),
        info("ratio ours/python-c-pass", fmt_ratio(ratio(ours, median(samples["python -c pass"])))),
    ]
    if public is not None:
        theirs = median(samples["public doover-cli --help"])
        checks.append(info("ratio ours/public-cli", fmt_ratio(ratio(ours, theirs))))
    for name, present in loaded.items():
        checks.append(Check(f"--help imports {name}", "yes" if present else "no", "no", not present))
    notes = [] if public is not None else ["public doover-cli not installed, skipped"]
    print_summary("cli_startup", checks, notes)


if __name__ == "__main__":
    main()
