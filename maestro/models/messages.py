"""Messages: e-mails Maestro sends to addresses and workspace users."""

from __future__ import annotations

from pydantic import Field, StrictStr

from maestro.models._base import NonBlankStr, RequestModel, WireEnum

__all__ = ["MessageType", "SendMessageRequest"]


class MessageType(WireEnum):
    """How a message body is read."""

    TEXT = "TEXT"
    HTML = "HTML"


class SendMessageRequest(RequestModel):
    """Body of ``POST /api/v2/message`` as the official Python SDK sends it.

    ``users`` goes on the wire as ``logins``; ``Messages.send`` checks there is a recipient.
    """

    emails: list[NonBlankStr] = Field(default_factory=list, description="E-mail addresses.")
    users: list[NonBlankStr] = Field(
        default_factory=list, alias="logins", description="Workspace user logins."
    )
    subject: StrictStr
    body: StrictStr
    type: MessageType = MessageType.TEXT
    group: StrictStr = Field(default="", description='A group name, "" when unused.')
