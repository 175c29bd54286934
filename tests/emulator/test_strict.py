"""Strict mode: a body with an unknown field, or without one the reference requires, is 400.

The `api` fixture's emulator is strict; `lenient` is a default one, for the contrast.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from maestro.testing import MaestroEmulator

from .conftest import Api

TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def lenient() -> Iterator[httpx.Client]:
    emulator = MaestroEmulator()  # lenient: the default these tests contrast with strict mode
    headers = {"token": emulator.issue_token()}
    with httpx.Client(
        transport=emulator.transport(), base_url=emulator.base_url, headers=headers
    ) as client:
        yield client


def test_an_emulator_is_lenient_unless_told_otherwise() -> None:
    # lenient: the default itself is under test
    assert (MaestroEmulator().strict, MaestroEmulator(strict=True).strict) == (False, True)


async def test_a_misspelt_field_is_400_naming_it_and_the_known_ones(api: Api) -> None:
    body = {"activityLabel": "Invoices", "priorty": 3}

    response = await api("POST", "/api/v2/task", json=body)

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Field 'priorty' is unknown here; known fields: activityLabel, parameters, test, "
        "priority, minExecutionDate"
    )
    assert api.emulator.tasks == {}


def test_a_lenient_emulator_ignores_the_misspelt_field(lenient: httpx.Client) -> None:
    response = lenient.post("/api/v2/task", json={"activityLabel": "Invoices", "priorty": 3})

    assert (response.status_code, response.json()["priority"]) == (200, 0)


async def test_a_field_every_client_sends_is_required(api: Api) -> None:
    task = await api.create_task()
    body = {"taskId": task["id"], "message": "Disk 90%", "type": "WARN"}

    response = await api("POST", "/api/v2/alerts", json=body)

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'title' is required"


def test_a_lenient_emulator_gives_the_missing_field_its_default(lenient: httpx.Client) -> None:
    task = lenient.post("/api/v2/task", json={"activityLabel": "Invoices"}).json()
    body = {"taskId": task["id"], "message": "Disk 90%", "type": "WARN"}

    response = lenient.post("/api/v2/alerts", json=body)

    assert (response.status_code, response.json()["title"]) == (200, "")


async def test_null_counts_as_given_as_the_official_sdks_send_it(api: Api) -> None:
    task = await api.create_task()
    body = {
        "taskId": task["id"],
        "type": "ValueError",
        "message": "boom",
        "stackTrace": None,
        "language": "PYTHON",
        "tags": None,
    }

    response = await api("POST", "/api/v2/error", json=body)

    assert (response.status_code, response.json()["tags"]) == (201, {})


async def test_an_unknown_field_inside_a_list_item_is_named_with_its_place(api: Api) -> None:
    body = {"activityLabel": "Invoices", "columns": [{"label": "a"}, {"label": "b", "size": 9}]}

    response = await api("POST", "/api/v2/log", json=body)

    assert response.status_code == 400
    assert response.json()["message"].startswith("Field 'columns[1].size' is unknown here")


async def test_the_response_spelling_of_a_field_is_unknown_in_a_request(api: Api) -> None:
    task = await api.create_task()
    body = {"taskId": task["id"], "name": "report", "fileName": "report.csv"}

    response = await api("POST", "/api/v2/artifact", json=body)

    assert response.status_code == 400
    assert response.json()["message"].startswith("Field 'fileName' is unknown here")


def test_a_lenient_emulator_reads_the_response_spelling(lenient: httpx.Client) -> None:
    task = lenient.post("/api/v2/task", json={"activityLabel": "Invoices"}).json()
    body = {"taskId": task["id"], "name": "report", "fileName": "report.csv"}

    response = lenient.post("/api/v2/artifact", json=body)

    assert response.json()["fileName"] == "report.csv"


async def test_a_login_with_an_unknown_field_is_400(api: Api) -> None:
    body = {"login": "demo", "key": "demo-key", "organization": "demo"}

    response = await api("POST", "/api/v2/workspace/login", json=body, auth=False)

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Field 'organization' is unknown here; known fields: login, key"
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v2/task", {"activityLabel": "Payroll"}),
        ("/api/v2/datapool", {"label": "pool", "defaultAutomation": "Payroll"}),
        (
            "/api/v2/scheduling",
            {
                "activityLabel": "Payroll",
                "repositoryLabel": "DEFAULT",
                "cron": "0 0 13 ? * *",
                "scheduleStrategy": "daily",
                "parameters": {},
            },
        ),
    ],
)
async def test_naming_an_automation_the_workspace_lacks_is_404(
    api: Api, path: str, body: dict[str, object]
) -> None:
    response = await api("POST", path, json=body)

    assert response.status_code == 404
    assert response.json()["message"] == "Automation 'Payroll' not found"


async def test_a_datapool_update_naming_an_automation_the_workspace_lacks_is_404(
    api: Api,
) -> None:
    await api("POST", "/api/v2/datapool", json={"label": "pool"})

    response = await api(
        "POST", "/api/v2/datapool/pool", json={"label": "pool", "defaultAutomation": "Payroll"}
    )

    assert response.status_code == 404
    assert api.emulator.datapools["pool"]["defaultActivity"] is None


def test_a_lenient_emulator_refuses_an_unknown_automation_too(lenient: httpx.Client) -> None:
    response = lenient.post("/api/v2/task", json={"activityLabel": "Payroll"})

    assert response.status_code == 404


def lenient_emulators_in(path: Path) -> list[str]:
    """Where a file builds a ``MaestroEmulator`` without ``strict=True`` and no ``# lenient``.

    The comment goes on the call's lines or the line above, and says why the default is used.
    """
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "MaestroEmulator"
        ):
            continue
        strict = any(
            keyword.arg == "strict"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in node.keywords
        )
        end = node.end_lineno or node.lineno
        nearby = lines[max(node.lineno - 2, 0) : end]
        if not strict and not any("# lenient" in line for line in nearby):
            found.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    return found


def test_every_emulator_the_tests_build_is_strict_unless_it_says_why_not() -> None:
    files = sorted(TESTS.rglob("*.py"))

    assert len(files) > 50
    assert [place for path in files for place in lenient_emulators_in(path)] == []
