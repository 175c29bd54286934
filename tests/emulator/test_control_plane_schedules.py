"""The emulator's schedules: create, get, list, update, delete, with Quartz cron checks."""

from __future__ import annotations

from typing import Any

import pytest

from maestro import NotFoundError, RequestValidationError
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, collect, resolve

from .conftest import Api

DAILY = {
    "activityLabel": "demo-invoices",
    "organizationLabel": "demo",
    "repositoryLabel": "DEFAULT",
    "cron": "0 0 13 ? * *",
    "scheduleStrategy": "Every day at 13:00 UTC",
    "parameters": {},
}


def without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != name}


async def test_create_stores_the_schedule_and_answers_it(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    created = (
        await resolve(
            sdk.schedules.create(
                "demo-invoices", "0 30 8 ? * MON-FRI", parameters={"month": "01"}, priority=4
            )
        )
    ).parsed

    assert (created.id, created.activity_label, created.cron) == (
        1,
        "demo-invoices",
        "0 30 8 ? * MON-FRI",
    )
    assert (created.parameters, created.priority, created.active) == ({"month": "01"}, 4, True)
    assert (created.schedule_strategy, created.repository_label) == (
        "0 30 8 ? * MON-FRI",
        "DEFAULT",
    )
    assert emulator.schedules[1]["organizationLabel"] == "demo"


async def test_create_stores_the_body_a_community_client_sends(api: Api) -> None:
    response = await api("POST", "/api/v2/scheduling", json={**DAILY, "parameters": {"a": "1"}})

    assert response.status_code == 200
    stored = api.emulator.schedules[response.json()["id"]]
    assert (stored["scheduleStrategy"], stored["repositoryLabel"]) == (
        "Every day at 13:00 UTC",
        "DEFAULT",
    )
    assert (stored["parameters"], stored["priority"], stored["active"]) == ({"a": "1"}, 0, True)


async def test_create_for_another_organization_is_400(api: Api) -> None:
    response = await api("POST", "/api/v2/scheduling", json={**DAILY, "organizationLabel": "x"})

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'organizationLabel' must be 'demo'"


async def test_a_created_schedule_is_fetched_and_listed(sdk: AnyClient) -> None:
    created = (await resolve(sdk.schedules.create("demo-reports", "0 0 6 1 * ?"))).parsed

    fetched = (await resolve(sdk.schedules.get(created.id))).parsed
    listed = (await resolve(sdk.schedules.list())).parsed

    assert fetched == created
    assert listed.content == [created]
    assert (listed.total_elements, listed.last) == (1, True)


async def test_iterate_walks_every_page_of_schedules(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    for hour in (1, 2, 3):
        await resolve(sdk.schedules.create("demo-invoices", f"0 0 {hour} ? * *"))

    schedules = await collect(sdk.schedules.iterate(page_size=2, sort="id,desc"))

    assert [s.cron for s in schedules] == ["0 0 3 ? * *", "0 0 2 ? * *", "0 0 1 ? * *"]
    pages = [r.query["page"] for r in emulator.requests if r.method == "GET"]
    assert pages == [["0"], ["1"]]


async def test_a_schedule_for_an_unknown_automation_is_not_found(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError, match="Automation 'nope' not found"):
        await resolve(sdk.schedules.create("nope", "0 0 13 ? * *"))


async def test_update_changes_only_the_fields_given(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    created = (await resolve(sdk.schedules.create("demo-invoices", "0 0 13 ? * *"))).parsed

    updated = (await resolve(sdk.schedules.update(created.id, active=False, priority=9))).parsed

    assert (updated.cron, updated.active, updated.priority) == ("0 0 13 ? * *", False, 9)
    assert emulator.schedules[created.id]["active"] is False


async def test_update_of_an_unknown_schedule_is_not_found(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError, match="Schedule 7 not found"):
        await resolve(sdk.schedules.update(7, active=False))


async def test_delete_removes_the_schedule(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    created = (await resolve(sdk.schedules.create("demo-invoices", "0 0 13 ? * *"))).parsed

    response = await resolve(sdk.schedules.delete(created.id))

    assert response.status_code == 204
    assert emulator.schedules == {}
    with pytest.raises(NotFoundError):
        await resolve(sdk.schedules.get(created.id))


async def test_the_sdk_refuses_a_bad_cron_before_the_emulator_sees_it(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    with pytest.raises(RequestValidationError):
        await resolve(sdk.schedules.create("demo-invoices", "0 0 13 * * *"))

    assert emulator.requests == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (without(DAILY, "activityLabel"), "Field 'activityLabel' is required"),
        (without(DAILY, "cron"), "Field 'cron' is required"),
        (without(DAILY, "scheduleStrategy"), "Field 'scheduleStrategy' is required"),
        ({**DAILY, "strategy": "daily"}, "Field 'strategy' is unknown here"),
        (
            {**DAILY, "cron": "0 0 13 * * *"},
            "Field 'cron' is not a valid Quartz expression: put '?' in exactly one",
        ),
        (
            {**DAILY, "cron": "0 0 24 ? * *"},
            "Field 'cron' is not a valid Quartz expression: hours: 24 is out of range 0-23",
        ),
        ({**DAILY, "priority": 11}, "Field 'priority' must be an integer from 0 to 10"),
        ({**DAILY, "active": "sometimes"}, "Field 'active' must be a boolean"),
        ({**DAILY, "parameters": [1]}, "Field 'parameters' must be a JSON object"),
    ],
)
async def test_an_invalid_schedule_body_is_400_naming_the_field(
    api: Api, body: dict[str, Any], message: str
) -> None:
    response = await api("POST", "/api/v2/scheduling", json=body)

    assert response.status_code == 400
    assert response.json()["message"].startswith(message)
    assert api.emulator.schedules == {}


async def test_an_invalid_update_is_400_and_changes_nothing(api: Api) -> None:
    created = (await api("POST", "/api/v2/scheduling", json=DAILY)).json()

    response = await api(
        "PUT", f"/api/v2/scheduling/{created['id']}", json={"active": False, "cron": "bad"}
    )

    assert response.status_code == 400
    assert api.emulator.schedules[created["id"]]["active"] is True


async def test_a_schedule_id_that_is_not_a_number_is_400(api: Api) -> None:
    response = await api("GET", "/api/v2/scheduling/abc")

    assert response.status_code == 400
    assert response.json()["message"] == "Path parameter 'schedule_id' must be an integer"


async def test_deleting_an_unknown_schedule_is_404_with_a_json_message(api: Api) -> None:
    response = await api("DELETE", "/api/v2/scheduling/3")

    assert response.status_code == 404
    assert response.json()["message"] == "Schedule 3 not found"
