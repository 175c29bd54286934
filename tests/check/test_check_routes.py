"""The check finds its routes in the SDK's declarations: none of the SDK's reads is left out."""

from __future__ import annotations

from typing import Any

import pytest

from maestro import Column, MaestroClient
from maestro._check._routes import NOT_RUN, SOURCES, Source, declared_routes
from maestro.testing import MaestroEmulator

from .conftest import check

# Enough to build every declared request (building sends nothing).
PLACEHOLDERS: dict[str, Any] = {
    "task_id": 1, "label": "x", "activity_label": "x", "bot_id": "x", "version": "1.0",
    "machine_id": "x", "schedule_id": 1, "workspace_id": 1, "artifact_id": 1, "error_id": 1,
    "entry_id": "x", "key": "k", "value": "v", "values": {"k": "v"}, "file": b"x",
    "columns": [Column("A", "a")], "status": "SUCCESS", "name": "x", "filename": "x.txt",
    "cron": "0 0 0 1 1 ? 2099", "title": "t", "message": "m", "type": "x",
    "subject": "s", "body": "b",
}  # fmt: skip
EXTRA_ARGUMENTS: dict[str, dict[str, Any]] = {
    "tasks.finish": {"total_items": 1, "processed_items": 1},
    "bots.upload": {"filename": "bot.zip"},
    "errors.add_attachment": {"filename": "a.txt"},
    "schedules.update": {"active": False},
    "messages.send": {"emails": ["robot@example.com"]},
}


def declared_gets() -> set[str]:
    """Every route of the SDK whose request is a GET."""
    with MaestroClient("login", "key", "https://maestro.invalid") as client:
        gets = set()
        for route in declared_routes(client):
            arguments = {name: PLACEHOLDERS[name] for name in route.required}
            arguments.update(EXTRA_ARGUMENTS.get(route.route, {}))
            if route.call(**arguments).method == "GET":
                gets.add(route.route)
    return gets


def test_every_get_route_the_sdk_declares_is_a_row_of_the_read_check() -> None:
    report = check(MaestroEmulator(strict=True))
    assert {row.route for row in report.rows} - {"login", "version"} == declared_gets()


def test_every_route_that_needs_arguments_has_a_source_or_a_reason_not_to_run() -> None:
    with MaestroClient("login", "key", "https://maestro.invalid") as client:
        needing = {route.route for route in declared_routes(client) if route.required}
    assert declared_gets() & needing == set(SOURCES) | set(NOT_RUN)


def test_a_route_whose_source_is_not_a_read_route_is_reported_not_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(SOURCES, "tasks.get", Source("tasks.create", {"task_id": ("id",)}))
    report = check(MaestroEmulator(strict=True))
    (result,) = [row for row in report.rows if row.route == "tasks.get"]
    assert (result.fits, result.note) == (
        None,
        "not called: tasks.create is not a read route of this SDK",
    )
