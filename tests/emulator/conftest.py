"""Fixtures: an emulator, and an `api` that reaches it in each of the four ways a client can.

`api` is parametrized over in-process / real HTTP on 127.0.0.1 and sync / async httpx
clients; every test that uses it runs four times. Its call is always awaited (a sync client
is called directly inside the coroutine), so one test body serves all four.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from maestro import AsyncMaestroClient, DefaultAioHttpClient, MaestroClient, RetryPolicy
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, close

# httpx loads the CA bundle for every client it builds, which dominates a short test; the
# HTTP modes only speak plain HTTP on loopback, so they share one context.
PLAIN_HTTP_SSL_CONTEXT = ssl.create_default_context()

MODES = ["in-process-sync", "in-process-async", "http-sync", "http-async"]
# The SDK's clients also run on aiohttp (maestro.DefaultAioHttpClient), over real HTTP only:
# in-process transports never reach aiohttp.
SDK_MODES = [*MODES, "http-async-aiohttp"]

Send = Callable[..., Awaitable[httpx.Response]]


@dataclass
class Api:
    """Sends requests to the emulator, with a valid token unless told otherwise."""

    emulator: MaestroEmulator
    send: Send
    mode: str
    token: str = field(repr=False)

    async def __call__(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        all_headers = (
            {"token": self.token, "organization": self.emulator.organization} if auth else {}
        )
        all_headers.update(headers or {})
        return await self.send(method, path, headers=all_headers, **kwargs)

    async def create_task(self, **fields: Any) -> dict[str, Any]:
        body = {"activityLabel": "Invoices", **fields}
        response = await self("POST", "/api/v2/task", json=body)
        assert response.status_code == 200, response.text
        task: dict[str, Any] = response.json()
        return task


@pytest.fixture
def emulator() -> MaestroEmulator:
    return MaestroEmulator(strict=True)


@pytest.fixture(params=MODES)
async def api(request: pytest.FixtureRequest, emulator: MaestroEmulator) -> AsyncIterator[Api]:
    mode: str = request.param
    token = emulator.issue_token()
    with contextlib.ExitStack() as stack:
        if mode.startswith("http"):
            base_url = stack.enter_context(emulator.serve())
            options: dict[str, Any] = {"base_url": base_url, "verify": PLAIN_HTTP_SSL_CONTEXT}
        else:
            options = {"base_url": emulator.base_url, "transport": emulator.transport()}
        if mode.endswith("async"):
            async with httpx.AsyncClient(**options) as async_client:
                yield Api(emulator, async_client.request, mode, token)
        else:
            client = stack.enter_context(httpx.Client(**options))

            async def send(method: str, url: str, **kwargs: Any) -> httpx.Response:
                return client.request(method, url, **kwargs)

            yield Api(emulator, send, mode, token)


# The SDK's clients on the emulator: waits shrink to nothing, Retry-After included.
EMULATOR_RETRIES = RetryPolicy(
    backoff_initial=0.001, backoff_max=0.002, jitter=0.0, retry_after_max=0.01
)


@pytest.fixture(params=SDK_MODES)
async def sdk(
    request: pytest.FixtureRequest, emulator: MaestroEmulator
) -> AsyncIterator[AnyClient]:
    """The SDK's client of one kind on the emulator, in-process or over real HTTP on 127.0.0.1.

    Over HTTP the async client runs on httpx's transport and on aiohttp's.
    """
    mode: str = request.param
    with contextlib.ExitStack() as stack:
        options: dict[str, Any] = {"retry_policy": EMULATOR_RETRIES}
        client: AnyClient
        if mode.startswith("http"):
            url = stack.enter_context(emulator.serve())
            options.update(login=emulator.login, key=emulator.key, base_url=url)
            if mode.endswith("aiohttp"):
                options["http_client"] = DefaultAioHttpClient(verify=PLAIN_HTTP_SSL_CONTEXT)
            else:
                options["verify"] = PLAIN_HTTP_SSL_CONTEXT
            client_class = AsyncMaestroClient if "async" in mode else MaestroClient
            client = client_class(**options)
        else:
            make = emulator.async_client if mode.endswith("async") else emulator.client
            client = make(**options)
        try:
            yield client
        finally:
            await close(client)
