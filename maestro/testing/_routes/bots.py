"""Bots: register a version, upload its package (kept byte for byte), release, delete.

Registering a version that exists updates its metadata and keeps its package, so the
official GitHub Action (which deploys again with ``deploy: true``) works unchanged.
Releasing a version un-releases the bot's other versions; it needs an uploaded package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro.testing._bodies import Body, Choice, Text
from maestro.testing._paging import filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredBot
from maestro.testing._wire import (
    Request,
    Response,
    empty_response,
    error,
    json_response,
)

router = Router()

TECHNOLOGIES = ("PYTHON", "JAVA", "JAVASCRIPT", "TYPESCRIPT", "COMMAND")
PACKAGE_ENDINGS = (".zip", ".tar.gz", ".jar")

DEPLOY_BOT = Body(
    organization=Text(required=True),
    botId=Text(required=True, allow_empty=False),
    version=Text(required=True, allow_empty=False),
    technology=Choice(choices=TECHNOLOGIES, required=True),
    command=Text(expected=True),
    repositoryLabel=Text(allow_empty=False, default="DEFAULT", expected=True),
)
"""The GitHub Action and the CI/CD script send all six (``command`` as ``null``)."""

RELEASE_BOT = Body(
    botId=Text(required=True, allow_empty=False),
    version=Text(required=True, allow_empty=False),
)
"""Mark a version released."""


def find_bot(state: EmulatorState, bot_id: str, version: str) -> StoredBot:
    """The stored version; 404 when the bot has no such version."""
    stored = state.bots.get((bot_id, version))
    if stored is None:
        raise error(404, f"Bot '{bot_id}' version '{version}' not found")
    return stored


def _current_versions(state: EmulatorState, request: Request) -> list[Mapping[str, Any]]:
    """One record per bot (of ``botId`` only, when given): its current version.

    The current version is the released one, else the one registered last.
    """
    current: dict[str, Mapping[str, Any]] = {}
    for (bot_id, _), stored in state.bots.items():
        if bot_id not in current or not current[bot_id]["released"]:
            current[bot_id] = stored.bot
    return filter_equal(list(current.values()), request.query, {"botId": "botId"})


@router.get("/api/v2/bot")
def list_bots(request: Request, state: EmulatorState) -> Response:
    """One record per bot carrying its current ``version``, as a plain JSON array.

    With ``botId`` the array holds that bot alone, or nothing (the GitHub Action reads the
    version of ``[0]`` and calls an empty answer "not exist").
    """
    return json_response(_current_versions(state, request))


@router.get("/api/v2/bot/pagination")
def search_bots(request: Request, state: EmulatorState) -> Response:
    """A page of bots, one record per bot as in the plain list, filtered by ``botId``."""
    return json_response(page(_current_versions(state, request), request.query))


@router.post("/api/v2/bot")
def deploy_bot(request: Request, state: EmulatorState) -> Response:
    """Register a version (``organization``, ``botId``, ``version``, ``technology``...)."""
    fields = DEPLOY_BOT.read(request, state)
    organization = fields["organization"]
    if organization not in (state.organization, state.workspace.login):
        raise error(403, f"Organization '{organization}' is not this workspace")
    bot_id, version = fields["botId"], fields["version"]
    now = state.timestamp()
    stored = state.bots.get((bot_id, version))
    if stored is None:
        stored = StoredBot(
            {
                "id": state.next_id("bot"),
                "botId": bot_id,
                "version": version,
                "technology": None,
                "command": None,
                "repositoryLabel": None,
                "organizationLabel": state.organization,
                "fileName": None,
                "released": False,
                "dateCreation": now,
                "dateLastModified": now,
            }
        )
        state.bots[(bot_id, version)] = stored
    stored.bot.update(
        technology=fields["technology"],
        command=fields["command"],
        repositoryLabel=fields["repositoryLabel"],
        dateLastModified=now,
    )
    return json_response(stored.bot)


@router.post("/api/v2/bot/upload/{bot_id}/version/{version}")
def upload_bot(request: Request, state: EmulatorState) -> Response:
    """Store the multipart part ``file`` (a .zip, .tar.gz or .jar), replacing any earlier."""
    stored = find_bot(state, request.params["bot_id"], request.params["version"])
    uploaded = request.file("file")
    if not uploaded.filename.lower().endswith(PACKAGE_ENDINGS):
        raise error(400, "Part 'file' must be a .zip, .tar.gz or .jar package")
    stored.package = uploaded
    stored.bot.update(fileName=uploaded.filename, dateLastModified=state.timestamp())
    return json_response(stored.bot)


@router.post("/api/v2/bot/release")
def release_bot(request: Request, state: EmulatorState) -> Response:
    """Mark ``{botId, version}`` released (and the bot's other versions not)."""
    fields = RELEASE_BOT.read(request, state)
    bot_id, version = fields["botId"], fields["version"]
    stored = find_bot(state, bot_id, version)
    if stored.package is None:
        raise error(409, f"Bot '{bot_id}' version '{version}' has no uploaded package")
    for (other_id, _), other in state.bots.items():
        if other_id == bot_id:
            other.bot["released"] = False
    stored.bot.update(released=True, dateLastModified=state.timestamp())
    return json_response(stored.bot)


@router.get("/api/v2/bot/{bot_id}/version/{version}")
def get_bot(request: Request, state: EmulatorState) -> Response:
    """One version (known from community clients)."""
    return json_response(find_bot(state, request.params["bot_id"], request.params["version"]).bot)


@router.delete("/api/v2/bot/{bot_id}/version/{version}")
def delete_bot(request: Request, state: EmulatorState) -> Response:
    """Delete one version and its package; 200 with no body."""
    stored = find_bot(state, request.params["bot_id"], request.params["version"])
    del state.bots[(stored.bot["botId"], stored.bot["version"])]
    return empty_response(200)
