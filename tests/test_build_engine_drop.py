"""An engine that drops the connection in the middle of a build is a clear error, not a traceback."""

from __future__ import annotations

import socket
import threading

import docker
import pytest

from pydoover.containers.build import BuildFailed, BuildRequest, build_image


def dropping_engine() -> tuple[socket.socket, threading.Thread]:
    """A loopback server that takes one build request, starts answering, then hangs up."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            received = b""
            while b"0\r\n\r\n" not in received:  # the whole chunked build context
                data = conn.recv(65536)
                if not data:
                    break
                received += data
            step = b'{"stream": "Step 1/2 : FROM base\\n"}\r\n'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            conn.sendall(f"{len(step):x}\r\n".encode() + step + b"\r\n")  # then the connection closes mid-stream

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, thread


def test_a_build_whose_engine_hangs_up_fails_saying_so(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM base\nRUN true\n")
    server, thread = dropping_engine()
    port = server.getsockname()[1]
    client = docker.DockerClient(base_url=f"tcp://127.0.0.1:{port}", version="1.41")
    with pytest.raises(BuildFailed) as failure:
        list(build_image(client, BuildRequest(tmp_path, "dropped:latest")))
    assert "the connection to the Docker engine broke" in str(failure.value)
    thread.join(5)
    server.close()
