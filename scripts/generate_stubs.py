"""Generate the Python gRPC stubs in src/pydoover/_grpc/ from protos/.

Run from anywhere: ``python scripts/generate_stubs.py`` (needs the ``dev`` or ``test``
extra, which pins grpcio-tools so the output is reproducible).
``python scripts/generate_stubs.py --out DIR`` writes elsewhere; the stale-stub test uses it.

The protos are mapped to the virtual path ``pydoover/_grpc/`` so the generated modules
import each other as ``pydoover._grpc.<name>_pb2`` without any rewriting.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"
PACKAGE_PATH = "pydoover/_grpc"
DEFAULT_OUT = ROOT / "src"


def generate(out_root: Path) -> list[Path]:
    """Run protoc over every proto file; return the generated module paths."""
    from grpc_tools import protoc

    well_known = resources.files("grpc_tools") / "_proto"
    out_root.mkdir(parents=True, exist_ok=True)
    protos = sorted(PROTOS.glob("*.proto"))
    args = [
        "protoc",
        f"-I{PACKAGE_PATH}={PROTOS}",
        f"-I{well_known}",
        f"--python_out={out_root}",
        f"--pyi_out={out_root}",
        f"--grpc_python_out={out_root}",
        *[f"{PACKAGE_PATH}/{p.name}" for p in protos],
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed; see the messages above")
    return sorted((out_root / PACKAGE_PATH).glob("*_pb2*.py*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="root to write pydoover/_grpc/ under")
    written = generate(parser.parse_args().out)
    print(f"generated {len(written)} files from {PROTOS}", file=sys.stderr)


if __name__ == "__main__":
    main()
