"""Tasks: ``/api/v2/task``."""

from __future__ import annotations

import json
import math
import sys
import time
import warnings
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from maestro._call import Call, Flow, Sleep, Stream, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation, paginated
from maestro._exceptions import FieldError, MaestroClientError, RequestValidationError, short_repr
from maestro._pagination import check_page_args, walk_pages
from maestro._response import MaestroResponse
from maestro.models.page import Page
from maestro.models.tasks import (
    CreateTaskRequest,
    FinishStatus,
    FinishTaskRequest,
    Task,
    TaskFilters,
    TaskState,
    TaskUpdateRequest,
)

__all__ = ["TaskWaitTimeoutError", "Tasks"]

# The package's directory, spelt as the interpreter spells the file names of its code.
_SDK_DIRECTORY = str(Path(__file__).parent.parent)

_NO_COUNTS_WARNING = (
    "this task reports no item counts: give two of total_items, processed_items and "
    "failed_items; BotCity Insights computes success rates and ROI from them"
)


class TaskWaitTimeoutError(MaestroClientError, TimeoutError):
    """``tasks.wait`` ran out of time before the task reached a final state."""

    __module__ = "maestro"  # shown and pickled as maestro.<name>

    def __init__(self, task_id: int | str, last_state: object, timeout: float) -> None:
        self.task_id = task_id
        """The task waited for."""
        self.last_state = last_state
        """The state the last poll saw (a ``TaskState``, an unknown state's text, or ``None``)."""
        self.timeout = timeout
        """The seconds waited."""
        super().__init__(
            f"task {task_id} did not reach a final state (FINISHED, CANCELED or TIMEOUT) "
            f"within {timeout:g} s; its last state was {last_state}"
        )


def _task_or_none(raw: httpx.Response) -> Task | None:
    """The updated task when the server answers one (C#/JS clients read a Task).

    The Python SDK reads these answers as a generic message instead, so a body that is not a
    task object parses as ``None``; ``MaestroResponse.data`` still holds what was sent.
    """
    try:
        body = json.loads(raw.content) if raw.content else None
    except ValueError:
        return None
    if isinstance(body, dict) and "id" in body:
        return Task.model_validate(body)
    return None


def _item_counts(
    total: int | None, processed: int | None, failed: int | None
) -> tuple[int | None, int | None, int | None]:
    """The official SDK's rule: none, or two that give the third, or three that add up."""
    given = {"total_items": total, "processed_items": processed, "failed_items": failed}
    errors = [
        FieldError(name, short_repr(value), "must be an integer >= 0 or None")
        for name, value in given.items()
        if value is not None
        and (isinstance(value, bool) or not isinstance(value, int) or value < 0)
    ]
    if errors:
        raise RequestValidationError("", errors)
    known = [name for name, value in given.items() if value is not None]
    if not known:
        return None, None, None
    if len(known) == 1:
        raise RequestValidationError.single(
            "",
            known[0],
            given[known[0]],
            "give at least two of total_items, processed_items and failed_items",
        )
    # Two are known here: work out the missing one (the `or 0` never applies).
    new_total = total if total is not None else (processed or 0) + (failed or 0)
    new_processed = processed if processed is not None else new_total - (failed or 0)
    new_failed = failed if failed is not None else new_total - new_processed
    if new_processed < 0 or new_failed < 0 or new_total != new_processed + new_failed:
        raise RequestValidationError.single(
            "",
            "total_items",
            total,
            f"does not add up with processed_items={short_repr(processed)} and "
            f"failed_items={short_repr(failed)}: "
            "total must equal processed + failed, none negative",
        )
    return new_total, new_processed, new_failed


def _caller_stacklevel() -> int:
    """The ``stacklevel`` at which a warning points at the first caller outside the SDK.

    Counted from the function that calls ``warnings.warn``; the sync and async drivers put
    a different number of the SDK's frames between it and the user's code.
    """
    level = 1
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_SDK_DIRECTORY):
        frame = frame.f_back
        level += 1
    return level


def _get_call(task_id: int | str) -> Call[Task]:
    return Call("GET", route("/api/v2/task/{task_id}", task_id=task_id), json_body(Task))


def _is_seconds(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value.bit_length() <= 64 if isinstance(value, int) else math.isfinite(value)


def _check_wait_args(timeout: float | None, poll_interval: float) -> None:
    errors = []
    if timeout is not None and (not _is_seconds(timeout) or timeout < 0):
        errors.append(FieldError("timeout", short_repr(timeout), "must be seconds >= 0 or None"))
    if not _is_seconds(poll_interval) or poll_interval <= 0:
        errors.append(FieldError("poll_interval", short_repr(poll_interval), "must be seconds > 0"))
    if errors:
        raise RequestValidationError("", errors)


class Tasks(Resource[TransportT]):
    """Create, inspect and control tasks (executions of an automation)."""

    _resource_name = "tasks"

    @endpoint
    def get(self, task_id: int | str) -> Call[Task]:
        """Fetch one task by id (``GET /api/v2/task/{id}``)."""
        return _get_call(task_id)

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
        # minExecutionDate only when given, as the official SDK sends it.
        wire = body.to_wire(exclude={"min_execution_date"} if min_execution_date is None else None)
        return Call("POST", "/api/v2/task", json_body(Task), json=wire)

    # -- listing ---------------------------------------------------------------------------

    @endpoint
    def list(
        self,
        *,
        page: int = 0,
        size: int = 50,
        sort: str | None = None,
        days: int | None = None,
        state: TaskState | str | None = None,
        activity_label: str | None = None,
        machine_id: str | None = None,
    ) -> Call[Page[Task]]:
        """One page of tasks, newest filters first (``GET /api/v2/task``).

        ``state`` is sent as ``stateFilter``; pages are numbered from 0.
        """
        check_page_args(page=page, size=size)
        query = self._filters(sort, days, state, activity_label, machine_id)
        return self._page_call(query, page, size)

    @paginated
    def iterate(
        self,
        *,
        sort: str | None = None,
        days: int | None = None,
        state: TaskState | str | None = None,
        activity_label: str | None = None,
        machine_id: str | None = None,
        page_size: int = 50,
        limit: int | None = None,
    ) -> Stream[Task]:
        """Every task matching the filters, page by page as consumed (``GET /api/v2/task``)."""
        query = self._filters(sort, days, state, activity_label, machine_id)
        return walk_pages(
            lambda page, size: self._page_call(query, page, size), page_size=page_size, limit=limit
        )

    @staticmethod
    def _filters(
        sort: str | None,
        days: int | None,
        state: TaskState | str | None,
        activity_label: str | None,
        machine_id: str | None,
    ) -> dict[str, Any]:
        filters = validate(
            TaskFilters,
            sort=sort,
            days=days,
            state=state,
            activity_label=activity_label,
            machine_id=machine_id,
        )
        return filters.to_wire(exclude_none=True)

    @staticmethod
    def _page_call(query: Mapping[str, Any], page: int, size: int) -> Call[Page[Task]]:
        params = {"page": page, "size": size, **query}
        return Call("GET", "/api/v2/task", json_body(Page[Task]), params=params)

    # -- state changes ---------------------------------------------------------------------

    @operation
    def finish(
        self,
        task_id: int | str,
        status: FinishStatus | str,
        *,
        message: str = "",
        total_items: int | None = None,
        processed_items: int | None = None,
        failed_items: int | None = None,
    ) -> Flow[MaestroResponse[Task | None]]:
        """Finish a task with a status and item counts (``POST /api/v2/task/{id}``).

        Give two of the three counts and the third is worked out (``total = processed +
        failed``), or all three adding up; counts that do not add up, or are negative, are
        refused before sending. With none, the counts are sent as ``null``, as the official
        SDK does, and a ``UserWarning`` follows once the server has accepted the finish: under
        ``-W error`` the task is finished before the warning raises. ``parsed`` is the
        updated task when the server answers one, else ``None``.
        """
        total, processed, failed = _item_counts(total_items, processed_items, failed_items)
        body = validate(
            FinishTaskRequest,
            finish_status=status,
            finish_message=message,
            total_items=total,
            processed_items=processed,
            failed_items=failed,
        )
        return self._finish(self._update(task_id, body.to_wire()), warn=total is None)

    @staticmethod
    def _finish(call: Call[Task | None], *, warn: bool) -> Flow[MaestroResponse[Task | None]]:
        response = yield from fetch(call)
        if warn and response.ok:
            warnings.warn(_NO_COUNTS_WARNING, UserWarning, stacklevel=_caller_stacklevel())
        return response

    @endpoint
    def restart(self, task_id: int | str) -> Call[Task | None]:
        """Put a task back in the queue, state ``START`` (``POST /api/v2/task/{id}``)."""
        return self._update(
            task_id, TaskUpdateRequest(state=TaskState.START).to_wire(exclude_none=True)
        )

    @endpoint
    def interrupt(self, task_id: int | str) -> Call[Task | None]:
        """Ask a running task's bot to stop (``POST /api/v2/task/{id}`` with ``interrupted``)."""
        return self._update(task_id, TaskUpdateRequest(interrupted=True).to_wire(exclude_none=True))

    @endpoint
    def cancel(self, task_id: int | str) -> Call[Task | None]:
        """Cancel a queued task (``POST /api/v2/task/{id}``; an unconfirmed route).

        Its state becomes ``CANCELED``. Unconfirmed route: only community code (the n8n
        node) sends this body.
        """
        return self._update(
            task_id, TaskUpdateRequest(state=TaskState.CANCELED).to_wire(exclude_none=True)
        )

    @endpoint
    def kill(self, task_id: int | str) -> Call[Task | None]:
        """Stop a running task at once (``POST /api/v2/task/{id}``; an unconfirmed route).

        The task is marked interrupted and killed. Unconfirmed route: only community code
        (the n8n node) sends this body.
        """
        body = TaskUpdateRequest(interrupted=True, killed=True).to_wire(exclude_none=True)
        return self._update(task_id, body)

    @endpoint
    def delete(self, task_id: int | str) -> Call[None]:
        """Delete a test task (``DELETE /api/v2/task/{id}``; an unconfirmed route).

        Only tasks created with ``test=True`` can be deleted: the server refuses any other
        (``BadRequestError``), and a task it does not know raises ``NotFoundError``.
        Unconfirmed route: a community client calls it, BotCity's older C# SDK names it, and
        the documentation says only test tasks can be deleted.

        Deleting is idempotent, so the call is retried after a lost answer or a 502/503/504.
        If the lost attempt had already deleted the task, the retry is answered 404: the
        ``NotFoundError`` then has ``exc.response.retries >= 1``. To treat "already gone" as
        done, catch ``NotFoundError``.
        """
        return Call("DELETE", route("/api/v2/task/{task_id}", task_id=task_id), no_body)

    @staticmethod
    def _update(task_id: int | str, body: dict[str, Any]) -> Call[Task | None]:
        path = route("/api/v2/task/{task_id}", task_id=task_id)
        # Each body sets a state or a flag: sending it twice changes nothing more.
        return Call("POST", path, _task_or_none, json=body, idempotent=True)

    # -- waiting ---------------------------------------------------------------------------

    @operation
    def wait(
        self, task_id: int | str, *, timeout: float | None = None, poll_interval: float = 5.0
    ) -> Flow[MaestroResponse[Task]]:
        """Poll a task until it is final (``GET /api/v2/task/{id}`` every ``poll_interval`` s).

        Final states: ``FINISHED``, ``CANCELED``, ``TIMEOUT``. Returns the last response.
        ``timeout`` (seconds, ``None`` for no limit) bounds the wait; when it runs out,
        :class:`TaskWaitTimeoutError` names the task and its last state.
        """
        _check_wait_args(timeout, poll_interval)
        return self._poll(_get_call(task_id), task_id, timeout, float(poll_interval))

    @staticmethod
    def _poll(
        call: Call[Task], task_id: int | str, timeout: float | None, poll_interval: float
    ) -> Flow[MaestroResponse[Task]]:
        started = time.monotonic()
        waited = 0.0
        while True:
            response = yield from fetch(call)
            task = response.parsed
            if task.is_final:
                return response
            if timeout is None:
                pause = poll_interval
            else:
                # Waits are counted too, so the limit holds even where sleeps are simulated.
                elapsed = max(time.monotonic() - started, waited)
                remaining = timeout - elapsed
                if remaining <= 0:
                    raise TaskWaitTimeoutError(task_id, task.state, timeout)
                pause = min(poll_interval, remaining)
            yield Sleep(pause)
            waited += pause
