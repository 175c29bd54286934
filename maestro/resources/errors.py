"""Errors: ``/api/v2/error`` (wire reference §4.4)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Errors"]


class Errors(Resource[TransportT]):
    """Errors reported by tasks, with screenshots and attachments."""

    _resource_name = "errors"
