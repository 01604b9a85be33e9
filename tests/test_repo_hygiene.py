"""The generated stubs match protos/, and the tree passes ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_stubs_are_up_to_date(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_stubs.py"), "--out", str(tmp_path)], check=True, timeout=120
    )
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "pydoover" / "_grpc").glob("*_pb2*")}
    committed = {p.name: p.read_bytes() for p in (ROOT / "src" / "pydoover" / "_grpc").glob("*_pb2*")}
    assert len(fresh) == 3 * len(list((ROOT / "protos").glob("*.proto"))), "three generated files per proto"
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"stale stubs {stale}: run `python scripts/generate_stubs.py`"


def test_tree_passes_ruff():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
