"""`doover bridge up` stops quickly and quietly on Ctrl-C while clients stream, and keeps the
libraries' log lines (pymodbus, gRPC) off the terminal unless --verbose."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

import grpc

from pydoover._grpc import app_controller_pb2 as apps_pb
from pydoover._grpc import app_controller_pb2_grpc as apps_grpc
from pydoover._grpc import device_agent_pb2 as dda_pb
from pydoover._grpc import device_agent_pb2_grpc as dda_grpc
from pydoover._grpc import modbus_iface_pb2 as modbus_pb
from pydoover._grpc import modbus_iface_pb2_grpc as modbus_grpc
from pydoover._grpc import platform_iface_pb2 as plt_pb
from pydoover._grpc import platform_iface_pb2_grpc as plt_grpc

from .conftest import BridgeProcess


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_streams(bridge: BridgeProcess) -> list:
    """One stream on every bridge, each read in the background until it ends."""
    channels = [grpc.insecure_channel(uri) for uri in (bridge.uri, bridge.plt_uri, bridge.modbus_uri, bridge.apps_uri)]
    dda, plt, modbus, apps = channels
    settings = modbus_pb.ethernetBusSettings(ip="127.0.0.1", port=dead_port(), timeout=0.5)
    streams = [
        dda_grpc.deviceAgentStub(dda).ChannelEventSubscription(
            dda_pb.ChannelEventSubscriptionRequest(channel_name="x")
        ),
        plt_grpc.platformIfaceStub(plt).startPulseCounter(plt_pb.pulseCounterRequest(di=0)),
        modbus_grpc.modbusIfaceStub(modbus).readRegisterSubscription(
            modbus_pb.readRegisterSubscriptionRequest(
                bus_id="meter", modbus_id=1, register_type=4, count=1, poll_secs=1, ethernet_settings=settings
            )
        ),
        apps_grpc.AppControllerStub(apps).FollowLogs(apps_pb.FollowLogsRequest(app_key="some_app")),
    ]
    for stream in streams:
        threading.Thread(target=drain, args=(stream,), daemon=True).start()
    return channels


def drain(stream) -> None:
    try:
        for _ in stream:
            pass
    except grpc.RpcError:  # the bridge went away: what these tests do
        pass


def stop(bridge: BridgeProcess) -> tuple[float, str]:
    started = time.monotonic()
    bridge.proc.send_signal(signal.SIGINT)
    try:
        _, err = bridge.proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        bridge.kill()
        raise
    return time.monotonic() - started, err


def test_ctrl_c_while_every_bridge_streams_stops_quickly_without_a_traceback(tmp_path):
    bridge = BridgeProcess(tmp_path / "dda.sqlite3").start()
    channels = open_streams(bridge)
    time.sleep(1.5)  # every stream is open and the Modbus subscription has failed to connect at least once
    took, err = stop(bridge)
    for channel in channels:
        channel.close()
    assert bridge.proc.returncode == 0
    assert "Traceback" not in err and "CancelledError" not in err, err
    assert "Failed to connect" not in err, "pymodbus's connect warnings are not shown"
    assert err.strip().endswith("bridges stopped")
    # Before: each bridge waited out its 1 s grace for its stream in turn (4 s); now they stop together.
    assert took < 3.5, f"stopping took {took:.1f} s"


def test_verbose_shows_the_library_log_lines(tmp_path):
    bridge = BridgeProcess(tmp_path / "dda.sqlite3", extra_args=("--verbose",)).start()
    channels = open_streams(bridge)
    time.sleep(1.5)
    _, err = stop(bridge)
    for channel in channels:
        channel.close()
    assert "pymodbus" in err and "Failed to connect" in err


def test_a_busy_port_gives_no_grpc_core_log_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = ["doover_cli", "bridge", "up", "--dda-port", str(port), "--store", str(tmp_path / "s.db")]
        result = subprocess.run(
            [sys.executable, "-m", *command, "--plt-port", "0", "--modbus-port", "0", "--apps-port", "0"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert "add_port.cc" not in result.stderr and "Traceback" not in result.stderr, result.stderr
