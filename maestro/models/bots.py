"""Bots: versioned packages (``.zip``, ``.tar.gz``, ``.jar``) that automations run."""

from __future__ import annotations

from pydantic import Field

from maestro.models._base import (
    NonBlankStr,
    OpenEnum,
    RequestModel,
    ResponseModel,
    WireDatetime,
    WireEnum,
)

__all__ = ["BotVersion", "DeployBotRequest", "ReleaseBotRequest", "Technology"]


class Technology(WireEnum):
    """The language or runtime of a bot. Plain strings are accepted, in any case."""

    PYTHON = "PYTHON"
    JAVA = "JAVA"
    JAVASCRIPT = "JAVASCRIPT"
    TYPESCRIPT = "TYPESCRIPT"
    COMMAND = "COMMAND"
    """A shell or batch command line, for any other language."""


class BotVersion(ResponseModel):
    """A bot at one version: ``GET /api/v2/bot`` lists each bot at its current version.

    Only ``botId`` and ``version`` are confirmed by clients' code; the other fields mirror
    what a deploy sends. Fields the server adds are kept in ``model_extra``.
    """

    id: int | str | None = None
    bot_id: str | None = None
    version: str | None = None
    technology: OpenEnum[Technology] | None = None
    command: str | None = None
    repository_label: str | None = None
    organization_label: str | None = None
    file_name: str | None = Field(default=None, description="The uploaded package's name.")
    released: bool | None = None
    date_creation: WireDatetime = None
    date_last_modified: WireDatetime = None


class DeployBotRequest(RequestModel):
    """Body of ``POST /api/v2/bot``: register a bot version before its package is uploaded.

    ``command`` goes out as ``null`` when not given, as the official GitHub Action sends it.
    """

    organization: NonBlankStr = Field(description="The workspace (organization) label.")
    bot_id: NonBlankStr
    version: NonBlankStr
    technology: Technology
    command: str | None = Field(default=None, description="The command line of COMMAND bots.")
    repository_label: NonBlankStr = "DEFAULT"


class ReleaseBotRequest(RequestModel):
    """Body of ``POST /api/v2/bot/release``: mark a version as the released one."""

    bot_id: NonBlankStr
    version: NonBlankStr
