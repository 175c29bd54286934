"""The in-process transport: one object for ``httpx.Client`` and ``httpx.AsyncClient`` alike."""

from __future__ import annotations

import asyncio
import time

import httpx

from maestro.testing._dispatch import Dispatcher, Outcome

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Hands each request to the emulator without a socket; sync and async in one object.

    Dropped connections surface as httpx raises them from a real network:
    ``httpx.ConnectError`` for ``"connect"``, ``httpx.RemoteProtocolError`` for ``"before"``
    and ``"after"``. Async latency sleeps with ``asyncio``.
    """

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request from a sync client."""
        content = request.read()
        latency = self._dispatcher.faults.latency
        if latency > 0:
            time.sleep(latency)
        return self._to_response(request, self._exchange(request, content))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request from an async client."""
        content = await request.aread()
        latency = self._dispatcher.faults.latency
        if latency > 0:
            await asyncio.sleep(latency)
        return self._to_response(request, self._exchange(request, content))

    def _exchange(self, request: httpx.Request, content: bytes) -> Outcome:
        raw_target = request.url.raw_path.decode("ascii", errors="replace")
        return self._dispatcher.exchange(
            request.method, raw_target, httpx.Headers(request.headers), content
        )

    @staticmethod
    def _to_response(request: httpx.Request, outcome: Outcome) -> httpx.Response:
        if outcome.drop == "connect":
            raise httpx.ConnectError(
                "Connection refused (injected by the emulator)", request=request
            )
        if outcome.response is None:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        response = outcome.response
        return httpx.Response(
            response.status, headers=response.headers, content=response.content, request=request
        )
