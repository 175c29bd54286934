"""Errors: reported exceptions with their screenshot and attachments, kept byte for byte."""

from __future__ import annotations

from typing import Any

from maestro.testing._bodies import Anything, Body, JsonObject, Text
from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredError
from maestro.testing._wire import (
    Request,
    Response,
    empty_response,
    error,
    json_response,
)

router = Router()

CREATE_ERROR = Body(
    taskId=Anything(required=True),
    type=Text(expected=True),
    message=Text(expected=True),
    stackTrace=Text(expected=True),
    language=Text(expected=True),
    tags=JsonObject(expected=True),
)
"""Every official SDK sends all six fields (the Python SDK sends ``tags: null`` when the
caller gives none)."""


@router.post("/api/v2/error")
def create_error(request: Request, state: EmulatorState) -> Response:
    """Report an error of a task; **201** with the Error object."""
    fields = CREATE_ERROR.read(request, state)
    task = state.find_task(fields["taskId"])
    reported: dict[str, Any] = {
        "id": state.next_id("error"),
        "taskId": task["id"],
        "activityLabel": task["activityLabel"],
        "organizationLabel": state.organization,
        "type": fields["type"],
        "message": fields["message"],
        "stackTrace": fields["stackTrace"],
        "language": fields["language"],
        "tags": fields["tags"] or {},
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
    """Store the screenshot from the multipart part ``file`` (replacing an earlier one)."""
    stored = _stored_error(request, state)
    stored.screenshot = request.file("file")
    return json_response(stored.error)


@router.post("/api/v2/error/{error_id}/attachments")
def upload_attachment(request: Request, state: EmulatorState) -> Response:
    """Add one attachment from the multipart part ``file``; call once per file."""
    stored = _stored_error(request, state)
    stored.attachments.append(request.file("file"))
    return json_response(stored.error)


@router.get("/api/v2/error")
def list_errors(request: Request, state: EmulatorState) -> Response:
    """A page of errors, filtered by ``days``, ``taskId`` and ``automationLabel``.

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
    """One error."""
    return json_response(_stored_error(request, state).error)


@router.delete("/api/v2/error/{error_id}")
def delete_error(request: Request, state: EmulatorState) -> Response:
    """Delete an error with its files; 204 (an unconfirmed route)."""
    stored = _stored_error(request, state)
    del state.errors[stored.error["id"]]
    return empty_response()
