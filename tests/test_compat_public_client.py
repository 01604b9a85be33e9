"""Wire compatibility with the public ``pydoover==0.4.18`` client.

The public (classic) client runs in its own cached virtualenv (tests/support/public_pydoover.py)
and talks to our local DDA bridge over loopback gRPC. A last group of tests compares the public
generated protobuf descriptors with ours, field by field and rpc by rpc.

See /work/shared/spec/sdk-contract.md §4.1 and §9, and wire-protocol.md §1.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from pydoover.docker import DeviceAgentInterface
from pydoover.testing import LocalBridges
from tests.support.lines import LineReader

pytestmark = pytest.mark.compat

SCRIPT_TIMEOUT = 20  # seconds; every subprocess is bounded by this


# -- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def bridges(tmp_path):
    with LocalBridges(store=tmp_path / "dda.sqlite3") as running:
        yield running


def run_script(python: Path, script: str, *args: str, timeout: float = SCRIPT_TIMEOUT) -> list:
    """Run ``script`` with the public interpreter; return the JSON lines it printed on stdout."""
    proc = subprocess.run([str(python), "-I", "-c", script, *args], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"public client script failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def our_client(bridges: LocalBridges) -> DeviceAgentInterface:
    return DeviceAgentInterface("compat_test", bridges.dda_uri, is_async=False, raise_on_error=True)


# -- 1. publish and read aggregates ---------------------------------------------------------------

PUBLISH_SCRIPT = r"""
import json, sys
from pydoover.docker import DeviceAgentInterface

uri, channel, text_channel, unknown = sys.argv[1:5]
dda = DeviceAgentInterface("compat_app", uri, is_async=False)

def emit(**kw):
    print(json.dumps(kw), flush=True)

emit(step="first", ok=dda.publish_to_channel(channel, {"level": 3, "pump": {"on": True}}))
second = {"pump": {"on": None, "rpm": 1200}}
emit(step="second", ok=dda.publish_to_channel(channel, second, record_log=False, max_age=-1))
emit(step="aggregate", value=dda.get_channel_aggregate(channel))
emit(step="text", ok=dda.publish_to_channel(text_channel, "pump failed"))
emit(step="text_aggregate", value=dda.get_channel_aggregate(text_channel))
emit(step="unknown_aggregate", value=dda.get_channel_aggregate(unknown))
"""


def test_public_client_publishes_and_reads_aggregate(public_python, bridges):
    channel, text_channel, unknown = "compat_pump", "compat_status", "compat_never_written"
    lines = run_script(public_python, PUBLISH_SCRIPT, bridges.dda_uri, channel, text_channel, unknown)
    results = {line["step"]: line for line in lines}

    assert results["first"]["ok"] is True
    assert results["second"]["ok"] is True
    expected = {"level": 3, "pump": {"rpm": 1200}}
    assert results["aggregate"]["value"] == expected
    assert results["text"]["ok"] is True
    assert results["text_aggregate"]["value"] == "pump failed"
    # §9: an unknown channel reads as an empty aggregate, not a failure (which would be None).
    assert results["unknown_aggregate"]["value"] == {}

    # Our side sees the same state: through our own client and in the bridge's channel hub.
    ours = our_client(bridges)
    assert ours.get_channel_aggregate(channel) == expected
    assert ours.get_channel_aggregate(text_channel) == "pump failed"
    hub = bridges.dda.hub
    assert hub.aggregate(channel)[0] == expected
    assert hub.aggregate(text_channel)[0] == "pump failed"

    # Both writes were logged with the public client's app key (header.app_id) and save_log flag.
    history = hub.messages(channel)
    assert [json.loads(m.payload) for m in history] == [
        {"level": 3, "pump": {"on": True}},
        {"pump": {"on": None, "rpm": 1200}},
    ]
    assert [m.author for m in history] == ["compat_app", "compat_app"]
    assert [m.save_log for m in history] == [True, False]


# -- 2. subscriptions ----------------------------------------------------------------------------

SUBSCRIBE_SCRIPT = r"""
import asyncio, json, sys
from pydoover.docker import DeviceAgentInterface

uri, channel, expected, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])

async def main():
    dda = DeviceAgentInterface("compat_sub", uri, is_async=True)
    seen = []
    done = asyncio.Event()

    async def callback(name, aggregate):
        seen.append(aggregate)
        print(json.dumps({"channel": name, "aggregate": aggregate}), flush=True)
        if len(seen) >= expected:
            done.set()

    dda.add_subscription(channel, callback)
    synced = await dda.wait_for_channels_sync_async([channel], timeout=5)
    print(json.dumps({"synced": synced}), flush=True)
    try:
        await asyncio.wait_for(done.wait(), timeout)
    finally:
        await dda.close()
    print(json.dumps({"online": dda.get_is_dda_online(), "available": dda.get_is_dda_available()}), flush=True)

asyncio.run(main())
"""


def test_public_client_subscription_callback_receives_updates(public_python, bridges):
    channel = "compat_tank"
    ours = our_client(bridges)
    assert ours.publish_to_channel(channel, {"level": 1, "pump": {"on": False}})  # the initial aggregate

    with subprocess.Popen(
        [str(public_python), "-I", "-c", SUBSCRIBE_SCRIPT, bridges.dda_uri, channel, "3", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            reader = LineReader(proc)
            deadline = time.monotonic() + SCRIPT_TIMEOUT
            # §9: the first response comes at once, so the callback fires before the sync wait ends.
            first = reader.json(deadline - time.monotonic())
            assert "aggregate" in first, f"expected the initial callback, got {first}"
            assert reader.json(deadline - time.monotonic()) == {"synced": True}

            # Two writes back to back: the stream must deliver each diff, in order.
            assert ours.publish_to_channel(channel, {"pump": {"on": True}})
            assert ours.publish_to_channel(channel, {"level": 2, "pump": {"on": None, "rpm": 900}})

            updates = [first, reader.json(deadline - time.monotonic()), reader.json(deadline - time.monotonic())]
            status = reader.json(deadline - time.monotonic())
            returncode = proc.wait(timeout=max(deadline - time.monotonic(), 1))
            assert returncode == 0, f"subscriber script failed:\n{proc.stderr.read()[-4000:]}"
        finally:
            if proc.poll() is None:
                proc.kill()

    assert [u["channel"] for u in updates] == [channel] * 3
    assert [u["aggregate"] for u in updates] == [
        {"level": 1, "pump": {"on": False}},
        {"level": 1, "pump": {"on": True}},
        {"level": 2, "pump": {"rpm": 900}},
    ]
    # Stream responses carry cloud_synced=true too (§9), so the subscriber thinks the DDA is online.
    assert status == {"online": True, "available": True}
    assert bridges.dda.hub.aggregate(channel)[0] == {"level": 2, "pump": {"rpm": 900}}


# -- 3. TestComms and status flags ---------------------------------------------------------------

COMMS_SCRIPT = r"""
import json, sys
from pydoover.docker import DeviceAgentInterface

dda = DeviceAgentInterface("compat_comms", sys.argv[1], is_async=False)
before = [dda.get_is_dda_available(), dda.get_is_dda_online(), dda.get_has_dda_been_online()]
resp = dda.test_comms(sys.argv[2])
print(json.dumps({
    "before": before,
    "type": type(resp).__name__,
    "response": None if resp is None else resp.response,
    "success": None if resp is None else resp.response_header.success,
    "cloud_synced": None if resp is None else resp.response_header.cloud_synced,
    "available": dda.get_is_dda_available(),
    "online": dda.get_is_dda_online(),
    "been_online": dda.get_has_dda_been_online(),
}))
"""


def test_public_client_test_comms_and_online_flags(public_python, bridges):
    message = "compat check \u2713 42"
    (result,) = run_script(public_python, COMMS_SCRIPT, bridges.dda_uri, message)

    assert result["before"] == [False, False, False]
    assert result["type"] == "TestCommsResponse"
    assert result["response"] == message
    assert result["success"] is True
    assert result["cloud_synced"] is True
    assert result["available"] is True
    assert result["online"] is True
    assert result["been_online"] is True


# -- 4. descriptor comparison ----------------------------------------------------------------------

# Runs both here (our modules) and in the public venv (its modules), so both sides are read alike.
DESCRIBE_SOURCE = r"""
import importlib
from google.protobuf import descriptor_pb2


def describe(module_name):
    module = importlib.import_module(module_name)
    proto = descriptor_pb2.FileDescriptorProto()
    module.DESCRIPTOR.CopyToProto(proto)
    package = proto.package
    messages, enums, services = {}, {}, {}

    def qualify(type_name):
        return type_name if not type_name or type_name.startswith(".") else "." + type_name

    def walk_enum(prefix, enum):
        enums[prefix + enum.name] = {v.name: v.number for v in enum.value}

    def walk_message(prefix, message):
        full = prefix + message.name
        fields = {}
        for field in message.field:
            oneof = message.oneof_decl[field.oneof_index].name if field.HasField("oneof_index") else None
            fields[field.name] = {
                "number": field.number,
                "type": field.type,
                "label": field.label,
                "type_name": qualify(field.type_name),
                "oneof": oneof,
                "proto3_optional": field.proto3_optional,
            }
        messages[full] = fields
        for nested in message.nested_type:
            walk_message(full + ".", nested)
        for enum in message.enum_type:
            walk_enum(full + ".", enum)

    for message in proto.message_type:
        walk_message(package + ".", message)
    for enum in proto.enum_type:
        walk_enum(package + ".", enum)
    for service in proto.service:
        services[package + "." + service.name] = {
            method.name: {
                "input_type": qualify(method.input_type),
                "output_type": qualify(method.output_type),
                "client_streaming": method.client_streaming,
                "server_streaming": method.server_streaming,
            }
            for method in service.method
        }
    return {"package": package, "messages": messages, "enums": enums, "services": services}
"""

PUBLIC_MODULES = {
    "device_agent": "pydoover.docker.device_agent.grpc_stubs.device_agent_pb2",
    "platform_iface": "pydoover.docker.platform.grpc_stubs.platform_iface_pb2",
    "modbus_iface": "pydoover.docker.modbus.grpc_stubs.modbus_iface_pb2",
}

PUBLIC_DESCRIBE_SCRIPT = (
    DESCRIBE_SOURCE
    + r"""
import json, sys
print(json.dumps({name: describe(module) for name, module in json.loads(sys.argv[1]).items()}))
"""
)


def describe_ours(name: str) -> dict:
    namespace: dict = {}
    exec(DESCRIBE_SOURCE, namespace)
    return namespace["describe"](f"pydoover._grpc.{name}_pb2")


@pytest.fixture(scope="module")
def public_descriptors(public_python) -> dict:
    (dump,) = run_script(public_python, PUBLIC_DESCRIBE_SCRIPT, json.dumps(PUBLIC_MODULES))
    return dump


@pytest.mark.parametrize("name", sorted(PUBLIC_MODULES))
def test_our_protos_match_public_descriptors(public_descriptors, name):
    public, ours = public_descriptors[name], describe_ours(name)

    assert public["messages"] and public["services"], f"public {name} descriptor is empty; the dump is broken"
    assert ours["package"] == public["package"] == name

    problems = []
    for service, methods in public["services"].items():
        if service not in ours["services"]:
            problems.append(f"service {service} is missing (ours: {sorted(ours['services'])})")
            continue
        for method, shape in methods.items():
            mine = ours["services"][service].get(method)
            if mine != shape:
                problems.append(f"rpc {service}/{method}: public {shape}, ours {mine}")

    for message, fields in public["messages"].items():
        if message not in ours["messages"]:
            problems.append(f"message {message} is missing")
            continue
        for field, shape in fields.items():
            mine = ours["messages"][message].get(field)
            if mine is None:
                problems.append(f"field {message}.{field} (#{shape['number']}) is missing")
                continue
            for key in ("number", "type", "label", "type_name", "proto3_optional"):
                if mine[key] != shape[key]:
                    problems.append(f"field {message}.{field}: {key} public {shape[key]!r}, ours {mine[key]!r}")
            # A classic field in a real oneof must stay in that oneof; a proto3-optional field's
            # synthetic oneof is covered by the proto3_optional check above.
            if not shape["proto3_optional"] and mine["oneof"] != shape["oneof"]:
                problems.append(f"field {message}.{field}: oneof public {shape['oneof']!r}, ours {mine['oneof']!r}")

    for enum, values in public["enums"].items():
        mine = ours["enums"].get(enum)
        if mine is None:
            problems.append(f"enum {enum} is missing")
            continue
        for value, number in values.items():
            if mine.get(value) != number:
                problems.append(f"enum value {enum}.{value}: public {number}, ours {mine.get(value)}")

    assert not problems, f"{name}: our protos are not wire-compatible with public pydoover 0.4.18:\n" + "\n".join(
        problems
    )
