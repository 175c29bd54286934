from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pytest

from maestro.testing import MaestroEmulator

from .conftest import Api


def jwt_payload(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


async def login(api: Api, body: Any = None, **kwargs: Any) -> Any:
    if body is None and not kwargs:
        body = {"login": "demo", "key": "demo-key"}
    if body is not None:
        kwargs["json"] = body
    return await api("POST", "/api/v2/workspace/login", auth=False, **kwargs)


async def test_login_with_the_right_pair_returns_a_token_and_the_organization(api: Api) -> None:
    response = await login(api)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"accessToken", "organizationLabel"}
    assert body["organizationLabel"] == "demo"


async def test_login_token_is_jwt_shaped_with_subject_organization_and_expiry(api: Api) -> None:
    before = int(time.time())
    token = (await login(api)).json()["accessToken"]
    header_part = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    payload = jwt_payload(token)
    assert len(token.split(".")) == 3
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert set(payload) == {"sub", "org", "iat", "exp", "jti"}
    assert (payload["sub"], payload["org"]) == ("demo", "demo")
    assert before <= payload["iat"] <= before + 5
    assert payload["exp"] - payload["iat"] in (3599, 3600)


async def test_login_returns_a_fresh_token_each_time(api: Api) -> None:
    first = (await login(api)).json()["accessToken"]
    second = (await login(api)).json()["accessToken"]
    assert first != second


@pytest.mark.parametrize(
    "body",
    [
        {"login": "demo", "key": "wrong"},
        {"login": "other", "key": "demo-key"},
        {"login": "demo"},
        {"key": "demo-key"},
        ["demo", "demo-key"],
        {"login": 1, "key": "demo-key"},
    ],
)
async def test_login_with_anything_but_the_right_pair_is_401(api: Api, body: Any) -> None:
    response = await login(api, body)
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid login or key"


async def test_login_with_malformed_json_is_401(api: Api) -> None:
    response = await login(api, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 401


async def test_failed_login_never_echoes_the_key(api: Api) -> None:
    response = await login(api, {"login": "demo", "key": "s3cret-attempt"})
    assert "s3cret-attempt" not in response.text


async def test_organization_defaults_to_the_login() -> None:
    assert MaestroEmulator(login="acme", strict=True).organization == "acme"
    assert (
        MaestroEmulator(login="acme", organization="acme-org", strict=True).organization
        == "acme-org"
    )


async def test_version_answers_without_a_token(api: Api) -> None:
    response = await api("GET", "/api/v2/maestro/version", auth=False)
    assert response.status_code == 200
    assert response.json() == {"version": "3.4.0"}


async def test_version_reports_the_configured_version() -> None:
    emulator = MaestroEmulator(version="3.1.0", strict=True)
    assert emulator.version == "3.1.0"


async def test_versions_older_than_3_0_2_are_refused() -> None:
    with pytest.raises(ValueError, match=r"3\.0\.2"):
        MaestroEmulator(version="3.0.1", strict=True)


async def test_a_route_without_a_token_is_401_with_a_message(api: Api) -> None:
    response = await api("GET", "/api/v2/task/1", auth=False)
    assert response.status_code == 401
    assert response.json()["message"].startswith("Full authentication is required")


async def test_a_token_from_login_is_accepted_in_the_token_header(api: Api) -> None:
    token = (await login(api)).json()["accessToken"]
    response = await api("GET", "/api/v2/task", auth=False, headers={"token": token})
    assert response.status_code == 200


async def test_a_token_is_accepted_as_authorization_bearer(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.token}"}
    response = await api("GET", "/api/v2/task", auth=False, headers=headers)
    assert response.status_code == 200


async def test_a_missing_organization_header_is_accepted(api: Api) -> None:
    response = await api("GET", "/api/v2/task", auth=False, headers={"token": api.token})
    assert response.status_code == 200


async def test_an_organization_header_naming_another_workspace_is_403(api: Api) -> None:
    response = await api("GET", "/api/v2/task", headers={"organization": "someone-else"})
    assert response.status_code == 403
    assert response.json()["message"] == "Access denied to organization 'someone-else'"


async def test_a_forged_token_is_401(api: Api) -> None:
    header, payload, _signature = api.token.split(".")
    forged = f"{header}.{payload}.{base64.urlsafe_b64encode(b'x' * 32).decode().rstrip('=')}"
    response = await api("GET", "/api/v2/task", headers={"token": forged})
    assert response.status_code == 401


async def test_expire_tokens_makes_every_issued_token_401(api: Api) -> None:
    api.emulator.expire_tokens()
    response = await api("GET", "/api/v2/task")
    assert response.status_code == 401


async def test_tokens_issued_after_expire_tokens_work(api: Api) -> None:
    api.emulator.expire_tokens()
    token = (await login(api)).json()["accessToken"]
    response = await api("GET", "/api/v2/task", headers={"token": token})
    assert response.status_code == 200


async def test_tokens_expire_after_the_token_ttl() -> None:
    emulator = MaestroEmulator(token_ttl=0.05, strict=True)
    token = emulator.issue_token()
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url=emulator.base_url
    ) as client:
        assert (await client.get("/api/v2/task", headers={"token": token})).status_code == 200
        time.sleep(0.06)
        assert (await client.get("/api/v2/task", headers={"token": token})).status_code == 401


async def test_unauthorized_answers_never_echo_the_token(api: Api) -> None:
    api.emulator.expire_tokens()
    response = await api("GET", "/api/v2/task")
    assert api.token not in response.text


async def test_an_unknown_route_is_404_json_for_an_authenticated_client(api: Api) -> None:
    response = await api("GET", "/api/v2/nothing/here")
    assert response.status_code == 404
    assert response.json()["message"] == "No route matches this path"


async def test_an_unknown_route_is_401_without_a_token(api: Api) -> None:
    response = await api("GET", "/api/v2/nothing/here", auth=False)
    assert response.status_code == 401


async def test_a_known_path_with_the_wrong_method_is_405_with_allow(api: Api) -> None:
    response = await api("DELETE", "/api/v2/task")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_error_bodies_are_spring_like(api: Api) -> None:
    response = await api("GET", "/api/v2/task/999")
    body = response.json()
    assert set(body) == {"timestamp", "status", "error", "message", "path"}
    assert body["status"] == 404
    assert body["error"] == "Not Found"
    assert body["message"] == "Task 999 not found"
    assert body["path"] == "/api/v2/task/999"
    assert body["timestamp"].endswith("Z")
