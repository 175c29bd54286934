"""Small robustness fixes: retry policy precedence, flows closed on cancellation, odd values."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import respx

import maestro
from maestro import (
    AsyncMaestroClient,
    ConfigurationError,
    MaestroClient,
    ResponseValidationError,
    RetryPolicy,
)
from maestro._call import Emit, Sleep
from maestro._transport import AsyncTransport, SyncTransport
from tests.conftest import BASE_URL, KEY, LOGIN, TOKEN, AnyClient, close, make_client, resolve

CLIENTS = [MaestroClient, AsyncMaestroClient]


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"retry_policy": RetryPolicy(max_retries=5)}, 5),
        ({"retry_policy": RetryPolicy(max_retries=5), "max_retries": 1}, 1),
        ({"max_retries": 0}, 0),
        ({}, 2),
    ],
)
def test_an_explicit_retry_policy_wins_unless_max_retries_is_given_too(
    client_class: type[AnyClient], arguments: dict[str, Any], expected: int
) -> None:
    assert client_class(LOGIN, KEY, **arguments).retry_policy.max_retries == expected


def _flow(closed: list[str]) -> Generator[Any, Any, str]:
    try:
        yield Sleep(1.0)
        return "finished"
    finally:
        closed.append("closed")


def test_a_flow_left_by_ctrl_c_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(SyncTransport, "sleep", staticmethod(interrupted))
    client = MaestroClient(LOGIN, KEY, BASE_URL)
    closed: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        client._transport.run_flow(_flow(closed), "test.flow")
    assert closed == ["closed"]


async def test_a_flow_left_by_a_cancellation_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    started = asyncio.Event()

    async def forever(seconds: float) -> None:
        started.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(AsyncTransport, "sleep", staticmethod(forever))
    client = AsyncMaestroClient(LOGIN, KEY, BASE_URL)
    closed: list[str] = []
    task = asyncio.ensure_future(client._transport.run_flow(_flow(closed), "test.flow"))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert closed == ["closed"]


async def test_an_iterator_left_by_a_cancellation_closes_its_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def cancelled(seconds: float) -> None:
        raise asyncio.CancelledError

    def stream(closed: list[str]) -> Generator[Any, Any, None]:
        try:
            yield Emit(1)
            yield Sleep(1.0)
            yield Emit(2)
        finally:
            closed.append("closed")

    monkeypatch.setattr(AsyncTransport, "sleep", staticmethod(cancelled))
    client = AsyncMaestroClient(LOGIN, KEY, BASE_URL)
    closed: list[str] = []
    items: list[int] = []

    async def consume() -> None:
        async for item in client._transport.iterate(stream(closed), "test.iterate"):
            items.append(item)

    with pytest.raises(asyncio.CancelledError):
        await consume()
    assert (items, closed) == ([1], ["closed"])


@pytest.mark.parametrize("client_class", CLIENTS)
def test_repr_of_a_client_whose_constructor_failed_does_not_raise(
    client_class: type[AnyClient],
) -> None:
    client = client_class.__new__(client_class)
    with pytest.raises(ConfigurationError):
        client.__init__(LOGIN, KEY, "ftp://nowhere")  # type: ignore[misc]
    assert repr(client) == f"{client_class.__name__}(<not configured>)"


async def test_a_url_in_the_query_of_a_path_is_not_taken_for_another_host(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/x").respond(200, json={})
    await resolve(client.request_raw("GET", "/x?next=http://a/b"))
    assert route.calls.last.request.url.params["next"] == "http://a/b"


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("token", ["abc\r\nX-Injected: 1", "tök-en", "abc\x00def"])
def test_a_token_that_cannot_be_a_header_is_refused_without_showing_it(
    client_class: type[AnyClient], token: str
) -> None:
    with pytest.raises(ConfigurationError, match=r"^token contains .*: it cannot be sent as a"):
        client_class(token=token, base_url=BASE_URL)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_an_organization_that_cannot_be_a_header_is_refused(
    client_class: type[AnyClient],
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        client_class(LOGIN, KEY, BASE_URL, organization="Açme")
    assert str(caught.value) == (
        "organization 'Açme' contains non-ASCII characters: it cannot be sent as a header"
    )


async def test_a_login_answering_an_organization_that_cannot_be_a_header_says_so(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api["login"].respond(200, json={"accessToken": TOKEN, "organizationLabel": "Org\r\nX: 1"})
    with pytest.raises(ResponseValidationError) as caught:
        await resolve(client.tasks.get(1))
    assert str(caught.value) == (
        "the server accepted POST /api/v2/workspace/login (200 OK), but a value it answered "
        "cannot be sent in a header: organizationLabel='Org\\r\\nX: 1': contains a line break "
        "(CR or LF): it cannot be sent as the organization header; give the client "
        "organization=... (the workspace label)"
    )
    assert client.token is None


async def test_a_login_answering_a_token_that_cannot_be_a_header_never_shows_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api["login"].respond(200, json={"accessToken": "tök-secret-value"})
    with pytest.raises(ResponseValidationError) as caught:
        await resolve(client.authenticate())
    assert "accessToken=***: contains non-ASCII characters" in str(caught.value)
    assert "tök-secret-value" not in str(caught.value)


async def test_a_configured_organization_wins_over_an_unsendable_answered_one(
    kind: str, api: respx.MockRouter
) -> None:
    api["login"].respond(200, json={"accessToken": TOKEN, "organizationLabel": "Açme"})
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    client = make_client(kind, organization="ACME")
    await resolve(client.tasks.get(1))
    await close(client)
    assert route.calls.last.request.headers["organization"] == "ACME"


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }


def test_the_errors_module_needs_nothing_from_the_response_module() -> None:
    package = Path(maestro.__file__).parent
    assert "maestro._response" not in _imports(package / "_exceptions.py")
    assert "maestro._exceptions" in _imports(package / "_response.py")
