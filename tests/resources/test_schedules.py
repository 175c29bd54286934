"""Schedules on the wire: /api/v2/scheduling list, get, create, update, delete."""

from __future__ import annotations

import httpx
import pytest
import respx

from maestro import RequestValidationError, Schedule
from tests.conftest import LOGIN, ORGANIZATION, AnyClient, collect, resolve
from tests.resources._wire import assert_authenticated, json_of, only_request, page, query, sent

DAILY = {
    "id": 12,
    "activityLabel": "demo-invoices",
    "cron": "0 0 13 ? * *",
    "parameters": {"automations": "all"},
    "priority": 5,
    "active": True,
}


async def test_list_sends_page_and_size(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/scheduling").respond(200, json=page([DAILY], number=1, size=20, total=21))

    response = await resolve(client.schedules.list(page=1, size=20))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/scheduling")
    assert query(request) == [("page", "1"), ("size", "20")]
    assert_authenticated(request)
    schedule = response.parsed.content[0]
    assert (schedule.id, schedule.cron, schedule.parameters) == (
        12,
        "0 0 13 ? * *",
        {"automations": "all"},
    )


async def test_list_defaults_to_the_first_page_of_50(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/scheduling").respond(200, json=page([]))

    await resolve(client.schedules.list())

    assert query(only_request(api)) == [("page", "0"), ("size", "50")]


async def test_iterate_walks_every_page(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/scheduling").mock(
        side_effect=[
            httpx.Response(200, json=page([DAILY], number=0, size=1, total=2)),
            httpx.Response(200, json=page([{**DAILY, "id": 13}], number=1, size=1, total=2)),
        ]
    )

    schedules = await collect(client.schedules.iterate(page_size=1, sort="id,asc"))

    assert [s.id for s in schedules] == [12, 13]
    assert [query(r) for r in sent(api)] == [
        [("page", "0"), ("size", "1"), ("sort", "id,asc")],
        [("page", "1"), ("size", "1"), ("sort", "id,asc")],
    ]


async def test_get_fetches_one_schedule(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/scheduling/12").respond(200, json=DAILY)

    response = await resolve(client.schedules.get(12))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/scheduling/12")
    assert_authenticated(request)
    assert response.parsed.activity_label == "demo-invoices"


async def test_create_sends_the_schedule_with_defaults(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/scheduling").respond(200, json={**DAILY, "parameters": {}, "priority": 0})

    response = await resolve(client.schedules.create("demo-invoices", "0 0 13 ? * *"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("POST", "/api/v2/scheduling")
    assert_authenticated(request)
    assert json_of(request) == {
        "activityLabel": "demo-invoices",
        "organizationLabel": ORGANIZATION,
        "repositoryLabel": "DEFAULT",
        "cron": "0 0 13 ? * *",
        "scheduleStrategy": "0 0 13 ? * *",
        "parameters": {},
    }
    assert isinstance(response.parsed, Schedule)


async def test_create_names_the_organization_the_login_answered_on_a_fresh_client(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/scheduling").respond(200, json=DAILY)

    await resolve(client.schedules.create("demo-invoices", "0 0 13 ? * *"))

    assert client.organization == ORGANIZATION != LOGIN
    assert json_of(only_request(api))["organizationLabel"] == ORGANIZATION


async def test_create_sends_every_option_given(client: AnyClient, api: respx.MockRouter) -> None:
    api.post("/api/v2/scheduling").respond(200, json=DAILY)

    await resolve(
        client.schedules.create(
            "demo-invoices",
            "0  30 8 ? * mon-fri",
            schedule_strategy="Weekdays at 08:30 UTC",
            parameters={"month": "01"},
            repository_label="FINANCE",
            priority=7,
            active=False,
            name="weekday mornings",
        )
    )

    assert json_of(only_request(api)) == {
        "activityLabel": "demo-invoices",
        "organizationLabel": ORGANIZATION,
        "repositoryLabel": "FINANCE",
        "cron": "0 30 8 ? * mon-fri",
        "scheduleStrategy": "Weekdays at 08:30 UTC",
        "parameters": {"month": "01"},
        "priority": 7,
        "active": False,
        "name": "weekday mornings",
    }


async def test_create_parses_the_confirmed_fields_of_the_answer(
    client: AnyClient, api: respx.MockRouter
) -> None:
    answer = {**DAILY, "scheduleStrategy": "Every day", "repositoryLabel": "DEFAULT"}
    api.post("/api/v2/scheduling").respond(200, json=answer)

    created = (await resolve(client.schedules.create("demo-invoices", "0 0 13 ? * *"))).parsed

    assert (created.schedule_strategy, created.repository_label) == ("Every day", "DEFAULT")
    assert created.model_extra == {}


async def test_create_is_not_retried_after_a_503(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/scheduling").respond(503)

    with pytest.raises(Exception, match="503"):
        await resolve(client.schedules.create("demo-invoices", "0 0 13 ? * *"))

    assert route.call_count == 1


@pytest.mark.parametrize(
    ("cron", "reason"),
    [
        ("0 0 13 * * *", "exactly one of day-of-month and day-of-week"),
        ("0 0 25 ? * *", "hours: 25 is out of range 0-23"),
        ("0 13 * * *", "expected 6 or 7 fields"),
    ],
)
async def test_create_refuses_a_malformed_cron_naming_cron_and_the_value(
    client: AnyClient, api: respx.MockRouter, cron: str, reason: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.schedules.create("demo-invoices", cron))

    assert caught.value.operation == "schedules.create"
    assert [(e.field, e.value) for e in caught.value.errors] == [("cron", repr(cron))]
    assert reason in caught.value.errors[0].message
    assert f"cron={cron!r}" in str(caught.value)
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"priority": 11}, "priority"),
        ({"priority": -1}, "priority"),
        ({"priority": "5"}, "priority"),
        ({"active": "yes"}, "active"),
        ({"name": " "}, "name"),
        ({"schedule_strategy": ""}, "schedule_strategy"),
        ({"repository_label": " "}, "repository_label"),
    ],
)
async def test_create_refuses_bad_options_before_sending(
    client: AnyClient, api: respx.MockRouter, options: dict[str, object], field: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.schedules.create("demo-invoices", "0 0 13 ? * *", **options))  # type: ignore[arg-type]

    assert [e.field for e in caught.value.errors] == [field]
    assert api.calls.call_count == 0


async def test_create_refuses_a_blank_automation_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.schedules.create("", "0 0 13 ? * *"))

    assert [e.field for e in caught.value.errors] == ["activity_label"]
    assert api.calls.call_count == 0


async def test_update_sends_only_the_fields_given(client: AnyClient, api: respx.MockRouter) -> None:
    api.put("/api/v2/scheduling/12").respond(200, json={**DAILY, "active": False})

    response = await resolve(client.schedules.update(12, cron="0 0 14 ? * *", active=False))

    request = only_request(api)
    assert (request.method, request.url.path) == ("PUT", "/api/v2/scheduling/12")
    assert_authenticated(request)
    assert json_of(request) == {"cron": "0 0 14 ? * *", "active": False}
    assert response.parsed.active is False


async def test_update_sends_every_field_given(client: AnyClient, api: respx.MockRouter) -> None:
    api.put("/api/v2/scheduling/12").respond(200, json=DAILY)

    await resolve(
        client.schedules.update(
            12,
            activity_label="demo-reports",
            cron="0 0 14 ? * *",
            schedule_strategy="Every day at 14:00",
            parameters={"a": 1},
            priority=10,
            active=True,
            name="n",
        )
    )

    assert json_of(only_request(api)) == {
        "activityLabel": "demo-reports",
        "cron": "0 0 14 ? * *",
        "scheduleStrategy": "Every day at 14:00",
        "parameters": {"a": 1},
        "priority": 10,
        "active": True,
        "name": "n",
    }


async def test_update_refuses_a_call_with_nothing_to_change(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="nothing to update"):
        await resolve(client.schedules.update(12))

    assert api.calls.call_count == 0


async def test_update_refuses_a_malformed_cron_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.schedules.update(12, cron="0 0 13 ? * 8"))

    assert [(e.field, e.value) for e in caught.value.errors] == [("cron", "'0 0 13 ? * 8'")]
    assert api.calls.call_count == 0


async def test_delete_removes_one_schedule(client: AnyClient, api: respx.MockRouter) -> None:
    api.delete("/api/v2/scheduling/12").respond(200)

    response = await resolve(client.schedules.delete(12))

    request = only_request(api)
    assert (request.method, request.url.path) == ("DELETE", "/api/v2/scheduling/12")
    assert_authenticated(request)
    assert response.parsed is None


async def test_schedule_ids_may_be_text(client: AnyClient, api: respx.MockRouter) -> None:
    api.get(url__regex=r".*").respond(200, json={"id": "a1b2"})

    response = await resolve(client.schedules.get("a1 b2"))

    assert only_request(api).url.raw_path == b"/api/v2/scheduling/a1%20b2"
    assert response.parsed.id == "a1b2"
