"""Named points of a register map: ``meter.voltage`` (unit name or id, then point), or ``voltage`` when unique.

Without ``--map`` the built-in map is used: the power meter that ``doover bridge up --modbus-sim``
serves. The register map module (pydantic, and pymodbus through its package) is imported only when
a command names a point.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from pydoover.bridges.modbus.register_map import Point, RegisterMap

LISTED = 20  # known points named in an "unknown point" error


@dataclass(frozen=True)
class NamedPoint:
    name: str  # qualified: "meter.voltage", or "2.flow" for a unit without a name
    unit: int
    point: Point


def load_map(path: Path | None) -> RegisterMap:
    """The register map at ``path``, or the built-in one; a bad file is a usage error."""
    from pydoover.bridges.modbus.register_map import RegisterMapError, default_register_map, load_register_map

    if path is None:
        return default_register_map()
    try:
        return load_register_map(path)
    except RegisterMapError as exc:
        raise UsageError(f"invalid register map: {'; '.join(exc.problems)}") from None


def named_points(register_map: RegisterMap) -> list[NamedPoint]:
    """Every point of the map in map order."""
    return [
        NamedPoint(f"{unit.name or unit.id}.{point.name}", unit.id, point)
        for unit in register_map.units
        for point in unit.points
    ]


def find_point(register_map: RegisterMap, ref: str, source: str) -> NamedPoint:
    """The point ``ref`` names; a usage error listing the known points when none or several match."""
    unit_ref, _, name = ref.rpartition(".")
    known = named_points(register_map)
    matches = [
        p for p in known if p.point.name == name and (not unit_ref or unit_ref in (p.name.split(".")[0], str(p.unit)))
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"point {ref!r} is on several units; name one of {', '.join(p.name for p in matches)}")
    names = [p.name for p in known]
    listed = ", ".join(names[:LISTED]) + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")
    raise UsageError(f"unknown point {ref!r} in {source}; known points: {listed or 'none'}")
