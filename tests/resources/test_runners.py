"""Runners on the wire: /machine/pagination, /machine/{id}, /machine/log/{id}, tasks-summary."""

from __future__ import annotations

import httpx
import pytest
import respx

from maestro import RequestValidationError, Runner
from maestro.models import RunnerTasksSummary
from tests.conftest import AnyClient, collect, resolve
from tests.resources._wire import assert_authenticated, only_request, page, query, sent

RUNNER_01 = {"machineId": "runner-01", "name": "Runner 01", "isOnline": True, "type": "DESKTOP"}
RUNNER_02 = {"machineId": "runner-02", "name": "Runner 02", "isOnline": False}


async def test_list_sends_page_size_and_filters(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/machine/pagination").respond(200, json=page([RUNNER_01], size=10))

    response = await resolve(
        client.runners.list(page=0, size=10, is_online=True, type="DESKTOP", sort="name,asc")
    )

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/machine/pagination")
    assert query(request) == [
        ("page", "0"),
        ("size", "10"),
        ("isOnline", "true"),
        ("type", "DESKTOP"),
        ("sort", "name,asc"),
    ]
    assert_authenticated(request)
    assert response.parsed.content == [
        Runner(machine_id="runner-01", name="Runner 01", is_online=True, type="DESKTOP")
    ]


async def test_list_sends_is_online_false_and_machine_id(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/machine/pagination").respond(200, json=page([RUNNER_02]))

    await resolve(client.runners.list(is_online=False, machine_id="runner-02"))

    assert query(only_request(api)) == [
        ("page", "0"),
        ("size", "50"),
        ("machineId", "runner-02"),
        ("isOnline", "false"),
    ]


async def test_list_refuses_an_is_online_that_is_not_a_bool(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"runners\.list") as caught:
        await resolve(client.runners.list(is_online="yes"))  # type: ignore[arg-type]

    assert [error.field for error in caught.value.errors] == ["is_online"]
    assert api.calls.call_count == 0


async def test_iterate_walks_every_page_keeping_the_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/machine/pagination").mock(
        side_effect=[
            httpx.Response(200, json=page([RUNNER_01], number=0, size=1, total=2)),
            httpx.Response(200, json=page([RUNNER_02], number=1, size=1, total=2)),
        ]
    )

    runners = await collect(client.runners.iterate(type="DESKTOP", page_size=1))

    assert [r.machine_id for r in runners] == ["runner-01", "runner-02"]
    assert [query(r) for r in sent(api)] == [
        [("page", "0"), ("size", "1"), ("type", "DESKTOP")],
        [("page", "1"), ("size", "1"), ("type", "DESKTOP")],
    ]


async def test_iterate_stops_at_the_limit_without_fetching_more(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/machine/pagination").respond(
        200, json=page([RUNNER_01, RUNNER_02], size=2, total=10)
    )

    runners = await collect(client.runners.iterate(page_size=2, limit=1))

    assert [r.machine_id for r in runners] == ["runner-01"]
    assert len(sent(api)) == 1


def test_iterate_refuses_a_bad_sort_when_called(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError, match=r"runners\.iterate"):
        client.runners.iterate(sort="name,up")

    assert api.calls.call_count == 0


async def test_get_fetches_one_runner(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/machine/runner-01").respond(200, json=RUNNER_01)

    response = await resolve(client.runners.get("runner-01"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/machine/runner-01")
    assert_authenticated(request)
    assert response.parsed.is_online is True


async def test_logs_fetches_a_runner_log_decoded_as_sent(
    client: AnyClient, api: respx.MockRouter
) -> None:
    entries = [{"message": "started", "dateCreation": "2026-01-01T00:00:00Z"}]
    api.get("/api/v2/machine/log/runner-01").respond(200, json=entries)

    response = await resolve(client.runners.logs("runner-01"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/machine/log/runner-01")
    assert_authenticated(request)
    assert response.parsed == entries


async def test_logs_gives_a_text_log_as_text(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/machine/log/runner-01").respond(200, text="line 1\nline 2\n")

    response = await resolve(client.runners.logs("runner-01"))

    assert response.parsed == "line 1\nline 2\n"


async def test_tasks_summary_asks_for_30_days_by_default(
    client: AnyClient, api: respx.MockRouter
) -> None:
    body = {"machineId": "runner-01", "days": 30, "total": 3, "states": {"FINISHED": 3}}
    api.get("/api/v2/machine/runner-01/tasks-summary").respond(200, json=body)

    response = await resolve(client.runners.tasks_summary("runner-01"))

    request = only_request(api)
    assert request.url.path == "/api/v2/machine/runner-01/tasks-summary"
    assert query(request) == [("days", "30")]
    assert_authenticated(request)
    assert response.parsed == RunnerTasksSummary(
        machine_id="runner-01", days=30, total=3, states={"FINISHED": 3}
    )


async def test_tasks_summary_sends_the_days_given(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/machine/runner-01/tasks-summary").respond(200, json={"other": 1})

    response = await resolve(client.runners.tasks_summary("runner-01", days=7))

    assert query(only_request(api)) == [("days", "7")]
    assert isinstance(response.parsed, RunnerTasksSummary)
    assert response.parsed.model_extra == {"other": 1}


async def test_tasks_summary_gives_a_list_answer_as_sent(
    client: AnyClient, api: respx.MockRouter
) -> None:
    body = [{"state": "FINISHED", "count": 3}, {"state": "FAILED", "count": 1}]
    api.get("/api/v2/machine/runner-01/tasks-summary").respond(200, json=body)

    response = await resolve(client.runners.tasks_summary("runner-01"))

    assert response.parsed == body


@pytest.mark.parametrize("days", [0, -1, True, "7"])
async def test_tasks_summary_refuses_days_that_are_not_a_positive_integer(
    client: AnyClient, api: respx.MockRouter, days: object
) -> None:
    with pytest.raises(RequestValidationError, match=r"runners\.tasks_summary"):
        await resolve(client.runners.tasks_summary("runner-01", days=days))  # type: ignore[arg-type]

    assert api.calls.call_count == 0


async def test_machine_ids_are_encoded_into_one_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(url__regex=r".*").respond(200, json={})

    await resolve(client.runners.get("lab/pc 1"))

    assert only_request(api).url.raw_path == b"/api/v2/machine/lab%2Fpc%201"
