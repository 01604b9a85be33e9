"""`doover channel publish` refuses JSON no channel can store (exit 2) before sending anything."""

from __future__ import annotations

import pytest

from pydoover.docker import DeviceAgentInterface


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ('{"a": NaN, "b": 1}', "NaN is not a JSON number"),
        ('{"b": 1e999}', "PAYLOAD.b is inf"),
        ("[" * 40 + "]" * 40, "nests deeper than 30 levels"),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
    ],
    ids=["nan", "1e999", "40-deep", "100k-deep"],
)
def test_publish_refuses_values_no_channel_can_store(doover, bridges, payload, reason):
    code, out, err = doover("channel", "publish", "tank", payload, "--dda-uri", bridges.dda_uri)
    assert code == 2 and out == ""
    assert err.startswith("doover: error: ") and reason in err and len(err.strip().splitlines()) == 1
    assert DeviceAgentInterface("t", bridges.dda_uri).get_channel_aggregate("tank") == {}, "nothing was published"
