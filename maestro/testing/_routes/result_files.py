"""Result files, "artifacts" on the wire: a record, then its bytes, served back as sent."""

from __future__ import annotations

from typing import Any

from maestro.testing._bodies import Anything, Body, Text
from maestro.testing._paging import filter_days, filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredArtifact
from maestro.testing._wire import (
    Request,
    Response,
    attachment_disposition,
    bytes_response,
    empty_response,
    error,
    json_response,
)

router = Router()

# Artifacts list only the last 7 days unless told otherwise, as the SDKs assume.
DEFAULT_DAYS = 7

CREATE_ARTIFACT = Body(
    taskId=Anything(required=True),
    name=Text(required=True, allow_empty=False),
    filename=Text(expected=True),
    fileName=Text(tolerated=True),
)
"""Every official SDK sends ``taskId``, ``name`` and ``filename`` (lower-case n);
``fileName`` is the response's spelling, read only by a lenient emulator."""


@router.post("/api/v2/artifact")
def create_artifact(request: Request, state: EmulatorState) -> Response:
    """Create the record of a task's result file (``taskId``, ``name``, ``filename``)."""
    fields = CREATE_ARTIFACT.read(request, state)
    task = state.find_task(fields["taskId"])
    name = fields["name"]
    artifact: dict[str, Any] = {
        "id": state.next_id("artifact"),
        "type": "PROCESS",
        "taskId": task["id"],
        "taskName": task["activityName"],
        "name": name,
        "fileName": fields["filename"] or fields["fileName"] or name,
        "storageFileName": None,
        "storageFilePath": None,
        "organizationId": None,
        "organizationLabel": state.organization,
        "user": None,
        "userId": None,
        "dateCreation": state.timestamp(),
    }
    state.artifacts[artifact["id"]] = StoredArtifact(artifact)
    return json_response(artifact)


def _stored_artifact(request: Request, state: EmulatorState) -> StoredArtifact:
    artifact_id = request.int_param("artifact_id")
    stored = state.artifacts.get(artifact_id)
    if stored is None:
        raise error(404, f"Artifact {artifact_id} not found")
    return stored


@router.post("/api/v2/artifact/log/{artifact_id}")
def upload_artifact(request: Request, state: EmulatorState) -> Response:
    """Store the bytes of the multipart part ``file`` (replacing any earlier upload)."""
    stored = _stored_artifact(request, state)
    uploaded = request.file("file")
    stored.file = uploaded
    stored.artifact["storageFileName"] = uploaded.filename or stored.artifact["fileName"]
    stored.artifact["storageFilePath"] = f"artifacts/{stored.artifact['id']}"
    return json_response(stored.artifact)


@router.get("/api/v2/artifact")
def list_artifacts(request: Request, state: EmulatorState) -> Response:
    """A page of artifacts of the last ``days`` days (default 7), filtered by ``taskId``."""
    artifacts = [stored.artifact for stored in state.artifacts.values()]
    recent = filter_days(artifacts, request.query, "dateCreation", default=DEFAULT_DAYS)
    matching = filter_equal(recent, request.query, {"taskId": "taskId"})
    return json_response(page(matching, request.query, default_sort="dateCreation,desc"))


@router.get("/api/v2/artifact/{artifact_id}")
def get_artifact(request: Request, state: EmulatorState) -> Response:
    """One artifact record."""
    return json_response(_stored_artifact(request, state).artifact)


@router.get("/api/v2/artifact/{artifact_id}/file")
def download_artifact(request: Request, state: EmulatorState) -> Response:
    """The uploaded bytes, exactly; 404 before any upload."""
    stored = _stored_artifact(request, state)
    if stored.file is None:
        raise error(404, f"Artifact {stored.artifact['id']} has no uploaded file")
    return bytes_response(
        stored.file.content,
        headers={"Content-Disposition": attachment_disposition(stored.artifact["fileName"])},
    )


@router.delete("/api/v2/artifact/{artifact_id}")
def delete_artifact(request: Request, state: EmulatorState) -> Response:
    """Delete a result file; 204 (an unconfirmed route)."""
    stored = _stored_artifact(request, state)
    del state.artifacts[stored.artifact["id"]]
    return empty_response()
