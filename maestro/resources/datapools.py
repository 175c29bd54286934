"""Datapools: ``/api/v2/datapool`` (wire reference §4.8)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Datapools"]


class Datapools(Resource[TransportT]):
    """Datapools and their entries."""

    _resource_name = "datapools"
