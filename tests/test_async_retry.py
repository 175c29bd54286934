"""Regression: the async client retries a 503 instead of crashing while discarding it."""

from __future__ import annotations

import httpx

from maestro import AsyncMaestroClient
from tests.conftest import BASE_URL, FAST_RETRIES, KEY, LOGIN


async def test_async_client_retries_after_a_503_from_a_real_async_transport(
    sleeps: list[float],
) -> None:
    statuses = iter([503, 200])

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v2/workspace/login":
            return httpx.Response(200, json={"accessToken": "t"})
        return httpx.Response(next(statuses), json={"version": "3.0.2"})

    transport = httpx.MockTransport(answer)
    async with AsyncMaestroClient(
        LOGIN, KEY, BASE_URL, transport=transport, retry_policy=FAST_RETRIES
    ) as client:
        response = await client.version()

    assert (response.status_code, response.retries) == (200, 1)
    assert len(sleeps) == 1
