"""Alerts: ``/api/v2/alerts`` (wire reference §4.5)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Alerts"]


class Alerts(Resource[TransportT]):
    """Alerts shown on the Maestro dashboard."""

    _resource_name = "alerts"
