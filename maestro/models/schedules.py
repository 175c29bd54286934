"""Schedules (the API's "scheduling"): automations started by a Quartz cron, in UTC.

Only the list's ``cron``, ``activityLabel`` and ``parameters`` are confirmed by official
code; the other field names follow the docs' schedule form and are unconfirmed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictInt

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel, WireDatetime
from maestro.models._cron import QuartzCron

__all__ = ["CreateScheduleRequest", "Schedule", "UpdateScheduleRequest"]

Priority = Annotated[StrictInt, Field(ge=0, le=10)]


class Schedule(ResponseModel):
    """A schedule as the server lists it."""

    id: int | str | None = None
    activity_label: str | None = Field(default=None, description="The automation it starts.")
    name: str | None = None
    cron: str | None = Field(default=None, description="Quartz syntax, evaluated in UTC.")
    parameters: dict[str, Any] = Field(default_factory=dict)
    priority: int | None = None
    active: bool | None = None
    organization_label: str | None = None
    date_creation: WireDatetime = None
    date_last_modified: WireDatetime = None


class CreateScheduleRequest(RequestModel):
    """Body of ``POST /api/v2/scheduling`` (field names unconfirmed)."""

    activity_label: NonBlankStr
    cron: QuartzCron
    parameters: dict[str, Any] = Field(default_factory=dict)
    priority: Priority = 0
    active: StrictBool = True
    name: NonBlankStr | None = None


class UpdateScheduleRequest(RequestModel):
    """Body of ``PUT /api/v2/scheduling/{id}``: only the fields to change are sent."""

    activity_label: NonBlankStr | None = None
    cron: QuartzCron | None = None
    parameters: dict[str, Any] | None = None
    priority: Priority | None = None
    active: StrictBool | None = None
    name: NonBlankStr | None = None
