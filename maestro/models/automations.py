"""Automations (the API's "activities"): what a task runs, addressed by a unique label."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from maestro.models._base import OpenEnum, ResponseModel, WireDatetime
from maestro.models.bots import Technology

__all__ = ["Automation", "AutomationParameter"]


class AutomationParameter(ResponseModel):
    """One parameter an automation declares for its tasks."""

    label: str | None = Field(default=None, description="The key of the task parameter.")
    type: str | None = Field(default=None, description="TEXT, INTEGER, DOUBLE, DATE...")
    required: bool | None = None


class Automation(ResponseModel):
    """An automation as the server lists it.

    Only ``label``, ``name`` and ``parameters`` are seen in clients' code; the other fields
    follow the automation object of the JS SDK's types and the docs. Every field is optional,
    and fields the server adds are kept in ``model_extra``.
    """

    id: int | str | None = None
    label: str | None = Field(default=None, description="Unique, never reused.")
    name: str | None = None
    description: str | None = None
    icon: str | None = None
    organization_label: str | None = None
    repository_label: str | None = None
    agent_id: str | None = Field(default=None, description="The linked bot's id.")
    technology: OpenEnum[Technology] | None = None
    parameters: list[AutomationParameter] = Field(default_factory=list)
    machines: list[Any] = Field(default_factory=list, description="The linked runners.")
    priority: int | None = None
    human_time_per_item: float | None = None
    cron: str | None = None
    schedule_strategy: str | None = None
    notification: Any = None
    notification_type: str | None = None
    status: str | None = None
    user: Any = None
    date_creation: WireDatetime = None

    @field_validator("parameters", "machines", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value
