"""Workspaces: ``/api/v2/workspaces`` (wire reference §4.13)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Workspaces"]


class Workspaces(Resource[TransportT]):
    """Workspaces (organizations)."""

    _resource_name = "workspaces"
