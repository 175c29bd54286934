"""request_raw, and the percent-encoding of path parameters."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from maestro import RequestValidationError, ServerError
from tests.conftest import AnyClient, httpx_only, resolve


async def test_request_raw_prepends_api_v2(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task").respond(200, json={"content": []})
    response = await resolve(client.request_raw("get", "task", params={"size": 5, "page": 0}))
    assert response.data == {"content": []}
    assert response.parsed == {"content": []}
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.params["size"] == "5"
    assert request.headers["token"]


async def test_request_raw_keeps_a_path_that_has_api_v2(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/alerts").respond(200, json={"id": "a"})
    await resolve(
        client.request_raw("POST", "/api/v2/alerts", json={"taskId": 1}, headers={"X-Extra": "1"})
    )
    request = route.calls.last.request
    assert json.loads(request.content) == {"taskId": 1}
    assert request.headers["x-extra"] == "1"


async def test_request_raw_accepts_an_absolute_url_on_the_same_host(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/5").respond(200, json={"id": 5})
    await resolve(client.request_raw("GET", "https://maestro.test/api/v2/task/5"))
    assert route.call_count == 1


async def test_request_raw_refuses_another_host(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError, match=r"evil.example") as caught:
        await resolve(client.request_raw("GET", "https://evil.example/api/v2/task"))
    assert caught.value.errors[0].field == "path"
    assert api["login"].call_count == 0
    with pytest.raises(RequestValidationError):
        await resolve(client.request_raw("GET", "http://maestro.test/api/v2/task"))  # other scheme


async def test_request_raw_is_retried_by_method(client: AnyClient, api: respx.MockRouter) -> None:
    get = api.get("/api/v2/x").mock(side_effect=[httpx.Response(503), httpx.Response(200, json={})])
    assert (await resolve(client.request_raw("GET", "/x"))).retries == 1
    post = api.post("/api/v2/x").respond(503)
    with pytest.raises(ServerError):
        await resolve(client.request_raw("POST", "/x"))
    assert get.call_count == 2
    assert post.call_count == 1


async def test_request_raw_sends_files_as_multipart(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/artifact/log/1").respond(200)
    await resolve(
        client.request_raw(
            "POST", "/artifact/log/1", files={"file": ("a.txt", b"hello", "text/plain")}
        )
    )
    request = route.calls.last.request
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="a.txt"' in request.content
    assert b"hello" in request.content


@httpx_only("reads the timeouts httpx attaches to the request object, which never go over the wire")
async def test_request_raw_timeout_reaches_the_request(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/x").respond(200)
    await resolve(client.request_raw("GET", "/x", timeout=2.5))
    assert route.calls.last.request.extensions["timeout"]["read"] == 2.5


async def test_path_parameters_are_percent_encoded(
    client: AnyClient, api: respx.MockRouter
) -> None:
    sneaky = api.get("/api/v2/task/b").respond(200, json={"id": 666})
    route = api.get(url__regex=r".*/api/v2/task/a%2F\.\.%2Fb$").respond(200, json={"id": 1})
    response = await resolve(client.tasks.get("a/../b"))
    assert response.parsed.id == 1
    assert sneaky.call_count == 0
    assert route.calls.last.request.url.raw_path == b"/api/v2/task/a%2F..%2Fb"


@pytest.mark.parametrize("bad", ["", " ", ".", ".."])
async def test_empty_and_dot_path_parameters_are_refused(
    client: AnyClient, api: respx.MockRouter, bad: str
) -> None:
    with pytest.raises(RequestValidationError, match=r"tasks.get") as caught:
        await resolve(client.tasks.get(bad))
    assert caught.value.errors[0].field == "task_id"
    assert api["login"].call_count == 0


async def test_reserved_characters_stay_inside_their_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get(url__regex=r".*/api/v2/task/x%3Fy%3D1%23z$").respond(200, json={"id": 2})
    await resolve(client.tasks.get("x?y=1#z"))
    assert route.calls.last.request.url.raw_path == b"/api/v2/task/x%3Fy%3D1%23z"
    assert route.calls.last.request.url.query == b""
