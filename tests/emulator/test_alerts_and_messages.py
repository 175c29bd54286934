from __future__ import annotations

from typing import Any

import pytest

from maestro.testing import MaestroEmulator

from .conftest import Api


async def alert(api: Api, task_id: int, **fields: Any) -> Any:
    body = {"taskId": task_id, "title": "Heads up", "message": "Disk 90%", "type": "WARN", **fields}
    return await api("POST", "/api/v2/alerts", json=body)


async def test_create_alert_answers_the_alert_with_the_task_automation(api: Api) -> None:
    task = await api.create_task()
    response = await alert(api, task["id"])
    assert response.status_code == 200
    body = response.json()
    assert body.pop("date").endswith("Z")
    alert_id = body.pop("id")
    assert isinstance(alert_id, str)
    assert len(alert_id) == 36
    assert body == {
        "organizationLabel": "demo",
        "taskId": task["id"],
        "activityLabel": "Invoices",
        "activityName": "Invoices",
        "botId": "demo-bot",
        "title": "Heads up",
        "message": "Disk 90%",
        "type": "WARN",
        "repositoryLabel": "DEFAULT",
    }
    assert api.emulator.alerts[alert_id]["title"] == "Heads up"


def test_alert_ids_are_reproducible_from_the_seed() -> None:
    def first_alert_id(seed: int) -> str:
        emulator = MaestroEmulator(seed=seed, strict=True)
        return emulator.state.new_uuid()

    assert first_alert_id(3) == first_alert_id(3)
    assert first_alert_id(3) != first_alert_id(4)


async def test_alert_with_an_unknown_type_is_400(api: Api) -> None:
    task = await api.create_task()
    response = await alert(api, task["id"], type="DEBUG")
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'type' must be one of INFO, WARN, ERROR"


async def test_alert_without_a_type_is_400(api: Api) -> None:
    task = await api.create_task()
    response = await alert(api, task["id"], type=None)
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'type' is required"


async def test_alert_on_an_unknown_task_is_404(api: Api) -> None:
    response = await alert(api, 12)
    assert response.status_code == 404
    assert response.json()["message"] == "Task 12 not found"


async def test_list_alerts_is_a_page_filtered_by_task_newest_first(api: Api) -> None:
    first, second = await api.create_task(), await api.create_task()
    for task, title in ((first, "a"), (second, "b"), (first, "c")):
        await alert(api, task["id"], title=title)
    body = (await api("GET", f"/api/v2/alerts?taskId={first['id']}&size=5")).json()
    assert [item["title"] for item in body["content"]] == ["c", "a"]
    assert (body["totalElements"], body["size"]) == (2, 5)


async def test_list_alerts_filters_by_type(api: Api) -> None:
    task = await api.create_task()
    for title, kind in (("a", "WARN"), ("b", "INFO"), ("c", "WARN")):
        await alert(api, task["id"], title=title, type=kind)
    body = (await api("GET", "/api/v2/alerts?type=WARN&sort=title,asc")).json()
    assert [item["title"] for item in body["content"]] == ["a", "c"]


async def send_message(api: Api, **fields: Any) -> Any:
    body = {
        "emails": ["ops@example.com"],
        "logins": [],
        "subject": "Done",
        "body": "<b>ok</b>",
        "type": "HTML",
        **fields,
    }
    return await api("POST", "/api/v2/message", json=body)


async def test_message_answers_200_plain_text_and_is_recorded(api: Api) -> None:
    response = await send_message(api, group="")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain;charset=UTF-8"
    recorded = dict(api.emulator.messages[0])
    assert recorded.pop("dateCreation").endswith("Z")
    assert recorded == {
        "id": 1,
        "emails": ["ops@example.com"],
        "logins": [],
        "subject": "Done",
        "body": "<b>ok</b>",
        "type": "HTML",
        "groups": [],
    }


async def test_message_accepts_group_as_a_string(api: Api) -> None:
    await send_message(api, group="finance")
    assert api.emulator.messages[0]["groups"] == ["finance"]


async def test_message_accepts_groups_as_a_list(api: Api) -> None:
    await send_message(api, groups=["finance", "ops"])
    assert api.emulator.messages[0]["groups"] == ["finance", "ops"]


async def test_message_to_logins_only_is_accepted(api: Api) -> None:
    response = await send_message(api, emails=[], logins=["maria"])
    assert response.status_code == 200


async def test_message_without_any_recipient_is_400(api: Api) -> None:
    response = await send_message(api, emails=[], logins=[])
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Field 'emails' or 'logins' must name at least one recipient"
    )
    assert api.emulator.messages == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "MARKDOWN"}, "Field 'type' must be one of TEXT, HTML"),
        ({"emails": "ops@example.com"}, "Field 'emails' must be a list of strings"),
        ({"subject": 5}, "Field 'subject' must be a string"),
    ],
)
async def test_message_with_an_invalid_field_is_400_naming_it(
    api: Api, fields: dict[str, Any], message: str
) -> None:
    response = await send_message(api, **fields)
    assert response.status_code == 400
    assert response.json()["message"] == message
