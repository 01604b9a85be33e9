"""Puts a battery-powered device to sleep between working spells, once every app agrees.

After ``awake_time`` (or at once on a low battery) it asks for a shutdown (global tag
``shutdown_requested``) and waits until each app listed in the config reports
``shutdown_check_ok``. Then it schedules the next wake-up and the power-off, and announces the
time with the global tag ``shutdown_at`` so the other apps can stop cleanly.
"""

import logging
import time
from datetime import UTC, datetime, timedelta

from pydoover.docker import Application

from .app_config import SleepSchedulerConfig
from .app_ui import SleepSchedulerUI

log = logging.getLogger(__name__)


class SleepSchedulerApplication(Application):
    config: SleepSchedulerConfig

    loop_target_period = 5

    async def setup(self):
        self.ui = SleepSchedulerUI()
        self.ui_manager.add_children(*self.ui.fetch())
        self.apps = [app.value for app in self.config.apps.elements]
        self.woke_at = time.monotonic()
        self.power_state = "awake"

        io_table = await self.platform_iface.get_io_table()
        log.info("device I/O: %s", io_table)
        # don't let the platform power down while we are meant to be awake
        await self.platform_iface.set_immunity_seconds(self.config.awake_time.value)
        await self.set_tag("immunity_seconds", await self.platform_iface.get_immunity_seconds())

    async def main_loop(self):
        voltage = await self.platform_iface.get_system_voltage()
        self.ui.supply_voltage.update(voltage)
        self.ui.system_power.update(await self.platform_iface.get_system_power())

        if self.power_state == "awake":
            low_battery = voltage is not None and voltage < self.config.low_battery.value
            if low_battery or time.monotonic() - self.woke_at >= self.config.awake_time.value:
                reason = "low battery" if low_battery else "end of the awake time"
                log.info("asking the other apps to allow a shutdown (%s)", reason)
                await self.request_shutdown_async()
                self.power_state = "waiting"

        if self.power_state == "waiting":
            waiting_for = [key for key in self.apps if self.get_tag("shutdown_check_ok", app_key=key) is not True]
            self.ui.waiting_for.update(", ".join(waiting_for) or "nobody")
            if not waiting_for:
                await self.go_to_sleep()

        self.ui.state.update(self.power_state)
        await self.set_tag("power_state", self.power_state)

    async def go_to_sleep(self):
        delay, sleep = self.config.shutdown_delay.value, self.config.sleep_time.value
        await self.platform_iface.schedule_startup(delay + sleep)
        await self.platform_iface.schedule_shutdown(delay)
        shutdown_at = datetime.now(UTC) + timedelta(seconds=delay)
        await self.set_global_tag("shutdown_at", shutdown_at.timestamp())
        self.ui.next_wake.update(shutdown_at + timedelta(seconds=sleep))
        await self.ui_manager.send_notification_async(f"Sleeping for {sleep // 60} min from {shutdown_at:%H:%M} UTC")
        self.power_state = "shutting down"
