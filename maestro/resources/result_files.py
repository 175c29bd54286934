"""Result files (artifacts): ``/api/v2/artifact``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro._call import Call, Flow, Stream, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation, paginated
from maestro._exceptions import (
    FieldError,
    FileChangedError,
    RequestValidationError,
)
from maestro._files import FileSource, ProgressCallback, UploadFile, WriteTarget
from maestro._pagination import check_page_args, walk_pages
from maestro._response import MaestroResponse
from maestro.models.page import Page
from maestro.models.result_files import Artifact, ArtifactFilters, CreateArtifactRequest
from maestro.resources._transfer import checked_name, file_call, source_name, with_extension

__all__ = ["ResultFiles"]


class ResultFiles(Resource[TransportT]):
    """Files a task produced: list, upload, download, delete."""

    _resource_name = "result_files"

    @endpoint
    def list(
        self,
        *,
        page: int = 0,
        size: int = 50,
        sort: str | None = "dateCreation,desc",
        days: int | None = 7,
        task_id: int | str | None = None,
    ) -> Call[Page[Artifact]]:
        """One page of the result files of the last ``days`` days (``GET /api/v2/artifact``).

        ``task_id`` keeps one task's files (a filter only community code sends: unconfirmed).
        """
        check_page_args(page=page, size=size)
        return self._page_call(self._filters(sort, days, task_id), page, size)

    @paginated
    def iterate(
        self,
        *,
        sort: str | None = "dateCreation,desc",
        days: int | None = 7,
        task_id: int | str | None = None,
        page_size: int = 50,
        limit: int | None = None,
    ) -> Stream[Artifact]:
        """Every result file matching the filters, page by page (``GET /api/v2/artifact``)."""
        query = self._filters(sort, days, task_id)
        return walk_pages(
            lambda page, size: self._page_call(query, page, size), page_size=page_size, limit=limit
        )

    @staticmethod
    def _filters(sort: str | None, days: int | None, task_id: int | str | None) -> dict[str, Any]:
        filters = validate(ArtifactFilters, sort=sort, days=days, task_id=task_id)
        return filters.to_wire(exclude_none=True)

    @staticmethod
    def _page_call(query: Mapping[str, Any], page: int, size: int) -> Call[Page[Artifact]]:
        params = {"size": size, "page": page, **query}
        return Call("GET", "/api/v2/artifact", json_body(Page[Artifact]), params=params)

    @endpoint
    def get(self, artifact_id: int | str) -> Call[Artifact]:
        """Fetch one result file's record (``GET /api/v2/artifact/{id}``)."""
        path = route("/api/v2/artifact/{artifact_id}", artifact_id=artifact_id)
        return Call("GET", path, json_body(Artifact))

    @endpoint
    def create(self, task_id: int | str, name: str, filename: str) -> Call[Artifact]:
        """Create a result file's record, without its bytes (``POST /api/v2/artifact``).

        Send the bytes next with :meth:`upload`, which does both steps.
        """
        return _create_call(task_id, name, filename)

    @operation
    def upload(
        self,
        task_id: int | str,
        file: FileSource,
        *,
        name: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Flow[MaestroResponse[Artifact]]:
        """Upload a result file of a task: its record, then its bytes as multipart part ``file``.

        ``POST /api/v2/artifact`` then ``POST /api/v2/artifact/log/{id}``. ``file`` is a path,
        bytes or a binary file object, streamed in chunks. The display ``name`` defaults to
        the file's name and gets the file's extension when it lacks it, as the official SDK
        does; bytes and unnamed file objects need a ``name``. Returns the record's response.
        """
        display = _display_name(name, source_name(file))
        part = UploadFile.from_source(
            file, filename=display or None, on_progress=on_progress, field="file"
        )
        if display is None:
            raise RequestValidationError.single(
                "", "name", name, "is required when the file carries no name (bytes, streams)"
            )
        create = _create_call(task_id, display, display)
        return self._upload(create, part)

    @staticmethod
    def _upload(create: Call[Artifact], part: UploadFile) -> Flow[MaestroResponse[Artifact]]:
        created = yield from fetch(create)
        artifact_id = created.parsed.id
        if artifact_id is None:
            raise created.validation_error(
                [FieldError("id", "None", "no id: it is needed to send the file")]
            )
        path = route("/api/v2/artifact/log/{artifact_id}", artifact_id=artifact_id)
        # Sending the same bytes again replaces them: safe to retry when the source can replay.
        try:
            yield Call("POST", path, no_body, files={"file": part}, idempotent=True)
        except FileChangedError as exc:
            raise exc.for_record(
                f"result file {artifact_id}",
                f"it has no content: delete it with result_files.delete({artifact_id!r}) and "
                "upload again",
            ) from None
        return created

    @endpoint
    def download(
        self,
        artifact_id: int | str,
        to: WriteTarget | None = None,
        *,
        on_progress: ProgressCallback | None = None,
    ) -> Call[bytes | None]:
        """Download a result file's bytes (``GET /api/v2/artifact/{id}/file``).

        With ``to=None`` the bytes are ``parsed`` (and ``data``). With a path or a binary file
        object they are streamed there in chunks and ``parsed`` is ``None``; a path is written
        to a temporary file renamed only when complete, so a failed download leaves nothing.
        """
        path = route("/api/v2/artifact/{artifact_id}/file", artifact_id=artifact_id)
        return file_call(path, to, on_progress)

    @endpoint
    def delete(self, artifact_id: int | str) -> Call[None]:
        """Delete a result file (``DELETE /api/v2/artifact/{id}``; a speculative route).

        Speculative route: only the community prototype names it.
        """
        path = route("/api/v2/artifact/{artifact_id}", artifact_id=artifact_id)
        return Call("DELETE", path, no_body)


def _create_call(task_id: int | str, name: str, filename: str) -> Call[Artifact]:
    body = validate(CreateArtifactRequest, task_id=task_id, name=name, filename=filename)
    return Call("POST", "/api/v2/artifact", json_body(Artifact), json=body.to_wire())


def _display_name(name: str | None, source: str | None) -> str | None:
    if name is None:
        return source
    return with_extension(checked_name("name", name), source)
