"""Errors: list, iterate, get, create, report, add_screenshot, add_attachment."""

from __future__ import annotations

import getpass
import importlib.metadata
import platform
from pathlib import Path

import httpx
import pytest
import respx

from maestro import ErrorReport, RequestValidationError, ServerError
from maestro.resources import errors as errors_module
from tests.conftest import AnyClient, collect, resolve
from tests.resources._bot_helpers import CHUNK, RecordingReader, parts_of
from tests.resources._wire import api_requests, json_of, page_json, query_of

ERROR_JSON = {
    "id": 5,
    "taskId": 42,
    "type": "ValueError",
    "message": "bad input",
    "stackTrace": "Traceback...",
    "language": "PYTHON",
    "tags": {"env": "prod"},
    "dateCreation": "2025-01-01T10:00:00Z",
}
DEFAULT_TAGS = {"user_name", "host_name", "os_name", "os_version", "python_version"}


@pytest.fixture
def report_routes(api: respx.MockRouter) -> dict[str, respx.Route]:
    return {
        "create": api.post("/api/v2/error").respond(201, json=ERROR_JSON),
        "screenshot": api.post("/api/v2/error/5/screenshot").respond(200, json=ERROR_JSON),
        "attachments": api.post("/api/v2/error/5/attachments").respond(200, json=ERROR_JSON),
    }


def raised(exception: BaseException) -> BaseException:
    """``exception`` with a traceback, as a bot catches it."""
    try:
        raise exception
    except BaseException as caught:
        return caught


# -- list, iterate, get ------------------------------------------------------------------------


async def test_list_sends_page_and_size_without_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/error").respond(200, json=page_json([]))

    await resolve(client.errors.list())

    assert query_of(route.calls.last.request) == {"page": "0", "size": "50"}


async def test_list_sends_the_filters_the_dashboard_uses(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/error").respond(200, json=page_json([ERROR_JSON]))

    page = (
        await resolve(
            client.errors.list(page=1, size=10, days=30, task_id=42, automation_label="Bot")
        )
    ).parsed

    assert query_of(route.calls.last.request) == {
        "page": "1",
        "size": "10",
        "days": "30",
        "taskId": "42",
        "automationLabel": "Bot",
    }
    assert isinstance(page.content[0], ErrorReport)
    assert page.content[0].tags == {"env": "prod"}


async def test_list_rejects_an_empty_automation_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.errors.list(automation_label="")

    assert caught.value.operation == "errors.list"
    assert [e.field for e in caught.value.errors] == ["automation_label"]
    assert not api.calls


async def test_iterate_walks_every_page_keeping_the_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "0":
            return httpx.Response(200, json=page_json([{**ERROR_JSON, "id": 1}], last=False))
        return httpx.Response(200, json=page_json([{**ERROR_JSON, "id": 2}], number=1))

    route = api.get("/api/v2/error").mock(side_effect=pages)

    reports = await collect(client.errors.iterate(days=3, page_size=1))

    assert [report.id for report in reports] == [1, 2]
    assert [query_of(call.request) for call in route.calls] == [
        {"page": "0", "size": "1", "days": "3"},
        {"page": "1", "size": "1", "days": "3"},
    ]


async def test_get_fetches_one_error(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/error/5").respond(200, json=ERROR_JSON)

    report = (await resolve(client.errors.get(5))).parsed

    assert (report.id, report.task_id, report.type, report.stack_trace) == (
        5,
        42,
        "ValueError",
        "Traceback...",
    )


# -- create ----------------------------------------------------------------------------------


async def test_create_sends_every_field_and_parses_the_201(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    response = await resolve(
        client.errors.create(
            42, type="KeyError", message="'x'", stack_trace="line 1", tags={"env": "prod"}
        )
    )

    assert json_of(report_routes["create"].calls.last.request) == {
        "taskId": 42,
        "type": "KeyError",
        "message": "'x'",
        "stackTrace": "line 1",
        "language": "PYTHON",
        "tags": {"env": "prod"},
    }
    assert response.status_code == 201
    assert response.parsed.id == 5


async def test_create_rejects_an_empty_type_and_a_tag_that_is_not_text(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.errors.create(42, type="", message="m", tags={"attempt": 3})  # type: ignore[dict-item]

    assert [e.field for e in caught.value.errors] == ["type", "tags.attempt"]
    assert not api.calls


# -- report ----------------------------------------------------------------------------------


async def test_report_sends_the_error_then_screenshot_then_attachments_then_piplist(
    client: AnyClient,
    api: respx.MockRouter,
    report_routes: dict[str, respx.Route],
    tmp_path: Path,
) -> None:
    screenshot = tmp_path / "screen.png"
    screenshot.write_bytes(b"\x89PNG")
    attachment = tmp_path / "input.csv"
    attachment.write_bytes(b"a,b\n")

    response = await resolve(
        client.errors.report(
            42, raised(ValueError("bad input")), screenshot=screenshot, attachments=[attachment]
        )
    )

    assert api_requests(api) == [
        ("POST", "/api/v2/error"),
        ("POST", "/api/v2/error/5/screenshot"),
        ("POST", "/api/v2/error/5/attachments"),
        ("POST", "/api/v2/error/5/attachments"),
    ]
    [shot] = parts_of(report_routes["screenshot"].calls.last.request)
    assert (shot.name, shot.filename, shot.content) == ("file", "screen.png", b"\x89PNG")
    first, second = (parts_of(call.request)[0] for call in report_routes["attachments"].calls)
    assert (first.name, first.filename, first.content) == ("file", "input.csv", b"a,b\n")
    assert (second.name, second.filename) == ("file", "piplist.txt")
    assert response.parsed.id == 5


async def test_report_sends_type_message_traceback_and_language(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(
        client.errors.report(42, raised(ValueError("bad input")), include_environment=False)
    )

    body = json_of(report_routes["create"].calls.last.request)
    assert (body["taskId"], body["type"], body["message"], body["language"]) == (
        42,
        "ValueError",
        "bad input",
        "PYTHON",
    )
    assert body["stackTrace"].startswith("Traceback (most recent call last):\n")
    assert "in raised\n" in body["stackTrace"]
    assert body["stackTrace"].endswith("ValueError: bad input\n")


async def test_report_merges_the_default_tags_under_the_callers(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(
        client.errors.report(
            42,
            raised(RuntimeError("x")),
            tags={"host_name": "bot-host", "env": "prod"},
            include_environment=False,
        )
    )

    tags = json_of(report_routes["create"].calls.last.request)["tags"]
    assert set(tags) == DEFAULT_TAGS | {"env"}
    assert tags["host_name"] == "bot-host"
    assert tags["env"] == "prod"
    assert tags["os_name"] == platform.system()
    assert tags["python_version"] == platform.python_version()


def test_default_tags_survive_a_missing_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_user)

    tags = errors_module.default_error_tags()

    assert tags["user_name"] == ""
    assert set(tags) == DEFAULT_TAGS


async def test_report_lists_the_installed_packages_in_piplist(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(client.errors.report(42, raised(ValueError("x"))))

    [piplist] = parts_of(report_routes["attachments"].calls.last.request)
    lines = piplist.content.decode().splitlines()
    assert f"httpx=={importlib.metadata.version('httpx')}" in lines
    assert f"pydantic=={importlib.metadata.version('pydantic')}" in lines
    names = [line.split("==")[0] for line in lines]
    assert names == sorted(names)
    assert piplist.content_type == "text/plain"


async def test_report_without_environment_or_files_sends_only_the_error(
    client: AnyClient, api: respx.MockRouter, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(client.errors.report(42, raised(ValueError("x")), include_environment=False))

    assert api_requests(api) == [("POST", "/api/v2/error")]


async def test_report_names_a_screenshot_given_as_bytes_as_a_png(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(
        client.errors.report(
            42, raised(ValueError("x")), screenshot=b"\x89PNG", include_environment=False
        )
    )

    [shot] = parts_of(report_routes["screenshot"].calls.last.request)
    assert (shot.filename, shot.content_type) == ("screenshot.png", "image/png")


async def test_report_rejects_a_missing_attachment_before_sending_anything(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    present = tmp_path / "a.txt"
    present.write_text("a")

    with pytest.raises(RequestValidationError) as caught:
        client.errors.report(
            42, raised(ValueError("x")), attachments=[present, tmp_path / "missing.txt"]
        )

    assert caught.value.operation == "errors.report"
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("attachments.1", "no such file")
    ]
    assert not api.calls


async def test_report_rejects_something_that_is_not_an_exception(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.errors.report(42, "boom")  # type: ignore[arg-type]

    assert [(e.field, e.value) for e in caught.value.errors] == [("exception", "'boom'")]
    assert not api.calls


async def test_report_sends_no_file_when_creating_the_error_fails(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/error").respond(500, json={"message": "boom"})

    with pytest.raises(ServerError):
        await resolve(client.errors.report(42, raised(ValueError("x")), screenshot=b"png"))

    assert api_requests(api) == [("POST", "/api/v2/error")]  # a creating POST is never resent


# -- add_screenshot, add_attachment ----------------------------------------------------------


async def test_add_screenshot_sends_the_file_as_part_file(
    client: AnyClient, report_routes: dict[str, respx.Route], tmp_path: Path
) -> None:
    path = tmp_path / "shot.jpg"
    path.write_bytes(b"jpeg")

    await resolve(client.errors.add_screenshot(5, path))

    [part] = parts_of(report_routes["screenshot"].calls.last.request)
    assert (part.name, part.filename, part.content_type, part.content) == (
        "file",
        "shot.jpg",
        "image/jpeg",
        b"jpeg",
    )


async def test_add_attachment_uses_the_given_filename(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    await resolve(client.errors.add_attachment(5, b"log text", filename="run.log"))

    [part] = parts_of(report_routes["attachments"].calls.last.request)
    assert (part.name, part.filename, part.content) == ("file", "run.log", b"log text")


async def test_add_attachment_rejects_bytes_without_a_filename(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.errors.add_attachment(5, b"log text")

    assert caught.value.operation == "errors.add_attachment"
    assert [e.field for e in caught.value.errors] == ["file"]
    assert not api.calls


async def test_add_attachment_streams_a_large_file_in_chunks(
    client: AnyClient, report_routes: dict[str, respx.Route]
) -> None:
    data = b"z" * (3 * CHUNK + 7)
    source = RecordingReader(data, name="dump.bin")

    await resolve(client.errors.add_attachment(5, source))

    [part] = parts_of(report_routes["attachments"].calls.last.request)
    assert (part.filename, part.content) == ("dump.bin", data)
    assert max(source.reads) <= CHUNK
    assert len(source.reads) > 1
