"""Shared by the control-plane emulator tests: the SDK's clients, in each of four modes.

Import ``sdk_fixture`` into a test module to get the ``sdk`` fixture: a ``MaestroClient``
or ``AsyncMaestroClient`` on the emulator, in-process or over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from maestro import AsyncMaestroClient, MaestroClient, RetryPolicy
from maestro.testing import MaestroEmulator

from .conftest import PLAIN_HTTP_SSL_CONTEXT

FAST_RETRIES = RetryPolicy(backoff_initial=0.001, backoff_max=0.002, jitter=0.0)
MODES = ["in-process-sync", "in-process-async", "http-sync", "http-async"]

AnyClient = MaestroClient | AsyncMaestroClient


async def resolve(value: Any) -> Any:
    """The result of a client call, awaited when the client is async."""
    return await value if inspect.isawaitable(value) else value


async def collect(iterable: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    """Every item of a sync or async iterator."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


@pytest.fixture(name="sdk", params=MODES)
async def sdk_fixture(
    request: pytest.FixtureRequest, emulator: MaestroEmulator
) -> AsyncIterator[AnyClient]:
    """The SDK's client of one kind on the emulator, in-process or over HTTP."""
    mode: str = request.param
    with contextlib.ExitStack() as stack:
        options: dict[str, Any] = {"retry_policy": FAST_RETRIES}
        if mode.startswith("http"):
            url = stack.enter_context(emulator.serve())
            options.update(
                login=emulator.login, key=emulator.key, base_url=url, verify=PLAIN_HTTP_SSL_CONTEXT
            )
            client: AnyClient = (
                AsyncMaestroClient(**options)
                if mode.endswith("async")
                else MaestroClient(**options)
            )
        else:
            make = emulator.async_client if mode.endswith("async") else emulator.client
            client = make(**options)
        try:
            yield client
        finally:
            if isinstance(client, AsyncMaestroClient):
                await client.aclose()
            else:
                client.close()
