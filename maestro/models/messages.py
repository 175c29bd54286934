"""Messages: e-mails Maestro sends to addresses and workspace users."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, StrictStr

from maestro.models._base import NonBlankStr, RequestModel

__all__ = ["MessageType", "SendMessageRequest"]


class MessageType(str, Enum):
    """How a message body is read."""

    TEXT = "TEXT"
    HTML = "HTML"

    def __str__(self) -> str:
        return self.value


class SendMessageRequest(RequestModel):
    """Body of ``POST /api/v2/message`` as the official Python SDK sends it (reference M1).

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
