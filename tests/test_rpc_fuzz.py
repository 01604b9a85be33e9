"""Every rpc of every bridge, called with malformed requests (seeded, bounded): a bad request is
answered, never with a 500, UNKNOWN or INTERNAL, and what was stored before is intact after.

Requests are built from each method's protobuf descriptor, with every field drawn from a pool of
hostile values for its type (empty, huge, negative, NaN, infinity, 2**64-1, deep JSON, bad
Unicode...). Hosts and serial ports come from local-only pools: the fuzz never leaves the machine.
"""

from __future__ import annotations

import json
import math
import random
from types import ModuleType

import grpc
import pytest
from google.protobuf import message_factory, struct_pb2
from google.protobuf.descriptor import FieldDescriptor

from pydoover._grpc import (
    app_controller_pb2,
    camera_iface_pb2,
    device_agent_pb2,
    doover_sim_pb2,
    modbus_iface_pb2,
    platform_iface_pb2,
)
from pydoover._grpc import device_agent_pb2 as dda
from pydoover.testing import LocalBridges

SEED = 16
REQUESTS_PER_RPC = 12
STREAM_WAIT_S = 0.5  # a stream may rightly send nothing for a while: wait this long for its first answer
UNARY_DEADLINE_S = 20.0
SERVICES: list[tuple[ModuleType, str]] = [  # (generated module, the LocalBridges attribute with its uri)
    (device_agent_pb2, "dda_uri"),
    (platform_iface_pb2, "plt_uri"),
    (doover_sim_pb2, "plt_uri"),
    (modbus_iface_pb2, "modbus_uri"),
    (app_controller_pb2, "apps_uri"),
    (camera_iface_pb2, "cam_uri"),
]
KEPT = {"level": 3.5, "pump": {"on": True}}

F = FieldDescriptor
INTS = {
    F.TYPE_INT32: (-(2**31), 2**31 - 1),
    F.TYPE_SINT32: (-(2**31), 2**31 - 1),
    F.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    F.TYPE_INT64: (-(2**63), 2**63 - 1),
    F.TYPE_SINT64: (-(2**63), 2**63 - 1),
    F.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    F.TYPE_UINT32: (0, 2**32 - 1),
    F.TYPE_FIXED32: (0, 2**32 - 1),
    F.TYPE_UINT64: (0, 2**64 - 1),
    F.TYPE_FIXED64: (0, 2**64 - 1),
}
FLOATS = [math.nan, math.inf, -math.inf, 1e308, -1e308, -0.0, 5e-324, -1.0, 0.0, 1e9, 2.5]
STRINGS = [
    "",
    " ",
    "x" * 300,
    "bad name",
    "\x00",
    "tab\there",
    "💥",
    "{nope",
    '{"a": NaN}',
    '{"b": 1e999}',
    "[" * 5000 + "]" * 5000,
    "[" * 40 + "]" * 40,
    '{"n": ' + "9" * 400 + "}",
    '"\\ud800"',
    json.dumps({"a": [1, {"b": None}]}),
    "9" * 30,
    "-1",
    "di",
    "ai",
    "x",
    "tank",
    "ABCD",
]
# Numeric or /etc/hosts names only: nothing here makes a DNS query.
LOCAL_HOSTS = ["", "127.0.0.1", "0.0.0.0", "::1", "localhost", "127.0.0.2"]
SERIAL_PORTS = ["", "/dev/null", "/dev/doover-missing", "loop://", "socket://127.0.0.1:1", "spy://", "rfc2217://"]
LOCAL_ONLY = {"ip": LOCAL_HOSTS, "host": LOCAL_HOSTS, "port": SERIAL_PORTS, "uri": LOCAL_HOSTS}
KEPT_CHANNEL = "kept"


def hostile_int(rng: random.Random, kind: int) -> int:
    low, high = INTS[kind]
    return rng.choice([low, high, 0, -1 if low < 0 else 1, 1, 2, 255, 65535, 65536, rng.randint(low, high)])


def hostile_struct(rng: random.Random) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    deep: object = 1
    for _ in range(rng.choice([1, 20, 40, 60])):  # 60: past what protobuf decodes
        deep = {"a": deep}
    struct.update(rng.choice([{"deep": deep}, {"n": rng.choice(FLOATS)}, {"s": rng.choice(STRINGS)}, {}]))
    return struct


def fill(rng: random.Random, message, depth: int = 0) -> None:
    """Set a random subset of ``message``'s fields to hostile values (one field per oneof)."""
    chosen_oneofs: set[str] = set()
    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None:
            if field.containing_oneof.name in chosen_oneofs or rng.random() < 0.5:
                continue
            chosen_oneofs.add(field.containing_oneof.name)
        elif rng.random() < 0.25:
            continue
        if field.is_repeated:
            for _ in range(rng.choice([0, 1, 3, 130])):
                add_value(rng, message, field, depth)
        else:
            set_value(rng, message, field, depth)


def value_for(rng: random.Random, field) -> object:
    if field.type in INTS:
        return hostile_int(rng, field.type)
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return rng.choice(FLOATS)
    if field.type == F.TYPE_BOOL:
        return rng.random() < 0.5
    if field.type == F.TYPE_STRING:
        if field.name in LOCAL_ONLY and field.containing_type.name.lower().startswith("serial"):
            return rng.choice(SERIAL_PORTS)
        if field.name in ("ip", "host", "uri"):
            return rng.choice(LOCAL_HOSTS)
        if field.name == "channel_name" and rng.random() < 0.1:
            return rng.choice(STRINGS[:8])
        return rng.choice(STRINGS)
    if field.type == F.TYPE_BYTES:
        return rng.randbytes(rng.choice([0, 1, 100]))
    if field.type == F.TYPE_ENUM:
        numbers = [value.number for value in field.enum_type.values]
        return rng.choice([*numbers, 99])
    raise AssertionError(f"no hostile values for {field.full_name}")


def set_value(rng: random.Random, message, field, depth: int) -> None:
    if field.type == F.TYPE_MESSAGE:
        if field.message_type.full_name == "google.protobuf.Struct":
            getattr(message, field.name).CopyFrom(hostile_struct(rng))
        elif depth < 3:
            fill(rng, getattr(message, field.name), depth + 1)
            getattr(message, field.name).SetInParent()
        return
    setattr(message, field.name, value_for(rng, field))


def add_value(rng: random.Random, message, field, depth: int) -> None:
    container = getattr(message, field.name)
    if field.type == F.TYPE_MESSAGE:
        if field.message_type.full_name == "google.protobuf.Struct":
            container.add().CopyFrom(hostile_struct(rng))
        elif depth < 3:
            fill(rng, container.add(), depth + 1)
        return
    container.append(value_for(rng, field))


def garbled(rng: random.Random, encoded: bytes) -> bytes:
    """A request's bytes cut short or with random bytes in them."""
    if encoded and rng.random() < 0.5:
        return encoded[: rng.randrange(len(encoded))]
    return encoded + rng.randbytes(rng.choice([1, 7, 64]))


def methods():
    for module, uri_attr in SERVICES:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                yield pytest.param(uri_attr, service, method, id=f"{service.name}.{method.name}")


@pytest.fixture(scope="module")
def bridges(tmp_path_factory):
    store = tmp_path_factory.mktemp("fuzz") / "dda.sqlite3"
    with LocalBridges(store=store, cameras=["x=sim?width=160&height=120"]) as running:  # "x" is a fuzzed name
        with grpc.insecure_channel(running.dda_uri) as channel:
            stub = device_agent_pb2_grpc_stub(channel)
            stub.WriteToChannel(
                dda.ChannelWriteRequest(channel_name=KEPT_CHANNEL, message_payload=json.dumps(KEPT)), timeout=5
            )
        yield running


def device_agent_pb2_grpc_stub(channel):
    from pydoover._grpc import device_agent_pb2_grpc

    return device_agent_pb2_grpc.deviceAgentStub(channel)


def check_stored_data_intact(running: LocalBridges) -> None:
    """The seeded channel is unchanged and every channel the fuzz created is readable."""
    with grpc.insecure_channel(running.dda_uri) as channel:
        stub = device_agent_pb2_grpc_stub(channel)
        kept = stub.GetAggregate(dda.GetAggregateRequest(channel_name=KEPT_CHANNEL), timeout=5)
        assert json.loads(kept.aggregate.data_json) == KEPT
        for details in stub.ListChannels(dda.ListChannelsRequest(), timeout=5).channels:
            name = details.channel_name
            aggregate = stub.GetAggregate(dda.GetAggregateRequest(channel_name=name), timeout=5)
            messages = stub.GetMessages(dda.GetMessagesRequest(channel_name=name), timeout=5)
            assert aggregate.response_header.success, (name, aggregate.response_header.response_message)
            assert messages.response_header.success, (name, messages.response_header.response_message)


def response_code(response) -> tuple[int | None, str]:
    for name in ("response_header", "header"):
        if name in response.DESCRIPTOR.fields_by_name and response.HasField(name):
            header = getattr(response, name)
            code = getattr(header, "response_code", None)
            text = getattr(header, "response_message", "") or getattr(header, "message", "")
            return code, text
    return None, getattr(response, "message", "")


def check_answer(response, request) -> None:
    code, text = response_code(response)
    assert code != 500 and "internal error" not in text, f"{text}\nfor request:\n{request}"


@pytest.mark.parametrize(("uri_attr", "service", "method"), list(methods()))
def test_malformed_requests_are_answered_not_failed(bridges, uri_attr, service, method):
    rng = random.Random(f"{SEED}:{method.full_name}")
    request_cls = message_factory.GetMessageClass(method.input_type)
    response_cls = message_factory.GetMessageClass(method.output_type)
    path = f"/{service.full_name}/{method.name}"
    with grpc.insecure_channel(getattr(bridges, uri_attr)) as channel:
        kwargs = {"request_serializer": request_cls.SerializeToString, "response_deserializer": response_cls.FromString}
        call = (channel.unary_stream if method.server_streaming else channel.unary_unary)(path, **kwargs)
        raw_kwargs = {**kwargs, "request_serializer": None}  # bytes as they are: truncated, garbage
        raw_call = (channel.unary_stream if method.server_streaming else channel.unary_unary)(path, **raw_kwargs)
        for index in range(REQUESTS_PER_RPC):
            request = request_cls()
            fill(rng, request)
            send = call
            if index % 4 == 3:
                send, request = raw_call, garbled(rng, request.SerializeToString())
            try:
                if method.server_streaming:
                    stream = send(request, timeout=STREAM_WAIT_S)
                    check_answer(next(stream), request)
                    stream.cancel()
                else:
                    check_answer(send(request, timeout=UNARY_DEADLINE_S), request)
            except StopIteration:
                pass  # a stream that refused and ended
            except grpc.RpcError as exc:
                # INVALID_ARGUMENT: gRPC's own 400, for a request protobuf cannot decode.
                allowed = {grpc.StatusCode.CANCELLED, grpc.StatusCode.INVALID_ARGUMENT}
                if method.server_streaming:
                    allowed.add(grpc.StatusCode.DEADLINE_EXCEEDED)  # nothing to send yet
                assert exc.code() in allowed, f"{exc.code()}: {exc.details()}\nfor request:\n{request}"


def test_stored_data_is_intact_after_the_fuzz(bridges):
    """Runs after every fuzzed rpc above (tests run in file order), on the same bridges."""
    check_stored_data_intact(bridges)
