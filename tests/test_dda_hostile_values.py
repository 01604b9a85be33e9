"""Values the DDA could store but not serve back are refused when written (400), and what is
stored stays readable through every read path."""

from __future__ import annotations

import json
import sqlite3
import threading

import grpc
import pytest
from google.protobuf import struct_pb2

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc
from pydoover.testing import LocalBridges
from pydoover.utils.channel_values import MAX_DEPTH

U64_MAX = 2**64 - 1


@pytest.fixture
def stub(bridges):
    with grpc.insecure_channel(bridges.dda_uri) as channel:
        yield pb_grpc.deviceAgentStub(channel)


def nested(depth: int, leaf=1):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_text(depth: int) -> str:
    return "[" * depth + "]" * depth


WRITES = {
    "WriteToChannel": lambda stub, text: stub.WriteToChannel(
        pb.ChannelWriteRequest(channel_name="tank", message_payload=text), timeout=10
    ),
    "CreateMessage": lambda stub, text: stub.CreateMessage(
        pb.CreateMessageRequest(channel_name="tank", data_json=text), timeout=10
    ),
    "UpdateAggregate": lambda stub, text: stub.UpdateAggregate(
        pb.UpdateAggregateRequest(channel_name="tank", data_json=text), timeout=10
    ),
    "SendOneShotMessage": lambda stub, text: stub.SendOneShotMessage(
        pb.SendOneShotMessageRequest(channel_name="tank", data_json=text), timeout=10
    ),
}

HOSTILE = {
    "40 deep": (json.dumps(nested(40)), "nests deeper than 30"),
    "100k deep": (deep_text(100_000), "nests too deeply"),
    "400 digits": ('{"n": ' + "9" * 400 + "}", "too large"),
    "NaN": ('{"a": NaN}', "NaN"),
    "Infinity": ('{"b": -Infinity}', "Infinity"),
    "1e999": ('{"b": 1e999}', "inf"),
    "lone surrogate": ('{"s": "\\ud800"}', "surrogate"),
}


def readable_state(stub, channel: str = "tank"):
    aggregate = stub.GetAggregate(pb.GetAggregateRequest(channel_name=channel), timeout=5)
    messages = stub.GetMessages(pb.GetMessagesRequest(channel_name=channel), timeout=5)
    assert aggregate.response_header.success, aggregate.response_header.response_message
    assert messages.response_header.success, messages.response_header.response_message
    return json.loads(aggregate.aggregate.data_json), [json.loads(m.data_json) for m in messages.messages]


@pytest.mark.parametrize("rpc", list(WRITES))
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_value_no_read_could_serve_is_refused_with_the_reason(stub, rpc, case):
    text, reason = HOSTILE[case]
    WRITES["WriteToChannel"](stub, json.dumps({"level": 3}))
    before = readable_state(stub)
    response = WRITES[rpc](stub, text)
    assert not response.response_header.success
    assert response.response_header.response_code == 400
    assert reason in response.response_header.response_message
    assert readable_state(stub) == before


def test_the_deepest_value_accepted_is_served_by_every_read_path(stub):
    value = nested(MAX_DEPTH)
    events = stub.ChannelEventSubscription(pb.ChannelEventSubscriptionRequest(channel_name="tank"), timeout=10)
    received = []
    reader = threading.Thread(target=lambda: received.extend(next(events) for _ in range(2)))
    reader.start()
    stub.TestComms(pb.TestCommsRequest(message="sync"), timeout=5)
    import time

    time.sleep(0.2)  # let the subscriber register
    assert WRITES["WriteToChannel"](stub, json.dumps(value)).response_header.success
    reader.join(10)
    events.cancel()
    # The generated client parses each Struct: an event too deep to parse would have raised.
    assert [event.event_name for event in received] == ["MessageCreate", "AggregateUpdate"]
    assert json.loads(received[1].data_json)["aggregate"]["data"] == value
    assert readable_state(stub) == (value, [value])
    assert json.loads(stub.GetChannelDetails(pb.ChannelDetailsRequest(channel_name="tank")).channel.aggregate) == value


def test_a_merge_that_would_nest_too_deep_is_refused(stub):
    stub.UpdateAggregate(pb.UpdateAggregateRequest(channel_name="tank", data_json='{"x": 1}'), timeout=5)
    path = ".".join(["k"] * 40)
    response = stub.UpdateAggregate(
        pb.UpdateAggregateRequest(channel_name="tank", data_json='{"k": 1}', replace_keys=[path]), timeout=5
    )
    assert response.response_header.response_code == 400
    assert "nests deeper" in response.response_header.response_message
    assert readable_state(stub)[0] == {"x": 1}


def test_a_struct_with_nan_is_refused(stub):
    data = struct_pb2.Struct()
    data.update({"a": float("nan")})
    response = stub.CreateMessage(pb.CreateMessageRequest(channel_name="tank", data=data), timeout=5)
    assert response.response_header.response_code == 400


@pytest.mark.parametrize(
    "call",
    [
        lambda stub: stub.GetMessages(pb.GetMessagesRequest(channel_name="tank", after=U64_MAX), timeout=5),
        lambda stub: stub.GetMessages(pb.GetMessagesRequest(channel_name="tank", before=U64_MAX), timeout=5),
        lambda stub: stub.GetMessage(pb.GetMessageRequest(channel_name="tank", message_id=U64_MAX), timeout=5),
        lambda stub: stub.CreateMessage(
            pb.CreateMessageRequest(channel_name="tank", data_json="{}", timestamp=U64_MAX), timeout=5
        ),
        lambda stub: stub.SendOneShotMessage(
            pb.SendOneShotMessageRequest(channel_name="tank", data_json="{}", timestamp=U64_MAX), timeout=5
        ),
        lambda stub: stub.UpdateMessage(
            pb.UpdateMessageRequest(channel_name="tank", message_id="9" * 30, data_json="{}"), timeout=5
        ),
    ],
    ids=["after", "before", "message_id", "timestamp", "one_shot_timestamp", "update_message_id"],
)
def test_numbers_beyond_what_the_store_holds_are_400(stub, call):
    response = call(stub)
    assert response.response_header.response_code == 400, response.response_header.response_message
    assert "out of range" in response.response_header.response_message


def test_a_value_stored_by_an_older_version_stays_readable(tmp_path):
    """A store may already hold a value since refused: it is served as data_json, not a 500."""
    store = tmp_path / "dda.sqlite3"
    with LocalBridges(store=store) as running, grpc.insecure_channel(running.dda_uri) as channel:
        pb_grpc.deviceAgentStub(channel).WriteToChannel(
            pb.ChannelWriteRequest(channel_name="tank", message_payload="{}"), timeout=5
        )
    deep = json.dumps(nested(60))
    with sqlite3.connect(store) as db:
        db.execute("UPDATE channels SET aggregate = ?", (deep,))
        db.execute("UPDATE messages SET payload = ?", (deep,))
    with LocalBridges(store=store) as running, grpc.insecure_channel(running.dda_uri) as channel:
        stub = pb_grpc.deviceAgentStub(channel)
        assert readable_state(stub) == (nested(60), [nested(60)])
        assert WRITES["WriteToChannel"](stub, '{"fresh": 1}').response_header.response_code == 400


def test_a_struct_too_deep_to_decode_is_invalid_argument_not_unknown(stub):
    request = pb.CreateMessageRequest(channel_name="tank")
    request.data.update({"deep": nested(60)})  # the client encodes what no decoder accepts
    with pytest.raises(grpc.RpcError) as refused:
        stub.CreateMessage(request, timeout=5)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "cannot be decoded" in refused.value.details()
    assert readable_state(stub) == ({}, [])
