"""Authentication: login, headers, renewal before expiry and after a 401, token-only mode."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from typing import Any

import httpx
import pytest
import respx

from maestro import (
    AsyncMaestroClient,
    AuthenticationError,
    LoginResponse,
    MaestroClient,
    MaestroResponse,
)
from tests.conftest import (
    BASE_URL,
    KEY,
    LOGIN,
    ORGANIZATION,
    TOKEN,
    AnyClient,
    close,
    make_client,
    resolve,
)


def jwt(exp: float, subject: str = "acme") -> str:
    """A JWT-shaped token expiring at ``exp`` (epoch seconds); the signature is not checked."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'sub': subject, 'exp': int(exp)})}.c2lnbmF0dXJl"


async def test_first_call_logs_in_with_login_and_key(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    login = api["login"].calls.last.request
    assert login.method == "POST"
    assert login.url == f"{BASE_URL}/api/v2/workspace/login"
    assert json.loads(login.content) == {"login": LOGIN, "key": KEY}
    assert login.headers["content-type"] == "application/json"
    assert "token" not in login.headers
    assert "authorization" not in login.headers


async def test_requests_carry_token_organization_and_bearer_headers(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    headers = route.calls.last.request.headers
    assert headers["token"] == TOKEN
    assert headers["organization"] == ORGANIZATION
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["accept"] == "application/json"
    assert headers["user-agent"].startswith("botcity-maestro-client/")


async def test_authenticate_caches_token_and_organization(
    client: AnyClient, api: respx.MockRouter
) -> None:
    response = await resolve(client.authenticate())
    assert isinstance(response, MaestroResponse)
    assert isinstance(response.parsed, LoginResponse)
    assert response.parsed.access_token == TOKEN
    assert client.token == TOKEN
    assert client.organization == ORGANIZATION


async def test_organization_falls_back_to_the_login(kind: str, api: respx.MockRouter) -> None:
    api["login"].respond(200, json={"accessToken": TOKEN})
    client = make_client(kind)
    await resolve(client.authenticate())
    assert client.organization == LOGIN
    await close(client)


async def test_explicit_organization_wins_over_the_login_answer(
    kind: str, api: respx.MockRouter
) -> None:
    client = make_client(kind, organization="MINE")
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    assert route.calls.last.request.headers["organization"] == "MINE"
    await close(client)


async def test_failed_login_raises_authentication_error_without_the_key(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api["login"].respond(401, json={"message": f"bad key {KEY}"})
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    with pytest.raises(AuthenticationError) as caught:
        await resolve(client.tasks.get(1))
    assert caught.value.status_code == 401
    assert KEY not in str(caught.value)
    assert "login as 'acme' failed" in str(caught.value)


async def test_explicit_authenticate_returns_the_failed_response_when_not_raising(
    kind: str, api: respx.MockRouter
) -> None:
    api["login"].respond(403, json={"message": "nope"})
    client = make_client(kind, raise_for_status=False)
    response = await resolve(client.authenticate())
    assert response.status_code == 403
    assert not response.ok
    assert client.token is None
    await close(client)


async def test_a_401_logs_in_once_and_replays_the_request_once(
    client: AnyClient, api: respx.MockRouter
) -> None:
    tokens = iter(["first", "second"])
    api["login"].mock(
        side_effect=lambda request: httpx.Response(200, json={"accessToken": next(tokens)})
    )
    route = api.get("/api/v2/task/1").mock(
        side_effect=[
            httpx.Response(401, json={"message": "expired"}),
            httpx.Response(200, json={"id": 1}),
        ]
    )
    response = await resolve(client.tasks.get(1))
    assert response.parsed.id == 1
    assert api["login"].call_count == 2
    assert [call.request.headers["token"] for call in route.calls] == ["first", "second"]


async def test_a_second_401_after_renewal_raises(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task/1").respond(401, json={"message": "still no"})
    with pytest.raises(AuthenticationError, match="still no"):
        await resolve(client.tasks.get(1))
    assert route.call_count == 2
    assert api["login"].call_count == 2


async def test_an_expired_jwt_is_renewed_before_the_request(
    kind: str, api: respx.MockRouter
) -> None:
    fresh = jwt(time.time() + 3600)
    api["login"].respond(200, json={"accessToken": fresh})
    client = make_client(kind, token=jwt(time.time() - 10))
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 1
    assert route.calls.last.request.headers["token"] == fresh
    await close(client)


async def test_a_valid_jwt_is_used_without_logging_in(kind: str, api: respx.MockRouter) -> None:
    token = jwt(time.time() + 3600)
    client = make_client(kind, token=token)
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 0
    assert route.calls.last.request.headers["authorization"] == f"Bearer {token}"
    await close(client)


async def test_an_opaque_token_is_renewed_after_fifty_minutes(
    client: AnyClient, api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 1
    now = time.time()
    monkeypatch.setattr(client._transport.auth, "_clock", lambda: now + 49 * 60)
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 1
    monkeypatch.setattr(client._transport.auth, "_clock", lambda: now + 51 * 60)
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 2


async def test_token_only_mode_never_logs_in(kind: str, api: respx.MockRouter) -> None:
    client = make_client(kind, login=None, key=None, token="runner-token", organization="ORG")
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    assert api["login"].call_count == 0
    assert route.calls.last.request.headers["token"] == "runner-token"
    assert route.calls.last.request.headers["organization"] == "ORG"
    await close(client)


async def test_token_only_mode_401_says_the_token_cannot_be_renewed(
    kind: str, api: respx.MockRouter
) -> None:
    client = make_client(kind, login=None, key=None, token="runner-token")
    route = api.get("/api/v2/task/1").respond(401, json={"message": "expired runner-token"})
    with pytest.raises(AuthenticationError) as caught:
        await resolve(client.tasks.get(1))
    message = str(caught.value)
    assert "cannot be renewed without login and key" in message
    assert "runner-token" not in message
    assert route.call_count == 1
    assert api["login"].call_count == 0
    await close(client)


def _slow_login(tokens: list[str]) -> Any:
    lock = threading.Lock()

    def answer(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)  # keep the login in flight while the other callers pile up
        with lock:
            tokens.append(f"tok-{len(tokens) + 1}")
            return httpx.Response(200, json={"accessToken": tokens[-1]})

    return answer


def test_32_threads_with_an_expired_token_cause_one_login(api: respx.MockRouter) -> None:
    tokens: list[str] = []
    api["login"].mock(side_effect=_slow_login(tokens))
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    client = MaestroClient(LOGIN, KEY, BASE_URL, token=jwt(time.time() - 5))
    barrier = threading.Barrier(32)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            client.tasks.get(1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert errors == []
    assert api["login"].call_count == 1


def test_32_threads_meeting_a_401_cause_one_login(api: respx.MockRouter) -> None:
    tokens: list[str] = ["tok-0"]
    api["login"].mock(side_effect=_slow_login(tokens))
    client = MaestroClient(LOGIN, KEY, BASE_URL, token="tok-0")
    barrier = threading.Barrier(32)

    rejected: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers["token"] == "tok-0":
            rejected.append("tok-0")
            return httpx.Response(401, json={"message": "expired"})
        return httpx.Response(200, json={"id": 1})

    route = api.get("/api/v2/task/1").mock(side_effect=answer)
    results: list[int] = []

    def worker() -> None:
        barrier.wait()
        results.append(client.tasks.get(1).parsed.id)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert results == [1] * 32
    assert api["login"].call_count == 1
    assert len(rejected) >= 2  # several callers met the 401 at the same time
    assert route.call_count == 32 + len(rejected)  # each of them replayed once


async def test_32_tasks_with_an_expired_token_cause_one_login(api: respx.MockRouter) -> None:
    count = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal count
        count += 1
        await asyncio.sleep(0.02)
        return httpx.Response(200, json={"accessToken": f"tok-{count}"})

    api["login"].mock(side_effect=answer)
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    async with AsyncMaestroClient(LOGIN, KEY, BASE_URL, token=jwt(time.time() - 5)) as client:
        results = await asyncio.gather(*(client.tasks.get(1) for _ in range(32)))
    assert [r.parsed.id for r in results] == [1] * 32
    assert api["login"].call_count == 1


async def test_32_tasks_meeting_a_401_cause_one_login(api: respx.MockRouter) -> None:
    async def login(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.02)
        return httpx.Response(200, json={"accessToken": "fresh"})

    api["login"].mock(side_effect=login)

    rejected: list[str] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        if request.headers["token"] == "stale":
            rejected.append("stale")
            return httpx.Response(401, json={"message": "expired"})
        return httpx.Response(200, json={"id": 7})

    route = api.get("/api/v2/task/7").mock(side_effect=answer)
    async with AsyncMaestroClient(LOGIN, KEY, BASE_URL, token="stale") as client:
        results = await asyncio.gather(*(client.tasks.get(7) for _ in range(32)))
    assert [r.parsed.id for r in results] == [7] * 32
    assert api["login"].call_count == 1
    assert len(rejected) >= 2
    assert route.call_count == 32 + len(rejected)


async def test_with_options_copies_share_the_token_cache(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    copy = client.with_options(max_retries=0)
    await resolve(client.tasks.get(1))
    await resolve(copy.tasks.get(1))
    assert api["login"].call_count == 1
    assert copy.token == client.token == TOKEN
