"""Whether a bridge address a user gave (``HOST:PORT``) can be used at all, before dialling it.

address_problem("127.0.0.1")          # "expected HOST:PORT, e.g. 127.0.0.1:50051"
address_problem("127.0.0.1:99999")    # "port 99999 is outside 1-65535"
"""

from __future__ import annotations

import re
import socket

_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\s\[\]]+):(?P<port>\d{1,5})$")


def address_problem(uri: str) -> str | None:
    """Why ``uri`` is not a usable ``HOST:PORT`` (None when it is)."""
    match = _HOST_PORT.match(uri.strip())
    if match is None:
        return "expected HOST:PORT, e.g. 127.0.0.1:50051"
    port = int(match["port"])
    if not 1 <= port <= 65535:
        return f"port {port} is outside 1-65535"
    host = match["host"].strip("[]")
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"unknown host {host!r}"
    return None
