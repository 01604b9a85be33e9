"""The Modbus bridge against devices that never answer and requests it must not honour."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from pydoover._grpc import modbus_iface_pb2 as pb
from pydoover._grpc import modbus_iface_pb2_grpc as pb_grpc
from pydoover.bridges.modbus import servers


@pytest.fixture
def stub(bridges):
    with grpc.insecure_channel(bridges.modbus_uri) as channel:
        yield pb_grpc.modbusIfaceStub(channel)


@pytest.fixture
def black_hole():
    """A loopback port that drops connection attempts, as a device that is off behind a switch does:
    a listener that never accepts, its backlog already full."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    yield port
    for sock in (*fillers, listener):
        sock.close()


def read(stub, port: int, timeout: float = 1.0):
    settings = pb.ethernetBusSettings(ip="127.0.0.1", port=port, timeout=timeout)
    request = pb.readRegisterRequest(
        bus_id="meter", modbus_id=1, register_type=4, address=0, count=1, ethernet_settings=settings
    )
    return stub.readRegisters(request, timeout=60)


def test_a_silent_device_is_a_504_and_queued_requests_fail_fast(stub, black_hole):
    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda _: read(stub, black_hole), range(10)))
    elapsed = time.monotonic() - started
    assert [a.response_code for a in answers] == [504] * 10
    waited = [a for a in answers if "the next try is in" not in a.response_header.response_message]
    assert len(waited) == 1, "only the first request waits out a connect timeout"
    assert "no answer within 1 s" in waited[0].response_header.response_message
    # Before: each request waited 2 x 1 s behind the bus lock (about 20 s in all).
    assert elapsed < 10, f"10 reads took {elapsed:.1f} s"


def test_a_refused_connection_is_a_503(stub):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = read(stub, port)
    assert answer.response_code == 503 and "refused" in answer.response_header.response_message


def test_a_loop_serial_port_is_refused_at_open(stub):
    response = stub.openBus(
        pb.openBusRequest(bus_id="rs485", serial_settings=pb.serialBusSettings(port="loop://")), timeout=5
    )
    assert response.response_header.response_code == 400
    assert "loop:// echoes every request back" in response.response_header.response_message


def test_create_server_binds_loopback_when_the_bridge_does(bridges, stub):
    response = stub.createServer(pb.createServerRequest(type="tcp", port=0, host="0.0.0.0"), timeout=10)
    assert response.response_header.success
    assert response.response.startswith("serving Modbus TCP on 127.0.0.1:")
    assert "not 0.0.0.0" in response.response and "--host" in response.response
    (hosted,) = bridges.modbus.servers.servers.values()
    assert hosted.server.transport.sockets[0].getsockname()[0] == "127.0.0.1"


def test_the_number_of_servers_is_capped(stub, monkeypatch):
    monkeypatch.setattr(servers, "MAX_SERVERS", 2)
    for _ in range(2):
        assert stub.createServer(pb.createServerRequest(type="tcp"), timeout=10).response_header.success
    refused = stub.createServer(pb.createServerRequest(type="tcp"), timeout=10).response_header
    assert refused.response_code == 429 and "already runs 2 Modbus servers" in refused.response_message
