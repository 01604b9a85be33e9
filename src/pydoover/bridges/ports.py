"""Checking, before any bridge starts, that every port the local bridges want is free.

A busy port then gets one clear line naming it and the option that moves it, whichever server
(gRPC or the simulated Modbus device) would have used it.
"""

from __future__ import annotations

import errno
import socket

from ..endpoints import endpoint

SIM_PORT_FLAG = "--modbus-sim-port"
CAM_HTTP_PORT_FLAG = "--cam-http-port"


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (None when it can, or when ``port`` is 0)."""
    if port == 0:
        return None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is fine
        try:
            sock.bind((host, port))
            sock.listen(1)
        except OSError as exc:
            return "already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
    return None


def busy_ports(settings) -> list[str]:
    """One ``NAME: cannot listen on HOST:PORT (PROBLEM); choose another with --FLAG`` line per busy port."""
    wanted = [(endpoint(name), getattr(settings, field)) for name, field in
              (("dda", "dda_port"), ("platform", "plt_port"), ("modbus", "modbus_port"), ("apps", "apps_port"),
               ("camera", "cam_port"))]  # fmt: skip
    checks = [(entry.title, port, entry.port_flag) for entry, port in wanted]
    if settings.cam_http_port:  # None: the default, chosen (and checked) only when the camera starts
        checks.append(("Camera HTTP server", settings.cam_http_port, CAM_HTTP_PORT_FLAG))
    if settings.modbus_sim or settings.modbus_map is not None:
        checks.append(("simulated Modbus device", settings.modbus_sim_port, SIM_PORT_FLAG))
    lines = []
    for title, port, flag in checks:
        problem = port_problem(settings.host, port)
        if problem:
            lines.append(f"{title}: cannot listen on {settings.host}:{port} ({problem}); choose another with {flag}")
    return lines
