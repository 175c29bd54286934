"""Credentials never leave the configured origin: redirects, user:password URLs, plain http."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from maestro import (
    AsyncMaestroClient,
    ConfigurationError,
    InsecureConnectionWarning,
    MaestroClient,
    RedirectError,
)
from tests.conftest import (
    BASE_URL,
    KEY,
    LOGIN,
    ORGANIZATION,
    TOKEN,
    AnyClient,
    close,
    httpx_kind_fixture,
    resolve,
)

kind = httpx_kind_fixture("these tests give the client an httpx client on a mock transport")


Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """A fake server behind an httpx MockTransport that records every request it receives."""

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.path == "/api/v2/workspace/login":
            return httpx.Response(
                200, json={"accessToken": TOKEN, "organizationLabel": ORGANIZATION}
            )
        handler = self.routes.get(f"{request.url.host}{request.url.path}")
        if handler is None:
            return httpx.Response(404, json={"message": f"no route {request.url}"})
        return handler(request)

    def seen(self) -> list[tuple[str, str]]:
        return [(r.method, str(r.url)) for r in self.requests if not r.url.path.endswith("login")]


def redirect(status: int, location: str) -> Handler:
    return lambda request: httpx.Response(status, headers={"Location": location})


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": 1, "method": request.method})


def client_for(kind: str, server: Server, *, follow_redirects: bool = False) -> AnyClient:
    """A client whose httpx client the user built, possibly with follow_redirects=True."""
    transport: Any
    if kind == "sync":
        transport = httpx.MockTransport(server)
        http = httpx.Client(transport=transport, follow_redirects=follow_redirects)
        return MaestroClient(LOGIN, KEY, BASE_URL, http_client=http)
    transport = httpx.MockTransport(server)
    http_async = httpx.AsyncClient(transport=transport, follow_redirects=follow_redirects)
    return AsyncMaestroClient(LOGIN, KEY, BASE_URL, http_client=http_async)


async def close_all(client: AnyClient) -> None:
    await close(client)
    http = client._transport.http
    if isinstance(http, httpx.AsyncClient):
        await http.aclose()
    else:
        http.close()


async def test_a_same_origin_redirect_is_followed_with_the_credentials(kind: str) -> None:
    server = Server(
        {
            "maestro.test/api/v2/task/1": redirect(302, "/api/v2/task/1/moved"),
            "maestro.test/api/v2/task/1/moved": ok,
        }
    )
    client = client_for(kind, server)
    response = await resolve(client.tasks.get(1))
    await close_all(client)
    assert response.parsed.id == 1
    assert server.seen() == [
        ("GET", "https://maestro.test/api/v2/task/1"),
        ("GET", "https://maestro.test/api/v2/task/1/moved"),
    ]
    assert server.requests[-1].headers["token"] == TOKEN
    assert server.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"


async def test_a_303_turns_a_post_into_a_get_without_body(kind: str) -> None:
    server = Server(
        {
            "maestro.test/api/v2/task": redirect(303, "/api/v2/task/9"),
            "maestro.test/api/v2/task/9": ok,
        }
    )
    client = client_for(kind, server)
    await resolve(client.tasks.create("Robot"))
    await close_all(client)
    followed = server.requests[-1]
    assert (followed.method, followed.url.path, followed.content) == ("GET", "/api/v2/task/9", b"")
    assert "content-type" not in followed.headers


async def test_a_307_resends_the_same_method_and_body(kind: str) -> None:
    server = Server(
        {
            "maestro.test/api/v2/task": redirect(307, "https://maestro.test/api/v2/task/new"),
            "maestro.test/api/v2/task/new": ok,
        }
    )
    client = client_for(kind, server)
    await resolve(client.tasks.create("Robot"))
    await close_all(client)
    first, followed = server.requests[-2], server.requests[-1]
    assert (followed.method, followed.url.path) == ("POST", "/api/v2/task/new")
    assert json.loads(followed.content) == json.loads(first.content)
    assert json.loads(followed.content)["activityLabel"] == "Robot"


@pytest.mark.parametrize("follow_redirects", [False, True])
async def test_a_redirect_to_another_host_is_refused_and_never_reached(
    kind: str, follow_redirects: bool
) -> None:
    server = Server(
        {
            "maestro.test/api/v2/task/1": redirect(302, "https://evil.example/collect?x=1"),
            "evil.example/collect": ok,
        }
    )
    client = client_for(kind, server, follow_redirects=follow_redirects)
    with pytest.raises(RedirectError) as caught:
        await resolve(client.tasks.get(1))
    await close_all(client)
    assert str(caught.value) == (
        "GET https://maestro.test/api/v2/task/1 was redirected (302) to another origin, "
        "https://evil.example: not followed, so the token, the organization and the request "
        "body stay on https://maestro.test. If the server moved, point base_url at "
        "https://evil.example"
    )
    assert caught.value.location == "https://evil.example/collect?x=1"
    assert [host for _, host in server.seen()] == ["https://maestro.test/api/v2/task/1"]


async def test_a_redirect_from_https_to_http_on_the_same_host_is_another_origin(
    kind: str,
) -> None:
    server = Server({"maestro.test/api/v2/task/1": redirect(301, "http://maestro.test/x")})
    client = client_for(kind, server)
    with pytest.raises(RedirectError, match=r"to another origin, http://maestro\.test:"):
        await resolve(client.tasks.get(1))
    await close_all(client)
    assert len(server.seen()) == 1


async def test_redirects_that_go_round_stop_after_five(kind: str) -> None:
    server = Server({"maestro.test/api/v2/task/1": redirect(302, "/api/v2/task/1")})
    client = client_for(kind, server)
    with pytest.raises(RedirectError, match="again after 5 redirects: not followed"):
        await resolve(client.tasks.get(1))
    await close_all(client)
    assert len(server.seen()) == 6


async def test_a_stream_upload_is_not_resent_by_a_307(kind: str) -> None:
    class OneShot:
        name = "package.zip"

        def __init__(self) -> None:
            self.data = b"PK\x03\x04"

        def read(self, size: int = -1) -> bytes:
            data, self.data = self.data, b""
            return data

    server = Server(
        {"maestro.test/api/v2/bot/upload/bot/version/1.0": redirect(307, "/api/v2/elsewhere")}
    )
    client = client_for(kind, server)
    with pytest.raises(RedirectError, match=r"with its body, which cannot be sent twice"):
        await resolve(client.bots.upload("bot", "1.0", OneShot()))  # type: ignore[arg-type]
    await close_all(client)
    assert len(server.seen()) == 1


@pytest.mark.parametrize("client_class", [MaestroClient, AsyncMaestroClient])
def test_a_base_url_with_user_and_password_is_refused_without_showing_them(
    client_class: type[AnyClient],
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        client_class(LOGIN, KEY, "https://admin:hunter2-pass@maestro.test")
    message = str(caught.value)
    assert message.startswith(
        "base_url must not carry a user name or password, got 'https://***@maestro.test'"
    )
    assert "hunter2-pass" not in message
    assert "admin" not in message


@pytest.mark.parametrize("client_class", [MaestroClient, AsyncMaestroClient])
def test_plain_http_to_another_machine_warns_once_per_client(
    client_class: type[AnyClient],
) -> None:
    with pytest.warns(InsecureConnectionWarning) as caught:
        client = client_class(LOGIN, KEY, "http://maestro.example.com:8080")
    assert len(caught) == 1
    assert str(caught[0].message).startswith(
        "base_url 'http://maestro.example.com:8080' is plain http:// to another machine: the "
        "key (at login), the token"
    )
    assert caught[0].filename == __file__  # it points at the line that built the client
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.with_options(max_retries=0)  # a copy of the same client: no second warning


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://[::1]:9000",
        "http://localhost:8000",
        "http://maestro.emulator",
        "https://maestro.example.com",
    ],
)
def test_https_loopback_and_the_in_process_emulator_do_not_warn(base_url: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MaestroClient(LOGIN, KEY, base_url).close()
