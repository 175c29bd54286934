"""MaestroResponse, the error classes, raise_for_status=False and response validation."""

from __future__ import annotations

import httpx
import pytest
import respx

from maestro import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MaestroClientError,
    MaestroResponse,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    UnprocessableEntityError,
)
from tests.conftest import AnyClient, close, make_client, resolve


async def test_response_exposes_status_url_headers_data_raw_and_parsed(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/3").respond(
        200, json={"id": 3, "state": "RUNNING"}, headers={"X-Trace": "abc"}
    )
    response = await resolve(client.tasks.get(3))
    assert response.ok is True
    assert response.status_code == 200
    assert response.url == "https://maestro.test/api/v2/task/3"
    assert response.headers["x-trace"] == "abc"
    assert response.data == {"id": 3, "state": "RUNNING"}
    assert isinstance(response.raw, httpx.Response)
    assert response.parsed.id == 3
    assert response.raise_for_status() is response
    assert repr(response) == "<MaestroResponse [200] GET /api/v2/task/3>"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, APIStatusError),
    ],
)
async def test_each_status_raises_its_error_class(
    kind: str,
    api: respx.MockRouter,
    sleeps: list[float],
    status: int,
    error_class: type[APIStatusError],
) -> None:
    client = make_client(kind, max_retries=0)
    api.get("/api/v2/task/1").respond(status, json={"message": f"server says {status}"})
    with pytest.raises(error_class) as caught:
        await resolve(client.tasks.get(1))
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, MaestroClientError)
    assert error.status_code == status
    assert error.message == f"server says {status}"
    assert error.response.status_code == status
    await close(client)


async def test_error_message_falls_back_to_the_raw_text(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(404, text="<html>Not here</html>")
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.get(1))
    assert caught.value.message == "<html>Not here</html>"
    assert str(caught.value) == "404 Not Found: <html>Not here</html>"


async def test_raise_for_status_false_returns_the_non_ok_response(
    kind: str, api: respx.MockRouter
) -> None:
    client = make_client(kind, raise_for_status=False)
    api.get("/api/v2/task/1").respond(404, json={"message": "no task 1"})
    response = await resolve(client.tasks.get(1))
    assert isinstance(response, MaestroResponse)
    assert response.ok is False
    assert response.status_code == 404
    assert response.data == {"message": "no task 1"}
    with pytest.raises(NotFoundError, match="no task 1"):
        response.raise_for_status()
    with pytest.raises(NotFoundError):
        _ = response.parsed
    await close(client)


async def test_with_options_can_turn_raising_off_for_a_copy(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(409, json={"message": "conflict"})
    response = await resolve(client.with_options(raise_for_status=False).tasks.get(1))
    assert response.status_code == 409
    with pytest.raises(ConflictError):
        await resolve(client.tasks.get(1))


async def test_unknown_fields_and_enum_values_are_kept(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "state": "PAUSED", "newField": [1, 2]})
    task = (await resolve(client.tasks.get(1))).parsed
    assert task.state == "PAUSED"
    assert task.model_extra == {"newField": [1, 2]}


async def test_an_unreadable_date_becomes_none_and_the_text_stays_in_data(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "dateCreation": "yesterday-ish"})
    response = await resolve(client.tasks.get(1))
    assert response.parsed.date_creation is None
    assert response.data["dateCreation"] == "yesterday-ish"


async def test_a_body_that_does_not_fit_raises_response_validation_error_with_the_data(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"state": "START"})
    response = await resolve(client.tasks.get(1))  # the call itself never raises on a 2xx
    with pytest.raises(ResponseValidationError) as caught:
        _ = response.parsed
    error = caught.value
    assert str(error) == (
        "the server accepted GET /api/v2/task/1 (200 OK), but its answer does not fit the "
        "expected model: id=<missing>: Field required. The request took effect; "
        "`response.data` holds what the server answered."
    )
    assert [e.field for e in error.errors] == ["id"]
    assert error.response is response
    assert error.response.data == {"state": "START"}
    assert error.response.raw.status_code == 200


async def test_text_bodies_become_str_data(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/anything").respond(200, text="plain words")
    assert (await resolve(client.request_raw("GET", "/anything"))).data == "plain words"


async def test_binary_bodies_become_bytes_data(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/blob").respond(
        200, content=b"\x00\xff", headers={"Content-Type": "application/octet-stream"}
    )
    assert (await resolve(client.request_raw("GET", "/blob"))).data == b"\x00\xff"


async def test_empty_bodies_become_none_data(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/nothing").respond(204)
    assert (await resolve(client.request_raw("GET", "/nothing"))).data is None
