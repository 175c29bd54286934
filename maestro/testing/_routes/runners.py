"""Runners, "machines" on the wire: a paged list, one runner, its log, its tasks.

No route registers runners: the emulator starts with ``runner-01`` (online, desktop) and
``runner-02`` (offline, background), and tests add more with ``MaestroEmulator.add_runner``.
One runner, its log and its tasks summary are known only from community clients, which do
not show the answers: the bodies here are this emulator's choice (documented on each
handler), the ones the SDK's models read.
"""

from __future__ import annotations

from typing import Any

from maestro.testing._paging import filter_days, filter_equal, page, query_int
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, WireDict
from maestro.testing._wire import Request, Response, error, json_response

router = Router()

TASK_STATES = ("START", "RUNNING", "FINISHED", "CANCELED", "TIMEOUT")
DEFAULT_SUMMARY_DAYS = 30


def add_runner(
    state: EmulatorState,
    machine_id: str,
    *,
    name: str | None = None,
    is_online: bool = True,
    runner_type: str = "DESKTOP",
    **fields: Any,
) -> WireDict:
    """Store a runner as the server would serve it, with a first log line; ``fields`` win."""
    now = state.timestamp()
    runner: WireDict = {
        "id": state.next_id("runner"),
        "machineId": machine_id,
        "name": name or machine_id,
        "description": None,
        "type": runner_type,
        "isOnline": is_online,
        "organizationLabel": state.organization,
        "version": "2.6.0",
        "dateLastConnection": now,
        "dateCreation": now,
        **fields,
    }
    state.runners[machine_id] = runner
    state.runner_logs[machine_id] = [
        {"dateCreation": now, "level": "INFO", "message": f"Runner {machine_id} registered"}
    ]
    return runner


def seed(state: EmulatorState) -> None:
    """The runners a fresh emulator starts with: one online, one offline."""
    add_runner(state, "runner-01", name="Runner 01", is_online=True, runner_type="DESKTOP")
    add_runner(state, "runner-02", name="Runner 02", is_online=False, runner_type="BACKGROUND")


def find_runner(state: EmulatorState, machine_id: str) -> WireDict:
    """The runner with this machine id; 404 when there is none."""
    runner = state.runners.get(machine_id)
    if runner is None:
        raise error(404, f"Runner '{machine_id}' not found")
    return runner


@router.get("/api/v2/machine/pagination")
def list_runners(request: Request, state: EmulatorState) -> Response:
    """A page of runners, filtered by ``machineId``, ``isOnline`` (true/false), ``type``."""
    runners = filter_equal(
        list(state.runners.values()), request.query, {"machineId": "machineId", "type": "type"}
    )
    online = request.query_value("isOnline")
    if online:
        if online.lower() not in ("true", "false"):
            raise error(400, "Parameter 'isOnline' must be true or false")
        runners = [r for r in runners if r.get("isOnline") is (online.lower() == "true")]
    return json_response(page(runners, request.query))


@router.get("/api/v2/machine/{machine_id}")
def get_runner(request: Request, state: EmulatorState) -> Response:
    """One runner (known from community clients)."""
    return json_response(find_runner(state, request.params["machine_id"]))


@router.get("/api/v2/machine/log/{machine_id}")
def runner_log(request: Request, state: EmulatorState) -> Response:
    """The runner's log, as a JSON array of ``{dateCreation, level, message}``."""
    machine_id = find_runner(state, request.params["machine_id"])["machineId"]
    return json_response(state.runner_logs.get(machine_id, []))


@router.get("/api/v2/machine/{machine_id}/tasks-summary")
def tasks_summary(request: Request, state: EmulatorState) -> Response:
    """The runner's tasks of the last ``days`` days (30 by default), by state.

    Answers ``{machineId, days, total, states: {START: n, RUNNING: n, ...}}``.
    """
    machine_id = find_runner(state, request.params["machine_id"])["machineId"]
    days = query_int(request.query, "days", default=DEFAULT_SUMMARY_DAYS, minimum=1)
    mine = [task for task in state.tasks.values() if task.get("machineId") == machine_id]
    recent = filter_days(mine, request.query, "dateCreation", default=DEFAULT_SUMMARY_DAYS)
    states = dict.fromkeys(TASK_STATES, 0)
    for task in recent:
        states[task["state"]] = states.get(task["state"], 0) + 1
    return json_response(
        {"machineId": machine_id, "days": days, "total": len(recent), "states": states}
    )
