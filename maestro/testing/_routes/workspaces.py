"""Workspaces: the emulator's one workspace, under ``/api/v2/workspaces`` (a speculative route)."""

from __future__ import annotations

from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import Request, Response, error, is_integer_text, json_response

router = Router()


def seed(state: EmulatorState) -> None:
    """The workspace the emulator's login and key belong to (no key in it)."""
    workspace_id = state.next_id("workspace")
    state.workspaces[workspace_id] = {
        "id": workspace_id,
        "label": state.organization,
        "name": state.organization,
        "country": "BR",
        "language": "en",
        "dateCreation": state.timestamp(),
    }


@router.get("/api/v2/workspaces")
def list_workspaces(request: Request, state: EmulatorState) -> Response:
    """Every workspace, as a plain JSON array."""
    return json_response(list(state.workspaces.values()))


@router.get("/api/v2/workspaces/{workspace_id}")
def get_workspace(request: Request, state: EmulatorState) -> Response:
    """One workspace, by id or by label."""
    wanted = request.params["workspace_id"]
    for workspace in state.workspaces.values():
        if (is_integer_text(wanted) and workspace["id"] == int(wanted)) or (
            workspace["label"] == wanted
        ):
            return json_response(workspace)
    raise error(404, f"Workspace '{wanted}' not found")
