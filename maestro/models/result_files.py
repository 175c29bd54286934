"""Result files (the API's "artifacts"): the files a task produced or received."""

from __future__ import annotations

from pydantic import Field

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel, WireDatetime
from maestro.models._common import Days, TaskId

__all__ = ["Artifact", "ArtifactFilters", "CreateArtifactRequest"]


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
    organization_label: str | None = None
    user: str | None = None
    user_id: int | None = None
    date_creation: WireDatetime = None


class CreateArtifactRequest(RequestModel):
    """Body of ``POST /api/v2/artifact``; the wire spells it ``filename``, lower-case n."""

    task_id: TaskId
    name: NonBlankStr = Field(description="Display name.")
    filename: NonBlankStr = Field(description="The file's name.")


class ArtifactFilters(RequestModel):
    """The filters of ``GET /api/v2/artifact``, sent as query parameters."""

    sort: NonBlankStr | None = Field(default=None, description="Spring sort: `field,asc|desc`.")
    days: Days | None = None
    task_id: TaskId | None = None
