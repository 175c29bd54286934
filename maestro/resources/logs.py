"""Execution logs: ``/api/v2/log`` (wire reference §4.2)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Logs"]


class Logs(Resource[TransportT]):
    """An automation's execution log: its columns and entries."""

    _resource_name = "logs"
