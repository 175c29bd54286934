"""The per-call path: requests carry what httpx would have built, and tenacity waits for failures.

The transports build most requests without ``httpx.Client.build_request`` (their headers are
merged once per token, not per request) and send the first attempt without a retry loop.
These tests pin that nothing a user's httpx client adds gets lost on the way.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import tenacity

from maestro import AsyncMaestroClient, MaestroClient
from maestro._transport_core import USER_AGENT
from tests.conftest import (
    BASE_URL,
    KEY,
    LOGIN,
    ORGANIZATION,
    TOKEN,
    AnyClient,
    httpx_kind_fixture,
    resolve,
)
from tests.robustness.test_origin import close_all

kind = httpx_kind_fixture("these tests give the client an httpx client on a mock transport")


TASK = {"id": 1, "state": "START", "activityLabel": "Invoices"}


class Server:
    """Answers the login and ``GET /api/v2/task/1``; records each request with its body."""

    def __init__(self, *, cookie: str | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.cookie = cookie

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.path == "/api/v2/workspace/login":
            body = {"accessToken": TOKEN, "organizationLabel": ORGANIZATION}
            headers = {"Set-Cookie": f"lb={self.cookie}; Path=/"} if self.cookie else {}
            return httpx.Response(200, json=body, headers=headers)
        return httpx.Response(200, json=TASK)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client_on(kind: str, server: Server, **http_options: Any) -> AnyClient:
    """A client on an httpx client the user built with ``http_options``."""
    transport: Any = httpx.MockTransport(server)
    if kind == "sync":
        return MaestroClient(
            LOGIN, KEY, BASE_URL, http_client=httpx.Client(transport=transport, **http_options)
        )
    http = httpx.AsyncClient(transport=transport, **http_options)
    return AsyncMaestroClient(LOGIN, KEY, BASE_URL, http_client=http)


async def test_a_request_carries_the_user_clients_headers_under_the_sdks(kind: str) -> None:
    server = Server()
    client = client_on(kind, server, headers={"X-Team": "rpa", "Accept": "text/plain"})
    await resolve(client.tasks.get(1))
    assert server.last.headers.multi_items() == [
        ("host", "maestro.test"),
        ("accept-encoding", "gzip, deflate"),
        ("connection", "keep-alive"),
        ("x-team", "rpa"),
        ("accept", "application/json"),
        ("user-agent", USER_AGENT),
        ("token", TOKEN),
        ("authorization", f"Bearer {TOKEN}"),
        ("organization", ORGANIZATION),
    ]
    await close_all(client)


async def test_a_request_is_the_one_httpx_would_build(kind: str) -> None:
    server = Server()
    client = client_on(kind, server, headers={"X-Team": "rpa"})
    await resolve(client.tasks.get(1))
    sent = server.last
    http = client._transport.http
    headers = [("Accept", "application/json"), ("User-Agent", USER_AGENT)]
    headers += [("token", TOKEN), ("Authorization", f"Bearer {TOKEN}")]
    headers += [("organization", ORGANIZATION)]
    url = f"{BASE_URL}/api/v2/task/1"
    built = http.build_request("GET", url, headers=headers, timeout=client.timeout)
    assert (sent.method, sent.url, sent.headers.raw) == (built.method, built.url, built.headers.raw)
    assert sent.extensions == built.extensions == {"timeout": client.timeout.as_dict()}
    await close_all(client)


async def test_headers_the_user_changes_on_the_http_client_apply_to_the_next_call(
    kind: str,
) -> None:
    server = Server()
    client = client_on(kind, server, headers={"X-Team": "rpa"})
    await resolve(client.tasks.get(1))
    client._transport.http.headers["X-Team"] = "finance"
    await resolve(client.tasks.get(1))
    assert server.last.headers["x-team"] == "finance"
    await close_all(client)


async def test_a_cookie_the_server_set_is_sent_back(kind: str) -> None:
    server = Server(cookie="node-7")
    client = client_on(kind, server)
    await resolve(client.tasks.get(1))
    assert server.last.headers["cookie"] == "lb=node-7"
    await close_all(client)


async def test_the_user_clients_default_query_is_sent(kind: str) -> None:
    server = Server()
    client = client_on(kind, server, params={"tenant": "acme"})
    await resolve(client.tasks.get(1))
    assert server.last.url.params["tenant"] == "acme"
    await close_all(client)


async def test_a_user_client_with_its_own_build_request_builds_every_request(kind: str) -> None:
    server = Server()
    signed: list[str] = []

    def build_request(http: Any, method: str, url: Any, **kwargs: Any) -> httpx.Request:
        request = type(http).__mro__[1].build_request(http, method, url, **kwargs)
        request.headers["X-Signature"] = f"signed {method}"
        signed.append(request.url.path)
        return request

    if kind == "sync":
        subclass: Any = type("SigningClient", (httpx.Client,), {"build_request": build_request})
        client: AnyClient = MaestroClient(
            LOGIN, KEY, BASE_URL, http_client=subclass(transport=httpx.MockTransport(server))
        )
    else:
        subclass = type("SigningClient", (httpx.AsyncClient,), {"build_request": build_request})
        client = AsyncMaestroClient(
            LOGIN, KEY, BASE_URL, http_client=subclass(transport=httpx.MockTransport(server))
        )
    await resolve(client.tasks.get(1))
    assert signed == ["/api/v2/workspace/login", "/api/v2/task/1"]
    assert server.last.headers["x-signature"] == "signed GET"
    await close_all(client)


async def test_a_call_answered_at_once_builds_no_retry_loop(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a retry loop was built for a call that needed none")

    monkeypatch.setattr(tenacity.Retrying, "__init__", refuse)
    monkeypatch.setattr(tenacity.AsyncRetrying, "__init__", refuse)
    server = Server()
    client = client_on(kind, server)
    response = await resolve(client.tasks.get(1))
    assert (response.parsed.id, response.retries) == (1, 0)
    await close_all(client)
