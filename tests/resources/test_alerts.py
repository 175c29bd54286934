"""Alerts: create and list."""

from __future__ import annotations

import pytest
import respx

from maestro import Alert, AlertType, RequestValidationError
from tests.conftest import AnyClient, resolve
from tests.resources._wire import json_of, page_json, query_of

ALERT_JSON = {
    "id": "6f1c2a",
    "organizationLabel": "ACME_ORG",
    "taskId": 42,
    "activityName": "My Automation",
    "activityLabel": "MyAutomation",
    "botId": "MyBot",
    "title": "Slow site",
    "message": "Took 30 s",
    "type": "WARN",
    "date": "2025-01-01T10:00:00Z",
    "repositoryLabel": "DEFAULT",
}


async def test_create_sends_task_title_message_and_type(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/alerts").respond(200, json=ALERT_JSON)

    await resolve(client.alerts.create(42, "Slow site", "Took 30 s", AlertType.WARN))

    assert json_of(route.calls.last.request) == {
        "taskId": 42,
        "title": "Slow site",
        "message": "Took 30 s",
        "type": "WARN",
    }


async def test_create_sends_info_by_default(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/alerts").respond(200, json=ALERT_JSON)

    await resolve(client.alerts.create("42", "t", "m"))

    assert json_of(route.calls.last.request)["type"] == "INFO"


async def test_create_accepts_the_type_as_a_plain_string(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/alerts").respond(200, json=ALERT_JSON)

    await resolve(client.alerts.create(42, "t", "m", type="ERROR"))

    assert json_of(route.calls.last.request)["type"] == "ERROR"


async def test_create_parses_the_alert(client: AnyClient, api: respx.MockRouter) -> None:
    api.post("/api/v2/alerts").respond(200, json=ALERT_JSON)

    alert = (await resolve(client.alerts.create(42, "Slow site", "Took 30 s", "WARN"))).parsed

    assert isinstance(alert, Alert)
    assert (alert.id, alert.task_id, alert.bot_id) == ("6f1c2a", 42, "MyBot")
    assert alert.type is AlertType.WARN
    assert alert.date is not None


async def test_create_keeps_an_alert_type_it_does_not_know(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/alerts").respond(200, json={**ALERT_JSON, "type": "CRITICAL"})

    alert = (await resolve(client.alerts.create(42, "t", "m"))).parsed

    assert alert.type == "CRITICAL"


async def test_create_rejects_an_unknown_type_and_a_missing_task(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.alerts.create(None, "t", "m", type="DEBUG")  # type: ignore[arg-type]

    assert caught.value.operation == "alerts.create"
    assert [(e.field, e.value) for e in caught.value.errors] == [
        ("task_id", "None"),
        ("type", "'DEBUG'"),
    ]
    assert not api.calls


async def test_list_sends_task_page_and_size(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/alerts").respond(200, json=page_json([ALERT_JSON]))

    page = (await resolve(client.alerts.list(task_id=42, page=1, size=10))).parsed

    assert query_of(route.calls.last.request) == {"taskId": "42", "page": "1", "size": "10"}
    assert [alert.title for alert in page.content] == ["Slow site"]


async def test_list_sends_the_type_days_and_sort_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/alerts").respond(200, json=page_json([ALERT_JSON]))

    await resolve(client.alerts.list(type=AlertType.WARN, days=60, sort="date,desc"))

    assert query_of(route.calls.last.request) == {
        "type": "WARN",
        "days": "60",
        "page": "0",
        "size": "50",
        "sort": "date,desc",
    }


async def test_list_accepts_the_type_as_a_plain_string_in_any_case(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/alerts").respond(200, json=page_json([]))

    await resolve(client.alerts.list(type="error"))

    assert query_of(route.calls.last.request)["type"] == "ERROR"


@pytest.mark.parametrize(
    ("options", "field"),
    [({"type": "DEBUG"}, "type"), ({"days": 0}, "days"), ({"sort": "date;drop"}, "sort")],
)
async def test_list_rejects_a_bad_filter_before_sending(
    client: AnyClient, api: respx.MockRouter, options: dict[str, object], field: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.alerts.list(**options)  # type: ignore[arg-type]

    assert [e.field for e in caught.value.errors] == [field]
    assert not api.calls


async def test_list_sends_only_page_and_size_without_a_task(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/alerts").respond(200, json=page_json([]))

    await resolve(client.alerts.list())

    assert query_of(route.calls.last.request) == {"page": "0", "size": "50"}


async def test_list_rejects_a_negative_page(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.alerts.list(page=-1)

    assert [e.field for e in caught.value.errors] == ["page"]
    assert not api.calls
