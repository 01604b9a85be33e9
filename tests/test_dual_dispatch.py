import asyncio

from pydoover.utils.dual import maybe_async


class Thing:
    def __init__(self, is_async):
        self._is_async = is_async
        self.calls = []

    @maybe_async()
    def ping(self, value):
        self.calls.append(("sync", value))
        return f"sync {value}"

    async def ping_async(self, value):
        self.calls.append(("async", value))
        return f"async {value}"


def test_plain_call_outside_a_loop_runs_the_sync_version():
    assert Thing(None).ping(1) == "sync 1"
    assert Thing(True).ping(1) == "sync 1"


async def test_awaited_call_in_a_loop_runs_the_async_twin():
    thing = Thing(True)
    assert await thing.ping(2) == "async 2"
    assert await Thing(None).ping(2) == "async 2"


async def test_unawaited_call_in_a_loop_still_runs():
    thing = Thing(True)
    thing.ping(3)  # fire and forget, as classic apps do with set_tag / publish_to_channel
    await asyncio.sleep(0)
    assert thing.calls == [("async", 3)]


async def test_run_sync_and_is_async_false_force_the_blocking_version():
    assert Thing(True).ping(4, run_sync=True) == "sync 4"
    assert Thing(False).ping(4) == "sync 4"


async def test_sync_code_in_an_executor_thread_gets_values():
    thing = Thing(True)
    result = await asyncio.get_running_loop().run_in_executor(None, thing.ping, 5)
    assert result == "sync 5"
