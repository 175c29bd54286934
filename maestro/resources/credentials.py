"""Credentials: ``/api/v2/credential`` (wire reference §4.7)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["Credentials"]


class Credentials(Resource[TransportT]):
    """Credential sets (vaults) and their secret keys."""

    _resource_name = "credentials"
