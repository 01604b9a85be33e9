"""Simulation control (`doover.sim.Simulation`): force and release inputs of the simulated device.

Served on the Platform bridge's port. :class:`SimulationClient` is what the CLI and tests use.
"""

from __future__ import annotations

import functools
import logging

import grpc

from ..._grpc import doover_sim_pb2 as pb
from ..._grpc import doover_sim_pb2_grpc as pb_grpc
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


class SimulationClient:
    """``SimulationClient("127.0.0.1:50053").force("di", 2, 1)``."""

    def __init__(self, uri: str, timeout: float = 5.0):
        self.uri = uri
        self.timeout = timeout
        self._channel = grpc.insecure_channel(uri)
        self._stub = pb_grpc.SimulationStub(self._channel)

    def force(self, io_type: str, pin: int, value: float) -> str:
        return self._checked("Force", pb.ForceRequest(io_type=io_type, pin=pin, value=float(value))).message

    def release(self, io_type: str | None = None, pin: int | None = None) -> int:
        request = pb.ReleaseRequest(io_type=io_type or "")
        if pin is not None:
            request.pin = pin
        return self._checked("Release", request).released

    def pins(self) -> list[pb.PinState]:
        return list(self._call("ListPins", pb.ListPinsRequest()).pins)

    def close(self) -> None:
        self._channel.close()

    def _checked(self, rpc: str, request):
        response = self._call(rpc, request)
        if not response.success:
            raise SimulationError(response.message)
        return response

    def _call(self, rpc: str, request):
        try:
            return getattr(self._stub, rpc)(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                raise SimulationError(
                    f"the Platform bridge at {self.uri} has no simulation (a real device); forcing needs the local bridge"
                ) from None
            raise
