from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Api

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

TASK_FIELDS = {
    "id", "state", "parameters", "inputFile", "activityLabel", "activityName", "activityId",
    "agentId", "machineId", "userEmail", "userCreationName", "userCreationId",
    "organizationLabel", "organizationCreationId", "dateCreation", "dateLastModified",
    "dateStartRunning", "minExecutionDate", "finishStatus", "finishMessage", "test",
    "interrupted", "killed", "priority", "repositoryLabel", "totalItems", "processedItems",
    "failedItems",
}  # fmt: skip


async def update(api: Api, task_id: int, body: dict[str, Any]) -> Any:
    return await api("POST", f"/api/v2/task/{task_id}", json=body)


async def test_create_task_returns_every_field_of_the_task_object(api: Api) -> None:
    task = await api.create_task(parameters={"month": "2025-01"}, priority=7, test=True)
    assert set(task) == TASK_FIELDS
    assert task["id"] == 1
    assert task["state"] == "START"
    assert task["parameters"] == {"month": "2025-01"}
    assert (task["activityLabel"], task["activityName"]) == ("Invoices", "Invoices")
    assert (task["priority"], task["test"]) == (7, True)
    assert (task["organizationLabel"], task["repositoryLabel"]) == ("demo", "DEFAULT")
    assert (task["interrupted"], task["killed"]) == (False, False)
    assert [task["totalItems"], task["processedItems"], task["failedItems"]] == [None] * 3
    assert [task["finishStatus"], task["finishMessage"], task["machineId"]] == [None] * 3
    assert ISO_UTC.match(task["dateCreation"])
    assert task["dateLastModified"] == task["dateCreation"]


async def test_create_task_defaults_priority_test_and_parameters(api: Api) -> None:
    task = await api.create_task()
    assert (task["priority"], task["test"], task["parameters"]) == (0, False, {})


async def test_task_ids_increase(api: Api) -> None:
    first, second = await api.create_task(), await api.create_task()
    assert second["id"] == first["id"] + 1


async def test_created_task_is_kept_in_the_state_as_served(api: Api) -> None:
    task = await api.create_task()
    assert api.emulator.tasks[task["id"]] == task


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2025-01-02T03:04:05", "2025-01-02T03:04:05.000Z"),
        ("2025-01-02T03:04:05.000Z", "2025-01-02T03:04:05.000Z"),
        ("2025-01-02T05:04:05.123456+02:00", "2025-01-02T03:04:05.123Z"),
    ],
)
async def test_min_execution_date_accepts_each_sdk_format_and_is_served_in_utc(
    api: Api, sent: str, stored: str
) -> None:
    task = await api.create_task(minExecutionDate=sent)
    assert task["minExecutionDate"] == stored


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Field 'activityLabel' is required"),
        ({"activityLabel": ""}, "Field 'activityLabel' must not be empty"),
        ({"activityLabel": 5}, "Field 'activityLabel' must be a string"),
        (
            {"activityLabel": "x", "priority": 11},
            "Field 'priority' must be an integer from 0 to 10",
        ),
        (
            {"activityLabel": "x", "priority": -1},
            "Field 'priority' must be an integer from 0 to 10",
        ),
        ({"activityLabel": "x", "priority": "high"}, "Field 'priority' must be an integer"),
        ({"activityLabel": "x", "parameters": [1]}, "Field 'parameters' must be a JSON object"),
        ({"activityLabel": "x", "test": "maybe"}, "Field 'test' must be a boolean"),
        (
            {"activityLabel": "x", "minExecutionDate": "tomorrow"},
            "Field 'minExecutionDate' must be an ISO-8601 date and time",
        ),
    ],
)
async def test_create_task_with_an_invalid_body_is_400_naming_the_field(
    api: Api, body: dict[str, Any], message: str
) -> None:
    response = await api("POST", "/api/v2/task", json=body)
    assert response.status_code == 400
    assert response.json()["message"] == message


async def test_create_task_with_malformed_json_is_400(api: Api) -> None:
    response = await api(
        "POST", "/api/v2/task", content=b"{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Malformed JSON request body"


async def test_get_task_returns_the_task(api: Api) -> None:
    task = await api.create_task()
    response = await api("GET", f"/api/v2/task/{task['id']}")
    assert response.status_code == 200
    assert response.json() == task


async def test_get_unknown_task_is_404(api: Api) -> None:
    response = await api("GET", "/api/v2/task/42")
    assert response.status_code == 404
    assert response.json()["message"] == "Task 42 not found"


async def test_get_task_with_a_non_numeric_id_is_400(api: Api) -> None:
    response = await api("GET", "/api/v2/task/abc")
    assert response.status_code == 400


async def test_finish_stores_status_message_and_counts(api: Api) -> None:
    task = await api.create_task()
    body = {
        "state": "FINISHED",
        "finishStatus": "PARTIALLY_COMPLETED",
        "finishMessage": "2 failed",
        "totalItems": 10,
        "processedItems": 8,
        "failedItems": 2,
    }
    response = await update(api, task["id"], body)
    assert response.status_code == 200
    finished = response.json()
    assert finished["state"] == "FINISHED"
    assert finished["finishStatus"] == "PARTIALLY_COMPLETED"
    assert finished["finishMessage"] == "2 failed"
    assert [finished["totalItems"], finished["processedItems"], finished["failedItems"]] == [
        10,
        8,
        2,
    ]
    assert api.emulator.tasks[task["id"]] == finished


async def test_finish_without_counts_stores_null_counts(api: Api) -> None:
    task = await api.create_task()
    body = {"state": "FINISHED", "finishStatus": "SUCCESS", "finishMessage": ""}
    finished = (await update(api, task["id"], body)).json()
    assert [finished["totalItems"], finished["processedItems"], finished["failedItems"]] == [
        None
    ] * 3


async def test_finish_requires_a_finish_status(api: Api) -> None:
    task = await api.create_task()
    response = await update(api, task["id"], {"state": "FINISHED"})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'finishStatus' is required"
    assert api.emulator.tasks[task["id"]]["state"] == "START"


async def test_finish_rejects_an_unknown_finish_status(api: Api) -> None:
    task = await api.create_task()
    response = await update(api, task["id"], {"state": "FINISHED", "finishStatus": "DONE"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Field 'finishStatus' must be one of SUCCESS, FAILED, PARTIALLY_COMPLETED"
    )


async def test_finish_rejects_negative_counts(api: Api) -> None:
    task = await api.create_task()
    body = {"state": "FINISHED", "finishStatus": "SUCCESS", "failedItems": -1}
    response = await update(api, task["id"], body)
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'failedItems' must be an integer from 0"


async def test_finishing_a_finished_task_is_409(api: Api) -> None:
    task = await api.create_task()
    await update(api, task["id"], {"state": "FINISHED", "finishStatus": "SUCCESS"})
    response = await update(api, task["id"], {"state": "FINISHED", "finishStatus": "FAILED"})
    assert response.status_code == 409


async def test_a_timed_out_task_can_still_be_finished(api: Api) -> None:
    task = await api.create_task()
    api.emulator.time_out_task(task["id"])
    response = await update(api, task["id"], {"state": "FINISHED", "finishStatus": "FAILED"})
    assert response.status_code == 200
    assert response.json()["state"] == "FINISHED"


async def test_restart_puts_a_finished_task_back_in_start_and_clears_the_result(api: Api) -> None:
    task = await api.create_task()
    body = {"state": "FINISHED", "finishStatus": "FAILED", "finishMessage": "x", "totalItems": 1}
    await update(api, task["id"], body)
    restarted = (await update(api, task["id"], {"state": "START"})).json()
    assert restarted["state"] == "START"
    assert [restarted["finishStatus"], restarted["finishMessage"], restarted["totalItems"]] == [
        None,
        None,
        None,
    ]


async def test_interrupt_sets_interrupted_and_keeps_the_state(api: Api) -> None:
    task = await api.create_task()
    api.emulator.run_task(task["id"])
    interrupted = (await update(api, task["id"], {"interrupted": True})).json()
    assert (interrupted["state"], interrupted["interrupted"], interrupted["killed"]) == (
        "RUNNING",
        True,
        False,
    )


async def test_kill_sets_interrupted_and_killed(api: Api) -> None:
    task = await api.create_task()
    api.emulator.run_task(task["id"])
    killed = (await update(api, task["id"], {"interrupted": True, "killed": True})).json()
    assert (killed["interrupted"], killed["killed"]) == (True, True)


async def test_interrupting_a_finished_task_is_409(api: Api) -> None:
    task = await api.create_task()
    await update(api, task["id"], {"state": "FINISHED", "finishStatus": "SUCCESS"})
    response = await update(api, task["id"], {"interrupted": True})
    assert response.status_code == 409


async def test_cancel_moves_a_queued_task_to_canceled(api: Api) -> None:
    task = await api.create_task()
    response = await update(api, task["id"], {"state": "CANCELED"})
    assert response.status_code == 200
    assert response.json()["state"] == "CANCELED"


async def test_cancel_of_a_running_task_is_409_and_changes_nothing(api: Api) -> None:
    task = await api.create_task()
    api.emulator.run_task(task["id"])
    response = await update(api, task["id"], {"state": "CANCELED"})
    assert response.status_code == 409
    assert response.json()["message"] == (
        f"Task {task['id']} is RUNNING; only a task in START can be canceled"
    )
    assert api.emulator.tasks[task["id"]]["state"] == "RUNNING"


@pytest.mark.parametrize("state", ["RUNNING", "TIMEOUT", "DONE"])
async def test_a_state_clients_cannot_set_is_400(api: Api, state: str) -> None:
    task = await api.create_task()
    response = await update(api, task["id"], {"state": state})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'state' must be one of START, FINISHED, CANCELED"


async def test_an_update_with_neither_state_nor_interrupted_is_400(api: Api) -> None:
    task = await api.create_task()
    response = await update(api, task["id"], {"finishMessage": "x"})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'state' is required (or 'interrupted': true)"


async def test_updating_an_unknown_task_is_404(api: Api) -> None:
    response = await update(api, 77, {"state": "CANCELED"})
    assert response.status_code == 404


async def test_delete_removes_a_test_task(api: Api) -> None:
    task = await api.create_task(test=True)
    response = await api("DELETE", f"/api/v2/task/{task['id']}")
    assert (response.status_code, response.content) == (200, b"")
    assert task["id"] not in api.emulator.tasks
    assert (await api("GET", f"/api/v2/task/{task['id']}")).status_code == 404


async def test_delete_of_a_task_that_is_not_a_test_task_is_400_and_keeps_it(api: Api) -> None:
    task = await api.create_task()
    response = await api("DELETE", f"/api/v2/task/{task['id']}")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Task {task['id']} is not a test task: only test tasks can be deleted"
    )
    assert task["id"] in api.emulator.tasks


async def test_deleting_a_deleted_task_again_is_404_like_an_unknown_id(api: Api) -> None:
    task = await api.create_task(test=True)
    await api("DELETE", f"/api/v2/task/{task['id']}")
    again = await api("DELETE", f"/api/v2/task/{task['id']}")
    unknown = await api("DELETE", "/api/v2/task/77")
    assert (again.status_code, again.json()["message"]) == (404, f"Task {task['id']} not found")
    assert (unknown.status_code, unknown.json()["message"]) == (404, "Task 77 not found")


async def test_run_task_moves_start_to_running_on_a_machine(api: Api) -> None:
    task = await api.create_task()
    api.emulator.run_task(task["id"], machine_id="vm-7")
    served = (await api("GET", f"/api/v2/task/{task['id']}")).json()
    assert (served["state"], served["machineId"]) == ("RUNNING", "vm-7")
    assert ISO_UTC.match(served["dateStartRunning"])


async def test_time_out_task_moves_a_task_to_timeout(api: Api) -> None:
    task = await api.create_task()
    api.emulator.time_out_task(task["id"])
    served = (await api("GET", f"/api/v2/task/{task['id']}")).json()
    assert served["state"] == "TIMEOUT"


def test_server_side_moves_refuse_unknown_tasks_and_wrong_states(emulator: Any) -> None:
    with pytest.raises(KeyError):
        emulator.run_task(1)
    emulator.state.tasks[1] = {"id": 1, "state": "FINISHED"}
    with pytest.raises(ValueError, match="not START"):
        emulator.run_task(1)
    with pytest.raises(ValueError, match="not START or RUNNING"):
        emulator.time_out_task(1)
