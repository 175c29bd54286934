"""Execution logs: list, create, get, delete, add_entry, entries, read, export_csv."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from maestro import Column, Log, LogEntry, NotFoundError, RequestValidationError
from tests.conftest import AnyClient, httpx_only, resolve
from tests.resources._bot_helpers import CHUNK, Chunks, RecordingWriter
from tests.resources._wire import api_requests, json_of, query_of

LOG_PATH = "/api/v2/log/MyAutomation"
LOG_JSON = {
    "id": "ACME_ORG-MyAutomation",
    "organizationLabel": "ACME_ORG",
    "activityLabel": "MyAutomation",
    "dateCreation": "2025-01-01T10:00:00Z",
    "columns": [
        {"name": "Items processed", "label": "items", "width": 100},
        {"name": "Status", "label": "status", "width": 200},
    ],
}
ENTRIES_JSON = [
    {"columns": {"items": "10", "status": "OK"}, "dateCreation": "2025-01-02T10:00:00Z"},
    {"columns": {"items": "3", "status": "FAILED"}, "dateCreation": "2025-01-03T10:00:00Z"},
]


async def test_list_parses_the_plain_array_of_logs(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/log").respond(200, json=[LOG_JSON])

    logs = (await resolve(client.logs.list())).parsed

    assert [log.activity_label for log in logs] == ["MyAutomation"]
    assert isinstance(logs[0], Log)


async def test_create_sends_the_python_sdk_body_with_the_organization_the_login_answered(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/log").respond(200, json=LOG_JSON)

    await resolve(
        client.logs.create(
            "MyAutomation", [Column("Items processed", "items"), Column("Status", "status", 200)]
        )
    )

    assert json_of(route.calls.last.request) == {
        "activityLabel": "MyAutomation",
        "columns": [
            {"name": "Items processed", "label": "items", "width": 100},
            {"name": "Status", "label": "status", "width": 200},
        ],
        "organizationLabel": "ACME_ORG",
    }


async def test_create_accepts_columns_as_mappings(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/log").respond(200, json=LOG_JSON)

    await resolve(client.logs.create("MyAutomation", [{"name": "Status", "label": "status"}]))

    assert json_of(route.calls.last.request)["columns"] == [
        {"name": "Status", "label": "status", "width": 100}
    ]


async def test_create_parses_the_log_and_its_columns(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/log").respond(200, json=LOG_JSON)

    log = (await resolve(client.logs.create("MyAutomation", [Column("S", "s")]))).parsed

    assert log.id == "ACME_ORG-MyAutomation"
    assert [(c.name, c.label, c.width) for c in log.columns] == [
        ("Items processed", "items", 100),
        ("Status", "status", 200),
    ]
    assert log.date_creation is not None
    assert log.date_creation.year == 2025


async def test_create_rejects_an_empty_label_and_no_columns(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.logs.create("", [])

    assert caught.value.operation == "logs.create"
    assert [e.field for e in caught.value.errors] == ["activity_label", "columns"]
    assert not api.calls


async def test_create_rejects_an_unknown_column_field(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.logs.create("MyAutomation", [{"name": "S", "label": "s", "visible": True}])

    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("columns.0.visible", "unknown field")
    ]
    assert not api.calls


def test_column_takes_name_label_and_width_by_position_or_name() -> None:
    assert Column("Items", "items", 50) == Column(name="Items", label="items", width=50)
    assert Column("Items", "items").width == 100


async def test_get_fetches_the_log_by_label(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get(LOG_PATH).respond(200, json=LOG_JSON)

    log = (await resolve(client.logs.get("MyAutomation"))).parsed

    assert route.called
    assert log.activity_label == "MyAutomation"


async def test_get_keeps_a_slash_in_the_label_inside_one_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get(url__regex=r"/api/v2/log/.*").respond(200, json=LOG_JSON)

    await resolve(client.logs.get("a/b"))

    assert route.calls.last.request.url.raw_path == b"/api/v2/log/a%2Fb"


async def test_delete_sends_delete_to_the_log(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.delete(LOG_PATH).respond(200, text="")

    response = await resolve(client.logs.delete("MyAutomation"))

    assert route.called
    assert response.parsed is None


async def test_add_entry_posts_the_values_keyed_by_column_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post(f"{LOG_PATH}/entry").respond(200, text="")

    await resolve(client.logs.add_entry("MyAutomation", {"items": 10, "status": "OK"}))

    assert json_of(route.calls.last.request) == {"items": 10, "status": "OK"}


async def test_add_entry_rejects_no_values(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.logs.add_entry("MyAutomation", {})

    assert [e.field for e in caught.value.errors] == ["values"]
    assert not api.calls


async def test_add_entry_rejects_a_value_json_cannot_carry(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="JSON values"):
        client.logs.add_entry("MyAutomation", {"when": object()})

    assert not api.calls


async def test_entries_asks_for_seven_days_by_default(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get(f"{LOG_PATH}/entry-list").respond(200, json=ENTRIES_JSON)

    entries = (await resolve(client.logs.entries("MyAutomation"))).parsed

    assert query_of(route.calls.last.request) == {"days": "7"}
    assert [entry.columns for entry in entries] == [e["columns"] for e in ENTRIES_JSON]
    assert isinstance(entries[0], LogEntry)
    assert entries[0].date_creation is not None


async def test_entries_rejects_zero_days(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.logs.entries("MyAutomation", days=0)

    assert [(e.field, e.value) for e in caught.value.errors] == [("days", "0")]
    assert not api.calls


async def test_read_fetches_the_columns_then_the_entries_and_keys_rows_by_name(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(LOG_PATH).respond(200, json=LOG_JSON)
    entries = api.get(f"{LOG_PATH}/entry-list").respond(200, json=ENTRIES_JSON)

    response = await resolve(client.logs.read("MyAutomation"))
    rows = response.parsed

    assert response.data == ENTRIES_JSON
    assert api_requests(api) == [("GET", LOG_PATH), ("GET", f"{LOG_PATH}/entry-list")]
    assert query_of(entries.calls.last.request) == {"days": "365"}
    assert rows == [
        {"Items processed": "10", "Status": "OK"},
        {"Items processed": "3", "Status": "FAILED"},
    ]


async def test_read_keeps_a_value_of_an_unknown_label_under_that_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(LOG_PATH).respond(200, json=LOG_JSON)
    api.get(f"{LOG_PATH}/entry-list").respond(200, json=[{"columns": {"items": "1", "x": "y"}}])

    rows = (await resolve(client.logs.read("MyAutomation", days=30))).parsed

    assert rows == [{"Items processed": "1", "Status": None, "x": "y"}]


async def test_read_stops_when_the_log_does_not_exist(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(LOG_PATH).respond(404, json={"message": "Log not found"})
    entries = api.get(f"{LOG_PATH}/entry-list").respond(200, json=[])

    with pytest.raises(NotFoundError, match="Log not found"):
        await resolve(client.logs.read("MyAutomation"))

    assert not entries.called


async def test_export_csv_returns_the_bytes_of_the_export_route(
    client: AnyClient, api: respx.MockRouter
) -> None:
    csv = b"Items processed,Status\r\n10,OK\r\n"
    route = api.get(f"{LOG_PATH}/export").respond(
        200, content=csv, headers={"Content-Type": "text/csv"}
    )

    response = await resolve(client.logs.export_csv("MyAutomation", days=30))

    request = route.calls.last.request
    assert query_of(request) == {"days": "30", "format": "csv"}
    assert request.headers["accept"] == "*/*"
    assert response.parsed == csv


@httpx_only("asserts the in-process body's chunk boundaries; over a socket they are the reads'")
async def test_export_csv_streams_a_large_file_to_a_path_in_chunks(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    chunks = [b"a" * CHUNK, b"b" * CHUNK, b"c" * 100]
    api.get(f"{LOG_PATH}/export").mock(
        side_effect=lambda request: httpx.Response(200, stream=Chunks(chunks))
    )
    progress: list[tuple[int, int | None]] = []

    response = await resolve(
        client.logs.export_csv(
            "MyAutomation",
            to=tmp_path / "log.csv",
            on_progress=lambda done, total: progress.append((done, total)),
        )
    )

    assert (tmp_path / "log.csv").read_bytes() == b"".join(chunks)
    assert response.parsed is None
    assert response.data == tmp_path / "log.csv"
    assert [done for done, _ in progress] == [CHUNK, 2 * CHUNK, 2 * CHUNK + 100]


@httpx_only("asserts the in-process body's chunk boundaries; over a socket they are the reads'")
async def test_export_csv_writes_to_a_binary_file_in_chunks(
    client: AnyClient, api: respx.MockRouter
) -> None:
    chunks = [b"a" * CHUNK, b"b" * CHUNK]
    api.get(f"{LOG_PATH}/export").mock(
        side_effect=lambda request: httpx.Response(200, stream=Chunks(chunks))
    )
    sink = RecordingWriter()

    await resolve(client.logs.export_csv("MyAutomation", to=sink))

    assert sink.getvalue() == b"".join(chunks)
    assert sink.writes == [CHUNK, CHUNK]


async def test_export_csv_rejects_a_directory_as_destination(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.logs.export_csv("MyAutomation", to=tmp_path)

    assert [(e.field, e.message) for e in caught.value.errors] == [("to", "is a directory")]
    assert not api.calls
