"""Every DDA rpc, called with the raw generated stubs against a real local bridge."""

from __future__ import annotations

import json
import threading

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from pydoover._grpc import device_agent_pb2 as pb
from pydoover._grpc import device_agent_pb2_grpc as pb_grpc


@pytest.fixture
def stub(bridges):
    with grpc.insecure_channel(bridges.dda_uri) as channel:
        yield pb_grpc.deviceAgentStub(channel)


def write(stub, channel, payload, **kwargs):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return stub.WriteToChannel(pb.ChannelWriteRequest(channel_name=channel, message_payload=text, **kwargs), timeout=5)


def aggregate(stub, channel):
    response = stub.GetChannelDetails(pb.ChannelDetailsRequest(channel_name=channel), timeout=5)
    assert response.response_header.success
    return json.loads(response.channel.aggregate)


def test_test_comms_echoes_and_reports_an_online_device(stub):
    response = stub.TestComms(pb.TestCommsRequest(message="hello"), timeout=5)
    assert response.response == "hello"
    assert response.response_header.success and response.response_header.cloud_synced


def test_health_service_reports_serving(bridges):
    with grpc.insecure_channel(bridges.dda_uri) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for service in ("", "doover.DeviceAgent"):
            status = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status
            assert status == health_pb2.HealthCheckResponse.SERVING


def test_unknown_channel_has_an_empty_aggregate(stub):
    assert aggregate(stub, "never_written") == {}


def test_write_deep_merges_and_null_deletes(stub):
    first = write(stub, "tank", {"level": 3, "pump": {"on": True, "rpm": 900}})
    second = write(stub, "tank", {"pump": {"on": None, "rpm": 1200}})
    assert first.response_header.success and second.response_header.success
    assert int(second.message_id) > int(first.message_id), "message ids are time ordered"
    assert aggregate(stub, "tank") == {"level": 3, "pump": {"rpm": 1200}}


def test_plain_text_payload_is_stored_as_the_value(stub):
    assert write(stub, "alerts", "pump failed").response_header.success
    assert aggregate(stub, "alerts") == "pump failed"


@pytest.mark.parametrize(
    ("channel", "expected"),
    [("", "empty"), ("bad name", "whitespace"), ("x" * 300, "limit is 200")],
)
def test_malformed_channel_names_are_refused_and_nothing_changes(stub, channel, expected):
    write(stub, "safe", {"kept": True})
    response = write(stub, channel, {"a": 1})
    assert not response.response_header.success
    assert expected in response.response_header.response_message
    assert aggregate(stub, "safe") == {"kept": True}


def test_oversized_payload_is_refused_without_touching_the_aggregate(stub):
    write(stub, "big", {"kept": True})
    response = write(stub, "big", {"blob": "x" * (2 * 1024 * 1024)})
    assert not response.response_header.success
    assert "limit" in response.response_header.response_message
    assert aggregate(stub, "big") == {"kept": True}
    assert stub.TestComms(pb.TestCommsRequest(message="still up"), timeout=5).response == "still up"


def test_subscription_sends_current_state_at_once_then_each_written_diff(stub):
    write(stub, "cfg", {"a": 1})
    stream = stub.GetChannelSubscription(pb.ChannelSubscriptionRequest(channel_name="cfg"), timeout=10)
    first = next(stream)
    assert first.response_header.success and first.response_header.cloud_synced
    assert json.loads(first.channel.aggregate) == {"a": 1}
    write(stub, "cfg", {"b": {"c": 2}})
    update = next(stream)
    assert json.loads(update.message.payload) == {"b": {"c": 2}}
    assert update.message.channel_name == "cfg" and update.message.message_id
    stream.cancel()


def test_subscription_to_a_channel_that_does_not_exist_yet_answers_immediately(stub):
    stream = stub.GetChannelSubscription(pb.ChannelSubscriptionRequest(channel_name="ui_cmds"), timeout=5)
    first = next(stream)
    assert first.response_header.success and json.loads(first.channel.aggregate) == {}
    stream.cancel()


def test_debug_info_lists_channels_and_active_subscriptions(stub):
    write(stub, "tank", {"level": 1})
    stream = stub.GetChannelSubscription(pb.ChannelSubscriptionRequest(channel_name="tank"), timeout=10)
    next(stream)
    info = stub.GetDebugInfo(pb.DebugInfoRequest(), timeout=5)
    assert "tank" in info.active_callbacks
    assert {c.channel_name for c in info.channels} >= {"tank"}
    stream.cancel()


def test_temp_api_token_is_refused_with_a_reason(stub):
    response = stub.GetTempAPIToken(pb.TempAPITokenRequest(), timeout=5)
    assert not response.response_header.success
    assert "no cloud" in response.response_header.response_message


# -- 1.x rpcs over the same store ------------------------------------------------------


def test_get_aggregate_sees_classic_writes(stub):
    write(stub, "tank", {"level": 2})
    response = stub.GetAggregate(pb.GetAggregateRequest(channel_name="tank"), timeout=5)
    assert json.loads(response.aggregate.data_json) == {"level": 2}
    assert response.aggregate.data["level"] == 2
    assert response.aggregate.last_updated > 0


def test_update_aggregate_merges_replaces_keys_and_feeds_classic_subscribers(stub):
    write(stub, "ui_state", {"state": {"children": {"app": {"a": 1, "b": 2}}, "other": 1}})
    stream = stub.GetChannelSubscription(pb.ChannelSubscriptionRequest(channel_name="ui_state"), timeout=10)
    next(stream)
    request = pb.UpdateAggregateRequest(
        channel_name="ui_state",
        data_json=json.dumps({"state": {"children": {"app": {"c": 3}}}}),
        replace_keys=["state.children.app"],
    )
    response = stub.UpdateAggregate(request, timeout=5)
    expected = {"state": {"children": {"app": {"c": 3}}, "other": 1}}
    assert json.loads(response.aggregate.data_json) == expected
    diff = json.loads(next(stream).message.payload)
    assert diff == {"state": {"children": {"app": {"a": None, "b": None, "c": 3}}}}
    stream.cancel()
    quiet = stub.UpdateAggregate(
        pb.UpdateAggregateRequest(channel_name="ui_state", data_json="{}", return_aggregate=False), timeout=5
    )
    assert quiet.response_header.success and not quiet.HasField("aggregate")


def test_messages_create_read_update_and_page(stub):
    ids = [
        stub.CreateMessage(
            pb.CreateMessageRequest(channel_name="log", data_json=json.dumps({"n": n})), timeout=5
        ).message_id
        for n in range(5)
    ]
    assert ids == sorted(ids)
    assert aggregate(stub, "log") == {}, "CreateMessage logs without touching the aggregate"
    one = stub.GetMessage(pb.GetMessageRequest(channel_name="log", message_id=ids[2]), timeout=5).message
    assert json.loads(one.data_json) == {"n": 2} and one.channel.name == "log"
    page = stub.GetMessages(pb.GetMessagesRequest(channel_name="log", after=ids[1], limit=2), timeout=5).messages
    assert [m.message_id for m in page] == ids[2:4]
    newest = stub.GetMessages(pb.GetMessagesRequest(channel_name="log", limit=2), timeout=5).messages
    assert [m.message_id for m in newest] == ids[3:]
    updated = stub.UpdateMessage(
        pb.UpdateMessageRequest(channel_name="log", message_id=str(ids[0]), data_json=json.dumps({"ok": True})),
        timeout=5,
    ).message
    assert json.loads(updated.data_json) == {"n": 0, "ok": True}
    missing = stub.GetMessage(pb.GetMessageRequest(channel_name="log", message_id=1), timeout=5)
    assert not missing.response_header.success and missing.response_header.response_code == 404


def test_list_channels_includes_aggregates_on_request(stub):
    write(stub, "a", {"x": 1})
    stub.CreateMessage(pb.CreateMessageRequest(channel_name="b", data_json="{}"), timeout=5)
    listing = stub.ListChannels(pb.ListChannelsRequest(include_aggregate=True), timeout=5)
    by_name = {c.channel_name: c for c in listing.channels}
    assert set(by_name) == {"a", "b"}
    assert json.loads(by_name["a"].aggregate) == {"x": 1}


def test_event_subscription_streams_every_kind_of_event(stub):
    stream = stub.ChannelEventSubscription(
        pb.ChannelEventSubscriptionRequest(channel_name="ev", wire_format=pb.WIRE_FORMAT_JSON_ONLY), timeout=10
    )
    received = []

    def read(n):
        for _ in range(n):
            event = next(stream)
            received.append((event.event_name, json.loads(event.data_json)))

    reader = threading.Thread(target=read, args=(4,))
    reader.start()
    # Give the server a moment to register the subscriber before writing.
    stub.TestComms(pb.TestCommsRequest(message="sync"), timeout=5)
    import time

    time.sleep(0.2)
    write(stub, "ev", {"a": 1})
    stub.SendOneShotMessage(
        pb.SendOneShotMessageRequest(channel_name="ev", data_json=json.dumps({"live": 1})), timeout=5
    )
    stub.UpdateAggregate(pb.UpdateAggregateRequest(channel_name="ev", data_json=json.dumps({"b": 2})), timeout=5)
    reader.join(10)
    stream.cancel()
    names = [name for name, _ in received]
    assert names == ["MessageCreate", "AggregateUpdate", "OneShotMessage", "AggregateUpdate"]
    assert received[0][1]["message"]["data"] == {"a": 1}
    assert received[0][1]["message"]["channel"]["name"] == "ev"
    assert received[3][1]["aggregate"]["data"] == {"a": 1, "b": 2}
    assert stub.GetMessages(pb.GetMessagesRequest(channel_name="ev"), timeout=5).messages[-1].data_json != '{"live":1}'


def test_attachments_and_turn_credentials_are_refused_with_reasons(stub):
    files = [pb.File(filename="a.txt", data=b"x")]
    create = stub.CreateMessage(pb.CreateMessageRequest(channel_name="c", data_json="{}", files=files), timeout=5)
    assert not create.response_header.success and "attachments" in create.response_header.response_message
    fetch = stub.FetchAttachment(pb.FetchAttachmentRequest(attachment=pb.Attachment(url="x")), timeout=5)
    assert not fetch.response_header.success
    turn = stub.GetTurnCredential(pb.TurnCredentialRequest(camera_name="cam"), timeout=5)
    assert not turn.response_header.success


def test_malformed_1x_requests_are_answered_not_crashed(stub):
    bad_json = stub.CreateMessage(pb.CreateMessageRequest(channel_name="c", data_json="{nope"), timeout=5)
    assert not bad_json.response_header.success and "not valid JSON" in bad_json.response_header.response_message
    bad_id = stub.UpdateMessage(pb.UpdateMessageRequest(channel_name="c", message_id="abc", data_json="{}"), timeout=5)
    assert not bad_id.response_header.success and "message id" in bad_id.response_header.response_message
    assert stub.TestComms(pb.TestCommsRequest(message="ok"), timeout=5).response == "ok"
