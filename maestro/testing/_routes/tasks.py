"""Tasks: create, get, list, and the state changes sent to ``POST /api/v2/task/{id}``.

States: ``START`` (queued) -> ``RUNNING`` (a runner took it) -> ``FINISHED``; ``CANCELED``
only from ``START``; ``TIMEOUT`` when a runner gives up, from which the task can still be
finished. Clients set ``START`` (restart), ``FINISHED`` and ``CANCELED``; ``RUNNING`` and
``TIMEOUT`` are server-side moves (:func:`run_task`, :func:`time_out_task`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maestro.testing._bodies import Body, Choice, DateTime, Flag, Integer, JsonObject, Text
from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._routes.automations import find_automation
from maestro.testing._state import EmulatorState
from maestro.testing._wire import (
    Request,
    Response,
    empty_response,
    error,
    format_datetime,
    json_response,
    parse_datetime,
)

router = Router()

TASK_STATES = ("START", "RUNNING", "FINISHED", "CANCELED", "TIMEOUT")
CLIENT_STATES = ("START", "FINISHED", "CANCELED")
FINISH_STATUSES = ("SUCCESS", "FAILED", "PARTIALLY_COMPLETED")
ENDED_STATES = ("FINISHED", "CANCELED")

CREATE_TASK = Body(
    activityLabel=Text(required=True, allow_empty=False),
    parameters=JsonObject(),
    test=Flag(),
    priority=Integer(default=0, minimum=0, maximum=10),
    minExecutionDate=DateTime(),
)
"""Every official SDK sends all but ``minExecutionDate``, which have defaults."""

UPDATE_TASK = Body(
    state=Choice(choices=CLIENT_STATES),
    finishStatus=Choice(choices=FINISH_STATUSES),
    finishMessage=Text(),
    totalItems=Integer(minimum=0),
    processedItems=Integer(minimum=0),
    failedItems=Integer(minimum=0),
    interrupted=Flag(),
    killed=Flag(),
)
"""One route, several bodies; ``state`` or a flag says which change is asked."""


@router.post("/api/v2/task")
def create_task(request: Request, state: EmulatorState) -> Response:
    """Queue a task in ``START``; answers the Task, 404 for an unknown automation."""
    fields = CREATE_TASK.read(request, state)
    automation = find_automation(state, fields["activityLabel"])
    label: str = automation["label"]
    min_execution_date = fields["minExecutionDate"]
    now = state.timestamp()
    task: dict[str, Any] = {
        "id": state.next_id("task"),
        "state": "START",
        "parameters": fields["parameters"] or {},
        "inputFile": None,
        "activityLabel": label,
        "activityName": automation.get("name") or label,
        "activityId": automation.get("id"),
        "agentId": automation.get("agentId"),
        "machineId": None,
        "userEmail": None,
        "userCreationName": "api",
        "userCreationId": None,
        "organizationLabel": state.organization,
        "organizationCreationId": None,
        "dateCreation": now,
        "dateLastModified": now,
        "dateStartRunning": None,
        "minExecutionDate": min_execution_date
        and format_datetime(parse_datetime(min_execution_date)),
        "finishStatus": None,
        "finishMessage": None,
        "test": fields["test"],
        "interrupted": False,
        "killed": False,
        "priority": fields["priority"],
        "repositoryLabel": automation.get("repositoryLabel", "DEFAULT"),
        "totalItems": None,
        "processedItems": None,
        "failedItems": None,
    }
    state.tasks[task["id"]] = task
    return json_response(task)


@router.get("/api/v2/task/{task_id}")
def get_task(request: Request, state: EmulatorState) -> Response:
    """One task."""
    return json_response(state.find_task(request.params["task_id"], name="task_id"))


@router.post("/api/v2/task/{task_id}")
def update_task(request: Request, state: EmulatorState) -> Response:
    """Finish, restart, cancel (``state``) or interrupt and kill (flags)."""
    task = state.find_task(request.params["task_id"], name="task_id")
    fields = UPDATE_TASK.read(request, state)
    target = fields["state"]
    if target == "FINISHED":
        _finish(task, fields)
    elif target == "START":
        _restart(task)
    elif target == "CANCELED":
        _cancel(task)
    elif fields["interrupted"] or fields["killed"]:
        _interrupt(task, killed=fields["killed"])
    else:
        raise error(400, "Field 'state' is required (or 'interrupted': true)")
    task["dateLastModified"] = state.timestamp()
    return json_response(task)


def _finish(task: dict[str, Any], fields: Mapping[str, Any]) -> None:
    if task["state"] in ENDED_STATES:
        raise error(409, f"Task {task['id']} is {task['state']} and cannot be finished")
    if fields["finishStatus"] is None:
        raise error(400, "Field 'finishStatus' is required")
    for name in ("finishStatus", "finishMessage", "totalItems", "processedItems", "failedItems"):
        task[name] = fields[name]
    task["state"] = "FINISHED"


def _restart(task: dict[str, Any]) -> None:
    task.update(
        state="START",
        finishStatus=None,
        finishMessage=None,
        totalItems=None,
        processedItems=None,
        failedItems=None,
        interrupted=False,
        killed=False,
        machineId=None,
        dateStartRunning=None,
    )


def _cancel(task: dict[str, Any]) -> None:
    if task["state"] != "START":
        raise error(
            409, f"Task {task['id']} is {task['state']}; only a task in START can be canceled"
        )
    task["state"] = "CANCELED"


def _interrupt(task: dict[str, Any], *, killed: bool) -> None:
    if task["state"] in ENDED_STATES:
        raise error(409, f"Task {task['id']} is {task['state']} and cannot be interrupted")
    task["interrupted"] = True
    if killed:
        task["killed"] = True


@router.delete("/api/v2/task/{task_id}")
def delete_task(request: Request, state: EmulatorState) -> Response:
    """Delete a test task (one created with ``test: true``); 200 with an empty body.

    A task that is not a test task is refused (400), as the documentation says only test
    tasks can be deleted. Deleted tasks are forgotten: deleting one again is 404, like an id
    that never existed.
    """
    task = state.find_task(request.params["task_id"], name="task_id")
    if not task.get("test"):
        raise error(400, f"Task {task['id']} is not a test task: only test tasks can be deleted")
    del state.tasks[task["id"]]
    return empty_response(200)


@router.get("/api/v2/task")
def list_tasks(request: Request, state: EmulatorState) -> Response:
    """A page of tasks; filters ``days``, ``stateFilter``, ``activityLabel``, ``machineId``."""
    tasks: Sequence[Mapping[str, Any]] = filter_days(
        list(state.tasks.values()), request.query, "dateCreation"
    )
    wanted_states = _state_filter(request.query.get("stateFilter", []))
    if wanted_states:
        tasks = [task for task in tasks if task["state"] in wanted_states]
    tasks = filter_equal(
        tasks, request.query, {"activityLabel": "activityLabel", "machineId": "machineId"}
    )
    return json_response(page(tasks, request.query, default_sort="dateCreation,desc"))


def _state_filter(values: Sequence[str]) -> set[str]:
    """States named by ``stateFilter`` (repeatable, or comma-separated); 400 for an unknown one."""
    states = {part.strip().upper() for value in values for part in value.split(",") if part.strip()}
    unknown = states - set(TASK_STATES)
    if unknown:
        raise error(400, f"Parameter 'stateFilter' must be among {', '.join(TASK_STATES)}")
    return states


def run_task(state: EmulatorState, task_id: int, machine_id: str) -> dict[str, Any]:
    """Do what a runner does when it takes a queued task: ``START`` -> ``RUNNING``."""
    with state.lock:
        task = _server_side_task(state, task_id)
        if task["state"] != "START":
            raise ValueError(f"task {task_id} is {task['state']}, not START")
        now = state.timestamp()
        task.update(state="RUNNING", machineId=machine_id, dateStartRunning=now)
        task["dateLastModified"] = now
        return task


def time_out_task(state: EmulatorState, task_id: int) -> dict[str, Any]:
    """Do what the server does when a task outlives its timeout: -> ``TIMEOUT``."""
    with state.lock:
        task = _server_side_task(state, task_id)
        if task["state"] not in ("START", "RUNNING"):
            raise ValueError(f"task {task_id} is {task['state']}, not START or RUNNING")
        task.update(state="TIMEOUT", dateLastModified=state.timestamp())
        return task


def _server_side_task(state: EmulatorState, task_id: int) -> dict[str, Any]:
    task = state.tasks.get(task_id)
    if task is None:
        raise KeyError(f"no task {task_id}")
    return task
