"""`maestro check` against an emulator whose answers a test alters: each difference is reported."""

from __future__ import annotations

from typing import Any

import httpx

from maestro._check._compare import OtherType
from maestro.testing import MaestroEmulator

from .conftest import AlteringTransport, check, row


def renaming(path: str, old: str, new: str) -> Any:
    """Rename a field of the answers to ``GET path`` (of each item of a page)."""

    def alter(request: httpx.Request, data: Any) -> Any:
        if request.method != "GET" or request.url.path != path:
            return data
        items = data["content"] if isinstance(data, dict) and "content" in data else [data]
        for item in items:
            item[new] = item.pop(old)
        return data

    return alter


def test_a_renamed_required_field_is_missing_and_sent_instead_and_the_route_does_not_fit(
    emulator: MaestroEmulator,
) -> None:
    alter = renaming("/api/v2/credential/bank", "label", "name")
    report = check(emulator, transport=AlteringTransport(emulator, alter))
    result = row(report, "credentials.get")
    assert (result.fits, result.comparison.missing, result.comparison.server_only) == (
        False,
        ["label"],
        ["name"],
    )
    assert report.exit_code == 1


def test_a_renamed_optional_field_is_reported_as_not_sent_and_sent_instead(
    emulator: MaestroEmulator,
) -> None:
    alter = renaming("/api/v2/task", "activityLabel", "automationLabel")
    report = check(emulator, transport=AlteringTransport(emulator, alter))
    result = row(report, "tasks.list")
    assert result.comparison.not_sent == ["content[].activityLabel"]
    assert result.comparison.server_only == ["content[].automationLabel"]
    assert (result.fits, row(report, "tasks.get").comparison.not_sent) == (True, [])


def test_an_extra_field_is_reported_and_the_route_still_fits(emulator: MaestroEmulator) -> None:
    def alter(request: httpx.Request, data: Any) -> Any:
        if request.url.path == "/api/v2/activity/demo-invoices":
            data["robotCount"] = 3
        return data

    report = check(emulator, transport=AlteringTransport(emulator, alter))
    result = row(report, "automations.get")
    assert (result.fits, result.comparison.server_only) == (True, ["robotCount"])
    assert report.exit_code == 0


def test_a_field_of_another_type_is_reported_with_both_types(emulator: MaestroEmulator) -> None:
    def alter(request: httpx.Request, data: Any) -> Any:
        if request.url.path == "/api/v2/task":
            for task in data["content"]:
                task["priority"] = str(task["priority"])
        return data

    report = check(emulator, transport=AlteringTransport(emulator, alter))
    result = row(report, "tasks.list")
    assert (result.fits, result.comparison.other_type) == (
        False,
        [OtherType("content[].priority", "integer or null", "string")],
    )


def ignoring(path: str, parameter: str) -> Any:
    """A server that ignores one query parameter of ``GET path``."""

    def rewrite(request: httpx.Request) -> httpx.Request:
        if request.url.path != path:
            return request
        url = request.url.copy_remove_param(parameter)
        return httpx.Request(request.method, url, headers=request.headers)

    return rewrite


def test_a_list_route_that_ignores_page_is_reported(emulator: MaestroEmulator) -> None:
    rewrite = ignoring("/api/v2/machine/pagination", "page")
    report = check(emulator, transport=AlteringTransport(emulator, rewrite=rewrite))
    result = row(report, "runners.list")
    assert (result.fits, result.paging, result.paging_note) == (True, False, "ignores page")
    assert report.exit_code == 1


def test_a_list_route_that_ignores_size_is_reported(emulator: MaestroEmulator) -> None:
    rewrite = ignoring("/api/v2/task", "size")
    report = check(emulator, transport=AlteringTransport(emulator, rewrite=rewrite))
    # Page 1 at the server's default size of 20 is empty: the second task is not on it.
    assert (row(report, "tasks.list").paging, row(report, "tasks.list").paging_note) == (
        False,
        "page 1 with size 1 is not the second item of the first page",
    )


def test_a_route_the_server_does_not_have_does_not_fit_and_says_what_it_answered(
    emulator: MaestroEmulator,
) -> None:
    def missing_route(request: httpx.Request) -> httpx.Request:
        if request.url.path.startswith("/api/v2/workspaces"):
            return httpx.Request(
                "GET", request.url.copy_with(path="/api/v2/nowhere"), headers=request.headers
            )
        return request

    report = check(emulator, transport=AlteringTransport(emulator, rewrite=missing_route))
    result = row(report, "workspaces.list")
    assert (result.status, result.fits) == (404, False)
    assert result.note.startswith("404 ")
    assert row(report, "workspaces.get").note == "not called: workspaces.list did not answer"


def test_an_answer_the_sdk_cannot_read_does_not_fit(emulator: MaestroEmulator) -> None:
    def alter(request: httpx.Request, data: Any) -> Any:
        if request.url.path == "/api/v2/maestro/version":
            return ["3.4.0"]
        return data

    report = check(emulator, transport=AlteringTransport(emulator, alter))
    result = row(report, "version")
    assert (result.fits, result.note) == (
        False,
        "the SDK cannot read this answer (reading `parsed` raises)",
    )
    assert result.comparison.other_type == [OtherType("(body)", "object", "array")]
