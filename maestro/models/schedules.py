"""Schedules (the API's "scheduling"): automations started by a Quartz cron, in UTC.

BotCity's own code reads ``cron``, ``activityLabel`` and ``parameters`` from the list; a
community client creates schedules with ``activityLabel``, ``organizationLabel``,
``repositoryLabel``, ``cron``, ``scheduleStrategy`` and ``parameters``. ``priority``,
``active`` and ``name`` come from the documentation's schedule form only and are unconfirmed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictBool, StrictInt

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel, WireDatetime

__all__ = ["CreateScheduleRequest", "Schedule", "UpdateScheduleRequest"]

Priority = Annotated[StrictInt, Field(ge=0, le=10)]


def _check_cron(expression: str) -> str:
    # The checker is loaded when a schedule is first built, not when maestro is imported.
    from maestro.models._cron import check_quartz_cron

    return check_quartz_cron(expression)


QuartzCron = Annotated[str, AfterValidator(_check_cron)]
"""A string field holding a valid Quartz cron expression (normalised to single spaces)."""


class Schedule(ResponseModel):
    """A schedule as the server lists it."""

    id: int | str | None = None
    activity_label: str | None = Field(default=None, description="The automation it starts.")
    name: str | None = Field(default=None, description="Unconfirmed field name.")
    cron: str | None = Field(default=None, description="Quartz syntax, evaluated in UTC.")
    schedule_strategy: str | None = Field(
        default=None, description="The schedule described in words, as the dashboard shows it."
    )
    parameters: dict[str, Any] = Field(default_factory=dict)
    priority: int | None = Field(default=None, description="Unconfirmed field name.")
    active: bool | None = Field(default=None, description="Unconfirmed field name.")
    organization_label: str | None = None
    repository_label: str | None = None
    date_creation: WireDatetime = None
    date_last_modified: WireDatetime = None


class CreateScheduleRequest(RequestModel):
    """Body of ``POST /api/v2/scheduling``; ``priority``, ``active``, ``name`` when given."""

    activity_label: NonBlankStr
    organization_label: NonBlankStr | None = None
    repository_label: NonBlankStr = "DEFAULT"
    cron: QuartzCron
    schedule_strategy: NonBlankStr
    parameters: dict[str, Any] = Field(default_factory=dict)
    priority: Priority | None = None
    active: StrictBool | None = None
    name: NonBlankStr | None = None


class UpdateScheduleRequest(RequestModel):
    """Body of ``PUT /api/v2/scheduling/{id}``: only the fields to change are sent."""

    activity_label: NonBlankStr | None = None
    cron: QuartzCron | None = None
    schedule_strategy: NonBlankStr | None = None
    parameters: dict[str, Any] | None = None
    priority: Priority | None = None
    active: StrictBool | None = None
    name: NonBlankStr | None = None
