"""Schedules, "scheduling" on the wire: Quartz cron schedules of an automation.

The list is confirmed by BotCity's own code and the create body and the delete by community
code: ``{activityLabel, organizationLabel, repositoryLabel, cron, scheduleStrategy,
parameters}``. ``priority``, ``active`` and ``name`` appear in no client (the documentation's
schedule form has them) and are accepted too; the get and the ``PUT`` update are this SDK's
guess. The cron is checked as Quartz does (``?`` in exactly one of day-of-month and
day-of-week). Schedules are kept, not run: nothing here creates tasks on time.
"""

from __future__ import annotations

from typing import Any

from maestro.models._cron import check_quartz_cron
from maestro.testing._bodies import Body, Field, Flag, Integer, JsonObject, Text
from maestro.testing._paging import page
from maestro.testing._router import Router
from maestro.testing._routes.automations import find_automation
from maestro.testing._state import EmulatorState, WireDict
from maestro.testing._wire import Request, Response, empty_response, error, json_response

router = Router()

_OPTIONAL_FIELDS: dict[str, Field] = {
    "priority": Integer(default=0, minimum=0, maximum=10),
    "active": Flag(default=True),
    "name": Text(),
}

CREATE_SCHEDULE = Body(
    activityLabel=Text(required=True, allow_empty=False),
    organizationLabel=Text(),
    repositoryLabel=Text(allow_empty=False, default="DEFAULT", expected=True),
    cron=Text(required=True),
    scheduleStrategy=Text(expected=True),
    parameters=JsonObject(expected=True),
    **_OPTIONAL_FIELDS,
)
"""The body a community client sends, and the documentation form's optional fields."""

UPDATE_SCHEDULE = Body(
    activityLabel=Text(allow_empty=False),
    organizationLabel=Text(),
    repositoryLabel=Text(allow_empty=False, default="DEFAULT"),
    cron=Text(),
    scheduleStrategy=Text(),
    parameters=JsonObject(),
    **_OPTIONAL_FIELDS,
)
"""Any of the create fields; only those given change (an unconfirmed route)."""


def _find_schedule(request: Request, state: EmulatorState) -> WireDict:
    schedule_id = request.int_param("schedule_id")
    schedule = state.schedules.get(schedule_id)
    if schedule is None:
        raise error(404, f"Schedule {schedule_id} not found")
    return schedule


def _checked(fields: dict[str, Any], state: EmulatorState) -> dict[str, Any]:
    """The read fields as stored: 404 for an unknown automation, 400 for a bad cron."""
    if fields.get("activityLabel") is not None:
        fields["activityLabel"] = find_automation(state, fields["activityLabel"])["label"]
    organization = fields.pop("organizationLabel", None)
    if organization is not None and organization != state.organization:
        raise error(400, f"Field 'organizationLabel' must be '{state.organization}'")
    if fields.get("cron") is not None:
        try:
            fields["cron"] = check_quartz_cron(fields["cron"])
        except ValueError as exc:
            raise error(400, f"Field 'cron' is not a valid Quartz expression: {exc}") from None
    if "parameters" in fields:
        fields["parameters"] = fields["parameters"] or {}
    return fields


@router.get("/api/v2/scheduling")
def list_schedules(request: Request, state: EmulatorState) -> Response:
    """A page of schedules."""
    return json_response(page(list(state.schedules.values()), request.query))


@router.get("/api/v2/scheduling/{schedule_id}")
def get_schedule(request: Request, state: EmulatorState) -> Response:
    """One schedule (an unconfirmed route)."""
    return json_response(_find_schedule(request, state))


@router.post("/api/v2/scheduling")
def create_schedule(request: Request, state: EmulatorState) -> Response:
    """Create a schedule; ``activityLabel`` and ``cron`` are required."""
    fields = _checked(CREATE_SCHEDULE.read(request, state), state)
    now = state.timestamp()
    schedule: WireDict = {
        "id": state.next_id("schedule"),
        "activityLabel": fields["activityLabel"],
        "name": fields["name"],
        "cron": fields["cron"],
        "scheduleStrategy": fields["scheduleStrategy"],
        "parameters": fields["parameters"],
        "priority": fields["priority"],
        "active": fields["active"],
        "organizationLabel": state.organization,
        "repositoryLabel": fields["repositoryLabel"],
        "dateCreation": now,
        "dateLastModified": now,
    }
    state.schedules[schedule["id"]] = schedule
    return json_response(schedule)


@router.put("/api/v2/scheduling/{schedule_id}")
def update_schedule(request: Request, state: EmulatorState) -> Response:
    """Change the fields given; the others stay (an unconfirmed route)."""
    schedule = _find_schedule(request, state)
    given = UPDATE_SCHEDULE.read(request, state, partial=True)
    # A null field changes nothing (activityLabel and cron cannot be emptied).
    fields = _checked({name: value for name, value in given.items() if value is not None}, state)
    schedule.update(fields, dateLastModified=state.timestamp())
    return json_response(schedule)


@router.delete("/api/v2/scheduling/{schedule_id}")
def delete_schedule(request: Request, state: EmulatorState) -> Response:
    """Delete a schedule; 204."""
    del state.schedules[_find_schedule(request, state)["id"]]
    return empty_response()
