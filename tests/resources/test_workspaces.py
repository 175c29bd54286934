"""Workspaces on the wire: /api/v2/workspaces and /api/v2/workspaces/{id}."""

from __future__ import annotations

import respx

from maestro import Workspace
from tests.conftest import AnyClient, resolve
from tests.resources._wire import assert_authenticated, only_request, page, query

ACME = {"id": 1, "label": "ACME_ORG", "name": "Acme", "country": "BR", "language": "pt"}


async def test_list_gets_every_workspace(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/workspaces").respond(200, json=[ACME])

    response = await resolve(client.workspaces.list())

    request = only_request(api)
    assert (request.method, request.url.path, query(request)) == ("GET", "/api/v2/workspaces", [])
    assert_authenticated(request)
    assert response.parsed == [
        Workspace(id=1, label="ACME_ORG", name="Acme", country="BR", language="pt")
    ]


async def test_list_also_reads_a_spring_page(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/workspaces").respond(200, json=page([ACME]))

    response = await resolve(client.workspaces.list())

    assert [w.label for w in response.parsed] == ["ACME_ORG"]


async def test_list_of_an_empty_body_is_empty(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/workspaces").respond(204)

    response = await resolve(client.workspaces.list())

    assert response.parsed == []


async def test_get_fetches_one_workspace(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/workspaces/1").respond(200, json=ACME)

    response = await resolve(client.workspaces.get(1))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/workspaces/1")
    assert_authenticated(request)
    assert response.parsed.label == "ACME_ORG"


async def test_a_workspace_key_never_shows_in_its_repr(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/workspaces/1").respond(
        200, json={**ACME, "key": "wk-secret-1", "googleDataStudioToken": "gds-secret-2"}
    )

    workspace = (await resolve(client.workspaces.get(1))).parsed

    assert workspace.key is not None
    assert workspace.key.get_secret_value() == "wk-secret-1"
    assert "secret" not in repr(workspace)
    assert "secret" not in str(workspace)
