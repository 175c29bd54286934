"""Wire tests of the credential flows (several requests each) and of secret hygiene."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
import respx

from maestro import (
    BadRequestError,
    MaestroClientError,
    NotFoundError,
    RequestValidationError,
    ServerError,
)
from tests.conftest import ORGANIZATION, AnyClient, close, make_client, resolve

SECRET = "pa55-w0rd-SECRET"
NEW = "n3w-SECRET-value"

VAULT = {
    "label": "vault",
    "secrets": [
        {"key": "user", "value": "bob", "valid": True},
        {"key": "password", "value": SECRET, "valid": True},
    ],
}
VAULT_PATH = "/api/v2/credential/vault"


def exchange(api: respx.MockRouter) -> list[tuple[str, str, Any]]:
    """Method, path and JSON body of every request after the login, in order."""
    result = []
    for call in api.calls:
        request: httpx.Request = call.request
        if request.url.path == "/api/v2/workspace/login":
            continue
        payload = json.loads(request.content) if request.content else None
        result.append((request.method, request.url.raw_path.decode(), payload))
    return result


# -- set_value -----------------------------------------------------------------------------


async def test_set_value_creates_the_set_when_it_is_missing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(404, json={"message": "not found"})
    api.post("/api/v2/credential").respond(200, json=VAULT)

    response = await resolve(client.credentials.set_value("vault", "password", NEW))

    assert exchange(api) == [
        ("GET", VAULT_PATH, None),
        (
            "POST",
            "/api/v2/credential",
            {
                "label": "vault",
                "organizationLabel": ORGANIZATION,
                "repositoryLabel": "DEFAULT",
                "secrets": [{"key": "password", "value": NEW, "valid": True}],
            },
        ),
    ]
    assert response.status_code == 200
    assert response.parsed is None


async def test_set_value_adds_a_new_key_to_an_existing_set(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(f"{VAULT_PATH}/key").respond(200, json={})

    await resolve(client.credentials.set_value("vault", "token", NEW))

    assert exchange(api) == [
        ("GET", VAULT_PATH, None),
        ("POST", f"{VAULT_PATH}/key", {"key": "token", "value": NEW}),
    ]


async def test_set_value_replaces_an_existing_key_instead_of_adding_it_twice(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).respond(200, json=VAULT)

    await resolve(client.credentials.set_value("vault", "password", NEW))

    assert exchange(api) == [
        ("GET", VAULT_PATH, None),
        (
            "POST",
            VAULT_PATH,
            {
                "label": "vault",
                "secrets": [
                    {"key": "user", "value": "bob", "valid": True},
                    {"key": "password", "value": NEW, "valid": True},
                ],
            },
        ),
    ]


async def test_set_value_stops_when_the_lookup_fails_otherwise(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(400, json={"message": "bad"})

    with pytest.raises(BadRequestError):
        await resolve(client.credentials.set_value("vault", "password", NEW))

    assert len(exchange(api)) == 1


async def test_set_value_creates_the_set_without_raise_for_status(
    api: respx.MockRouter, kind: str, sleeps: list[float]
) -> None:
    client = make_client(kind, raise_for_status=False)
    api.get(VAULT_PATH).respond(404, json={"message": "not found"})
    api.post("/api/v2/credential").respond(201, json=VAULT)
    try:
        response = await resolve(client.credentials.set_value("vault", "password", NEW))
    finally:
        await close(client)

    assert [step[:2] for step in exchange(api)] == [
        ("GET", VAULT_PATH),
        ("POST", "/api/v2/credential"),
    ]
    assert response.status_code == 201


async def test_set_value_returns_a_failed_lookup_without_raise_for_status(
    api: respx.MockRouter, kind: str, sleeps: list[float]
) -> None:
    client = make_client(kind, raise_for_status=False)
    api.get(VAULT_PATH).respond(403, json={"message": "no"})
    try:
        response = await resolve(client.credentials.set_value("vault", "password", NEW))
    finally:
        await close(client)

    assert response.status_code == 403
    assert len(exchange(api)) == 1


async def test_set_value_refuses_a_blank_key_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"credentials\.set_value.*key"):
        await resolve(client.credentials.set_value("vault", " ", NEW))

    assert exchange(api) == []


# -- update_value --------------------------------------------------------------------------


async def test_update_value_posts_the_whole_set_with_the_new_value(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).respond(200, json=VAULT)

    response = await resolve(client.credentials.update_value("vault", "user", "alice"))

    assert exchange(api) == [
        ("GET", VAULT_PATH, None),
        (
            "POST",
            VAULT_PATH,
            {
                "label": "vault",
                "secrets": [
                    {"key": "user", "value": "alice", "valid": True},
                    {"key": "password", "value": SECRET, "valid": True},
                ],
            },
        ),
    ]
    assert response.parsed.label == "vault"


async def test_update_value_of_a_missing_key_changes_nothing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)

    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.credentials.update_value("vault", "pin", NEW))

    assert str(caught.value) == (
        "1 invalid argument for credentials.update_value: key='pin': is not a key of "
        "credential 'vault' (its keys: 'user', 'password')"
    )
    assert exchange(api) == [("GET", VAULT_PATH, None)]


async def test_update_value_of_a_missing_set_raises_not_found(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(404, json={"message": "Credential not found"})

    with pytest.raises(NotFoundError):
        await resolve(client.credentials.update_value("vault", "user", NEW))

    assert len(exchange(api)) == 1


async def test_update_value_refuses_to_erase_values_the_server_did_not_return(
    client: AnyClient, api: respx.MockRouter
) -> None:
    masked = {"label": "vault", "secrets": [{"key": "user"}, {"key": "password"}]}
    api.get(VAULT_PATH).respond(200, json=masked)

    with pytest.raises(RequestValidationError, match="did not return the values of 'password'"):
        await resolve(client.credentials.update_value("vault", "user", NEW))

    assert len(exchange(api)) == 1


async def test_update_value_is_retried_after_a_503(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).mock(side_effect=[httpx.Response(503), httpx.Response(200, json=VAULT)])

    await resolve(client.credentials.update_value("vault", "user", NEW))

    assert [step[:2] for step in exchange(api)] == [
        ("GET", VAULT_PATH),
        ("POST", VAULT_PATH),
        ("POST", VAULT_PATH),
    ]


# -- remove_key ----------------------------------------------------------------------------


async def test_remove_key_posts_the_whole_set_without_the_key(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).respond(200, json={"label": "vault", "secrets": []})

    response = await resolve(client.credentials.remove_key("vault", "user"))

    assert exchange(api) == [
        ("GET", VAULT_PATH, None),
        (
            "POST",
            VAULT_PATH,
            {"label": "vault", "secrets": [{"key": "password", "value": SECRET, "valid": True}]},
        ),
    ]
    assert response.parsed.keys == []


async def test_remove_key_of_a_missing_key_changes_nothing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)

    with pytest.raises(RequestValidationError, match=r"credentials\.remove_key: key='pin'"):
        await resolve(client.credentials.remove_key("vault", "pin"))

    assert exchange(api) == [("GET", VAULT_PATH, None)]


# -- secrets never shown -------------------------------------------------------------------


async def test_secrets_stay_out_of_debug_logs(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="maestro")
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).respond(200, json=VAULT)
    api.post("/api/v2/credential").respond(200, json=VAULT)
    api.get(f"{VAULT_PATH}/key/password").respond(200, text=SECRET)

    await resolve(client.credentials.create("vault", {"password": SECRET}))
    await resolve(client.credentials.update_value("vault", "password", NEW))
    await resolve(client.credentials.get_value("vault", "password"))

    assert "POST https://maestro.test/api/v2/credential" in caplog.text
    assert SECRET not in caplog.text
    assert NEW not in caplog.text


async def test_secrets_stay_out_of_server_errors_of_a_flow(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get(VAULT_PATH).respond(200, json=VAULT)
    api.post(VAULT_PATH).respond(500, text=f"cannot store {NEW} next to {SECRET}")

    with pytest.raises(ServerError) as caught:
        await resolve(client.credentials.update_value("vault", "user", NEW))

    assert str(caught.value) == "500 Internal Server Error: cannot store *** next to ***"
    assert SECRET not in repr(caught.value.response)


async def test_secrets_stay_out_of_validation_errors(
    client: AnyClient, api: respx.MockRouter
) -> None:
    bad: Any = 42
    with pytest.raises(MaestroClientError) as caught:
        await resolve(client.credentials.set_value("vault", "password", bad))

    assert str(caught.value) == (
        "1 invalid argument for credentials.set_value: value=***: must be a string or SecretStr"
    )
