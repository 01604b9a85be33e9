"""Scale raw sensor readings (4-20 mA loops, voltages) to engineering units."""

from __future__ import annotations

from collections.abc import Sequence


def map_reading(
    in_val: float | None,
    output_values: Sequence[float],
    raw_readings: Sequence[float] = (4, 20),
    ignore_below: float | None = 3,
) -> float | None:
    """Map ``in_val`` through the piecewise-linear curve ``raw_readings -> output_values``.

    ``raw_readings`` is ascending and as long as ``output_values``. Values between two points
    are interpolated; values beyond either end extend the end segment. A reading below
    ``ignore_below`` (a broken 4-20 mA loop reads ~0) gives ``None``; pass ``None`` to map all.

    Example::

        map_reading(12, [0, 100])                     # 50.0 (%), from a 4-20 mA sensor
        map_reading(2.5, [0, 10, 50], [0, 5, 10], 0)  # 5.0
        map_reading(1.2, [0, 100])                    # None: below 3 mA, the loop is open
    """
    if in_val is None or (ignore_below is not None and in_val < ignore_below):
        return None
    i = _segment(in_val, raw_readings)
    x0, x1 = raw_readings[i], raw_readings[i + 1]
    y0, y1 = output_values[i], output_values[i + 1]
    return y0 + (in_val - x0) * (y1 - y0) / (x1 - x0)


def _segment(value: float, points: Sequence[float]) -> int:
    """Index ``i`` of the segment ``points[i]..points[i + 1]`` that maps ``value``."""
    for i in range(1, len(points) - 1):
        if value <= points[i]:
            return i - 1
    return len(points) - 2
