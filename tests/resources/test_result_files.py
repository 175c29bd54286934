"""Result files (artifacts): list, iterate, get, create, upload, download, delete."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from maestro import (
    APIConnectionError,
    Artifact,
    NotFoundError,
    RequestValidationError,
    ResponseValidationError,
)
from tests.conftest import AnyClient, collect, httpx_only, resolve
from tests.resources._bot_helpers import CHUNK, Chunks, RecordingReader, RecordingWriter, parts_of
from tests.resources._wire import api_requests, json_of, page_json, query_of


def artifact_json(artifact_id: int = 7, **fields: object) -> dict[str, object]:
    artifact: dict[str, object] = {
        "id": artifact_id,
        "type": "PROCESS",
        "taskId": 42,
        "taskName": "My Automation",
        "name": "report.csv",
        "fileName": "report.csv",
        "storageFileName": None,
        "storageFilePath": None,
        "organizationId": 3,
        "user": None,
        "userId": None,
        "dateCreation": "2025-01-01T10:00:00Z",
    }
    artifact.update(fields)
    return artifact


@pytest.fixture
def upload_routes(api: respx.MockRouter) -> tuple[respx.Route, respx.Route]:
    create = api.post("/api/v2/artifact").respond(200, json=artifact_json())
    send = api.post("/api/v2/artifact/log/7").respond(200, json=artifact_json())
    return create, send


# -- list, iterate, get ------------------------------------------------------------------------


async def test_list_sends_the_sdk_defaults(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/artifact").respond(200, json=page_json([]))

    await resolve(client.result_files.list())

    assert query_of(route.calls.last.request) == {
        "size": "50",
        "page": "0",
        "sort": "dateCreation,desc",
        "days": "7",
    }


async def test_list_filters_by_task_id_sent_as_task_id(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/artifact").respond(200, json=page_json([]))

    await resolve(client.result_files.list(task_id="42", days=None, sort=None, page=1, size=5))

    assert query_of(route.calls.last.request) == {"size": "5", "page": "1", "taskId": "42"}


async def test_list_parses_the_page_of_artifacts(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/artifact").respond(200, json=page_json([artifact_json()]))

    page = (await resolve(client.result_files.list())).parsed

    artifact = page.content[0]
    assert isinstance(artifact, Artifact)
    assert (artifact.id, artifact.task_id, artifact.file_name) == (7, 42, "report.csv")


async def test_list_rejects_a_task_id_that_is_not_a_number(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.list(task_id="abc")

    assert caught.value.operation == "result_files.list"
    assert [(e.field, e.value) for e in caught.value.errors] == [("task_id", "'abc'")]
    assert not api.calls


async def test_iterate_walks_every_page_keeping_the_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "0":
            return httpx.Response(200, json=page_json([artifact_json(1)], last=False))
        return httpx.Response(200, json=page_json([artifact_json(2)], number=1))

    route = api.get("/api/v2/artifact").mock(side_effect=pages)

    artifacts = await collect(client.result_files.iterate(task_id=42, page_size=1))

    assert [artifact.id for artifact in artifacts] == [1, 2]
    assert [query_of(call.request) for call in route.calls] == [
        {"size": "1", "page": "0", "sort": "dateCreation,desc", "days": "7", "taskId": "42"},
        {"size": "1", "page": "1", "sort": "dateCreation,desc", "days": "7", "taskId": "42"},
    ]


async def test_get_fetches_one_record(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/artifact/7").respond(200, json=artifact_json())

    artifact = (await resolve(client.result_files.get(7))).parsed

    assert artifact.name == "report.csv"
    assert artifact.date_creation is not None


# -- create, upload ----------------------------------------------------------------------------


async def test_create_sends_task_id_name_and_filename(
    client: AnyClient, upload_routes: tuple[respx.Route, respx.Route]
) -> None:
    create, _ = upload_routes

    artifact = (await resolve(client.result_files.create("42", "Report", "report.csv"))).parsed

    assert json_of(create.calls.last.request) == {
        "taskId": 42,
        "name": "Report",
        "filename": "report.csv",
    }
    assert artifact.id == 7


async def test_create_rejects_an_empty_name_and_a_zero_task_id(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.create(0, " ", "report.csv")

    assert [e.field for e in caught.value.errors] == ["task_id", "name"]
    assert not api.calls


async def test_upload_creates_the_record_then_sends_the_file_as_part_file(
    client: AnyClient,
    api: respx.MockRouter,
    upload_routes: tuple[respx.Route, respx.Route],
    tmp_path: Path,
) -> None:
    create, send = upload_routes
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n1,2\n")

    response = await resolve(client.result_files.upload(42, path))

    assert api_requests(api) == [
        ("POST", "/api/v2/artifact"),
        ("POST", "/api/v2/artifact/log/7"),
    ]
    assert json_of(create.calls.last.request) == {
        "taskId": 42,
        "name": "report.csv",
        "filename": "report.csv",
    }
    [part] = parts_of(send.calls.last.request)
    assert (part.name, part.filename, part.content_type) == ("file", "report.csv", "text/csv")
    assert part.content == b"a,b\n1,2\n"
    assert response.parsed.id == 7


async def test_upload_adds_the_file_extension_to_the_display_name(
    client: AnyClient, upload_routes: tuple[respx.Route, respx.Route], tmp_path: Path
) -> None:
    create, send = upload_routes
    path = tmp_path / "report.csv"
    path.write_bytes(b"x")

    await resolve(client.result_files.upload(42, str(path), name="Monthly report"))

    body = json_of(create.calls.last.request)
    assert (body["name"], body["filename"]) == ("Monthly report.csv", "Monthly report.csv")
    assert parts_of(send.calls.last.request)[0].filename == "Monthly report.csv"


async def test_upload_keeps_a_display_name_that_has_the_extension(
    client: AnyClient, upload_routes: tuple[respx.Route, respx.Route], tmp_path: Path
) -> None:
    create, _ = upload_routes
    path = tmp_path / "report.csv"
    path.write_bytes(b"x")

    await resolve(client.result_files.upload(42, path, name="final.csv"))

    assert json_of(create.calls.last.request)["name"] == "final.csv"


async def test_upload_sends_bytes_under_the_given_name(
    client: AnyClient, upload_routes: tuple[respx.Route, respx.Route]
) -> None:
    _, send = upload_routes

    await resolve(client.result_files.upload(42, b"\x00\x01", name="data.bin"))

    [part] = parts_of(send.calls.last.request)
    assert (part.filename, part.content) == ("data.bin", b"\x00\x01")


async def test_upload_rejects_bytes_without_a_name(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.upload(42, b"data")

    assert caught.value.operation == "result_files.upload"
    assert [e.field for e in caught.value.errors] == ["name"]
    assert not api.calls


async def test_upload_rejects_a_missing_file(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.upload(42, tmp_path / "nope.csv")

    assert [(e.field, e.message) for e in caught.value.errors] == [("file", "no such file")]
    assert not api.calls


async def test_upload_rejects_a_directory(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.upload(42, tmp_path)

    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("file", "is not a regular file")
    ]
    assert not api.calls


async def test_upload_streams_a_large_file_in_chunks(
    client: AnyClient, upload_routes: tuple[respx.Route, respx.Route]
) -> None:
    _, send = upload_routes
    data = bytes(range(256)) * 1000  # 256 000 bytes, four chunks
    source = RecordingReader(data, name="big.bin")
    progress: list[tuple[int, int | None]] = []

    await resolve(
        client.result_files.upload(
            42, source, on_progress=lambda done, total: progress.append((done, total))
        )
    )

    assert parts_of(send.calls.last.request)[0].content == data
    assert len(source.reads) > 1
    assert max(source.reads) <= CHUNK
    assert progress[-1] == (len(data), len(data))
    assert len(progress) == 4


async def test_upload_stops_when_the_record_has_no_id(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/artifact").respond(200, json={"name": "x"})

    with pytest.raises(ResponseValidationError, match="no id"):
        await resolve(client.result_files.upload(42, b"x", name="x.bin"))

    assert api_requests(api) == [("POST", "/api/v2/artifact")]


# -- download, delete --------------------------------------------------------------------------


async def test_download_returns_the_bytes_when_no_destination_is_given(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/artifact/7/file").respond(200, content=b"\x89PNG...")

    response = await resolve(client.result_files.download(7))

    assert route.calls.last.request.headers["accept"] == "*/*"
    assert response.parsed == b"\x89PNG..."
    assert response.data == b"\x89PNG..."


@httpx_only("asserts the in-process body's chunk boundaries; over a socket they are the reads'")
async def test_download_streams_a_large_file_to_a_path_in_chunks(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    chunks = [b"a" * CHUNK, b"b" * CHUNK, b"c" * CHUNK, b"d"]
    api.get("/api/v2/artifact/7/file").mock(
        side_effect=lambda request: httpx.Response(
            200, stream=Chunks(chunks), headers={"Content-Length": str(3 * CHUNK + 1)}
        )
    )
    progress: list[tuple[int, int | None]] = []

    response = await resolve(
        client.result_files.download(
            7, tmp_path / "out.bin", on_progress=lambda done, total: progress.append((done, total))
        )
    )

    assert (tmp_path / "out.bin").read_bytes() == b"".join(chunks)
    assert response.parsed is None
    assert progress == [
        (CHUNK, 3 * CHUNK + 1),
        (2 * CHUNK, 3 * CHUNK + 1),
        (3 * CHUNK, 3 * CHUNK + 1),
        (3 * CHUNK + 1, 3 * CHUNK + 1),
    ]


@httpx_only("asserts the in-process body's chunk boundaries; over a socket they are the reads'")
async def test_download_writes_to_a_binary_file_in_chunks(
    client: AnyClient, api: respx.MockRouter
) -> None:
    chunks = [b"a" * CHUNK, b"b" * CHUNK]
    api.get("/api/v2/artifact/7/file").mock(
        side_effect=lambda request: httpx.Response(200, stream=Chunks(chunks))
    )
    sink = RecordingWriter()

    await resolve(client.result_files.download(7, sink))

    assert sink.getvalue() == b"".join(chunks)
    assert sink.writes == [CHUNK, CHUNK]


async def test_download_that_fails_midway_leaves_no_file(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/api/v2/artifact/7/file").mock(
        side_effect=lambda request: httpx.Response(
            200, stream=Chunks([b"a" * CHUNK] * 3, fail_after=2)
        )
    )

    with pytest.raises(APIConnectionError, match="failed: ReadError: "):
        await resolve(client.result_files.download(7, tmp_path / "out.bin"))

    assert list(tmp_path.iterdir()) == []


async def test_download_that_fails_midway_keeps_the_previous_file(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/api/v2/artifact/7/file").mock(
        side_effect=lambda request: httpx.Response(
            200, stream=Chunks([b"a" * CHUNK] * 3, fail_after=1)
        )
    )
    (tmp_path / "out.bin").write_bytes(b"previous")

    with pytest.raises(APIConnectionError):
        await resolve(client.result_files.download(7, tmp_path / "out.bin"))

    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    assert (tmp_path / "out.bin").read_bytes() == b"previous"


async def test_download_of_a_missing_file_raises_and_writes_nothing(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/api/v2/artifact/9/file").respond(404, json={"message": "Artifact 9 not found"})

    with pytest.raises(NotFoundError, match="Artifact 9 not found"):
        await resolve(client.result_files.download(9, tmp_path / "out.bin"))

    assert list(tmp_path.iterdir()) == []


async def test_download_rejects_a_destination_in_a_missing_folder(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.result_files.download(7, tmp_path / "missing" / "out.bin")

    assert caught.value.operation == "result_files.download"
    assert [e.field for e in caught.value.errors] == ["to"]
    assert not api.calls


async def test_delete_sends_delete_to_the_record(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.delete("/api/v2/artifact/7").respond(204)

    response = await resolve(client.result_files.delete(7))

    assert route.called
    assert response.parsed is None
