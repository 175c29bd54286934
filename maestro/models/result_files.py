"""Result files (the API's "artifacts"): the files a task produced or received."""

from __future__ import annotations

from pydantic import Field

from maestro.models._base import ResponseModel, WireDatetime

__all__ = ["Artifact"]


class Artifact(ResponseModel):
    """A result file record. The bytes are served separately (``/artifact/{id}/file``)."""

    id: int | None = None
    type: str | None = Field(default=None, description="PROCESS for results, INPUT for inputs.")
    task_id: int | None = None
    task_name: str | None = None
    name: str | None = Field(default=None, description="Display name.")
    file_name: str | None = Field(default=None, description="Stored file name.")
    storage_file_name: str | None = None
    storage_file_path: str | None = None
    organization_id: int | None = None
    user: str | None = None
    user_id: int | None = None
    date_creation: WireDatetime = None
