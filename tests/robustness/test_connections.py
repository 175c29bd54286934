"""The connection pool: its limits, their checks, connection reuse, and the aiohttp client."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from typing import Any

import httpx
import pytest

import maestro
from maestro import AsyncMaestroClient, ConfigurationError, DefaultAioHttpClient, MaestroClient
from maestro._config import pool_limits
from tests.conftest import KEY, LOGIN, ORGANIZATION, TOKEN, AnyClient, close

CLIENTS = [MaestroClient, AsyncMaestroClient]
TASK = json.dumps({"id": 1, "state": "START", "activityLabel": "Invoices"}).encode()
LOGIN_ANSWER = json.dumps({"accessToken": TOKEN, "organizationLabel": ORGANIZATION}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: CountingServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.lock:
            self.server.connections += 1

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.answer(LOGIN_ANSWER)

    def do_GET(self) -> None:
        self.server.hold()
        self.answer(TASK)

    def answer(self, body: bytes) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.wfile.write(head.encode() + body)  # one write: no wait on delayed ACKs

    def log_message(self, format: str, *args: Any) -> None:
        pass


class CountingServer(ThreadingHTTPServer):
    """A keep-alive server on 127.0.0.1 that counts the connections it accepted.

    With ``together`` set, it answers a task only once that many are waiting for their
    answer (or after a few seconds): every wave of calls is in flight at once.
    """

    daemon_threads = True
    request_queue_size = 256

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.lock = threading.Lock()
        self.together = 1
        self._waiting = 0
        self._wave = 0
        self._released = threading.Condition()

    def hold(self) -> None:
        with self._released:
            self._waiting += 1
            if self._waiting >= self.together:
                self._waiting = 0
                self._wave += 1
                self._released.notify_all()
                return
            wave = self._wave
            if not self._released.wait_for(lambda: self._wave != wave, timeout=5):
                self._waiting -= 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def server() -> Iterator[CountingServer]:
    instance = CountingServer()
    thread = threading.Thread(target=instance.serve_forever, daemon=True)
    thread.start()
    yield instance
    instance.shutdown()
    instance.server_close()
    thread.join()


async def waves_of_calls(client: AnyClient, waves: int, at_once: int) -> None:
    """``waves`` times, ``at_once`` concurrent ``tasks.get`` (tasks or threads)."""
    if isinstance(client, AsyncMaestroClient):
        for _ in range(waves):
            await asyncio.gather(*(client.tasks.get(1) for _ in range(at_once)))
        return
    sync_client = client
    with ThreadPoolExecutor(at_once) as pool:
        for _ in range(waves):
            list(pool.map(lambda _: sync_client.tasks.get(1), range(at_once)))


# -- the SDK's own pool -------------------------------------------------------------------


@pytest.mark.parametrize("client_class", CLIENTS)
async def test_fifty_concurrent_calls_reuse_at_most_fifty_connections(
    client_class: type[AnyClient], server: CountingServer
) -> None:
    server.together = 50
    client = client_class(LOGIN, KEY, server.url)
    await waves_of_calls(client, waves=3, at_once=50)
    await close(client)
    assert 1 <= server.connections <= 50


async def test_httpx_default_keep_alive_opens_new_connections_at_the_same_concurrency(
    server: CountingServer,
) -> None:
    # What the defaults avoid: httpx keeps 20 connections alive and closes the others.
    server.together = 50
    client = AsyncMaestroClient(LOGIN, KEY, server.url, max_keepalive_connections=20)
    await waves_of_calls(client, waves=3, at_once=50)
    await client.aclose()
    assert server.connections > 50


@pytest.mark.parametrize("client_class", CLIENTS)
async def test_max_connections_bounds_the_connections_open_at_once(
    client_class: type[AnyClient], server: CountingServer
) -> None:
    client = client_class(LOGIN, KEY, server.url, max_connections=3)
    await waves_of_calls(client, waves=2, at_once=10)
    await close(client)
    assert server.connections == 3


def test_default_limits_keep_fifty_of_a_hundred_connections() -> None:
    assert pool_limits(None, None) == httpx.Limits(
        max_connections=100, max_keepalive_connections=50
    )


def test_a_smaller_pool_keeps_all_its_connections_by_default() -> None:
    assert pool_limits(20, None) == httpx.Limits(max_connections=20, max_keepalive_connections=20)


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("option", ["max_connections", "max_keepalive_connections"])
@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_nonsense_pool_limits_are_refused_by_name(
    client_class: type[AnyClient], option: str, value: object
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        client_class(LOGIN, KEY, **{option: value})  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"{option} must be an integer >= 1, or None for the default, got {value!r}"
    )


@pytest.mark.parametrize("client_class", CLIENTS)
def test_keeping_more_connections_than_may_be_opened_is_refused(
    client_class: type[AnyClient],
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        client_class(LOGIN, KEY, max_connections=10, max_keepalive_connections=20)
    assert str(caught.value) == (
        "max_keepalive_connections (20) must not be larger than max_connections (10): "
        "a pool keeps at most the connections it may open"
    )


async def test_pool_limits_cannot_be_combined_with_a_users_http_client() -> None:
    async with httpx.AsyncClient() as http:
        with pytest.raises(ConfigurationError) as caught:
            AsyncMaestroClient(LOGIN, KEY, http_client=http, max_keepalive_connections=5)
    assert str(caught.value).startswith(
        "max_keepalive_connections sets the SDK's own connection pool and cannot be combined "
        "with http_client: give your httpx client its limits instead"
    )


def test_pool_limits_cannot_be_combined_with_a_transport() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ConfigurationError) as caught:
        MaestroClient(LOGIN, KEY, transport=transport, max_connections=5)
    assert str(caught.value) == (
        "max_connections sets the SDK's own connection pool and cannot be combined with "
        "transport, which manages its own connections"
    )


async def test_an_async_http_client_given_to_the_sync_client_is_refused() -> None:
    async with httpx.AsyncClient() as http:
        with pytest.raises(ConfigurationError) as caught:
            MaestroClient(LOGIN, KEY, http_client=http)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "http_client must be an httpx.Client for this client, got AsyncClient, "
        "which suits AsyncMaestroClient"
    )


def test_sniffio_is_a_declared_dependency() -> None:
    # Without it, httpcore tries (and fails) to import it on every async lock setup.
    requirements = metadata.requires("botcity-maestro-client") or []
    assert any(
        requirement.split(">")[0].strip() == "sniffio" and "extra" not in requirement
        for requirement in requirements
    )


# -- the aiohttp client -------------------------------------------------------------------


def test_importing_maestro_imports_no_aiohttp() -> None:
    code = (
        "import sys, maestro; maestro.DefaultAioHttpClient; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'httpx_aiohttp')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert result.stdout.strip() == "[]"


def test_without_the_extra_building_one_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "maestro._aiohttp_transport", raising=False)
    with pytest.raises(ImportError) as caught:
        maestro.DefaultAioHttpClient()
    assert str(caught.value) == (
        "DefaultAioHttpClient needs the aiohttp extra: "
        'pip install "botcity-maestro-client[aiohttp]"'
    )


async def test_it_sends_through_aiohttp_with_its_connection_limit() -> None:
    from httpx_aiohttp import AiohttpTransport

    async with DefaultAioHttpClient(max_connections=7, timeout=12.0) as http:
        assert isinstance(http._transport, AiohttpTransport)
        assert http._transport.limits.max_connections == 7
        assert http.timeout == httpx.Timeout(12.0)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("limits", "DefaultAioHttpClient does not take limits=: give max_connections instead"),
        (
            "transport",
            "DefaultAioHttpClient does not take transport=: it would replace aiohttp; "
            "give it to httpx.AsyncClient instead",
        ),
    ],
)
def test_it_refuses_what_would_undo_it(argument: str, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        DefaultAioHttpClient(**{argument: None})
    assert str(caught.value) == message


def test_a_nonsense_connection_limit_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="max_connections must be an integer >= 1"):
        DefaultAioHttpClient(max_connections=0)


async def test_the_async_client_closes_the_aiohttp_client_it_was_given(
    server: CountingServer,
) -> None:
    http = DefaultAioHttpClient()
    async with AsyncMaestroClient(LOGIN, KEY, server.url, http_client=http) as client:
        assert (await client.tasks.get(1)).parsed.id == 1
    assert http.is_closed


async def test_fifty_concurrent_calls_on_aiohttp_reuse_at_most_fifty_connections(
    server: CountingServer,
) -> None:
    server.together = 50
    client = AsyncMaestroClient(LOGIN, KEY, server.url, http_client=DefaultAioHttpClient())
    await waves_of_calls(client, waves=3, at_once=50)
    await client.aclose()
    assert 1 <= server.connections <= 50
