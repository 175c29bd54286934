"""Login and server version: the two routes that answer without a token."""

from __future__ import annotations

from maestro.testing._bodies import Body, Text
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import ApiError, Request, Response, error, json_response

router = Router()

LOGIN = Body(login=Text(), key=Text())
"""The workspace login and key, nothing else; a missing one is 401 like any failed login."""


@router.post("/api/v2/workspace/login", public=True)
def login(request: Request, state: EmulatorState) -> Response:
    """Trade the workspace login and key for a fresh token; anything else is 401."""
    try:
        body = request.json()
    except ApiError:
        body = None
    if isinstance(body, dict) and state.strict:
        LOGIN.check_strict(body)
    if not isinstance(body, dict) or not state.workspace.accepts(
        body.get("login"), body.get("key")
    ):
        # The same answer for every failure, and never the key in it.
        raise error(401, "Invalid login or key")
    return json_response(
        {"accessToken": state.workspace.tokens.issue(), "organizationLabel": state.organization}
    )


@router.get("/api/v2/maestro/version", public=True)
def version(request: Request, state: EmulatorState) -> Response:
    """Report the server version; the official SDK asks before logging in."""
    return json_response({"version": state.workspace.version})
