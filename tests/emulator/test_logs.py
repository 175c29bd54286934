from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from .conftest import Api

COLUMNS = [
    {"name": "Date", "label": "timestamp", "width": 300},
    {"name": "Records", "label": "records", "width": 200},
    {"name": "Status", "label": "status", "width": 100},
]
SERVED_COLUMNS = [{**column, "visible": True} for column in COLUMNS]


async def create_python_style(api: Api, label: str = "TestCI") -> Any:
    body = {"activityLabel": label, "columns": COLUMNS, "organizationLabel": "demo"}
    return await api("POST", "/api/v2/log", json=body)


async def add_entry(api: Api, values: dict[str, Any], label: str = "TestCI") -> Any:
    return await api("POST", f"/api/v2/log/{label}/entry", json=values)


async def test_create_log_with_the_python_and_js_body_answers_the_log(api: Api) -> None:
    response = await create_python_style(api)
    assert response.status_code == 200
    log = response.json()
    created = log.pop("dateCreation")
    assert created.endswith("Z")
    assert log == {
        "id": "demo-TestCI",
        "organizationLabel": "demo",
        "activityLabel": "TestCI",
        "label": "TestCI",
        "repositoryLabel": "DEFAULT",
        "columns": SERVED_COLUMNS,
    }


async def test_create_log_with_the_csharp_body_keeps_visible_and_repository(api: Api) -> None:
    columns = [{"name": "Date", "label": "timestamp", "width": 300, "visible": False}]
    body = {"label": "CSharpLog", "columns": columns, "repositoryLabel": "FINANCE"}
    log = (await api("POST", "/api/v2/log", json=body)).json()
    assert (log["activityLabel"], log["repositoryLabel"]) == ("CSharpLog", "FINANCE")
    assert log["columns"] == columns


async def test_creating_a_log_twice_is_409(api: Api) -> None:
    await create_python_style(api)
    response = await create_python_style(api)
    assert response.status_code == 409
    assert response.json()["message"] == "Log 'TestCI' already exists"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"columns": COLUMNS}, "Field 'activityLabel' is required"),
        ({"activityLabel": "x"}, "Field 'columns' is required"),
        ({"activityLabel": "x", "columns": {"a": 1}}, "Field 'columns' must be a list of columns"),
        ({"activityLabel": "x", "columns": [{"width": 9}]}, "Field 'columns[0].label' is required"),
        ({"activityLabel": "x", "columns": ["a"]}, "Field 'columns[0]' must be a JSON object"),
        (
            {"activityLabel": "x", "columns": [{"label": "a"}, {"label": "a"}]},
            "Field 'columns[1].label' repeats the column label 'a'",
        ),
    ],
)
async def test_create_log_with_an_invalid_body_is_400_naming_the_field(
    api: Api, body: dict[str, Any], message: str
) -> None:
    response = await api("POST", "/api/v2/log", json=body)
    assert response.status_code == 400
    assert response.json()["message"] == message


async def test_get_log_returns_it_with_its_columns(api: Api) -> None:
    created = (await create_python_style(api)).json()
    response = await api("GET", "/api/v2/log/TestCI")
    assert response.json() == created


async def test_get_unknown_log_is_404(api: Api) -> None:
    response = await api("GET", "/api/v2/log/Nope")
    assert response.status_code == 404
    assert response.json()["message"] == "Log 'Nope' not found"


async def test_list_logs_is_a_plain_array(api: Api) -> None:
    await create_python_style(api, "A")
    await create_python_style(api, "B")
    response = await api("GET", "/api/v2/log")
    assert [log["activityLabel"] for log in response.json()] == ["A", "B"]


async def test_delete_log_answers_200_plain_text_and_forgets_it(api: Api) -> None:
    await create_python_style(api)
    response = await api("DELETE", "/api/v2/log/TestCI")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain;charset=UTF-8"
    assert response.text == ""
    assert "TestCI" not in api.emulator.logs


async def test_add_entry_answers_200_plain_text_and_stores_it(api: Api) -> None:
    await create_python_style(api)
    values = {"timestamp": "2025-01-01_10-00", "records": "10", "status": "SUCCESS"}
    response = await add_entry(api, values)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain;charset=UTF-8"
    assert [entry["columns"] for entry in api.emulator.logs["TestCI"].entries] == [values]


async def test_add_entry_with_a_key_that_is_not_a_column_is_400(api: Api) -> None:
    await create_python_style(api)
    response = await add_entry(api, {"colour": "red"})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'colour' is not a column of this log"


async def test_add_entry_to_an_unknown_log_is_404(api: Api) -> None:
    response = await add_entry(api, {"status": "x"}, label="Nope")
    assert response.status_code == 404


async def test_entry_list_returns_columns_and_date_of_each_entry(api: Api) -> None:
    await create_python_style(api)
    await add_entry(api, {"records": "1"})
    await add_entry(api, {"records": "2", "status": "OK"})
    entries = (await api("GET", "/api/v2/log/TestCI/entry-list?days=365")).json()
    assert [entry["columns"] for entry in entries] == [
        {"records": "1"},
        {"records": "2", "status": "OK"},
    ]
    assert all(set(entry) == {"columns", "dateCreation"} for entry in entries)


async def test_entry_list_honours_days(api: Api) -> None:
    await create_python_style(api)
    await add_entry(api, {"records": "old"})
    await add_entry(api, {"records": "new"})
    old_entry = api.emulator.logs["TestCI"].entries[0]
    old_entry["dateCreation"] = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat()
    within_two = (await api("GET", "/api/v2/log/TestCI/entry-list?days=2")).json()
    within_four = (await api("GET", "/api/v2/log/TestCI/entry-list?days=4")).json()
    assert [entry["columns"]["records"] for entry in within_two] == ["new"]
    assert [entry["columns"]["records"] for entry in within_four] == ["old", "new"]


async def test_export_gives_csv_with_a_header_row_of_column_names(api: Api) -> None:
    await create_python_style(api)
    await add_entry(api, {"timestamp": "t1", "records": "10", "status": "SUCCESS"})
    await add_entry(api, {"records": "5, more", "status": None})
    response = await api("GET", "/api/v2/log/TestCI/export?days=7&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv;charset=UTF-8"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"demo-TestCI.csv\"; filename*=UTF-8''demo-TestCI.csv"
    )
    assert response.content == b'Date,Records,Status\r\nt1,10,SUCCESS\r\n,"5, more",\r\n'


async def test_export_in_another_format_is_400(api: Api) -> None:
    await create_python_style(api)
    response = await api("GET", "/api/v2/log/TestCI/export?format=xlsx")
    assert response.status_code == 400
    assert response.json()["message"] == "Parameter 'format' must be csv"


async def test_legacy_csv_route_gives_the_same_csv(api: Api) -> None:
    await create_python_style(api)
    await add_entry(api, {"records": "1"})
    legacy = await api("GET", "/api/v2/log/TestCI/csv?days=7")
    export = await api("GET", "/api/v2/log/TestCI/export?days=7&format=csv")
    assert legacy.status_code == 200
    assert legacy.content == export.content == b"Date,Records,Status\r\n,1,\r\n"
