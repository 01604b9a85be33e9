"""State machines for Doover apps: :class:`StateMachine`, an async ``transitions`` machine with state timeouts.

from pydoover.state import StateMachine
"""

from .machine import StateMachine, TimeoutState

__all__ = ["StateMachine", "TimeoutState"]
