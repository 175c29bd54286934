"""Workspaces (organizations): the tenant every label and id belongs to."""

from __future__ import annotations

from pydantic import Field, SecretStr

from maestro.models._base import ResponseModel, WireDatetime

__all__ = ["Workspace"]


class Workspace(ResponseModel):
    """A workspace, as the speculative workspace routes read it.

    No API answer shows its shape; the documentation's workspace page shows a label, a
    name, a country, a language and a creation date.

    ``key`` and ``googleDataStudioToken`` appear in old organization objects; they are
    declared as secrets so that they never show in a ``repr`` or a log line.
    """

    id: int | str | None = None
    label: str | None = Field(default=None, description="Sent in the ``organization`` header.")
    name: str | None = None
    country: str | None = None
    language: str | None = None
    login: str | None = None
    key: SecretStr | None = Field(default=None, repr=False)
    google_data_studio_token: SecretStr | None = Field(default=None, repr=False)
    date_creation: WireDatetime = None
