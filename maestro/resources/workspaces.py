"""Workspaces: ``/api/v2/workspaces``, a speculative route."""

from __future__ import annotations

import builtins
import functools
from typing import Any

import httpx
from pydantic import TypeAdapter

from maestro._call import Call, json_body, route
from maestro._endpoint import Resource, TransportT, endpoint
from maestro.models.workspaces import Workspace

__all__ = ["Workspaces"]


@functools.cache
def _workspaces_adapter() -> TypeAdapter[builtins.list[Workspace]]:
    # Built on first use: building it at import would build the Workspace model then too.
    return TypeAdapter(builtins.list[Workspace])


def _workspace_list(raw: httpx.Response) -> builtins.list[Workspace]:
    """A plain JSON array of workspaces, or the ``content`` of a Spring page of them."""
    if not raw.content:
        return []
    data: Any = raw.json()
    if isinstance(data, dict) and "content" in data:
        data = data["content"]
    return _workspaces_adapter().validate_python(data)


class Workspaces(Resource[TransportT]):
    """The workspaces (organizations) the credentials can see.

    Speculative routes: no public client or documentation page names a workspace route
    under ``/api/v2``; the paths are the ones this SDK's first description gave. Where a
    server differs, call it with ``client.request_raw``.
    """

    _resource_name = "workspaces"

    @endpoint
    def list(self) -> Call[builtins.list[Workspace]]:
        """Every workspace (``GET /api/v2/workspaces``; a speculative route).

        Speculative route: no source shows it. A plain array or a Spring page (its
        ``content``) is accepted, since no source shows which a server would send.
        """
        return Call("GET", "/api/v2/workspaces", _workspace_list)

    @endpoint
    def get(self, workspace_id: int | str) -> Call[Workspace]:
        """One workspace (``GET /api/v2/workspaces/{id}``; a speculative route).

        Speculative route: no source shows it.
        """
        path = route("/api/v2/workspaces/{workspace_id}", workspace_id=workspace_id)
        return Call("GET", path, json_body(Workspace))
