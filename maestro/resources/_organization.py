"""Bodies that name the workspace's organization, filled in when the request is built."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["naming_organization"]


def naming_organization(
    body: Mapping[str, Any], field: str, organization: Callable[[], str | None]
) -> Callable[[], dict[str, Any]]:
    """``body`` as a ``Call.json`` callable whose ``field`` is the organization at send time.

    Each attempt is built after the login, so the body names the organization the login
    answered even on a fresh client; without one known, the body is sent as it is.
    """

    def build() -> dict[str, Any]:
        current = organization()
        return {**body, field: current} if current else dict(body)

    return build
