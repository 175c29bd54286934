"""Errors (§4.4): reported exceptions with their screenshot and attachments, kept byte for byte."""

from __future__ import annotations

from typing import Any

from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredError
from maestro.testing._wire import (
    Request,
    Response,
    empty_response,
    error,
    json_response,
    object_field,
    string_field,
)

router = Router()


@router.post("/api/v2/error")
def create_error(request: Request, state: EmulatorState) -> Response:
    """E1: report an error of a task; **201** with the Error object."""
    body = request.json_object()
    if body.get("taskId") is None:
        raise error(400, "Field 'taskId' is required")
    task = state.find_task(body["taskId"])
    reported: dict[str, Any] = {
        "id": state.next_id("error"),
        "taskId": task["id"],
        "activityLabel": task["activityLabel"],
        "organizationLabel": state.organization,
        "type": string_field(body, "type"),
        "message": string_field(body, "message"),
        "stackTrace": string_field(body, "stackTrace"),
        "language": string_field(body, "language"),
        # The Python SDK sends `tags: null` when the caller gives none.
        "tags": object_field(body, "tags") or {},
        "dateCreation": state.timestamp(),
    }
    state.errors[reported["id"]] = StoredError(reported)
    return json_response(reported, status=201)


def _stored_error(request: Request, state: EmulatorState) -> StoredError:
    error_id = request.int_param("error_id")
    stored = state.errors.get(error_id)
    if stored is None:
        raise error(404, f"Error {error_id} not found")
    return stored


@router.post("/api/v2/error/{error_id}/screenshot")
def upload_screenshot(request: Request, state: EmulatorState) -> Response:
    """E2: store the screenshot from the multipart part ``file`` (replacing an earlier one)."""
    stored = _stored_error(request, state)
    stored.screenshot = request.file("file")
    return json_response(stored.error)


@router.post("/api/v2/error/{error_id}/attachments")
def upload_attachment(request: Request, state: EmulatorState) -> Response:
    """E3: add one attachment from the multipart part ``file``; call once per file."""
    stored = _stored_error(request, state)
    stored.attachments.append(request.file("file"))
    return json_response(stored.error)


@router.get("/api/v2/error")
def list_errors(request: Request, state: EmulatorState) -> Response:
    """E4: a page of errors, filtered by ``days``, ``taskId`` and ``automationLabel``.

    ``AutomationLabel`` (the community prototype's spelling) filters the same way.
    """
    errors = filter_days(
        [stored.error for stored in state.errors.values()], request.query, "dateCreation"
    )
    errors = filter_equal(
        errors,
        request.query,
        {
            "taskId": "taskId",
            "automationLabel": "activityLabel",
            "AutomationLabel": "activityLabel",
        },
    )
    return json_response(page(errors, request.query, default_sort="dateCreation,desc"))


@router.get("/api/v2/error/{error_id}")
def get_error(request: Request, state: EmulatorState) -> Response:
    """E5: one error."""
    return json_response(_stored_error(request, state).error)


@router.delete("/api/v2/error/{error_id}")
def delete_error(request: Request, state: EmulatorState) -> Response:
    """E7 (GUESS: only the community prototype names it): delete with its files; 204."""
    stored = _stored_error(request, state)
    del state.errors[stored.error["id"]]
    return empty_response()
