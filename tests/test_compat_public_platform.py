"""Wire compatibility of our local Platform bridge with the public ``pydoover==0.4.18`` client.

The public (classic) ``PlatformInterface`` runs in its own cached virtualenv
(tests/support/public_pydoover.py) and talks to the Platform bridge of ``LocalBridges`` over
loopback gRPC. The test process drives the simulated device through our own clients
(``SimulationClient`` to force inputs, our ``PlatformInterface`` to read the event log) and
checks what the public client saw.

The public client opens a new channel per call, answers ``None`` for a rejected call, unwraps
one-element repeated fields, and its pulse counter ignores pulses for 0.2 s after it starts.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from pydoover.bridges.platform.device_file import DeviceSpec
from pydoover.bridges.platform.simcontrol import SimulationClient
from pydoover.docker import PlatformInterface
from pydoover.testing import LocalBridges
from tests.support.lines import LineReader, stop

pytestmark = pytest.mark.compat

SCRIPT_TIMEOUT = 20  # seconds; every subprocess is bounded by this

# Header of every script run in the public venv: the classic sync client on argv[1], and emit().
PRELUDE = r"""
import json, logging, sys, time
logging.disable(logging.CRITICAL)
from pydoover.docker import PlatformInterface

uri = sys.argv[1]
plt = PlatformInterface("compat_app", uri, is_async=False)

def emit(**kw):
    print(json.dumps(kw), flush=True)

def event(e):
    return {"event_id": e.event_id, "event": e.event, "pin": e.pin, "value": e.value, "time": e.time}
"""


# -- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def bridges(tmp_path):
    with LocalBridges(store=tmp_path / "d.db") as running:
        yield running


@pytest.fixture
def sim(bridges):
    client = SimulationClient(bridges.plt_uri)
    yield client
    client.close()


def run_script(python: Path, body: str, *args: str, timeout: float = SCRIPT_TIMEOUT) -> dict:
    """Run ``PRELUDE + body`` with the public interpreter; return its emitted lines keyed by ``step``."""
    # -I: the public venv's own packages only, never ours through PYTHONPATH.
    proc = subprocess.run(
        [str(python), "-I", "-c", PRELUDE + body, *args], capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"public client script failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {line.pop("step"): line for line in lines}


def our_client(bridges: LocalBridges) -> PlatformInterface:
    return PlatformInterface("compat_test", bridges.plt_uri, is_async=False, raise_on_error=True)


# -- 1. inputs -----------------------------------------------------------------------------------

READ_SCRIPT = r"""
emit(step="di_single", value=plt.get_di(0))
emit(step="di_forced", value=plt.get_di(1))
emit(step="di_list", value=plt.get_di(0, 1))
emit(step="di_all", value=plt.get_di(0, 1, 2, 3))
emit(step="ai_single", value=plt.get_ai(1))
emit(step="ai_sine", value=plt.get_ai(0))
emit(step="ai_list", value=plt.get_ai(1, 4))
emit(step="di_missing", value=plt.get_di(99))
emit(step="after_missing", value=plt.get_di(1))
"""


def test_public_client_reads_inputs(public_python, bridges, sim):
    sim.force("di", 1, 1)
    results = run_script(public_python, READ_SCRIPT, bridges.plt_uri)

    # One pin unwraps to a bare bool; several come back as a list in pin order.
    assert results["di_single"]["value"] is False
    assert results["di_forced"]["value"] is True
    assert results["di_list"]["value"] == [False, True]
    assert results["di_all"]["value"] == [False, True, False, False]
    # AI in engineering units: the 4-20 mA inputs sit near 12 mA, AI4-5 are 0-10 V inputs at 5 V.
    assert results["ai_single"]["value"] == pytest.approx(12.0)
    assert 11.4 <= results["ai_sine"]["value"] <= 12.6
    assert results["ai_list"]["value"] == pytest.approx([12.0, 5.0])
    # A pin that does not exist is a success=false answer: the classic client returns None
    # and the bridge keeps serving.
    assert results["di_missing"]["value"] is None
    assert results["after_missing"]["value"] is True


# -- 2. outputs ----------------------------------------------------------------------------------

WRITE_SCRIPT = r"""
emit(step="do_initial", value=plt.get_do(0, 1))
emit(step="set_do", value=plt.set_do(0, True))
emit(step="get_do", value=plt.get_do(0))
emit(step="set_do_list", value=plt.set_do([1, 3], [True, False]))
emit(step="get_do_list", value=plt.get_do(0, 1, 3))
emit(step="set_ao", value=plt.set_ao(0, 7.25))
emit(step="get_ao", value=plt.get_ao(0))
emit(step="set_ao_list", value=plt.set_ao([0, 1], [1.5, 9]))
emit(step="get_ao_list", value=plt.get_ao(0, 1))
"""


def test_public_client_sets_and_reads_outputs(public_python, bridges):
    results = run_script(public_python, WRITE_SCRIPT, bridges.plt_uri)

    assert results["do_initial"]["value"] == [False, False]
    assert results["set_do"]["value"] is True
    assert results["get_do"]["value"] is True
    assert results["set_do_list"]["value"] == [True, False]
    assert results["get_do_list"]["value"] == [True, True, False]
    assert results["set_ao"]["value"] == pytest.approx(7.25)
    assert results["get_ao"]["value"] == pytest.approx(7.25)
    assert results["set_ao_list"]["value"] == pytest.approx([1.5, 9.0])
    assert results["get_ao_list"]["value"] == pytest.approx([1.5, 9.0])

    # Our side agrees: through our client and in the simulated device itself.
    ours = our_client(bridges)
    try:
        assert ours.get_do(0, 1, 3) == [True, True, False]
        assert ours.get_ao(0, 1) == pytest.approx([1.5, 9.0])
    finally:
        ours.close()
    device = bridges.platform.device
    assert device.do[:4] == [True, True, False, False]
    assert device.ao == pytest.approx([1.5, 9.0])


SCHEDULE_SCRIPT = r"""
start = time.monotonic()
emit(step="scheduled", value=plt.schedule_do(2, True, 1))
emit(step="right_after", value=plt.get_do(2))
fired_after = None
while time.monotonic() - start < 5:
    if plt.get_do(2):
        fired_after = time.monotonic() - start
        break
    time.sleep(0.02)
emit(step="fired", after=fired_after)
"""


def test_public_client_schedule_do_fires_after_its_delay(public_python, bridges):
    results = run_script(public_python, SCHEDULE_SCRIPT, bridges.plt_uri)

    assert results["scheduled"]["value"] is True
    assert results["right_after"]["value"] is False
    fired_after = results["fired"]["after"]
    assert fired_after is not None, "DO2 was never set by schedule_do(2, True, 1)"
    assert 0.9 <= fired_after <= 2.0
    assert bridges.platform.device.do[2] is True


# -- 3. system and I/O table -----------------------------------------------------------------------

SYSTEM_SCRIPT = r"""
emit(step="voltage", value=plt.get_system_voltage())
emit(step="temperature", value=plt.get_system_temperature())
emit(step="io_table", value=plt.get_io_table())
emit(step="echo", value=plt.test_comms("compat \u2713"))
"""


def test_public_client_system_values_and_io_table(public_python, bridges):
    results = run_script(public_python, SYSTEM_SCRIPT, bridges.plt_uri)

    assert results["voltage"]["value"] == pytest.approx(24.0)
    assert results["temperature"]["value"] == pytest.approx(38.0)
    assert results["io_table"]["value"] == {
        "DI": [0, 1, 2, 3],
        "DO": [0, 1, 2, 3, 4, 5],
        "AI": [0, 1, 2, 3, 4, 5],
        "AO": [0, 1],
    }
    assert results["echo"]["value"] == "compat \u2713"


# -- 4. DI events ----------------------------------------------------------------------------------

EVENTS_SCRIPT = r"""
first_id = int(sys.argv[2])
for edge in ("rising", "falling", "both"):
    synced, events = plt.get_di_events(2, edge)
    emit(step=edge, synced=synced, events=[event(e) for e in events])
synced, events = plt.get_di_events(2, "both", events_from=first_id)
emit(step="from_first", events=[event(e) for e in events])
synced, events = plt.get_di_events(3, "both")
emit(step="other_pin", events=[event(e) for e in events])
emit(step="value", value=plt.get_di(2))
all_events = plt.get_events()
all_events = all_events if isinstance(all_events, list) else [all_events]
emit(step="all", events=[event(e) for e in all_events])
"""


def test_public_client_reads_di_events_after_forcing(public_python, bridges, sim):
    before_ms = int(time.time() * 1000)
    for level in (1, 0, 1):  # rising, falling, rising on DI2
        sim.force("di", 2, level)
    after_ms = int(time.time() * 1000)
    ours = our_client(bridges)
    try:
        _, logged = ours.get_di_events(2, "both")
    finally:
        ours.close()
    assert [e.event for e in logged] == ["DI_R", "DI_F", "DI_R"]

    results = run_script(public_python, EVENTS_SCRIPT, bridges.plt_uri, str(logged[0].event_id))

    for edge, kinds in (("rising", ["DI_R", "DI_R"]), ("falling", ["DI_F"]), ("both", ["DI_R", "DI_F", "DI_R"])):
        assert results[edge]["synced"] is True, edge
        assert [e["event"] for e in results[edge]["events"]] == kinds, edge
    both = results["both"]["events"]
    assert [e["event_id"] for e in both] == [e.event_id for e in logged]
    assert [e["value"] for e in both] == ["1", "0", "1"]
    assert {e["pin"] for e in both} == {2}
    assert all(before_ms - 50 <= e["time"] <= after_ms + 50 for e in both), (before_ms, both, after_ms)
    # events_from is an event id: only the later events come back.
    assert [e["event_id"] for e in results["from_first"]["events"]] == [e.event_id for e in logged[1:]]
    assert results["other_pin"]["events"] == []
    assert results["value"]["value"] is True
    assert results["all"]["events"] == both


# -- 5. pulse counter ------------------------------------------------------------------------------

PULSE_RATE_HZ = 20
COUNT_SECONDS = 1.5
PUBLIC_GRACE_S = 0.2  # the public PulseCounter ignores pulses this long after it starts

# Counts DI0 with the public pulse counter; stdin "count" -> {"count": n}, anything else -> the
# final count and every callback, then exit.
PULSE_SCRIPT = r"""
import asyncio

calls = []

def on_pulse(di, di_value, dt_secs, count, edge):
    calls.append({"di": di, "value": bool(di_value), "dt": dt_secs, "count": count, "edge": edge})

async def main():
    aplt = PlatformInterface("compat_pulse", uri, is_async=True)
    counter = aplt.get_new_pulse_counter(0, "rising", callback=on_pulse)
    emit(step="started")
    loop = asyncio.get_running_loop()
    while (await loop.run_in_executor(None, sys.stdin.readline)).strip() == "count":
        emit(step="count", count=counter.count)
    count = counter.count
    for task in list(aplt.pulse_counter_listeners):
        task.cancel()
    await asyncio.sleep(0.2)  # let sync callbacks queued in the executor finish
    emit(step="final", count=count, calls=calls)

asyncio.run(main())
"""


class PublicProcess:
    """A public-client script we talk to over stdin/stdout; every read is bounded."""

    def __init__(self, python: Path, body: str, *args: str):
        self.proc = subprocess.Popen(
            [str(python), "-I", "-c", PRELUDE + body, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = LineReader(self.proc)

    def expect(self, step: str, timeout: float = SCRIPT_TIMEOUT) -> dict:
        line = self.reader.json(timeout)
        if line.get("step") != step:
            self.reader.fail(f"expected {step!r} from the public client, got {line!r}")
        return line

    def ask(self, command: str, step: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.expect(step)

    def kill(self) -> None:
        stop(self.proc)


def wait_for_count(public: PublicProcess, above: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    count = public.ask("count", "count")["count"]
    while count <= above and time.monotonic() < deadline:
        time.sleep(0.02)
        count = public.ask("count", "count")["count"]
    return count


def test_public_pulse_counter_counts_a_pulse_train(public_python, tmp_path):
    """The bridge cuts the window: DI0 is frozen low, released for 1.5 s, then frozen again.

    Expected is the rising edges the bridge logged in that window, and the public counter must
    count exactly those (one probe pulse first proves its stream is up).
    """
    device = DeviceSpec.model_validate({"di": [{"signal": {"kind": "pulse", "rate_hz": PULSE_RATE_HZ}}]})
    with LocalBridges(store=tmp_path / "d.db", device=device) as bridges:
        sim = SimulationClient(bridges.plt_uri)
        ours = our_client(bridges)
        public = PublicProcess(public_python, PULSE_SCRIPT, bridges.plt_uri)
        try:
            sim.force("di", 0, 0)  # frozen: no pulses while the counter starts
            public.expect("started")
            time.sleep(PUBLIC_GRACE_S + 0.1)  # pulses inside the grace period are ignored
            baseline = 0
            for _ in range(10):  # probe pulses until one is counted: the stream is up
                sim.force("di", 0, 1)
                sim.force("di", 0, 0)
                baseline = wait_for_count(public, 0, timeout=1.0)
                if baseline:
                    break
            assert baseline == 1, f"the public pulse counter counted {baseline} of the probe pulses"
            first_id = max(e.event_id for e in ours.get_events())

            sim.release("di", 0)  # the pulse train runs ...
            time.sleep(COUNT_SECONDS)
            sim.force("di", 0, 0)  # ... and stops

            window = ours.get_events(events_from=first_id)
            expected = len([e for e in window if e.pin == 0 and e.event == "DI_R"])
            wait_for_count(public, baseline + expected - 1, timeout=5.0)
            time.sleep(0.1)  # a duplicate would show up here
            final = public.ask("stop", "final")
            public.proc.wait(SCRIPT_TIMEOUT)
        finally:
            public.kill()
            ours.close()
            sim.close()

    assert expected == pytest.approx(PULSE_RATE_HZ * COUNT_SECONDS, abs=3)
    assert final["count"] - baseline == expected

    # The callback fired for every counted pulse, with the classic arguments.
    calls = sorted(final["calls"], key=lambda c: c["count"])  # sync callbacks run in the executor
    assert [c["count"] for c in calls] == list(range(1, final["count"] + 1))
    assert {c["di"] for c in calls} == {0}
    assert {c["edge"] for c in calls} == {"rising"}
    assert {c["value"] for c in calls} == {True}
    # dt_secs is the bridge's time between rising edges: 1/rate inside the train (after the
    # probe, and the train's first edge, which may come at the release instead of on its grid).
    steady = [c["dt"] for c in calls[3:]]
    assert steady == pytest.approx([1 / PULSE_RATE_HZ] * len(steady), abs=0.002)
