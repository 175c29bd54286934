"""Messages (§4.6): e-mails to addresses and workspace users, recorded instead of sent."""

from __future__ import annotations

from typing import Any

from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import (
    Request,
    Response,
    enum_field,
    error,
    string_field,
    string_list_field,
    text_response,
)

router = Router()

MESSAGE_TYPES = ("TEXT", "HTML")


@router.post("/api/v2/message")
def send_message(request: Request, state: EmulatorState) -> Response:
    """M1: record a message; 200 with an empty plain-text body.

    Accepts ``group`` (a string, "" when unused: Python SDK) and ``groups`` (a list: C# SDK);
    the record keeps them together as ``groups``.
    """
    body = request.json_object()
    emails = string_list_field(body, "emails")
    logins = string_list_field(body, "logins")
    if not emails and not logins:
        raise error(400, "Field 'emails' or 'logins' must name at least one recipient")
    group = string_field(body, "group")
    groups = ([group] if group else []) + string_list_field(body, "groups")
    message: dict[str, Any] = {
        "id": state.next_id("message"),
        "emails": emails,
        "logins": logins,
        "subject": string_field(body, "subject", default=""),
        "body": string_field(body, "body", default=""),
        "type": enum_field(body, "type", MESSAGE_TYPES, default="TEXT"),
        "groups": groups,
        "dateCreation": state.timestamp(),
    }
    state.messages.append(message)
    return text_response("")
