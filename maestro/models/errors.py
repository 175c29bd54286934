"""Errors: exceptions a task reported, with their screenshot and attachments."""

from __future__ import annotations

from pydantic import Field, StrictStr

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel, WireDatetime
from maestro.models._common import Days, TaskId

__all__ = ["CreateErrorRequest", "ErrorFilters", "ErrorReport"]


class ErrorReport(ResponseModel):
    """An error a task reported (``GET /api/v2/error/{id}``).

    No source shows a full error object; these are the fields clients send and read.
    """

    id: int | None = None
    task_id: int | None = None
    activity_label: str | None = Field(default=None, description="The automation's label.")
    organization_label: str | None = None
    type: str | None = Field(default=None, description="The exception's class name.")
    message: str | None = None
    stack_trace: str | None = None
    language: str | None = Field(default=None, description="PYTHON, JAVASCRIPT, SHELL...")
    tags: dict[str, str | None] | None = None
    date_creation: WireDatetime = None


class CreateErrorRequest(RequestModel):
    """Body of ``POST /api/v2/error``."""

    task_id: TaskId
    type: NonBlankStr = Field(description="The exception's class name.")
    message: StrictStr
    stack_trace: StrictStr = ""
    language: NonBlankStr = "PYTHON"
    tags: dict[StrictStr, StrictStr] = Field(default_factory=dict)


class ErrorFilters(RequestModel):
    """The filters of ``GET /api/v2/error``, sent as query parameters."""

    sort: NonBlankStr | None = Field(default=None, description="Spring sort: `field,asc|desc`.")
    days: Days | None = None
    task_id: TaskId | None = None
    automation_label: NonBlankStr | None = None
