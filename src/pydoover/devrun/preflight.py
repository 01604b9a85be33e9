"""Checks made before `doover run` starts anything: bridge addresses, reachability, device files.

problems = bad_uris({"dda": "127.0.0.1"})          # ["--dda-uri 127.0.0.1: expected HOST:PORT"]
missing = unreachable({"dda": "127.0.0.1:9"})      # ["dda"]
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..addresses import address_problem
from ..endpoints import endpoint

HEALTH_TIMEOUT = 2.0


def bad_uris(uris: dict[str, str]) -> list[str]:
    """One ``--x-uri VALUE: problem`` line per unusable address."""
    problems = []
    for name, uri in uris.items():
        problem = address_problem(uri)
        if problem:
            problems.append(f"{endpoint(name).uri_flag} {uri}: {problem}")
    return problems


def unreachable(uris: dict[str, str], timeout: float = HEALTH_TIMEOUT) -> list[str]:
    """The names of the bridges in ``uris`` not answering their health check as SERVING."""
    from ..docker.health import check_health

    def serving(item: tuple[str, str]) -> bool:
        name, uri = item
        return check_health(uri, endpoint(name).health, timeout) == "SERVING"

    with ThreadPoolExecutor(max_workers=max(len(uris), 1)) as pool:
        results = list(pool.map(serving, uris.items()))
    return [name for name, ok in zip(uris, results, strict=True) if not ok]


def describe_unreachable(names: list[str], uris: dict[str, str]) -> str:
    parts = [f"the {endpoint(n).title} at {uris[n]} (set {endpoint(n).uri_flag})" for n in names]
    return "cannot reach " + "; ".join(parts) + "; or start them all with `doover bridge up`"


def uses_modbus(package_dir: Path) -> bool:
    """Whether an app's sources mention Modbus (then it needs the Modbus bridge)."""
    for path in package_dir.rglob("*.py"):
        try:
            if "modbus" in path.read_text(errors="replace").lower():
                return True
        except OSError:
            continue
    return False


def missing_files(**files: Path | None) -> list[str]:
    """One ``--flag PATH: no such file`` line per given file that does not exist."""
    return [
        f"--{flag.replace('_', '-')} {path}: no such file"
        for flag, path in files.items()
        if path and not path.is_file()
    ]


def unapplied_files(project_root: Path, device: Path | None, modbus_map: Path | None) -> list[Path]:
    """The device file and register map a session would give new local bridges (the explicit
    ones, else the project's ``simulators/`` files), which running bridges cannot take."""
    from ..project import simulators_dir
    from .session import _existing

    simulators = simulators_dir(project_root)
    found = [device or _existing(simulators, "device.toml", "device.yaml")]
    found.append(modbus_map or _existing(simulators, "modbus_map.toml", "modbus_map.yaml"))
    return [path for path in found if path is not None]
