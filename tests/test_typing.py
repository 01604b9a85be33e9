"""The typing gate: mypy and pyright over src/pydoover, and a consumer's view of the installed package.

The gate checks the files listed in tests/typing_gate.txt (those that pass today): a module added
to src/pydoover without types does not turn the gate red until someone lists it.

The consumer check type-checks tests/fixtures/typing/*.py from outside the source tree, so the
checkers find pydoover as an installed package does (through its ``py.typed``), and compares every
``reveal_type`` with the type written after it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "typing"
GATE_LIST = ROOT / "tests" / "typing_gate.txt"
MYPY = [sys.executable, "-m", "mypy"]
PYRIGHT = [sys.executable, "-m", "pyright"]
TIMEOUT = 600


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def expected_reveals(path: Path) -> dict[int, str]:
    """``{line: type}`` from the ``reveal_type(...)  # <type>`` lines of a fixture."""
    wanted = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.search(r"reveal_type\(.*\)\s+#\s*(.+)$", line)
        if match:
            wanted[number] = match.group(1).strip()
    return wanted


def unqualified(type_text: str) -> str:
    """mypy names classes with their module (``pydoover.ui.interactions.Interaction``); pyright does not."""
    return re.sub(r"\b(?:\w+\.)+(\w+)", r"\1", type_text)


def consumer_dir(tmp_path: Path) -> Path:
    for fixture in FIXTURES.glob("*.py"):
        shutil.copy(fixture, tmp_path / fixture.name)
    return tmp_path


def test_py_typed_ships_in_the_wheel(tmp_path):
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        ROOT,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("doover_toolkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "pydoover/py.typed" in archive.namelist()


def gated_files() -> list[str]:
    lines = [line.strip() for line in GATE_LIST.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_the_gate_list_names_existing_files_and_the_public_api():
    files = gated_files()
    assert [f for f in files if not (ROOT / f).is_file()] == []
    for module in ("utils/dual.py", "docker/grpc_interface.py", "docker/application/delegates.py", "ui/manager.py"):
        assert f"src/pydoover/{module}" in files
    for client in ("platform", "device_agent", "modbus", "app_controller"):
        assert f"src/pydoover/docker/{client}/interface.py" in files


@pytest.mark.parametrize("package", ["docker", "config", "ui", "state", "utils", "testing"])
def test_every_module_of_the_packages_apps_use_is_gated(package):
    """The packages an app imports are checked whole (and mypy requires every def there typed)."""
    gated = set(gated_files())
    modules = sorted((ROOT / "src" / "pydoover" / package).rglob("*.py"))
    assert modules
    assert [str(m.relative_to(ROOT)) for m in modules if str(m.relative_to(ROOT)) not in gated] == []


def test_mypy_passes_over_the_gated_files():
    result = run([*MYPY, "--no-incremental", *gated_files()], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_passes_over_the_gated_files():
    result = run([*PYRIGHT, "--pythonpath", sys.executable, *gated_files()], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_consumer_sees_concrete_types_with_mypy(tmp_path):
    where = consumer_dir(tmp_path)
    result = run([*MYPY, "--no-incremental", "--strict", "--cache-dir", str(tmp_path / ".mypy"), "."], where)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not errors, result.stdout
    for fixture in FIXTURES.glob("*.py"):
        seen = {
            int(m.group(1)): unqualified(m.group(2))
            for m in re.finditer(rf"{fixture.name}:(\d+): note: Revealed type is \"(.+)\"", result.stdout)
        }
        assert seen == expected_reveals(fixture), result.stdout


def test_a_consumer_sees_concrete_types_with_pyright(tmp_path):
    where = consumer_dir(tmp_path)
    result = run([*PYRIGHT, "--pythonpath", sys.executable, "."], where)
    assert result.returncode == 0 and "0 errors" in result.stdout, result.stdout
    for fixture in FIXTURES.glob("*.py"):
        seen = {
            int(m.group(1)): m.group(2)
            for m in re.finditer(rf"{fixture.name}:(\d+):\d+ - information: Type of \".+\" is \"(.+)\"", result.stdout)
        }
        assert seen == expected_reveals(fixture), result.stdout


@pytest.mark.parametrize("module", ["platform", "modbus", "device_agent", "app_controller", "camera"])
def test_every_dual_method_of_the_clients_declares_its_twin(module):
    """A twin added only at class creation is invisible to type checkers: each must be declared."""
    source = (ROOT / "src" / "pydoover" / "docker" / module / "interface.py").read_text()
    methods = re.findall(r"@dual_method\n\s+def (\w+)", source)
    assert methods
    for name in methods:
        assert f"{name}_async = {name}.twin()" in source, name
