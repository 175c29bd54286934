"""Automations: ``/api/v2/activity`` (wire reference §4.9)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Automations"]


class Automations(Resource[TransportT]):
    """Automations (the API's activities)."""

    _resource_name = "automations"
