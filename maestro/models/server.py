"""Server-level models: login and version."""

from __future__ import annotations

from pydantic import Field

from maestro.models._base import RequestModel, ResponseModel

__all__ = ["LoginRequest", "LoginResponse", "ServerVersion"]


class LoginRequest(RequestModel):
    """Body of ``POST /api/v2/workspace/login``."""

    login: str = Field(min_length=1)
    key: str = Field(min_length=1, repr=False)


class LoginResponse(ResponseModel):
    """What the login route answers: the access token and the workspace label."""

    access_token: str = Field(repr=False)
    organization_label: str | None = None


class ServerVersion(ResponseModel):
    """``GET /api/v2/maestro/version``: the server's version, ``X.Y.Z``."""

    version: str

    @property
    def version_tuple(self) -> tuple[int, ...]:
        """The numeric parts of ``version`` (``"3.0.2"`` gives ``(3, 0, 2)``) for comparisons."""
        parts: list[int] = []
        for piece in self.version.split("."):
            digits = "".join(ch for ch in piece if ch.isdigit())
            if not digits:
                break
            parts.append(int(digits))
        return tuple(parts)
