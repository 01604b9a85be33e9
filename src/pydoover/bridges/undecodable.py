"""Answer a request that cannot be decoded with INVALID_ARGUMENT, as gRPC's own "bad request".

gRPC decodes each request before any servicer runs, and a request protobuf refuses to decode (a
Struct nested past protobuf's depth limit, truncated bytes) would otherwise fail the call with
UNKNOWN, reading as a bridge fault. This interceptor turns the decode failure into a refusal that
says why; the servicers never see such a request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import grpc
from google.protobuf.message import DecodeError


@dataclass(frozen=True)
class Undecodable:
    reason: str


class RefuseUndecodable(grpc.aio.ServerInterceptor):
    def __init__(self) -> None:
        self._wrapped: dict[str, grpc.RpcMethodHandler] = {}  # by method path: one per rpc the server has

    async def intercept_service(self, continuation, handler_call_details):
        handler = self._wrapped.get(handler_call_details.method)
        if handler is None:
            handler = await continuation(handler_call_details)
            if handler is not None:  # an unknown method is not cached: a client could invent any number
                handler = self._wrapped[handler_call_details.method] = refusing(handler)
        return handler


def refusing(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    if handler.request_deserializer is None or handler.request_streaming:
        return handler
    decode = safe_decoder(handler.request_deserializer)
    if handler.response_streaming:
        return handler._replace(request_deserializer=decode, unary_stream=refusing_stream(handler.unary_stream))  # pyright: ignore[reportAttributeAccessIssue]  # a namedtuple
    return handler._replace(request_deserializer=decode, unary_unary=refusing_unary(handler.unary_unary))  # pyright: ignore[reportAttributeAccessIssue]  # a namedtuple


def safe_decoder(decode: Callable[[bytes], object]) -> Callable[[bytes], object]:
    def decode_or_note(data: bytes) -> object:
        try:
            return decode(data)
        except DecodeError as exc:
            return Undecodable(str(exc))

    return decode_or_note


async def refuse(request: Undecodable, context) -> None:
    await context.abort(
        grpc.StatusCode.INVALID_ARGUMENT,
        f"the request cannot be decoded ({request.reason}); is a Struct nested too deeply?",
    )


def refusing_unary(behavior):
    async def unary(request, context):
        if isinstance(request, Undecodable):
            await refuse(request, context)
        return await behavior(request, context)

    return unary


def refusing_stream(behavior):
    async def stream(request, context):
        if isinstance(request, Undecodable):
            await refuse(request, context)
        async for response in behavior(request, context):
            yield response

    return stream
