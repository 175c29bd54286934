"""Tasks: ``/api/v2/task`` (wire reference §4.1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from maestro._call import Call, json_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint
from maestro.models.tasks import CreateTaskRequest, Task

__all__ = ["Tasks"]


class Tasks(Resource[TransportT]):
    """Create, inspect and control tasks (executions of an automation)."""

    _resource_name = "tasks"

    @endpoint
    def get(self, task_id: int | str) -> Call[Task]:
        """Fetch one task by id (``GET /api/v2/task/{id}``)."""
        return Call("GET", route("/api/v2/task/{task_id}", task_id=task_id), json_body(Task))

    @endpoint
    def create(
        self,
        activity_label: str,
        *,
        parameters: Mapping[str, Any] | None = None,
        test: bool = False,
        priority: int = 0,
        min_execution_date: datetime | None = None,
    ) -> Call[Task]:
        """Create a task for an automation (``POST /api/v2/task``); it starts in ``START``.

        ``priority`` is 0 (lowest) to 10; ``min_execution_date`` delays the start (a naive
        datetime is taken as UTC, the orchestrator's clock); ``test`` marks a test run.
        """
        body = validate(
            CreateTaskRequest,
            activity_label=activity_label,
            parameters=parameters if parameters is not None else {},
            test=test,
            priority=priority,
            min_execution_date=min_execution_date,
        )
        return Call("POST", "/api/v2/task", json_body(Task), json=body.to_wire())
