"""A one-dimensional Kalman filter for noisy sensor readings, as a class and as method decorators.

The filter tracks one value (a voltage, a level, a temperature) that drifts slowly while the
readings of it jitter. Two knobs matter in practice:

* ``process_variance`` (default 0.5): how fast the true value may move, per second. Larger
  follows changes sooner; smaller smooths harder.
* ``outlier_threshold`` (default 5, in multiples of the current error estimate): a reading
  further than this from the estimate is trusted ``outlier_variance_multiplier`` (default 25)
  times less, so one wild reading barely moves the estimate.

The time step is the wall time since the previous reading unless ``dt`` is given.

Decorating a method filters whatever it returns, with one filter per object::

    class Battery:
        @apply_async_kalman_filter(process_variance=0.05, outlier_threshold=0.5)
        async def get_voltage(self) -> float:
            return await self.platform_iface.get_system_voltage_async()

    volts = await battery.get_voltage()  # filtered
    volts = await battery.get_voltage(kf_measurement_variance=2)  # a less trusted reading

Per-call keyword options ``kf_measurement_variance``, ``kf_dt``, ``kf_outlier_protection`` and
``kf_process_variance`` go to :meth:`KalmanFilter1D.update`; the method receives them too when its
signature names them (or takes ``**kwargs``). A reading of ``None`` returns the last estimate.
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any, cast

log = logging.getLogger(__name__)

_MIN_DENOMINATOR = 1e-4


class KalmanFilter1D:
    """Filter a stream of readings of one slowly changing value.

    Example::

        kf = KalmanFilter1D(process_variance=0.1)
        for reading in (10.2, 9.7, 10.4, 55.0, 10.1):
            smoothed = kf.update(reading)  # the 55.0 spike is treated as an outlier

    ``None`` for any constructor argument means its default (see the class attributes). Set
    ``enabled = False`` to pass readings through unchanged (handy in tests).
    """

    default_process_variance = 0.5
    default_measurement_variance = 0.5
    default_initial_estimate_ratio = 25  # first error estimate, in measurement variances
    default_outlier_threshold = 5
    default_outlier_variance_multiplier = 25

    def __init__(
        self,
        initial_estimate: float | None = None,
        initial_error_estimate: float | None = None,
        process_variance: float | None = None,
        outlier_protection: bool | None = None,
        outlier_threshold: float | None = None,
        outlier_variance_multiplier: float | None = None,
    ) -> None:
        self.estimate = initial_estimate
        self.error_estimate = initial_error_estimate
        self.process_variance = _or(process_variance, self.default_process_variance)
        self.outlier_protection = _or(outlier_protection, True)
        self.outlier_threshold = _or(outlier_threshold, self.default_outlier_threshold)
        self.outlier_variance_multiplier = _or(outlier_variance_multiplier, self.default_outlier_variance_multiplier)
        self.kalman_gain = 0.0
        self.last_timestamp: float | None = None
        self.enabled = True
        self.debug = False

    def set_estimate(self, estimate: float | None) -> None:
        self.estimate = estimate

    def set_error_estimate(self, error_estimate: float | None) -> None:
        self.error_estimate = error_estimate

    def set_process_variance(self, process_variance: float) -> None:
        self.process_variance = process_variance

    def set_outlier_protection(self, outlier_protection: bool) -> None:
        self.outlier_protection = outlier_protection

    def set_outlier_threshold(self, outlier_threshold: float) -> None:
        self.outlier_threshold = outlier_threshold

    def set_outlier_variance_multiplier(self, outlier_variance_multiplier: float) -> None:
        self.outlier_variance_multiplier = outlier_variance_multiplier

    def update(
        self,
        measurement: float | None,
        measurement_variance: float | None = None,
        dt: float | None = None,
        outlier_protection: bool | None = None,
        process_variance: float | None = None,
    ) -> float | None:
        """Fold one reading in and return the new estimate.

        ``process_variance``, when given, replaces the filter's own from now on. The other
        options apply to this reading only. The first reading becomes the estimate as it is.
        """
        if not self.enabled:
            return measurement
        if process_variance is not None:
            self.process_variance = process_variance
        if measurement is None:
            return self.estimate
        variance = _or(measurement_variance, self.default_measurement_variance)
        if self.error_estimate is None:
            self.error_estimate = variance * self.default_initial_estimate_ratio
        dt = self._step(dt)
        if self.estimate is None:
            self.estimate = measurement
            return self.estimate
        if self._is_outlier(measurement, outlier_protection):
            variance *= self.outlier_variance_multiplier
        self._correct(measurement, variance, dt)
        return self.estimate

    def _step(self, dt: float | None) -> float:
        """Record this update's time; return ``dt`` or the seconds since the last update (1 at first)."""
        now = time.monotonic()
        if dt is None:
            dt = 1.0 if self.last_timestamp is None else now - self.last_timestamp
        self.last_timestamp = now
        return dt

    def _is_outlier(self, measurement: float, outlier_protection: bool | None) -> bool:
        if not _or(outlier_protection, self.outlier_protection):
            return False
        estimate, error_estimate = cast(float, self.estimate), cast(float, self.error_estimate)  # set by update
        return abs(measurement - estimate) > self.outlier_threshold * error_estimate

    def _correct(self, measurement: float, measurement_variance: float, dt: float) -> None:
        # predict: the value may have drifted (update has set the estimate and its error before)
        self.error_estimate = cast(float, self.error_estimate) + self.process_variance * dt
        denominator = (self.error_estimate + measurement_variance) or _MIN_DENOMINATOR
        self.kalman_gain = self.error_estimate / denominator
        estimate = cast(float, self.estimate)
        self.estimate = estimate + self.kalman_gain * (measurement - estimate)
        self.error_estimate *= 1 - self.kalman_gain
        if self.debug:
            log.debug("kalman: measurement=%s estimate=%s error=%s", measurement, self.estimate, self.error_estimate)


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


_CALL_OPTIONS = {
    "kf_measurement_variance": "measurement_variance",
    "kf_dt": "dt",
    "kf_outlier_protection": "outlier_protection",
    "kf_process_variance": "process_variance",
}


def _option_splitter(func: Callable[..., Any]) -> Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]:
    """Return ``split(kwargs) -> (kwargs for func, options for update)`` for ``func``'s signature."""
    params = inspect.signature(func).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kept = set(_CALL_OPTIONS) if takes_any else set(_CALL_OPTIONS) & set(params)

    def split(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        options = {name: kwargs.get(key) for key, name in _CALL_OPTIONS.items()}
        call_kwargs = {k: v for k, v in kwargs.items() if k not in _CALL_OPTIONS or k in kept}
        return call_kwargs, options

    return split


def _filter_for(wrapper: Callable[..., Any], owner: Any, settings: dict[str, Any]) -> KalmanFilter1D:
    """The filter ``owner`` keeps for ``wrapper``, created on first use.

    Filters live in ``owner._kf_instances``; ``wrapper._kalman_filter`` points at the one used last.
    """
    filters: dict[int, KalmanFilter1D] | None = getattr(owner, "_kf_instances", None)
    if filters is None:
        filters = owner._kf_instances = {}
    kf = filters.get(id(wrapper))
    if kf is None:
        kf = filters[id(wrapper)] = KalmanFilter1D(**settings)
    setattr(wrapper, "_kalman_filter", kf)  # noqa: B010 - functions take no typed attributes
    return kf


def apply_kalman_filter(
    initial_estimate: float | None = None,
    initial_error_estimate: float | None = None,
    process_variance: float | None = None,
    outlier_protection: bool | None = None,
    outlier_threshold: float | None = None,
    outlier_variance_multiplier: float | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a method so its return value is Kalman-filtered, one filter per object.

    Example::

        class Tank:
            @apply_kalman_filter(process_variance=0.1)
            def get_level(self) -> float:
                return self.read_sensor()

    A coroutine method is handled as by :func:`apply_async_kalman_filter`.
    """
    settings = dict(
        initial_estimate=initial_estimate,
        initial_error_estimate=initial_error_estimate,
        process_variance=process_variance,
        outlier_protection=outlier_protection,
        outlier_threshold=outlier_threshold,
        outlier_variance_multiplier=outlier_variance_multiplier,
    )

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(func):
            return _decorate_async(func, settings)
        split = _option_splitter(func)

        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> float | None:
            kf = _filter_for(wrapper, self, settings)
            call_kwargs, options = split(kwargs)
            return kf.update(func(self, *args, **call_kwargs), **options)

        return wrapper

    return decorator


def apply_async_kalman_filter(
    initial_estimate: float | None = None,
    initial_error_estimate: float | None = None,
    process_variance: float | None = None,
    outlier_protection: bool | None = None,
    outlier_threshold: float | None = None,
    outlier_variance_multiplier: float | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate an ``async`` method so the reading it returns is Kalman-filtered, one filter per object.

    Example::

        class Sensor:
            @apply_async_kalman_filter(process_variance=0.05, outlier_threshold=0.5)
            async def get_reading(self) -> float | None:
                return await self.platform_iface.get_ai_async(self.pin)

        level = await sensor.get_reading()
    """
    settings = dict(
        initial_estimate=initial_estimate,
        initial_error_estimate=initial_error_estimate,
        process_variance=process_variance,
        outlier_protection=outlier_protection,
        outlier_threshold=outlier_threshold,
        outlier_variance_multiplier=outlier_variance_multiplier,
    )
    return functools.partial(_decorate_async, settings=settings)


def _decorate_async(func: Callable[..., Any], settings: dict[str, Any]) -> Callable[..., Any]:
    split = _option_splitter(func)

    @functools.wraps(func)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> float | None:
        kf = _filter_for(wrapper, self, settings)
        call_kwargs, options = split(kwargs)
        return kf.update(await func(self, *args, **call_kwargs), **options)

    return wrapper
