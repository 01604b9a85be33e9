"""Acknowledged writes survive `kill -9` of the bridge process."""

from __future__ import annotations

import json
import threading
import time

from pydoover.docker import DeviceAgentInterface

from .conftest import BridgeProcess


def test_every_acknowledged_write_survives_kill_9(tmp_path):
    store = tmp_path / "dda.sqlite3"
    bridge = BridgeProcess(store).start()
    agent = DeviceAgentInterface("writer", bridge.uri, dda_timeout=2)
    acknowledged: dict[int, int] = {}  # message id -> seq
    stop = threading.Event()

    def write_until_killed() -> None:
        seq = 0
        while not stop.is_set():
            message_id = agent.write_to_channel("meter", {"seq": seq, f"k{seq % 10}": seq})
            if message_id is None:
                return
            acknowledged[int(message_id)] = seq
            seq += 1

    writer = threading.Thread(target=write_until_killed)
    writer.start()
    time.sleep(0.7)
    bridge.kill()
    stop.set()
    writer.join(10)
    assert len(acknowledged) > 50, "the writer should have had time to write"

    restarted = BridgeProcess(store, port=bridge.port).start()
    try:
        reader = DeviceAgentInterface("reader", restarted.uri)
        history = reader.get_messages("meter", limit=100_000)
        stored = {m.message_id: json.loads(m.data_json)["seq"] for m in history}
        missing = {mid: seq for mid, seq in acknowledged.items() if stored.get(mid) != seq}
        assert not missing, f"{len(missing)} acknowledged writes were lost"
        aggregate = reader.get_channel_aggregate("meter")
        last_seq = max(acknowledged.values())
        assert aggregate["seq"] >= last_seq
        for key in range(10):
            acked_for_key = [seq for seq in acknowledged.values() if seq % 10 == key]
            if acked_for_key:
                assert aggregate[f"k{key}"] >= max(acked_for_key)
        assert reader.write_to_channel("meter", {"after": True}) is not None
        assert int(reader.get_messages("meter", limit=1)[-1].message_id) > max(acknowledged), "ids keep increasing"
    finally:
        restarted.stop()
