"""The classic Doover state machine: ``transitions``' asyncio machine, with per-state timeouts.

Everything ``transitions.extensions.asyncio.AsyncMachine`` accepts works here (``states``,
``transitions``, ``initial``, ``model``, ``queued``, ``send_event``, ``after_state_change``,
``auto_transitions``, ...). What this class adds is one state option pair, ``timeout`` (seconds)
and ``on_timeout`` (callbacks or trigger names), run when the model has stayed in the state
that long. Leaving the state first cancels the timer.

Triggers are coroutines: apps ``await`` them from their async main loop, and callbacks
(``on_enter_<state>``, ``on_exit_<state>``, conditions, ``after``...) may be plain functions or
coroutine functions.

Instance style, with a separate model object::

    class Pump:
        states = [{"name": "off"}, {"name": "starting", "timeout": 10, "on_timeout": "failed"}, {"name": "running"}]
        transitions = [
            {"trigger": "start", "source": "off", "dest": "starting"},
            {"trigger": "started", "source": "starting", "dest": "running"},
            {"trigger": "failed", "source": "starting", "dest": "off"},
        ]

        def __init__(self):
            self.state_machine = StateMachine(
                states=self.states, transitions=self.transitions, model=self, initial="off", queued=True
            )

        async def on_enter_running(self):
            ...

    pump = Pump()
    await pump.start()  # pump.state == "starting"; back to "off" after 10 s unless started

Subclass style, where the machine is its own model::

    class AppState(StateMachine):
        def __init__(self):
            super().__init__(states=["idle", "busy"], initial="idle",
                             transitions=[{"trigger": "work", "source": "idle", "dest": "busy"}])

    machine = AppState()
    await machine.work()  # machine.state == "busy"

As with any ``transitions`` machine, the initial state is set, not entered: its ``on_enter``
callbacks and its timeout start only when a transition enters it.
"""

from __future__ import annotations

from transitions.extensions.asyncio import AsyncMachine, AsyncState, AsyncTimeout


class TimeoutState(AsyncTimeout):
    """An async state that accepts ``timeout`` and ``on_timeout``.

    Methods named ``on_enter_<state>``, ``on_exit_<state>`` and ``on_timeout_<state>`` on the model
    are picked up as that state's callbacks.
    """

    dynamic_methods = sorted({*AsyncState.dynamic_methods, *AsyncTimeout.dynamic_methods})


class StateMachine(AsyncMachine):
    """Async state machine with state timeouts; see the module docstring for both usage styles."""

    state_cls = TimeoutState  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
