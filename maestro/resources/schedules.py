"""Schedules: ``/api/v2/scheduling`` (wire reference §4.12)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Schedules"]


class Schedules(Resource[TransportT]):
    """Schedules that create tasks on a cron expression."""

    _resource_name = "schedules"
