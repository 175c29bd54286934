"""Runners: ``/api/v2/machine`` (wire reference §4.11)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Runners"]


class Runners(Resource[TransportT]):
    """Runners (the API's machines)."""

    _resource_name = "runners"
