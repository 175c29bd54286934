"""Alerts: short notices a bot raises on its task, shown on the dashboard."""

from __future__ import annotations

from pydantic import Field, StrictStr

from maestro.models._base import OpenEnum, RequestModel, ResponseModel, WireDatetime, WireEnum
from maestro.models._common import Days, TaskId

__all__ = ["Alert", "AlertFilters", "AlertType", "CreateAlertRequest"]


class AlertType(WireEnum):
    """How an alert is shown."""

    INFO = "INFO"
    WARN = "WARN"
    ERROR = "ERROR"


class Alert(ResponseModel):
    """An alert as the server returns it, fields in wire order."""

    id: str | None = None
    organization_label: str | None = Field(default=None, description="Sent to the C# SDK.")
    organization_id: int | None = Field(default=None, description="Sent to the JS SDK.")
    task_id: int | None = None
    activity_name: str | None = None
    activity_label: str | None = None
    bot_id: str | None = None
    title: str | None = None
    message: str | None = None
    type: OpenEnum[AlertType] | None = None
    date: WireDatetime = None
    repository_label: str | None = None


class CreateAlertRequest(RequestModel):
    """Body of ``POST /api/v2/alerts``."""

    task_id: TaskId
    title: StrictStr
    message: StrictStr
    type: AlertType = AlertType.INFO


class AlertFilters(RequestModel):
    """The filters of ``GET /api/v2/alerts``, sent as query parameters."""

    task_id: TaskId | None = None
    type: AlertType | None = None
    days: Days | None = None
