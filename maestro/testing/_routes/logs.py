"""Execution logs (§4.2): a log of custom columns per automation, its entries, CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from maestro.testing._paging import filter_days
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredLog
from maestro.testing._wire import (
    Request,
    Response,
    attachment_disposition,
    bool_field,
    bytes_response,
    error,
    int_field,
    json_response,
    string_field,
    text_response,
)

router = Router()


@router.post("/api/v2/log")
def create_log(request: Request, state: EmulatorState) -> Response:
    """L1: create a log from the Py/JS body or the C# body.

    Py/JS send ``activityLabel`` and ``organizationLabel``; C# sends ``label``,
    ``repositoryLabel`` and columns with ``visible``.
    """
    body = request.json_object()
    name = "activityLabel" if "activityLabel" in body or "label" not in body else "label"
    label = string_field(body, name, required=True, allow_empty=False)
    assert label is not None
    columns = _columns(body)
    if label in state.logs:
        raise error(409, f"Log '{label}' already exists")
    log = {
        "id": f"{state.organization}-{label}",
        "organizationLabel": state.organization,
        "activityLabel": label,
        "label": label,
        "repositoryLabel": string_field(body, "repositoryLabel", default="DEFAULT"),
        "dateCreation": state.timestamp(),
        "columns": columns,
    }
    state.logs[label] = StoredLog(log)
    return json_response(log)


def _columns(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = body.get("columns")
    if not isinstance(value, list):
        raise error(400, "Field 'columns' is required and must be a list of columns")
    columns: list[dict[str, Any]] = []
    for index, column in enumerate(value):
        if not isinstance(column, dict):
            raise error(400, f"Field 'columns[{index}]' must be a JSON object")
        where = f"columns[{index}]"
        label = string_field(column, "label", required=True, allow_empty=False)
        if any(existing["label"] == label for existing in columns):
            raise error(400, f"Field '{where}.label' repeats the column label '{label}'")
        columns.append(
            {
                "name": string_field(column, "name", default=label),
                "label": label,
                "width": int_field(column, "width", minimum=0),
                "visible": bool_field(column, "visible", default=True),
            }
        )
    return columns


def _stored_log(request: Request, state: EmulatorState) -> StoredLog:
    label = request.params["label"]
    stored = state.logs.get(label)
    if stored is None:
        raise error(404, f"Log '{label}' not found")
    return stored


@router.get("/api/v2/log")
def list_logs(request: Request, state: EmulatorState) -> Response:
    """L8: every log, as a plain array."""
    return json_response([stored.log for stored in state.logs.values()])


@router.get("/api/v2/log/{label}")
def get_log(request: Request, state: EmulatorState) -> Response:
    """L2: one log with its columns."""
    return json_response(_stored_log(request, state).log)


@router.delete("/api/v2/log/{label}")
def delete_log(request: Request, state: EmulatorState) -> Response:
    """L3: delete a log and its entries; 200 with an empty plain-text body."""
    stored = _stored_log(request, state)
    del state.logs[stored.log["activityLabel"]]
    return text_response("")


@router.post("/api/v2/log/{label}/entry")
def add_entry(request: Request, state: EmulatorState) -> Response:
    """L4: add an entry; body keys are column labels. 200 with an empty plain-text body."""
    stored = _stored_log(request, state)
    values = request.json_object()
    known = {column["label"] for column in stored.columns}
    for key in values:
        if key not in known:
            raise error(400, f"Field '{key}' is not a column of this log")
    stored.entries.append({"columns": values, "dateCreation": state.timestamp()})
    return text_response("")


@router.get("/api/v2/log/{label}/entry-list")
def list_entries(request: Request, state: EmulatorState) -> Response:
    """L5: entries of the last ``days`` days (all without ``days``), oldest first, as an array."""
    stored = _stored_log(request, state)
    return json_response(filter_days(stored.entries, request.query, "dateCreation"))


@router.get("/api/v2/log/{label}/export")
def export_csv(request: Request, state: EmulatorState) -> Response:
    """L6: entries as CSV (``format=csv``, the only format), a header row of column names."""
    file_format = (request.query_value("format") or "csv").lower()
    if file_format != "csv":
        raise error(400, "Parameter 'format' must be csv")
    return _csv_response(request, state)


@router.get("/api/v2/log/{label}/csv")
def legacy_csv(request: Request, state: EmulatorState) -> Response:
    """L7 (LEGACY route, kept for old clients): the same CSV as ``export``."""
    return _csv_response(request, state)


def _csv_response(request: Request, state: EmulatorState) -> Response:
    stored = _stored_log(request, state)
    entries = filter_days(stored.entries, request.query, "dateCreation")
    return bytes_response(
        _csv(stored.columns, entries).encode("utf-8"),
        "text/csv;charset=UTF-8",
        headers={"Content-Disposition": attachment_disposition(f"{stored.log['id']}.csv")},
    )


def _csv(columns: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column["name"] for column in columns])
    for entry in entries:
        values = entry["columns"]
        writer.writerow([_cell(values.get(column["label"])) for column in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
