"""Bots: ``/api/v2/bot`` (wire reference §4.10)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Bots"]


class Bots(Resource[TransportT]):
    """Bot versions: deploy, upload, release, delete."""

    _resource_name = "bots"
