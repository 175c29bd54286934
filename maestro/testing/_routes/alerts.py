"""Alerts: notices a bot raises on its task."""

from __future__ import annotations

from typing import Any

from maestro.testing._bodies import Anything, Body, Choice, Text
from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import Request, Response, json_response

router = Router()

ALERT_TYPES = ("INFO", "WARN", "ERROR")

CREATE_ALERT = Body(
    taskId=Anything(required=True),
    title=Text(default="", expected=True),
    message=Text(default="", expected=True),
    type=Choice(choices=ALERT_TYPES, required=True),
)
"""Every official SDK sends all four fields."""


@router.post("/api/v2/alerts")
def create_alert(request: Request, state: EmulatorState) -> Response:
    """Raise an alert on an existing task; answers the Alert object."""
    fields = CREATE_ALERT.read(request, state)
    task = state.find_task(fields["taskId"])
    alert: dict[str, Any] = {
        "id": state.new_uuid(),
        "organizationLabel": state.organization,
        "taskId": task["id"],
        "activityLabel": task["activityLabel"],
        "activityName": task["activityName"],
        "botId": task["agentId"],
        "title": fields["title"],
        "message": fields["message"],
        "type": fields["type"],
        "date": state.timestamp(),
        "repositoryLabel": task["repositoryLabel"],
    }
    state.alerts[alert["id"]] = alert
    return json_response(alert)


@router.get("/api/v2/alerts")
def list_alerts(request: Request, state: EmulatorState) -> Response:
    """A page of alerts, filtered by ``taskId``, ``type`` and ``days``, newest first."""
    alerts = filter_days(list(state.alerts.values()), request.query, "date")
    alerts = filter_equal(alerts, request.query, {"taskId": "taskId", "type": "type"})
    return json_response(page(alerts, request.query, default_sort="date,desc"))
