"""Fixtures shared by the whole suite: both clients over respx, and helpers to treat them alike.

Every test that takes ``client`` runs twice, once with ``MaestroClient`` and once with
``AsyncMaestroClient``; ``resolve`` and ``collect`` hide the ``await`` / ``async for``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx

from maestro import AsyncMaestroClient, MaestroClient, RetryPolicy
from maestro._transport import AsyncTransport, SyncTransport

BASE_URL = "https://maestro.test"
LOGIN = "acme"
KEY = "k3y-s3cr3t-value"
TOKEN = "t0ken-abc-123"
ORGANIZATION = "ACME_ORG"

# Waits shrink to nothing in tests; the waits themselves are asserted through `sleeps`.
FAST_RETRIES = RetryPolicy(backoff_initial=0.01, backoff_max=0.02, jitter=0.0)

AnyClient = MaestroClient | AsyncMaestroClient


async def resolve(value: Any) -> Any:
    """The result of a client call, awaited when the client is async."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(iterable: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    """Every item of a sync or async iterator."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry and poll waits instead of sleeping."""
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(SyncTransport, "sleep", staticmethod(fake_sleep))
    monkeypatch.setattr(AsyncTransport, "sleep", staticmethod(fake_async_sleep))
    return recorded


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """A respx router for BASE_URL with the login route answered."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.post("/api/v2/workspace/login", name="login").respond(
            200, json={"accessToken": TOKEN, "organizationLabel": ORGANIZATION}
        )
        yield router


def make_client(kind: str, **kwargs: Any) -> AnyClient:
    """A client of the given kind ("sync" or "async") for BASE_URL."""
    options: dict[str, Any] = {"login": LOGIN, "key": KEY, "base_url": BASE_URL}
    options["retry_policy"] = FAST_RETRIES
    options.update(kwargs)
    if kind == "sync":
        return MaestroClient(**options)
    return AsyncMaestroClient(**options)


async def close(client: AnyClient) -> None:
    """Close either kind of client."""
    if isinstance(client, AsyncMaestroClient):
        await client.aclose()
    else:
        client.close()


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """Which client a test runs with."""
    return str(request.param)


@pytest.fixture
async def client(kind: str, api: respx.MockRouter, sleeps: list[float]) -> AsyncIterator[AnyClient]:
    """A client of each kind against the respx router, retries without real waits."""
    instance = make_client(kind)
    yield instance
    await close(instance)
