"""Tasks: one execution of an automation, from creation to its final state."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, StrictBool, StrictInt, StrictStr, field_validator

from maestro.models._base import (
    NonBlankStr,
    OpenEnum,
    RequestModel,
    ResponseModel,
    WireDatetime,
    WireEnum,
    to_utc,
)
from maestro.models._common import Days
from maestro.models.result_files import Artifact

__all__ = [
    "CreateTaskRequest",
    "FinishStatus",
    "FinishTaskRequest",
    "Task",
    "TaskFilters",
    "TaskState",
    "TaskUpdateRequest",
]


class TaskState(WireEnum):
    """Where a task is in its life. ``FINISHED``, ``CANCELED`` and ``TIMEOUT`` are final."""

    START = "START"
    """Created, waiting for a runner."""
    RUNNING = "RUNNING"
    FINISHED = "FINISHED"
    CANCELED = "CANCELED"
    TIMEOUT = "TIMEOUT"
    """The automation's time limit ran out (servers since 2026-04)."""

    @property
    def is_final(self) -> bool:
        """Whether the task will not run again by itself."""
        return self in _FINAL_STATES


_FINAL_STATES = frozenset({TaskState.FINISHED, TaskState.CANCELED, TaskState.TIMEOUT})


class FinishStatus(WireEnum):
    """How a finished task ended."""

    SUCCESS = "SUCCESS"
    FAILED = "FAILED"
    PARTIALLY_COMPLETED = "PARTIALLY_COMPLETED"


class Task(ResponseModel):
    """A task as the server returns it (``GET /api/v2/task/{id}``), fields in wire order."""

    id: int
    state: OpenEnum[TaskState] | None = None
    finish_status: OpenEnum[FinishStatus] | None = None
    finish_message: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    input_file: Artifact | None = None
    activity_label: str | None = Field(default=None, description="The automation's label.")
    activity_name: str | None = None
    activity_id: int | None = Field(default=None, description="Deprecated by the server.")
    agent_id: str | None = Field(default=None, description="The bot id.")
    machine_id: str | None = Field(default=None, description="The runner that ran it.")
    user_email: str | None = None
    user_creation_name: str | None = None
    user_creation_id: int | None = None
    organization_label: str | None = None
    organization_creation_id: int | None = None
    date_creation: WireDatetime = None
    date_last_modified: WireDatetime = None
    date_start_running: WireDatetime = None
    min_execution_date: WireDatetime = None
    test: bool | None = None
    interrupted: bool | None = None
    killed: bool | None = None
    priority: int | None = None
    repository_label: str | None = None
    total_items: int | None = None
    processed_items: int | None = None
    failed_items: int | None = None

    @property
    def is_final(self) -> bool:
        """Whether the task reached ``FINISHED``, ``CANCELED`` or ``TIMEOUT``."""
        return self.state in _FINAL_STATES


class CreateTaskRequest(RequestModel):
    """Body of ``POST /api/v2/task``."""

    activity_label: NonBlankStr
    parameters: dict[str, Any] = Field(default_factory=dict)
    test: StrictBool = False
    priority: Annotated[StrictInt, Field(ge=0, le=10)] = 0
    min_execution_date: Annotated[datetime, Strict()] | None = None

    @field_validator("min_execution_date")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else to_utc(value)


ItemCount = Annotated[StrictInt, Field(ge=0)]


class FinishTaskRequest(RequestModel):
    """Body of ``POST /api/v2/task/{id}`` that finishes a task.

    The three counts are all ``None`` or all given with ``total = processed + failed``;
    ``Tasks.finish`` works them out from any two before building this body.
    """

    state: Literal[TaskState.FINISHED] = TaskState.FINISHED
    finish_status: FinishStatus
    finish_message: StrictStr = ""
    total_items: ItemCount | None = None
    processed_items: ItemCount | None = None
    failed_items: ItemCount | None = None


class TaskUpdateRequest(RequestModel):
    """Body of ``POST /api/v2/task/{id}`` that changes a state or a flag.

    Only the fields given are sent: ``{"state": "START"}`` restarts, ``{"state": "CANCELED"}``
    cancels, ``{"interrupted": true}`` asks the bot to stop, adding ``"killed": true`` stops it.
    """

    state: TaskState | None = None
    interrupted: StrictBool | None = None
    killed: StrictBool | None = None


class TaskFilters(RequestModel):
    """The filters of ``GET /api/v2/task``, sent as query parameters."""

    sort: NonBlankStr | None = Field(default=None, description="Spring sort: `field,asc|desc`.")
    days: Days | None = None
    state: TaskState | None = Field(default=None, alias="stateFilter")
    activity_label: NonBlankStr | None = None
    machine_id: NonBlankStr | None = None
