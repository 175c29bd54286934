from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from maestro.testing import page

from .conftest import Api

SORTED = {"sorted": True, "unsorted": False, "empty": False}
UNSORTED = {"sorted": False, "unsorted": True, "empty": True}


async def list_tasks(api: Api, query: str = "") -> Any:
    response = await api("GET", f"/api/v2/task{query}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_list_answers_the_full_spring_page_envelope(api: Api) -> None:
    for _ in range(5):
        await api.create_task()
    body = await list_tasks(api, "?page=1&size=2")
    assert [task["id"] for task in body.pop("content")] == [3, 2]
    assert body == {
        "pageable": {
            "sort": SORTED,
            "pageNumber": 1,
            "pageSize": 2,
            "offset": 2,
            "paged": True,
            "unpaged": False,
        },
        "last": False,
        "first": False,
        "empty": False,
        "totalPages": 3,
        "totalElements": 5,
        "numberOfElements": 2,
        "size": 2,
        "number": 1,
        "sort": SORTED,
    }


async def test_the_last_page_holds_the_remainder_and_says_last(api: Api) -> None:
    for _ in range(5):
        await api.create_task()
    body = await list_tasks(api, "?page=2&size=2")
    assert [task["id"] for task in body["content"]] == [1]
    assert (body["last"], body["first"], body["numberOfElements"]) == (True, False, 1)


async def test_a_page_past_the_end_is_empty_and_last(api: Api) -> None:
    await api.create_task()
    body = await list_tasks(api, "?page=4&size=2")
    assert (body["content"], body["empty"], body["last"], body["totalPages"]) == ([], True, True, 1)


async def test_an_empty_list_is_one_first_and_last_empty_page(api: Api) -> None:
    body = await list_tasks(api)
    assert body["content"] == []
    assert (body["first"], body["last"], body["empty"]) == (True, True, True)
    assert (body["totalPages"], body["totalElements"], body["size"], body["number"]) == (
        0,
        0,
        20,
        0,
    )


async def test_the_default_page_size_is_20(api: Api) -> None:
    for _ in range(21):
        await api.create_task()
    body = await list_tasks(api)
    assert (body["numberOfElements"], body["totalPages"], body["size"]) == (20, 2, 20)


async def test_tasks_are_newest_first_by_default(api: Api) -> None:
    for _ in range(3):
        await api.create_task()
    body = await list_tasks(api)
    assert [task["id"] for task in body["content"]] == [3, 2, 1]


async def test_sort_ascending_by_a_field(api: Api) -> None:
    for priority in (5, 1, 9):
        await api.create_task(priority=priority)
    body = await list_tasks(api, "?sort=priority,asc")
    assert [task["priority"] for task in body["content"]] == [1, 5, 9]


async def test_repeated_sort_parameters_sort_by_each_in_turn(api: Api) -> None:
    for label, priority in (("MyAutomation", 1), ("Invoices", 1), ("Invoices", 2)):
        await api.create_task(activityLabel=label, priority=priority)
    body = await list_tasks(api, "?sort=activityLabel,asc&sort=priority,desc")
    assert [(t["activityLabel"], t["priority"]) for t in body["content"]] == [
        ("Invoices", 2),
        ("Invoices", 1),
        ("MyAutomation", 1),
    ]


async def test_sorting_by_an_unknown_property_is_400(api: Api) -> None:
    await api.create_task()
    response = await api("GET", "/api/v2/task?sort=colour,asc")
    assert response.status_code == 400
    assert response.json()["message"] == "Parameter 'sort' names an unknown property 'colour'"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?size=-1", "Parameter 'size' must be at least 1"),
        ("?size=0", "Parameter 'size' must be at least 1"),
        ("?size=ten", "Parameter 'size' must be an integer"),
        ("?page=-1", "Parameter 'page' must be at least 0"),
        ("?page=1.5", "Parameter 'page' must be an integer"),
        ("?days=x", "Parameter 'days' must be an integer"),
    ],
)
async def test_bad_paging_parameters_are_400_naming_the_parameter(
    api: Api, query: str, message: str
) -> None:
    response = await api("GET", f"/api/v2/task{query}")
    assert response.status_code == 400
    assert response.json()["message"] == message


async def test_days_keeps_only_tasks_created_within_that_many_days(api: Api) -> None:
    old, recent = await api.create_task(), await api.create_task()
    ten_days_ago = datetime.now(timezone.utc) - timedelta(days=10)
    api.emulator.tasks[old["id"]]["dateCreation"] = ten_days_ago.isoformat()
    body = await list_tasks(api, "?days=7")
    assert [task["id"] for task in body["content"]] == [recent["id"]]


async def test_state_filter_keeps_the_named_states(api: Api) -> None:
    queued, running, canceled = [await api.create_task() for _ in range(3)]
    api.emulator.run_task(running["id"])
    await api("POST", f"/api/v2/task/{canceled['id']}", json={"state": "CANCELED"})
    body = await list_tasks(api, "?stateFilter=START,RUNNING")
    assert sorted(task["id"] for task in body["content"]) == [queued["id"], running["id"]]


async def test_state_filter_with_an_unknown_state_is_400(api: Api) -> None:
    response = await api("GET", "/api/v2/task?stateFilter=SLEEPING")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Parameter 'stateFilter' must be among START, RUNNING, FINISHED, CANCELED, TIMEOUT"
    )


async def test_activity_label_and_machine_id_filter_exactly(api: Api) -> None:
    await api.create_task(activityLabel="MyAutomation")
    wanted = await api.create_task(activityLabel="demo-reports")
    await api.create_task(activityLabel="demo-reports")
    api.emulator.run_task(wanted["id"], machine_id="vm-2")
    body = await list_tasks(api, "?activityLabel=demo-reports&machineId=vm-2")
    assert [task["id"] for task in body["content"]] == [wanted["id"]]


def test_page_without_a_sort_says_unsorted_and_keeps_creation_order() -> None:
    items = [{"id": 2}, {"id": 1}]
    body = page(items, {})
    assert body["content"] == items
    assert body["sort"] == UNSORTED
    assert body["pageable"]["sort"] == UNSORTED


def test_page_caps_the_size_at_2000_like_spring() -> None:
    assert page([], {"size": ["5000"]})["size"] == 2000
