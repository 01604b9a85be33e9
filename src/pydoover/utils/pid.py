"""A PID controller: drive a process value (pressure, speed, level) towards a setpoint."""

from __future__ import annotations

import time
from typing import cast


class PID:
    """Proportional-integral-derivative controller.

    ``update(value)`` returns the control output for the latest process value. The first call
    only records the starting point and returns the last output (0 after construction or
    :meth:`reset`). The time step is the wall time since the previous update unless ``dt`` is
    given. ``output_limits`` clamps the output; either end may be ``None``.

    Example::

        pid = PID(Kp=2.0, Ki=0.5, Kd=0.0, setpoint=40.0, output_limits=(0, 100))
        pump_percent = pid.update(read_pressure())
    """

    _last_time: float | None
    _last_error: float | None
    _integral: float
    _last_output: float

    def __init__(
        self,
        Kp: float,  # noqa: N803 - the classic public argument names
        Ki: float,  # noqa: N803
        Kd: float,  # noqa: N803
        setpoint: float = 0,
        output_limits: tuple[float | None, float | None] = (None, None),
    ) -> None:
        self.Kp = Kp
        self.Ki = Ki
        self.Kd = Kd
        self.setpoint = setpoint
        self.output_limits = output_limits
        self.reset()

    def update(self, feedback_value: float, dt: float | None = None) -> float:
        """Return the control output for ``feedback_value``."""
        now = time.monotonic()
        error = self.setpoint - feedback_value
        if self._last_time is None:
            self._last_time, self._last_error = now, error
            return self._last_output
        step = now - self._last_time if dt is None else dt
        if step <= 0:
            return self._last_output
        self._integral += error * step
        derivative = (error - cast(float, self._last_error)) / step  # set with _last_time
        output = self._clamp(self.Kp * error + self.Ki * self._integral + self.Kd * derivative)
        self._last_time, self._last_error, self._last_output = now, error, output
        return output

    def _clamp(self, output: float) -> float:
        low, high = self.output_limits
        if low is not None:
            output = max(low, output)
        if high is not None:
            output = min(high, output)
        return output

    def set_output_limits(self, min_output: float | None, max_output: float | None) -> None:
        self.output_limits = (min_output, max_output)

    def set_setpoint(self, setpoint: float) -> None:
        self.setpoint = setpoint

    def set_last_output(self, output: float) -> None:
        """Set the output the first :meth:`update` after a (re)start returns."""
        self._last_output = output

    def set_last_error(self, error: float) -> None:
        self._last_error = error

    def set_integral_output(self, integral_output: float) -> None:
        """Preload the integral term so it contributes ``integral_output`` (bumpless start)."""
        self._integral = integral_output / self.Ki if self.Ki else 0

    def reset(self) -> None:
        """Forget the history: the next :meth:`update` starts afresh with output 0."""
        self._last_time = None
        self._last_error = None
        self._integral = 0.0
        self._last_output = 0
