"""pydoover.state.StateMachine: the classic async ``transitions`` machine with state timeouts."""

import asyncio

import pytest
from transitions import MachineError

from pydoover.state import StateMachine


class Pump:
    """Instance style: a model object that owns a machine, as most classic apps write it."""

    state: str

    states = [
        {"name": "off"},
        {"name": "starting", "timeout": 0.05, "on_timeout": "start_failed"},
        {"name": "running"},
        {"name": "error", "on_enter": "note_error", "on_exit": ["note_leaving_error"]},
    ]
    transitions = [
        {"trigger": "start", "source": "off", "dest": "starting"},
        {"trigger": "started", "source": "starting", "dest": "running"},
        {"trigger": "stop", "source": ["starting", "running"], "dest": "off"},
        {"trigger": "start_failed", "source": "starting", "dest": "error"},
        {"trigger": "clear", "source": "error", "dest": "off"},
        {"trigger": "guarded_start", "source": "off", "dest": "running", "conditions": "primed"},
    ]

    def __init__(self, queued=True):
        self.events = []
        self.primed = False
        self.state_machine = StateMachine(
            states=self.states, transitions=self.transitions, model=self, initial="off", queued=queued
        )

    async def on_enter_running(self):
        await asyncio.sleep(0)
        self.events.append("enter running")

    def on_exit_running(self):
        self.events.append("exit running")

    async def note_error(self):
        self.events.append("enter error")

    def note_leaving_error(self):
        self.events.append("exit error")


class Lamp(StateMachine):
    """Subclass style: the machine is its own model."""

    states = ["dark", "lit"]
    transitions = [
        {"trigger": "switch_on", "source": "dark", "dest": "lit"},
        {"trigger": "switch_off", "source": "lit", "dest": "dark"},
    ]

    def __init__(self):
        super().__init__(states=self.states, transitions=self.transitions, initial="dark")
        self.switches = 0

    async def on_enter_lit(self):
        self.switches += 1


async def test_instance_style_triggers_are_awaited_and_move_the_model():
    pump = Pump()
    assert pump.state == "off"
    assert await pump.start() is True
    assert pump.state == "starting"
    assert await pump.started() is True
    assert pump.state == "running"
    assert pump.is_running()
    assert pump.state_machine.get_model_state(pump).name == "running"


async def test_sync_and_async_enter_and_exit_callbacks_run_in_order():
    pump = Pump()
    await pump.start()
    await pump.started()
    await pump.stop()
    assert pump.events == ["enter running", "exit running"]


async def test_state_options_name_enter_and_exit_callbacks():
    pump = Pump()
    await pump.to_error()
    await pump.clear()
    assert pump.events == ["enter error", "exit error"]
    assert pump.state == "off"


async def test_state_timeout_fires_on_timeout_trigger():
    pump = Pump()
    await pump.start()
    await asyncio.sleep(0.15)
    assert pump.state == "error"
    assert pump.events == ["enter error"]


async def test_leaving_a_state_cancels_its_timeout():
    pump = Pump()
    await pump.start()
    await pump.started()
    await asyncio.sleep(0.15)
    assert pump.state == "running"


async def test_on_timeout_method_named_after_the_state_is_picked_up():
    class Door:
        def __init__(self):
            self.timeouts = 0
            StateMachine(
                states=["shut", {"name": "open", "timeout": 0.03, "on_timeout": []}],
                initial="shut",
                model=self,
            )

        def on_timeout_open(self):
            self.timeouts += 1

    door = Door()
    await door.to_open()
    await asyncio.sleep(0.1)
    assert door.timeouts == 1
    assert door.state == "open"


async def test_conditions_block_a_transition_until_they_hold():
    pump = Pump(queued=False)  # a queued machine reports True for every accepted trigger
    assert await pump.guarded_start() is False
    assert pump.state == "off"
    pump.primed = True
    assert await pump.guarded_start() is True
    assert pump.state == "running"


async def test_invalid_trigger_raises_machine_error():
    pump = Pump()
    with pytest.raises(MachineError):
        await pump.started()


async def test_queued_trigger_from_a_callback_runs_after_the_current_transition():
    order = []

    class Relay:
        def __init__(self):
            StateMachine(
                states=["a", "b", "c"],
                transitions=[
                    {"trigger": "go", "source": "a", "dest": "b"},
                    {"trigger": "onward", "source": "b", "dest": "c"},
                ],
                initial="a",
                model=self,
                queued=True,
            )

        async def on_enter_b(self):
            await self.onward()  # queued: returns at once, runs when this transition finishes
            order.append(("after queueing", self.state))

        def on_enter_c(self):
            order.append(("entered", self.state))

    relay = Relay()
    await relay.go()
    assert relay.state == "c"
    assert order == [("after queueing", "b"), ("entered", "c")]


async def test_after_state_change_callback_sees_the_new_state():
    seen = []

    class Model:
        async def changed(self):
            seen.append(self.state)

    model = Model()
    StateMachine(
        states=["idle", "busy"],
        transitions=[{"trigger": "work", "source": "idle", "dest": "busy"}],
        initial="idle",
        model=model,
        after_state_change="changed",
    )
    await model.work()
    assert seen == ["busy"]


async def test_subclass_style_machine_is_its_own_model():
    lamp = Lamp()
    assert lamp.state == "dark"
    await lamp.switch_on()
    await lamp.switch_off()
    await lamp.trigger("switch_on")
    assert lamp.state == "lit"
    assert lamp.switches == 2


async def test_each_instance_keeps_its_own_state():
    first, second = Pump(), Pump()
    await first.start()
    assert (first.state, second.state) == ("starting", "off")


def test_a_timeout_without_on_timeout_is_rejected():
    with pytest.raises(AttributeError):
        StateMachine(states=[{"name": "waiting", "timeout": 5}], initial="waiting")
