"""Alarms: call back when a value has met a condition for a while, at most so often.

self.get_level = create_alarm(self.get_level, lambda level: level > 90, callback=self.alert_high,
                              grace_period=60, min_inter_alarm=3600)
level = await self.get_level()  # checks the alarm on every reading
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, cast

log = logging.getLogger(__name__)

DEFAULT_GRACE_PERIOD = 60 * 60  # an hour
DEFAULT_MIN_INTER_ALARM = 60 * 60 * 24  # a day


class Alarm:
    """Fire ``callback`` once ``threshold_met(value)`` has held for ``grace_period`` seconds.

    After firing, it fires again only when the condition holds and ``min_inter_alarm`` seconds
    have passed. A value that does not meet the threshold restarts the grace period.
    ``callback`` takes no arguments and may be async. ``clock`` (default ``time.monotonic``) may be
    replaced, e.g. in tests.

    Example::

        alarm = Alarm(lambda volts: volts < 11.5, callback=send_low_battery_warning, grace_period=300)
        await alarm.check_value(read_battery())
    """

    def __init__(
        self,
        threshold_met: Callable[[Any], bool],
        callback: Callable[[], Any] | None = None,
        grace_period: float | None = None,
        min_inter_alarm: float | None = None,
    ) -> None:
        self.threshold_met = threshold_met
        self.callback = callback
        self.grace_period = DEFAULT_GRACE_PERIOD if grace_period is None else grace_period
        self.min_inter_alarm = DEFAULT_MIN_INTER_ALARM if min_inter_alarm is None else min_inter_alarm
        self.last_alarm_time: float | None = None
        self.initial_trigger_time: float | None = None
        self.clock: Callable[[], float] = time.monotonic

    async def check_value(
        self,
        value: Any,
        threshold_met: Callable[[Any], bool] | None = None,
        grace_period: float | None = None,
        min_inter_alarm: float | None = None,
    ) -> bool:
        """Check ``value``; return whether the alarm fired.

        ``threshold_met`` overrides the condition for this check; ``grace_period`` and
        ``min_inter_alarm`` replace the alarm's settings from now on.
        """
        if grace_period is not None:
            self.grace_period = grace_period
        if min_inter_alarm is not None:
            self.min_inter_alarm = min_inter_alarm
        now = self.clock()
        if not (threshold_met or self.threshold_met)(value):
            self.initial_trigger_time = None
            return False
        if self.initial_trigger_time is None:
            self.initial_trigger_time = now
        if not self._due(now):
            log.debug("Alarm condition met by %r, not due yet", value)
            return False
        await self._fire(now)
        return True

    def _due(self, now: float) -> bool:
        held_long_enough = now - cast(float, self.initial_trigger_time) >= self.grace_period  # set before
        rested = self.last_alarm_time is None or now - self.last_alarm_time >= self.min_inter_alarm
        return held_long_enough and rested

    async def _fire(self, now: float) -> None:
        self.last_alarm_time = now
        if self.callback is not None:
            outcome = self.callback()
            if inspect.isawaitable(outcome):
                await outcome

    def reset_alarm(self) -> None:
        """Forget the grace period in progress and when the alarm last fired."""
        self.last_alarm_time = None
        self.initial_trigger_time = None


def create_alarm(
    func: Callable[..., Any],
    threshold_met: Callable[[Any], bool],
    callback: Callable[[], Any] | None = None,
    grace_period: float | None = None,
    min_inter_alarm: float | None = None,
) -> Callable[..., Coroutine[Any, Any, Any]]:
    """Wrap ``func`` (sync or async) in an async function that checks an :class:`Alarm` on each result.

    The wrapper returns ``func``'s result; its ``.alarm`` attribute is the :class:`Alarm`.

    Example::

        self.get_temp = create_alarm(self.get_temp, lambda t: t > 80, callback=self.overheat,
                                     grace_period=15, min_inter_alarm=60)
        temp = await self.get_temp()
    """
    alarm = Alarm(threshold_met, callback=callback, grace_period=grace_period, min_inter_alarm=min_inter_alarm)

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        await alarm.check_value(result)
        return result

    setattr(wrapper, "alarm", alarm)  # noqa: B010 - functions take no typed attributes
    return wrapper
