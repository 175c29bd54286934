"""Bots: ``/api/v2/bot``."""

from __future__ import annotations

import builtins
import dataclasses

from maestro._call import Call, Flow, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation
from maestro._exceptions import RequestValidationError
from maestro._files import FileSource, ProgressCallback, UploadFile
from maestro._pagination import check_page_args
from maestro._response import MaestroResponse
from maestro.models.bots import BotVersion, DeployBotRequest, ReleaseBotRequest, Technology
from maestro.models.page import Page
from maestro.resources._organization import naming_organization
from maestro.resources._query import SortArg, query

__all__ = ["PACKAGE_TYPES", "Bots"]

PACKAGE_TYPES = {
    ".zip": "application/zip",
    ".tar.gz": "application/gzip",
    ".jar": "application/java-archive",
}
"""The package kinds Maestro runs, by file name ending, with the MIME type sent for each."""


def _package(
    file: FileSource, filename: str | None, on_progress: ProgressCallback | None
) -> UploadFile:
    """The multipart part ``file`` for a bot package, refused now unless zip, tar.gz or jar."""
    part = UploadFile.from_source(file, filename=filename, on_progress=on_progress, field="file")
    lowered = part.filename.lower()
    for ending, content_type in PACKAGE_TYPES.items():
        if lowered.endswith(ending) and len(lowered) > len(ending):
            return dataclasses.replace(part, content_type=content_type)
    hint = "" if filename or part.filename != "file" else " (name it with filename=...)"
    raise RequestValidationError.single(
        "", "file", part.filename, f"must be a .zip, .tar.gz or .jar package{hint}"
    )


class Bots(Resource[TransportT]):
    """Bot versions: list, deploy (register + upload), upload, release, delete."""

    _resource_name = "bots"

    @endpoint
    def list(self, *, bot_id: str | None = None) -> Call[builtins.list[BotVersion]]:
        """The bots, one record each carrying its current ``version`` (``GET /api/v2/bot``).

        With ``bot_id`` the list holds that bot alone, or is empty when there is no such
        bot: BotCity's GitHub Action for bots reads the version of the one record it gets
        this way. It is not the list of a bot's versions; fetch one version with :meth:`get`.
        A community client lists every bot without ``bot_id``.
        """
        params = query(botId=bot_id)
        return Call("GET", "/api/v2/bot", json_body(builtins.list[BotVersion]), params=params)

    @endpoint
    def search(
        self, *, page: int = 0, size: int = 50, bot_id: str | None = None, sort: SortArg = None
    ) -> Call[Page[BotVersion]]:
        """One page of bots, as :meth:`list` gives them (``GET /api/v2/bot/pagination``).

        Pages count from 0; ``bot_id`` keeps that bot only.
        """
        check_page_args(page=page, size=size)
        params = query(page=page, size=size, sort=sort, botId=bot_id)
        return Call("GET", "/api/v2/bot/pagination", json_body(Page[BotVersion]), params=params)

    @endpoint
    def get(self, bot_id: str, version: str) -> Call[BotVersion]:
        """One bot version (``GET /api/v2/bot/{botId}/version/{version}``; an unconfirmed route).

        Unconfirmed route: known from community clients only. Where a server differs, call
        it with ``client.request_raw``.
        """
        path = route("/api/v2/bot/{bot_id}/version/{version}", bot_id=bot_id, version=version)
        return Call("GET", path, json_body(BotVersion))

    @operation
    def deploy(
        self,
        bot_id: str,
        version: str,
        file: FileSource,
        *,
        technology: Technology | str,
        command: str | None = None,
        repository_label: str = "DEFAULT",
        filename: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Flow[MaestroResponse[None]]:
        """Register a new bot version, then upload its package; returns the upload's response.

        ``POST /api/v2/bot`` with the client's :attr:`organization` (the one configured,
        else the label the login answered, else the login, as the official tools send), then
        ``POST /api/v2/bot/upload/{botId}/version/{version}`` with the package streamed as
        the multipart part ``file``. The package is a path, bytes or a binary file object
        whose name ends in ``.zip``, ``.tar.gz`` or ``.jar`` (``filename`` names bytes);
        it is checked, like every argument, before anything is sent. ``command`` is the
        command line of ``COMMAND`` bots. If the upload fails the version stays registered:
        send the package again with :meth:`upload`.
        """
        auth = self._transport.auth
        if not auth.organization:
            raise RequestValidationError.single(
                "", "organization", None, "unknown: give the client organization=..."
            )
        body = validate(
            DeployBotRequest,
            organization=auth.organization,
            bot_id=bot_id,
            version=version,
            technology=technology,
            command=command,
            repository_label=repository_label,
        ).to_wire()
        upload = self._upload_call(bot_id, version, _package(file, filename, on_progress))
        registration = naming_organization(body, "organization", lambda: auth.organization)
        yield from fetch(Call("POST", "/api/v2/bot", no_body, json=registration))
        return (yield from fetch(upload))

    @endpoint
    def upload(
        self,
        bot_id: str,
        version: str,
        file: FileSource,
        *,
        filename: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Call[None]:
        """Upload or replace the package of a registered version, streamed (no registration).

        ``POST /api/v2/bot/upload/{botId}/version/{version}``, multipart part ``file``; the
        package must end in ``.zip``, ``.tar.gz`` or ``.jar``, checked before sending.
        """
        return self._upload_call(bot_id, version, _package(file, filename, on_progress))

    @endpoint
    def release(self, bot_id: str, version: str) -> Call[None]:
        """Mark a version as the released one (``POST /api/v2/bot/release``)."""
        body = validate(ReleaseBotRequest, bot_id=bot_id, version=version)
        # Releasing twice leaves the same state: safe to retry.
        return Call("POST", "/api/v2/bot/release", no_body, json=body.to_wire(), idempotent=True)

    @endpoint
    def delete(self, bot_id: str, version: str) -> Call[None]:
        """Delete one version (``DELETE /api/v2/bot/{botId}/version/{version}``)."""
        path = route("/api/v2/bot/{bot_id}/version/{version}", bot_id=bot_id, version=version)
        return Call("DELETE", path, no_body)

    def _upload_call(self, bot_id: str, version: str, part: UploadFile) -> Call[None]:
        path = route(
            "/api/v2/bot/upload/{bot_id}/version/{version}", bot_id=bot_id, version=version
        )
        # The route overwrites the package: sending the same bytes again is harmless.
        return Call("POST", path, no_body, files={"file": part}, idempotent=True)
