"""gRPC servicer for the local DDA: protobuf in, ChannelHub call, protobuf out. No domain logic."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, cast

from google.protobuf import json_format, struct_pb2

from ..._grpc import device_agent_pb2 as pb
from ..._grpc import device_agent_pb2_grpc as pb_grpc
from ...utils.channel_values import STRUCT_MAX_DEPTH, ValueRefused, check_value, parse_json
from ..answers import error_answers
from .channels import (
    AGGREGATE_UPDATE,
    ChannelEvent,
    ChannelHub,
    InvalidRequest,
    NotFound,
    check_channel_name,
    dumps,
    load_stored,
)
from .interest import requested_paths, visible_diff
from .store import MessageRecord

log = logging.getLogger(__name__)

LOCAL_AGENT_ID = 0  # the local bridge plays one device; 1.x ids it as agent 0
NO_CLOUD = "the local DDA has no cloud connection"


def ok_header() -> pb.ResponseHeader:
    # cloud_synced=True: the local bridge plays an online device (classic UI pushes need it).
    return pb.ResponseHeader(success=True, cloud_synced=True, cloud_ready=True)


def failed_header(code: int, message: str) -> pb.ResponseHeader:
    return pb.ResponseHeader(
        success=False, cloud_synced=True, cloud_ready=True, response_code=code, response_message=message
    )


answers = error_answers(failed_header, {InvalidRequest: 400, ValueRefused: 400, NotFound: 404})


def name_error(name: str) -> str | None:
    try:
        check_channel_name(name)
    except InvalidRequest as exc:
        return str(exc)
    return None


def iso_timestamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def request_value(request: Any) -> Any:
    """The JSON value of a 1.x request: ``data_json`` when set, else the ``data`` Struct."""
    if request.data_json:
        try:
            return parse_json(request.data_json, "data_json")
        except ValueRefused:
            raise
        except ValueError as exc:
            raise InvalidRequest(f"data_json is not valid JSON: {exc}") from None
    if not request.HasField("data"):
        return {}
    try:
        return json_format.MessageToDict(request.data)
    except (ValueError, RecursionError) as exc:  # e.g. NaN, which JSON cannot carry
        raise InvalidRequest(f"data cannot be read as JSON: {exc}") from None


def reject_files(request: Any) -> None:
    if len(request.files):
        raise InvalidRequest("file attachments are not supported by the local DDA; send the data without files")


def to_struct(value: Any) -> struct_pb2.Struct | None:
    """The value as a Struct; None when it is not an object or (stored by an older version) no Struct can hold it."""
    if not isinstance(value, dict):
        return None
    struct = struct_pb2.Struct()
    try:
        check_value(value, max_depth=STRUCT_MAX_DEPTH)
        struct.update(value)
    except (ValueError, TypeError, OverflowError, RecursionError):
        log.debug("a stored value cannot be served as a Struct; serving data_json only", exc_info=True)
        return None
    return struct


def message_dict(record: MessageRecord) -> dict:
    return {
        "id": record.id,
        "author_id": 0,
        "channel": {"agent_id": LOCAL_AGENT_ID, "name": record.channel},
        "data": load_stored(record.payload),
        "attachments": [],
    }


def to_message(record: MessageRecord) -> pb.Message:
    return pb.Message(
        message_id=record.id,
        channel=pb.ChannelID(agent_id=LOCAL_AGENT_ID, name=record.channel),
        data=to_struct(load_stored(record.payload)),
        data_json=record.payload,
    )


def to_aggregate(value: Any, updated_ms: int | None) -> pb.Aggregate:
    aggregate = pb.Aggregate(data=to_struct(value), data_json=dumps(value))
    if updated_ms is not None:
        aggregate.last_updated = updated_ms
    return aggregate


def classic_update(event: ChannelEvent, diff: Any) -> pb.ChannelSubscriptionResponse:
    """One classic subscription response: the diff that was applied (or the part of it the
    subscriber asked for), in ``message.payload``."""
    message = event.message
    details = pb.MessageDetails(
        message_id=str(message.id) if message else "",
        channel_name=event.channel,
        payload=dumps(diff),
        timestamp=iso_timestamp(event.updated_ms),
    )
    return pb.ChannelSubscriptionResponse(
        response_header=ok_header(), channel=pb.ChannelDetails(channel_name=event.channel), message=details
    )


def event_payload(event: ChannelEvent) -> dict:
    channel = {"agent_id": LOCAL_AGENT_ID, "name": event.channel}
    if event.name == AGGREGATE_UPDATE:
        return {
            "author_id": 0,
            "organisation_id": 0,
            "channel": channel,
            "aggregate": {"data": event.aggregate, "attachments": [], "last_updated": event.updated_ms},
            "request_data": {"data": event.request_data, "attachments": []},
        }
    if event.name == "MessageUpdate":
        return {
            "author_id": 0,
            "organisation_id": 0,
            "channel": channel,
            "message": message_dict(cast(MessageRecord, event.message)),  # set on message events
            "request_data": event.request_data,
        }
    return {"message": message_dict(cast(MessageRecord, event.message))}


def event_response(event: ChannelEvent, wire_format: int) -> pb.ChannelEventSubscriptionResponse:
    payload = event_payload(event)
    response = pb.ChannelEventSubscriptionResponse(
        response_header=ok_header(), event_name=event.name, channel_name=event.channel
    )
    if wire_format != pb.WIRE_FORMAT_STRUCT_ONLY:
        response.data_json = dumps(payload)
    if wire_format != pb.WIRE_FORMAT_JSON_ONLY and (struct := to_struct(payload)) is not None:
        response.data.CopyFrom(struct)
    return response


class DeviceAgentServicer(pb_grpc.deviceAgentServicer):
    def __init__(self, hub: ChannelHub):
        self.hub = hub

    # -- classic --------------------------------------------------------------------------

    @answers(pb.TestCommsResponse)
    async def TestComms(self, request, context):
        return pb.TestCommsResponse(response_header=ok_header(), response=request.message)

    @answers(pb.ChannelDetailsResponse)
    async def GetChannelDetails(self, request, context):
        value, _ = self.hub.aggregate(request.channel_name)
        channel = pb.ChannelDetails(channel_name=request.channel_name, aggregate=dumps(value))
        return pb.ChannelDetailsResponse(response_header=ok_header(), channel=channel)

    async def GetChannelSubscription(self, request, context):
        name = request.channel_name
        if error := name_error(name):
            yield pb.ChannelSubscriptionResponse(response_header=failed_header(400, error))
            return
        paths = requested_paths(context.invocation_metadata())
        with self.hub.subscribe(name, kinds=frozenset({AGGREGATE_UPDATE})) as subscriber:
            value, _ = self.hub.aggregate(name)
            yield pb.ChannelSubscriptionResponse(
                response_header=ok_header(), channel=pb.ChannelDetails(channel_name=name, aggregate=dumps(value))
            )
            async for event in subscriber.events():
                send, diff = visible_diff(event.diff, paths)
                if send:
                    yield classic_update(event, diff)

    @answers(pb.ChannelWriteResponse)
    async def WriteToChannel(self, request, context):
        save_log = request.save_log if request.HasField("save_log") else True
        record = self.hub.write(request.channel_name, request.message_payload, request.header.app_id or None, save_log)
        return pb.ChannelWriteResponse(response_header=ok_header(), message_id=str(record.id))

    @answers(pb.DebugInfoResponse)
    async def GetDebugInfo(self, request, context):
        active = set(self.hub.active_channels())
        channels = [
            pb.DebugChannelState(
                channel_name=name,
                active=name in active,
                local_updated_at=(self.hub.aggregate(name)[1] or 0) / 1000,
            )
            for name in self.hub.channel_names()
        ]
        return pb.DebugInfoResponse(response_header=ok_header(), active_callbacks=sorted(active), channels=channels)

    @answers(pb.TempAPITokenResponse)
    async def GetTempAPIToken(self, request, context):
        return pb.TempAPITokenResponse(response_header=failed_header(501, f"{NO_CLOUD}, so it cannot issue API tokens"))

    # -- 1.x ------------------------------------------------------------------------------

    async def ChannelEventSubscription(self, request, context):
        # Every write goes through this bridge, so a subscriber never misses anything the
        # cloud would replay: replay_missed_messages has nothing to send.
        if error := name_error(request.channel_name):
            yield pb.ChannelEventSubscriptionResponse(response_header=failed_header(400, error))
            return
        with self.hub.subscribe(request.channel_name) as subscriber:
            async for event in subscriber.events():
                yield event_response(event, request.wire_format)

    @answers(pb.GetAggregateResponse)
    async def GetAggregate(self, request, context):
        value, updated = self.hub.aggregate(request.channel_name)
        return pb.GetAggregateResponse(response_header=ok_header(), aggregate=to_aggregate(value, updated))

    @answers(pb.TurnCredentialResponse)
    async def GetTurnCredential(self, request, context):
        return pb.TurnCredentialResponse(
            response_header=failed_header(501, f"{NO_CLOUD}, so it has no TURN credentials")
        )

    @answers(pb.CreateMessageResponse)
    async def CreateMessage(self, request, context):
        reject_files(request)
        record = self.hub.create_message(
            request.channel_name, request_value(request), request.header.app_id or None, request.timestamp or None
        )
        return pb.CreateMessageResponse(response_header=ok_header(), message_id=record.id)

    @answers(pb.UpdateMessageResponse)
    async def UpdateMessage(self, request, context):
        reject_files(request)
        try:
            message_id = int(request.message_id)
        except ValueError:
            raise InvalidRequest(f"message_id {request.message_id!r} is not a message id (expected digits)") from None
        record = self.hub.update_message(request.channel_name, message_id, request_value(request), request.replace_data)
        return pb.UpdateMessageResponse(response_header=ok_header(), message=to_message(record))

    @answers(pb.UpdateAggregateResponse)
    async def UpdateAggregate(self, request, context):
        reject_files(request)
        value, updated = self.hub.update_aggregate(
            request.channel_name,
            request_value(request),
            request.header.app_id or None,
            replace_data=request.replace_data,
            replace_keys=tuple(request.replace_keys),
            save_log=request.save_log,
        )
        response = pb.UpdateAggregateResponse(response_header=ok_header())
        if not request.HasField("return_aggregate") or request.return_aggregate:
            response.aggregate.CopyFrom(to_aggregate(value, updated))
        return response

    @answers(pb.GetMessageResponse)
    async def GetMessage(self, request, context):
        record = self.hub.message(request.channel_name, request.message_id)
        return pb.GetMessageResponse(response_header=ok_header(), message=to_message(record))

    @answers(pb.GetMessagesResponse)
    async def GetMessages(self, request, context):
        records = self.hub.messages(
            request.channel_name,
            after=request.after if request.HasField("after") else None,
            before=request.before if request.HasField("before") else None,
            limit=request.limit if request.HasField("limit") else None,
        )
        return pb.GetMessagesResponse(response_header=ok_header(), messages=[to_message(r) for r in records])

    @answers(pb.ListChannelsResponse)
    async def ListChannels(self, request, context):
        channels = []
        for name in self.hub.channel_names():
            details = pb.ChannelDetails(channel_name=name, agent_id=LOCAL_AGENT_ID)
            if request.include_aggregate:
                details.aggregate = dumps(self.hub.aggregate(name)[0])
            channels.append(details)
        return pb.ListChannelsResponse(response_header=ok_header(), channels=channels, from_cloud=False)

    @answers(pb.FetchAttachmentResponse)
    async def FetchAttachment(self, request, context):
        raise NotFound(
            f"attachment {request.attachment.url or request.attachment.filename!r}: the local DDA stores no attachments"
        )

    @answers(pb.SendOneShotMessageResponse)
    async def SendOneShotMessage(self, request, context):
        ts_ms = request.timestamp if request.HasField("timestamp") else None
        self.hub.one_shot(request.channel_name, request_value(request), request.header.app_id or None, ts_ms)
        return pb.SendOneShotMessageResponse(response_header=ok_header())
