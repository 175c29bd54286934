"""Wire tests of client.credentials: exact requests and parsed values, on both clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr

from maestro import NotFoundError, RequestValidationError
from maestro.models import Credential
from tests.conftest import LOGIN, ORGANIZATION, TOKEN, AnyClient, resolve

SECRET = "pa55-w0rd-SECRET"
OTHER = "0ther-SECRET-val"

VAULT = {
    "label": "vault",
    "organizationLabel": ORGANIZATION,
    "repositoryLabel": "DEFAULT",
    "secrets": [
        {"key": "user", "value": "bob", "valid": True},
        {"key": "password", "value": SECRET, "valid": True},
    ],
}


def sent(route: respx.Route, index: int = -1) -> httpx.Request:
    return route.calls[index].request


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def api_calls(api: respx.MockRouter) -> list[tuple[str, str]]:
    """Method and raw path of every request after the login."""
    return [
        (call.request.method, call.request.url.raw_path.decode())
        for call in api.calls
        if call.request.url.path != "/api/v2/workspace/login"
    ]


# -- list, get, get_value ------------------------------------------------------------------


async def test_list_gets_the_plain_array_of_sets(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/credential").respond(200, json=[VAULT])

    response = await resolve(client.credentials.list())

    request = sent(route)
    assert request.method == "GET"
    assert request.url.raw_path == b"/api/v2/credential"
    assert request.headers["token"] == TOKEN
    assert request.headers["organization"] == ORGANIZATION
    assert [credential.label for credential in response.parsed] == ["vault"]
    assert response.parsed[0].value("password").get_secret_value() == SECRET


async def test_get_encodes_the_label_into_one_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get(url__regex=r"/api/v2/credential/.*").respond(200, json=VAULT)

    await resolve(client.credentials.get("team/vault"))

    assert sent(route).url.raw_path == b"/api/v2/credential/team%2Fvault"


async def test_get_parses_secrets_as_secret_strings(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/credential/vault").respond(200, json=VAULT)

    credential = (await resolve(client.credentials.get("vault"))).parsed

    assert isinstance(credential, Credential)
    assert credential.keys == ["user", "password"]
    assert credential.secrets[1].value == SecretStr(SECRET)
    assert credential.secrets[1].valid is True
    assert credential.value("missing") is None
    assert SECRET not in repr(credential)
    assert SECRET not in str(credential)


async def test_get_reads_odd_secret_entries_without_failing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    odd = {"label": "vault", "secrets": [{"key": "pin", "value": 1234}, SECRET, {"key": "x"}]}
    api.get("/api/v2/credential/vault").respond(200, json=odd)

    credential = (await resolve(client.credentials.get("vault"))).parsed

    assert credential.keys == ["pin", "x"]
    assert credential.value("pin") == SecretStr("1234")
    assert credential.value("x") is None


async def test_get_of_a_missing_set_raises_not_found(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/credential/nope").respond(404, json={"message": "Credential not found"})

    with pytest.raises(NotFoundError, match="Credential not found"):
        await resolve(client.credentials.get("nope"))


async def test_get_value_returns_the_plain_text_as_a_secret(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/credential/vault/key/pass%20word").respond(
        200, text=SECRET, headers={"content-type": "text/plain"}
    )

    response = await resolve(client.credentials.get_value("vault", "pass word"))

    assert sent(route).method == "GET"
    assert isinstance(response.parsed, SecretStr)
    assert response.parsed.get_secret_value() == SECRET
    assert SECRET not in repr(response)
    assert SECRET not in repr(response.parsed)


async def test_get_value_refuses_a_dot_dot_key_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"credentials\.get_value.*key"):
        await resolve(client.credentials.get_value("vault", ".."))

    assert api_calls(api) == []


# -- create --------------------------------------------------------------------------------


async def test_create_sends_the_seed_payload(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/credential").respond(200, json=VAULT)
    await resolve(client.authenticate())

    response = await resolve(
        client.credentials.create("vault", {"user": "bob", "password": SECRET})
    )

    request = sent(route)
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert body(request) == {
        "label": "vault",
        "organizationLabel": ORGANIZATION,
        "repositoryLabel": "DEFAULT",
        "secrets": [
            {"key": "user", "value": "bob", "valid": True},
            {"key": "password", "value": SECRET, "valid": True},
        ],
    }
    assert list(body(request)) == ["label", "organizationLabel", "repositoryLabel", "secrets"]
    assert response.parsed.label == "vault"


async def test_create_on_a_fresh_client_names_the_organization_the_login_answered(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/credential").respond(200, json=VAULT)

    await resolve(client.credentials.create("vault", {"user": "bob"}, repository_label="R2"))

    assert ORGANIZATION != LOGIN
    assert body(sent(route))["organizationLabel"] == ORGANIZATION
    assert body(sent(route))["repositoryLabel"] == "R2"


async def test_create_accepts_secret_str_values(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/credential").respond(200, json=VAULT)

    await resolve(client.credentials.create("vault", {"password": SecretStr(SECRET)}))

    assert body(sent(route))["secrets"] == [{"key": "password", "value": SECRET, "valid": True}]


async def test_create_names_bad_values_without_showing_them(
    client: AnyClient, api: respx.MockRouter
) -> None:
    values: Any = {"": SECRET, "pin": 1234, "ok": OTHER}

    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.credentials.create("vault", values))

    message = str(caught.value)
    assert "credentials.create" in message
    assert "values='': keys must be non-blank strings" in message
    assert "values['pin']=***: must be a string or SecretStr" in message
    assert SECRET not in message
    assert "1234" not in message
    assert api_calls(api) == []


async def test_create_refuses_a_blank_label_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="label"):
        await resolve(client.credentials.create(" ", {"user": SECRET}))

    assert api_calls(api) == []


async def test_create_error_message_hides_an_echoed_secret(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/credential").respond(400, json={"message": f"bad value {SECRET}"})

    with pytest.raises(Exception) as caught:
        await resolve(client.credentials.create("vault", {"password": SECRET}))

    assert "bad value ***" in str(caught.value)
    assert SECRET not in str(caught.value)


# -- delete --------------------------------------------------------------------------------


async def test_delete_sends_delete_on_the_label(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.delete("/api/v2/credential/vault").respond(200)

    response = await resolve(client.credentials.delete("vault"))

    assert sent(route).method == "DELETE"
    assert response.parsed is None
