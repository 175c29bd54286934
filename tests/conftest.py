"""Fixtures shared by the whole suite: every client kind over respx, and helpers for all kinds.

Every test that takes ``client`` or ``kind`` runs three times: with ``MaestroClient``, with
``AsyncMaestroClient`` and with ``AsyncMaestroClient`` on ``DefaultAioHttpClient`` (aiohttp),
whose requests reach the respx routes through a loopback server (``tests/_aiohttp_bridge.py``).
``resolve`` and ``collect`` hide the ``await`` / ``async for``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx

from maestro import AsyncMaestroClient, DefaultAioHttpClient, MaestroClient, RetryPolicy
from maestro._aiohttp_transport import SdkAiohttpTransport
from maestro._transport import AsyncTransport, SyncTransport
from tests._aiohttp_bridge import BridgeResolver, RespxBridge, client_tls

BASE_URL = "https://maestro.test"
HOST = "maestro.test"

KINDS = ["sync", "async", "async-aiohttp"]
# The kinds on httpx's own transport, for tests of what only exists on the client's side of
# the wire (see ``httpx_only``).
HTTPX_KINDS = ["sync", "async"]
LOGIN = "acme"
KEY = "k3y-s3cr3t-value"
TOKEN = "t0ken-abc-123"
ORGANIZATION = "ACME_ORG"

# Waits shrink to nothing in tests; the waits themselves are asserted through `sleeps`.
FAST_RETRIES = RetryPolicy(backoff_initial=0.01, backoff_max=0.02, jitter=0.0)

AnyClient = MaestroClient | AsyncMaestroClient

_AIOHTTP_CLIENTS: list[AsyncMaestroClient] = []


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


def httpx_only(reason: str) -> pytest.MarkDecorator:
    """Runs a ``kind`` test on httpx's transport only; ``reason`` says why aiohttp can't run it.

    For what the bridge cannot carry over the wire: an error httpx raises on the client's
    side (a refused connection, a timeout), or what only the client's request object holds.
    """
    assert reason
    return pytest.mark.parametrize("kind", HTTPX_KINDS)


def httpx_kind_fixture(reason: str) -> Any:
    """A ``kind`` fixture for a module whose tests all run on httpx's kinds only.

    ``kind = httpx_kind_fixture("why")`` in the module, for tests that build their clients
    on something only httpx has (a mock transport, the in-process emulator).
    """
    assert reason

    @pytest.fixture(params=HTTPX_KINDS)
    def kind(request: pytest.FixtureRequest) -> str:
        return str(request.param)

    return kind


def make_client(kind: str, **kwargs: Any) -> AnyClient:
    """A client of the given kind ("sync", "async" or "async-aiohttp") for BASE_URL."""
    options: dict[str, Any] = {"login": LOGIN, "key": KEY, "base_url": BASE_URL}
    options["retry_policy"] = FAST_RETRIES
    options.update(kwargs)
    if kind == "sync":
        return MaestroClient(**options)
    if kind != "async-aiohttp":
        return AsyncMaestroClient(**options)
    options.setdefault("http_client", DefaultAioHttpClient(verify=client_tls()))
    client = AsyncMaestroClient(**options)
    # aiohttp warns about a session left open, which httpx does not; the bridge's fixture
    # closes what a test left open (on a failed assertion, or when it does not matter).
    _AIOHTTP_CLIENTS.append(client)
    return client


async def close(client: AnyClient) -> None:
    """Close either kind of client."""
    if isinstance(client, AsyncMaestroClient):
        await client.aclose()
    else:
        client.close()


@pytest.fixture
async def aiohttp_bridge(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RespxBridge]:
    """The loopback server answering for respx, with the aiohttp transport pointed at it.

    A test fails when a route raised something other than an httpx transport error while
    answering it (with httpx's transport, that error would have reached the test), and when
    it made no aiohttp client (it would only repeat the "async" run).
    """
    bridge = RespxBridge()
    await bridge.start()
    monkeypatch.setattr(SdkAiohttpTransport, "_resolver", BridgeResolver([HOST], bridge.port))
    yield bridge
    made = len(_AIOHTTP_CLIENTS)
    while _AIOHTTP_CLIENTS:
        await _AIOHTTP_CLIENTS.pop().aclose()
    await bridge.aclose()
    if bridge.unexpected:
        raise bridge.unexpected[0]
    assert made, "no aiohttp client: build it with make_client(kind), or use httpx_only(reason)"


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    """Which client a test runs with."""
    if request.param == "async-aiohttp":
        request.getfixturevalue("aiohttp_bridge")
    return str(request.param)


@pytest.fixture
async def client(kind: str, api: respx.MockRouter, sleeps: list[float]) -> AsyncIterator[AnyClient]:
    """A client of each kind against the respx router, retries without real waits."""
    instance = make_client(kind)
    yield instance
    await close(instance)
