"""Messages: e-mails to addresses and workspace users, recorded instead of sent."""

from __future__ import annotations

from typing import Any

from maestro.testing._bodies import Body, Choice, Strings, Text
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import Request, Response, error, text_response

router = Router()

MESSAGE_TYPES = ("TEXT", "HTML")

SEND_MESSAGE = Body(
    emails=Strings(expected=True),
    logins=Strings(expected=True),
    subject=Text(default="", expected=True),
    body=Text(default="", expected=True),
    type=Choice(choices=MESSAGE_TYPES, default="TEXT", expected=True),
    group=Text(),
    groups=Strings(),
)
"""Every official SDK sends the first five; Python adds ``group``, C# ``groups``."""


@router.post("/api/v2/message")
def send_message(request: Request, state: EmulatorState) -> Response:
    """Record a message; 200 with an empty plain-text body.

    Accepts ``group`` (a string, "" when unused: Python SDK) and ``groups`` (a list: C# SDK);
    the record keeps them together as ``groups``.
    """
    fields = SEND_MESSAGE.read(request, state)
    if not fields["emails"] and not fields["logins"]:
        raise error(400, "Field 'emails' or 'logins' must name at least one recipient")
    group = fields["group"]
    message: dict[str, Any] = {
        "id": state.next_id("message"),
        "emails": fields["emails"],
        "logins": fields["logins"],
        "subject": fields["subject"],
        "body": fields["body"],
        "type": fields["type"],
        "groups": ([group] if group else []) + fields["groups"],
        "dateCreation": state.timestamp(),
    }
    state.messages.append(message)
    return text_response("")
