"""tasks.get and tasks.create: the first endpoints of the declaration mechanism."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import respx

from maestro import RequestValidationError, Task, TaskState
from maestro.models import FinishStatus
from tests.conftest import AnyClient, resolve

FULL_TASK = {
    "id": 123456,
    "state": "FINISHED",
    "parameters": {"p1": "x"},
    "inputFile": {"id": 9, "type": "INPUT", "fileName": "in.csv"},
    "activityLabel": "MyAutomation",
    "activityName": "My Automation",
    "activityId": 31,
    "agentId": "MyBot",
    "machineId": "runner-01",
    "userEmail": None,
    "userCreationName": "api",
    "userCreationId": 4,
    "organizationLabel": "myorg",
    "organizationCreationId": 8,
    "dateCreation": "2025-01-01T10:00:00Z",
    "dateLastModified": "2025-01-01T10:05:00Z",
    "dateStartRunning": "2025-01-01T10:00:30Z",
    "minExecutionDate": None,
    "finishStatus": "SUCCESS",
    "finishMessage": "ok",
    "test": False,
    "interrupted": False,
    "killed": False,
    "priority": 0,
    "repositoryLabel": "DEFAULT",
    "totalItems": 10,
    "processedItems": 10,
    "failedItems": 0,
}


async def test_get_parses_every_field_of_the_task(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task/123456").respond(200, json=FULL_TASK)
    task = (await resolve(client.tasks.get(123456))).parsed
    assert route.calls.last.request.method == "GET"
    assert isinstance(task, Task)
    assert task.id == 123456
    assert task.state is TaskState.FINISHED
    assert task.finish_status is FinishStatus.SUCCESS
    assert task.finish_message == "ok"
    assert task.parameters == {"p1": "x"}
    assert task.input_file is not None
    assert (task.input_file.id, task.input_file.type, task.input_file.file_name) == (
        9,
        "INPUT",
        "in.csv",
    )
    assert (task.activity_label, task.activity_name, task.activity_id) == (
        "MyAutomation",
        "My Automation",
        31,
    )
    assert (task.agent_id, task.machine_id) == ("MyBot", "runner-01")
    assert (task.user_email, task.user_creation_name, task.user_creation_id) == (None, "api", 4)
    assert (task.organization_label, task.organization_creation_id) == ("myorg", 8)
    assert task.date_creation == datetime(2025, 1, 1, 10, 0, tzinfo=timezone.utc)
    assert task.date_last_modified == datetime(2025, 1, 1, 10, 5, tzinfo=timezone.utc)
    assert task.date_start_running == datetime(2025, 1, 1, 10, 0, 30, tzinfo=timezone.utc)
    assert task.min_execution_date is None
    assert (task.test, task.interrupted, task.killed, task.priority) == (False, False, False, 0)
    assert task.repository_label == "DEFAULT"
    assert (task.total_items, task.processed_items, task.failed_items) == (10, 10, 0)
    assert task.is_final
    assert task.model_extra == {}


async def test_get_accepts_the_timeout_state(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "state": "TIMEOUT"})
    task = (await resolve(client.tasks.get(1))).parsed
    assert task.state is TaskState.TIMEOUT
    assert task.is_final


async def test_create_sends_the_official_body(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/task").respond(200, json={"id": 5, "state": "START"})
    response = await resolve(
        client.tasks.create("MyAutomation", parameters={"n": 1, "s": "x"}, priority=7, test=True)
    )
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "activityLabel": "MyAutomation",
        "parameters": {"n": 1, "s": "x"},
        "test": True,
        "priority": 7,
    }
    assert response.parsed.state is TaskState.START


async def test_create_defaults_leave_out_the_min_execution_date(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").respond(200, json={"id": 5})
    await resolve(client.tasks.create("A"))
    assert json.loads(route.calls.last.request.content) == {
        "activityLabel": "A",
        "parameters": {},
        "test": False,
        "priority": 0,
    }


async def test_create_takes_a_naive_date_as_utc(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/task").respond(200, json={"id": 5})
    await resolve(client.tasks.create("A", min_execution_date=datetime(2026, 5, 1, 8, 30)))
    assert (
        json.loads(route.calls.last.request.content)["minExecutionDate"] == "2026-05-01T08:30:00Z"
    )


async def test_create_converts_an_aware_date_to_utc(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").respond(200, json={"id": 5})
    brasilia = timezone(timedelta(hours=-3))
    await resolve(
        client.tasks.create("A", min_execution_date=datetime(2026, 5, 1, 8, 30, tzinfo=brasilia))
    )
    assert (
        json.loads(route.calls.last.request.content)["minExecutionDate"] == "2026-05-01T11:30:00Z"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "shown"),
    [
        ({"priority": 11}, "priority", "11"),
        ({"priority": -1}, "priority", "-1"),
        ({"priority": "5"}, "priority", "'5'"),
        ({"min_execution_date": "2026-01-01"}, "min_execution_date", "'2026-01-01'"),
        ({"test": "yes"}, "test", "'yes'"),
        ({"parameters": ["a"]}, "parameters", "['a']"),
    ],
)
async def test_create_rejects_bad_arguments_before_sending(
    client: AnyClient, api: respx.MockRouter, kwargs: dict[str, object], field: str, shown: str
) -> None:
    route = api.post("/api/v2/task").respond(200, json={"id": 1})
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.tasks.create("A", **kwargs))  # type: ignore[arg-type]
    error = caught.value
    assert error.operation == "tasks.create"
    assert [(e.field, e.value) for e in error.errors] == [(field, shown)]
    assert f"{field}={shown}" in str(error)
    assert route.call_count == 0
    assert api["login"].call_count == 0


@pytest.mark.parametrize("label", ["", "   "])
async def test_create_rejects_an_empty_label(
    client: AnyClient, api: respx.MockRouter, label: str
) -> None:
    with pytest.raises(RequestValidationError, match=r"activity_label.*must not be empty"):
        await resolve(client.tasks.create(label))


async def test_create_names_every_bad_field_at_once(client: AnyClient) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.tasks.create("", priority=99, min_execution_date=3))  # type: ignore[arg-type]
    assert [e.field for e in caught.value.errors] == [
        "activity_label",
        "priority",
        "min_execution_date",
    ]
    assert str(caught.value).startswith("3 invalid arguments for tasks.create: ")


async def test_version_reports_the_server_version(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/maestro/version").respond(200, json={"version": "3.0.2"})
    response = await resolve(client.version())
    assert response.parsed.version == "3.0.2"
    assert response.parsed.version_tuple == (3, 0, 2)
    assert route.calls.last.request.method == "GET"
