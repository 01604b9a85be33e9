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
from tests.support.public_pydoover import IndexUnreachable, venv_python

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


@pytest.fixture(scope="module")
def public_python() -> Path:
    """The public client's interpreter; skip only when the package index cannot be reached."""
    try:
        return venv_python()
    except IndexUnreachable as exc:
        pytest.skip(f"public pydoover client unavailable: {exc}")


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
    proc = subprocess.run(
        [str(python), "-c", PRELUDE + body, *args], capture_output=True, text=True, timeout=timeout
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

PULSE_SCRIPT = r"""
import asyncio

calls = []

def on_pulse(di, di_value, dt_secs, count, edge):
    calls.append({"di": di, "value": bool(di_value), "dt": dt_secs, "count": count, "edge": edge})

async def main(seconds):
    aplt = PlatformInterface("compat_pulse", uri, is_async=True)
    start_ms = int(time.time() * 1000)
    counter = aplt.get_new_pulse_counter(0, "rising", callback=on_pulse)
    await asyncio.sleep(seconds)
    stop_ms = int(time.time() * 1000)
    count = counter.count
    for task in list(aplt.pulse_counter_listeners):
        task.cancel()
    await asyncio.sleep(0.2)  # let sync callbacks queued in the executor finish
    emit(step="pulses", start_ms=start_ms, stop_ms=stop_ms, count=count, calls=calls)

asyncio.run(main(float(sys.argv[2])))
"""


def test_public_pulse_counter_counts_a_pulse_train(public_python, tmp_path):
    device = DeviceSpec.model_validate({"di": [{"signal": {"kind": "pulse", "rate_hz": PULSE_RATE_HZ}}]})
    with LocalBridges(store=tmp_path / "d.db", device=device) as bridges:
        results = run_script(public_python, PULSE_SCRIPT, bridges.plt_uri, str(COUNT_SECONDS))
        pulses = results["pulses"]
        ours = our_client(bridges)
        try:
            _, rising = ours.get_di_events(0, "rising", events_from=pulses["start_ms"])
        finally:
            ours.close()

    count, calls = pulses["count"], pulses["calls"]
    window_s = (pulses["stop_ms"] - pulses["start_ms"]) / 1000
    # The bridge's own log bounds the count: at most the rising edges while the counter ran,
    # at least those after the grace period and stream set-up (generous for a loaded machine).
    logged = [e.time for e in rising if e.time <= pulses["stop_ms"]]
    settled = [t for t in logged if t >= pulses["start_ms"] + (PUBLIC_GRACE_S + 0.4) * 1000]
    assert len(logged) == pytest.approx(PULSE_RATE_HZ * window_s, abs=2)
    assert len(settled) - 2 <= count <= len(logged) + 1, (count, len(settled), len(logged), window_s)
    assert count >= PULSE_RATE_HZ * (COUNT_SECONDS - PUBLIC_GRACE_S) * 0.6

    # The callback fired for the counted pulses, with the classic arguments.
    assert calls, "the pulse counter callback never fired"
    assert len(calls) >= count - 2
    # Sync callbacks run in the executor, so they may land out of order; each count comes once.
    assert sorted(c["count"] for c in calls) == list(range(1, len(calls) + 1))
    assert {c["di"] for c in calls} == {0}
    assert {c["edge"] for c in calls} == {"rising"}
    assert {c["value"] for c in calls} == {True}
    steady = [c["dt"] for c in sorted(calls, key=lambda c: c["count"])[1:]]
    assert steady and sum(steady) / len(steady) == pytest.approx(1 / PULSE_RATE_HZ, rel=0.1)
