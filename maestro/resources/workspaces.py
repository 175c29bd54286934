"""Workspaces: ``/api/v2/workspaces`` (wire reference §4.13)."""

from __future__ import annotations

import builtins
from typing import Any

import httpx
from pydantic import TypeAdapter

from maestro._call import Call, json_body, route
from maestro._endpoint import Resource, TransportT, endpoint
from maestro.models.workspaces import Workspace

__all__ = ["Workspaces"]

_WORKSPACES: TypeAdapter[builtins.list[Workspace]] = TypeAdapter(builtins.list[Workspace])


def _workspace_list(raw: httpx.Response) -> builtins.list[Workspace]:
    """A plain JSON array of workspaces, or the ``content`` of a Spring page of them."""
    if not raw.content:
        return []
    data: Any = raw.json()
    if isinstance(data, dict) and "content" in data:
        data = data["content"]
    return _WORKSPACES.validate_python(data)


class Workspaces(Resource[TransportT]):
    """The workspaces (organizations) the credentials can see.

    Unconfirmed routes: only the community prototype names a workspace listing, and the
    paths here are the ones the seed gives (``/api/v2/workspaces``). Where a server
    differs, call it with ``client.request_raw``.
    """

    _resource_name = "workspaces"

    @endpoint
    def list(self) -> Call[builtins.list[Workspace]]:
        """Every workspace (``GET /api/v2/workspaces``). Unconfirmed route.

        Accepts a plain array or a Spring page (its ``content``), since no source shows
        which the server sends.
        """
        return Call("GET", "/api/v2/workspaces", _workspace_list)

    @endpoint
    def get(self, workspace_id: int | str) -> Call[Workspace]:
        """One workspace (``GET /api/v2/workspaces/{id}``). Unconfirmed route."""
        path = route("/api/v2/workspaces/{workspace_id}", workspace_id=workspace_id)
        return Call("GET", path, json_body(Workspace))
