"""Messages (e-mail): ``/api/v2/message`` (wire reference §4.6)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Messages"]


class Messages(Resource[TransportT]):
    """E-mail messages sent through Maestro."""

    _resource_name = "messages"
