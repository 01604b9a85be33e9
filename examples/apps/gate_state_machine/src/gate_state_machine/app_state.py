"""The gate's states, and what moves it from one to the next.

closed --open_requested--> opening --reached_open--> open --(hold time)--> closing
closing --reached_closed--> closed        closing --obstructed--> opening
opening/closing --(travel timeout)--> fault --fault_cleared--> closing
"""

import logging

from pydoover.state import StateMachine

log = logging.getLogger(__name__)


class GateState:
    state: str  # set by the state machine

    def __init__(self, app, travel_timeout: float, hold_open_time: float):
        self.app = app
        self.states = [
            {"name": "closed"},
            {"name": "opening", "timeout": travel_timeout, "on_timeout": "travel_timed_out"},
            {"name": "open", "timeout": hold_open_time, "on_timeout": "hold_time_over"},
            {"name": "closing", "timeout": travel_timeout, "on_timeout": "travel_timed_out"},
            {"name": "fault"},
        ]
        self.transitions = [
            {"trigger": "open_requested", "source": ["closed", "closing"], "dest": "opening"},
            {"trigger": "open_requested", "source": "open", "dest": "="},  # restarts the hold time
            {"trigger": "reached_open", "source": "opening", "dest": "open"},
            {"trigger": "hold_time_over", "source": "open", "dest": "closing", "unless": "is_held_open"},
            {"trigger": "close_requested", "source": "open", "dest": "closing"},
            {"trigger": "reached_closed", "source": "closing", "dest": "closed"},
            {"trigger": "obstructed", "source": "closing", "dest": "opening"},
            {"trigger": "travel_timed_out", "source": ["opening", "closing"], "dest": "fault"},
            {"trigger": "fault_cleared", "source": "fault", "dest": "closing"},
        ]
        self.state_machine = StateMachine(
            states=self.states,
            transitions=self.transitions,
            model=self,
            initial="closed",
            queued=True,
            ignore_invalid_triggers=True,
            after_state_change="on_state_change",
        )

    def is_held_open(self) -> bool:
        return self.app.hold_open

    async def on_state_change(self):
        log.info("gate %s", self.state)
        await self.app.on_gate_state(self.state)

    async def on_enter_opening(self):
        await self.app.drive_motor("open")

    async def on_enter_open(self):
        await self.app.drive_motor(None)

    async def on_enter_closing(self):
        await self.app.drive_motor("close")

    async def on_enter_closed(self):
        await self.app.drive_motor(None)

    async def on_enter_fault(self):
        await self.app.drive_motor(None)
        await self.app.report_fault()
