"""The key and tokens never appear in reprs, DEBUG logs or exception text."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from maestro import APIConnectionError, AuthenticationError, MaestroClientError, NotFoundError
from maestro._call import Call, no_body
from tests.conftest import KEY, TOKEN, AnyClient, close, httpx_only, make_client, resolve


async def test_debug_logs_hold_no_key_or_token(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("/api/v2/task/1").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json={"id": 1})]
    )
    with caplog.at_level(logging.DEBUG):
        await resolve(client.tasks.get(1))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST https://maestro.test/api/v2/workspace/login -> 200" in text
    assert "GET https://maestro.test/api/v2/task/1 -> 200" in text
    assert KEY not in text
    assert TOKEN not in text


async def test_a_server_message_echoing_secrets_is_redacted(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(
        404, json={"message": f"no task for token {TOKEN} and key {KEY}"}
    )
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.get(1))
    assert str(caught.value) == "404 Not Found: no task for token *** and key ***"
    assert caught.value.message == "no task for token *** and key ***"


async def test_a_failed_login_echoing_the_key_is_redacted(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api["login"].respond(401, text=f"invalid key {KEY}")
    with pytest.raises(AuthenticationError) as caught:
        await resolve(client.authenticate())
    assert KEY not in str(caught.value)
    assert "***" in str(caught.value)


@httpx_only("an error text made on the client's side, never sent by a server")
async def test_connection_errors_are_redacted(client: AnyClient, api: respx.MockRouter) -> None:
    await resolve(client.authenticate())
    api.get("/api/v2/task/1").mock(side_effect=httpx.ConnectError(f"proxy refused {TOKEN}"))
    with pytest.raises(APIConnectionError) as caught:
        await resolve(client.tasks.get(1))
    assert TOKEN not in str(caught.value)


async def test_call_secrets_are_redacted_from_errors(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/credential").respond(400, json={"message": "bad value hunter2"})
    call = Call(
        "POST", "/api/v2/credential", no_body, json={"value": "hunter2"}, secrets=("hunter2",)
    )
    with pytest.raises(MaestroClientError) as caught:
        await resolve(client._transport.execute(call))
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(call)


async def test_reprs_hold_no_secret(kind: str, api: respx.MockRouter) -> None:
    client = make_client(kind)
    await resolve(client.authenticate())
    response = await resolve(client.authenticate())
    for text in (
        repr(client),
        repr(response),
        repr(response.parsed),
        str(response.parsed),
        repr(client.tasks),
    ):
        assert KEY not in text
        assert TOKEN not in text
    await close(client)
