"""Messages (e-mail): ``/api/v2/message``."""

from __future__ import annotations

from collections.abc import Sequence

from maestro._call import Call, no_body, validate
from maestro._endpoint import Resource, TransportT, endpoint
from maestro._exceptions import RequestValidationError
from maestro.models.messages import MessageType, SendMessageRequest

__all__ = ["Messages"]


class Messages(Resource[TransportT]):
    """E-mail messages sent through Maestro."""

    _resource_name = "messages"

    @endpoint
    def send(
        self,
        *,
        subject: str,
        body: str,
        emails: Sequence[str] = (),
        users: Sequence[str] = (),
        type: MessageType | str = "TEXT",
        group: str | None = None,
    ) -> Call[None]:
        """Send an e-mail to addresses and workspace users (``POST /api/v2/message``).

        ``users`` are workspace logins (``logins`` on the wire); at least one recipient is
        needed. ``type`` is ``TEXT`` or ``HTML``. ``group`` is sent as the official Python
        SDK sends it: a string, ``""`` when not given (the C# SDK's ``groups`` list is not).
        """
        request = validate(
            SendMessageRequest,
            subject=subject,
            body=body,
            emails=emails,
            users=users,
            type=type,
            group=group if group is not None else "",
        )
        if not request.emails and not request.users:
            raise RequestValidationError.single(
                "", "emails", emails, "no recipient: give an address in emails or a login in users"
            )
        return Call("POST", "/api/v2/message", no_body, json=request.to_wire())
