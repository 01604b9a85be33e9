"""Simulation control (`doover.sim.Simulation`): force and release inputs of the simulated device.

Served on the Platform bridge's port. :class:`SimulationClient` is what the CLI and tests use.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from ..._grpc import doover_sim_pb2 as pb
from ..._grpc import doover_sim_pb2_grpc as pb_grpc
from ...docker.errors import BridgeError
from ...docker.grpc_interface import Call, GRPCInterface
from .device import PinError, SimulatedDevice

log = logging.getLogger(__name__)


def refusals(response_cls: type):
    """A refused request (bad pin, type or value) answers ``success=false`` with the reason, never an rpc error."""

    def wrap(handler):
        @functools.wraps(handler)
        async def guarded(self, request, context):
            try:
                return await handler(self, request, context)
            except PinError as exc:
                return response_cls(success=False, message=str(exc))
            except Exception as exc:
                log.exception("%s failed", handler.__name__)
                return response_cls(success=False, message=f"internal error: {exc}")

        return guarded

    return wrap


class SimulationServicer(pb_grpc.SimulationServicer):
    def __init__(self, device: SimulatedDevice):
        self.device = device

    @refusals(pb.ForceResponse)
    async def Force(self, request, context):
        self.device.force(request.io_type.lower(), request.pin, request.value)
        return pb.ForceResponse(
            success=True, message=f"{request.io_type.upper()} {request.pin} forced to {request.value:g}"
        )

    @refusals(pb.ReleaseResponse)
    async def Release(self, request, context):
        io_type = request.io_type.lower() or None
        pin = request.pin if request.HasField("pin") else None
        released = self.device.release(io_type, pin)
        return pb.ReleaseResponse(success=True, message=f"released {released} input(s)", released=released)

    async def ListPins(self, request, context):
        forced = self.device.forced()
        pins = []
        for io_type in ("di", "do", "ai", "ao"):
            specs = getattr(self.device.spec, io_type)
            values = self.device.read(io_type, list(range(len(specs))))
            for pin, (spec, value) in enumerate(zip(specs, values, strict=True)):
                pins.append(
                    pb.PinState(
                        io_type=io_type,
                        pin=pin,
                        name=spec.name or "",
                        units=getattr(spec, "units", ""),
                        value=float(value),
                        forced=(io_type, pin) in forced,
                    )
                )
        return pb.ListPinsResponse(pins=pins)


class SimulationError(RuntimeError):
    """The simulation refused a request (the text says why) or is not there (a real device)."""


class SimulationClient(GRPCInterface):
    """``SimulationClient("127.0.0.1:50053").force("di", 2, 1)``.

    Built on :class:`GRPCInterface` like every bridge client: one persistent channel, and an
    unreachable or slow bridge raises :class:`BridgeError` (the CLI's exit codes 3 and 4).
    """

    stub = pb_grpc.SimulationStub
    bridge_name = "Platform"

    def __init__(self, uri: str, timeout: float = 5.0):
        super().__init__(None, uri, timeout=timeout, raise_on_error=True)

    def force(self, io_type: str, pin: int, value: float) -> str:
        return self._call("Force", pb.ForceRequest(io_type=io_type, pin=pin, value=float(value))).message

    def release(self, io_type: str | None = None, pin: int | None = None) -> int:
        request = pb.ReleaseRequest(io_type=io_type or "")
        if pin is not None:
            request.pin = pin
        return self._call("Release", request).released

    def pins(self) -> list[pb.PinState]:
        return list(self._call("ListPins", pb.ListPinsRequest()).pins)

    def _answer(self, call: Call, response: Any) -> Any:
        # Simulation answers say success/message themselves rather than in a response header.
        if getattr(response, "success", True) is False:
            raise SimulationError(response.message)
        return response

    def _call(self, rpc: str, request):
        try:
            return self.make_request(rpc, request)
        except BridgeError as exc:
            if exc.status == "UNIMPLEMENTED":
                raise SimulationError(
                    f"the Platform bridge at {self.uri} has no simulation (a real device); forcing needs the local bridge"
                ) from None
            raise
