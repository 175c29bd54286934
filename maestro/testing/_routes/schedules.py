"""Schedules, "scheduling" on the wire (§4.12): Quartz cron schedules of an automation.

Only the list is confirmed by official code. The body fields (``activityLabel``, ``cron``,
``parameters``, ``priority``, ``active``, ``name``) are the SDK's choice; the cron is checked
as Quartz does (``?`` in exactly one of day-of-month and day-of-week). Schedules are kept,
not run: nothing here creates tasks on time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro.models._cron import check_quartz_cron
from maestro.testing._paging import page
from maestro.testing._router import Router
from maestro.testing._routes.automations import find_automation
from maestro.testing._state import EmulatorState, WireDict
from maestro.testing._wire import (
    Request,
    Response,
    bool_field,
    empty_response,
    error,
    int_field,
    json_response,
    object_field,
    string_field,
)

router = Router()


def _find_schedule(request: Request, state: EmulatorState) -> WireDict:
    schedule_id = request.int_param("schedule_id")
    schedule = state.schedules.get(schedule_id)
    if schedule is None:
        raise error(404, f"Schedule {schedule_id} not found")
    return schedule


def _fields(body: Mapping[str, Any], state: EmulatorState) -> WireDict:
    """The given fields of a schedule body, checked; 400 names a bad one, 404 a bad label."""
    fields: WireDict = {}
    if "activityLabel" in body:
        label = string_field(body, "activityLabel", required=True, allow_empty=False)
        fields["activityLabel"] = find_automation(state, str(label))["label"]
    if "cron" in body:
        cron = string_field(body, "cron", required=True)
        try:
            fields["cron"] = check_quartz_cron(str(cron))
        except ValueError as exc:
            raise error(400, f"Field 'cron' is not a valid Quartz expression: {exc}") from None
    if "parameters" in body:
        fields["parameters"] = object_field(body, "parameters") or {}
    if "priority" in body:
        fields["priority"] = int_field(body, "priority", required=True, minimum=0, maximum=10)
    if "active" in body:
        fields["active"] = bool_field(body, "active", default=True)
    if "name" in body:
        fields["name"] = string_field(body, "name")
    return fields


@router.get("/api/v2/scheduling")
def list_schedules(request: Request, state: EmulatorState) -> Response:
    """SC1: a page of schedules."""
    return json_response(page(list(state.schedules.values()), request.query))


@router.get("/api/v2/scheduling/{schedule_id}")
def get_schedule(request: Request, state: EmulatorState) -> Response:
    """SC2 (GUESS): one schedule."""
    return json_response(_find_schedule(request, state))


@router.post("/api/v2/scheduling")
def create_schedule(request: Request, state: EmulatorState) -> Response:
    """SC3 (GUESS): create a schedule; ``activityLabel`` and ``cron`` are required."""
    body = request.json_object()
    for name in ("activityLabel", "cron"):
        if body.get(name) is None:
            raise error(400, f"Field '{name}' is required")
    fields = _fields(body, state)
    now = state.timestamp()
    schedule: WireDict = {
        "id": state.next_id("schedule"),
        "activityLabel": fields["activityLabel"],
        "name": None,
        "cron": fields["cron"],
        "parameters": {},
        "priority": 0,
        "active": True,
        "organizationLabel": state.organization,
        "dateCreation": now,
        "dateLastModified": now,
    }
    schedule.update(fields)
    state.schedules[schedule["id"]] = schedule
    return json_response(schedule)


@router.put("/api/v2/scheduling/{schedule_id}")
def update_schedule(request: Request, state: EmulatorState) -> Response:
    """SC4 (GUESS): change the fields given; the others stay."""
    schedule = _find_schedule(request, state)
    fields = _fields(request.json_object(), state)
    schedule.update(fields, dateLastModified=state.timestamp())
    return json_response(schedule)


@router.delete("/api/v2/scheduling/{schedule_id}")
def delete_schedule(request: Request, state: EmulatorState) -> Response:
    """SC5 (GUESS): delete a schedule; 204."""
    del state.schedules[_find_schedule(request, state)["id"]]
    return empty_response()
