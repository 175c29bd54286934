"""The emulator's credential routes, over each of the four ways a client reaches it."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import Api

VAULT = {
    "label": "vault",
    "organizationLabel": "demo",
    "repositoryLabel": "DEFAULT",
    "secrets": [{"key": "user", "value": "bob"}, {"key": "password", "value": "s3cr3t"}],
}


async def create_vault(api: Api, **fields: Any) -> httpx.Response:
    return await api("POST", "/api/v2/credential", json={**VAULT, **fields})


async def test_create_answers_the_set_with_its_secrets(api: Api) -> None:
    response = await create_vault(api)

    assert response.status_code == 200
    assert response.json() == {
        "label": "vault",
        "organizationLabel": "demo",
        "repositoryLabel": "DEFAULT",
        "secrets": [
            {"key": "user", "value": "bob", "valid": True},
            {"key": "password", "value": "s3cr3t", "valid": True},
        ],
    }
    assert api.emulator.credentials["vault"] == response.json()


async def test_create_of_an_existing_label_is_409(api: Api) -> None:
    await create_vault(api)

    response = await create_vault(api)

    assert response.status_code == 409
    assert response.json()["message"] == "Credential 'vault' already exists"


async def test_create_without_a_label_is_400_naming_it(api: Api) -> None:
    response = await create_vault(api, label="")

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'label' must not be empty"


async def test_create_for_another_organization_is_400(api: Api) -> None:
    response = await create_vault(api, organizationLabel="other")

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'organizationLabel' must be 'demo'"


async def test_create_with_a_non_text_value_is_400_without_echoing_it(api: Api) -> None:
    response = await create_vault(api, secrets=[{"key": "pin", "value": 987654}])

    assert response.status_code == 400
    assert response.json()["message"] == ("Field 'secrets[0].value' must be a string")
    assert "987654" not in response.text


async def test_create_with_a_repeated_key_is_400(api: Api) -> None:
    secrets = [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]
    response = await create_vault(api, secrets=secrets)

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'secrets[1].key' repeats the key 'a'"


async def test_get_answers_the_set(api: Api) -> None:
    await create_vault(api)

    response = await api("GET", "/api/v2/credential/vault")

    assert response.status_code == 200
    assert [secret["key"] for secret in response.json()["secrets"]] == ["user", "password"]


async def test_get_of_an_unknown_set_is_404(api: Api) -> None:
    response = await api("GET", "/api/v2/credential/nope")

    assert response.status_code == 404
    assert response.json()["message"] == "Credential 'nope' not found"


async def test_get_value_answers_plain_text(api: Api) -> None:
    await create_vault(api)

    response = await api("GET", "/api/v2/credential/vault/key/password")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "s3cr3t"


async def test_get_value_of_an_unknown_key_is_404(api: Api) -> None:
    await create_vault(api)

    response = await api("GET", "/api/v2/credential/vault/key/pin")

    assert response.status_code == 404
    assert response.json()["message"] == "Key 'pin' not found in credential 'vault'"


async def test_labels_with_slashes_stay_one_segment(api: Api) -> None:
    await create_vault(api, label="team/vault")

    response = await api("GET", "/api/v2/credential/team%2Fvault/key/user")

    assert response.text == "bob"


async def test_list_is_a_plain_array_with_values(api: Api) -> None:
    await create_vault(api)
    await create_vault(api, label="other", secrets=[])

    response = await api("GET", "/api/v2/credential")

    assert [item["label"] for item in response.json()] == ["vault", "other"]
    assert response.json()[0]["secrets"][1]["value"] == "s3cr3t"


async def test_add_key_appends_a_new_key(api: Api) -> None:
    await create_vault(api)

    response = await api(
        "POST", "/api/v2/credential/vault/key", json={"key": "token", "value": "t0k"}
    )

    assert response.status_code == 200
    assert api.emulator.credentials["vault"]["secrets"][-1] == {
        "key": "token",
        "value": "t0k",
        "valid": True,
    }


async def test_add_key_of_an_existing_key_replaces_its_value(api: Api) -> None:
    await create_vault(api)

    await api("POST", "/api/v2/credential/vault/key", json={"key": "user", "value": "alice"})

    assert api.emulator.credentials["vault"]["secrets"][0]["value"] == "alice"
    assert len(api.emulator.credentials["vault"]["secrets"]) == 2


async def test_add_key_to_an_unknown_set_is_404(api: Api) -> None:
    response = await api("POST", "/api/v2/credential/nope/key", json={"key": "a", "value": "b"})

    assert response.status_code == 404


async def test_replace_sets_the_whole_secret_list(api: Api) -> None:
    await create_vault(api)

    response = await api(
        "POST",
        "/api/v2/credential/vault",
        json={"label": "vault", "secrets": [{"key": "user", "value": "carol", "valid": False}]},
    )

    assert response.status_code == 200
    assert api.emulator.credentials["vault"]["secrets"] == [
        {"key": "user", "value": "carol", "valid": False}
    ]


async def test_replace_with_another_label_is_400(api: Api) -> None:
    await create_vault(api)

    response = await api("POST", "/api/v2/credential/vault", json={"label": "x", "secrets": []})

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'label' must be 'vault', the path's label"


async def test_replace_without_secrets_is_400(api: Api) -> None:
    await create_vault(api)

    response = await api("POST", "/api/v2/credential/vault", json={"label": "vault"})

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'secrets' is required"


async def test_delete_removes_the_set(api: Api) -> None:
    await create_vault(api)

    response = await api("DELETE", "/api/v2/credential/vault")

    assert response.status_code == 200
    assert response.content == b""
    assert api.emulator.credentials == {}
    assert (await api("DELETE", "/api/v2/credential/vault")).status_code == 404


async def test_credentials_need_a_token(api: Api) -> None:
    response = await api("GET", "/api/v2/credential", auth=False)

    assert response.status_code == 401
