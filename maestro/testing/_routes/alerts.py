"""Alerts (§4.5): notices a bot raises on its task."""

from __future__ import annotations

from typing import Any

from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import (
    Request,
    Response,
    enum_field,
    error,
    json_response,
    string_field,
)

router = Router()

ALERT_TYPES = ("INFO", "WARN", "ERROR")


@router.post("/api/v2/alerts")
def create_alert(request: Request, state: EmulatorState) -> Response:
    """AL1: raise an alert on an existing task; answers the Alert object."""
    body = request.json_object()
    if body.get("taskId") is None:
        raise error(400, "Field 'taskId' is required")
    task = state.find_task(body["taskId"])
    alert: dict[str, Any] = {
        "id": state.new_uuid(),
        "organizationLabel": state.organization,
        "taskId": task["id"],
        "activityLabel": task["activityLabel"],
        "activityName": task["activityName"],
        "botId": task["agentId"],
        "title": string_field(body, "title", default=""),
        "message": string_field(body, "message", default=""),
        "type": enum_field(body, "type", ALERT_TYPES, required=True),
        "date": state.timestamp(),
        "repositoryLabel": task["repositoryLabel"],
    }
    state.alerts[alert["id"]] = alert
    return json_response(alert)


@router.get("/api/v2/alerts")
def list_alerts(request: Request, state: EmulatorState) -> Response:
    """AL2: a page of alerts, filtered by ``taskId`` and ``days``, newest first."""
    alerts = filter_days(list(state.alerts.values()), request.query, "date")
    alerts = filter_equal(alerts, request.query, {"taskId": "taskId"})
    return json_response(page(alerts, request.query, default_sort="date,desc"))
