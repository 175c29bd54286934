"""Execution logs: a log of custom columns per automation, its entries, CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from maestro.testing._bodies import Body, Flag, Integer, Items, Text
from maestro.testing._paging import filter_days
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, StoredLog
from maestro.testing._wire import (
    Request,
    Response,
    attachment_disposition,
    bytes_response,
    error,
    json_response,
    text_response,
)

router = Router()

COLUMN = Body(
    name=Text(),
    label=Text(required=True, allow_empty=False),
    width=Integer(minimum=0),
    visible=Flag(default=True),
)
"""A log column; ``visible`` is sent by the C# SDK only, ``name`` defaults to the label."""

CREATE_LOG = Body(
    activityLabel=Text(allow_empty=False),
    organizationLabel=Text(),
    label=Text(allow_empty=False),
    repositoryLabel=Text(default="DEFAULT"),
    columns=Items(item=COLUMN, required=True, noun="columns"),
)
"""The Python and JS SDKs send ``activityLabel`` and ``organizationLabel``; the C# SDK
``label`` and ``repositoryLabel``."""


@router.post("/api/v2/log")
def create_log(request: Request, state: EmulatorState) -> Response:
    """Create a log from the Py/JS body or the C# body."""
    fields = CREATE_LOG.read(request, state)
    label = fields["activityLabel"] or fields["label"]
    if label is None:
        raise error(400, "Field 'activityLabel' is required")
    columns = _columns(fields["columns"])
    if label in state.logs:
        raise error(409, f"Log '{label}' already exists")
    log = {
        "id": f"{state.organization}-{label}",
        "organizationLabel": state.organization,
        "activityLabel": label,
        "label": label,
        "repositoryLabel": fields["repositoryLabel"],
        "dateCreation": state.timestamp(),
        "columns": columns,
    }
    state.logs[label] = StoredLog(log)
    return json_response(log)


def _columns(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The columns as served: ``name`` filled in from the label; a label used twice is 400."""
    seen: set[str] = set()
    for index, column in enumerate(columns):
        if column["label"] in seen:
            raise error(
                400, f"Field 'columns[{index}].label' repeats the column label '{column['label']}'"
            )
        seen.add(column["label"])
        column["name"] = column["name"] or column["label"]
    return columns


def _stored_log(request: Request, state: EmulatorState) -> StoredLog:
    label = request.params["label"]
    stored = state.logs.get(label)
    if stored is None:
        raise error(404, f"Log '{label}' not found")
    return stored


@router.get("/api/v2/log")
def list_logs(request: Request, state: EmulatorState) -> Response:
    """Every log, as a plain array."""
    return json_response([stored.log for stored in state.logs.values()])


@router.get("/api/v2/log/{label}")
def get_log(request: Request, state: EmulatorState) -> Response:
    """One log with its columns."""
    return json_response(_stored_log(request, state).log)


@router.delete("/api/v2/log/{label}")
def delete_log(request: Request, state: EmulatorState) -> Response:
    """Delete a log and its entries; 200 with an empty plain-text body."""
    stored = _stored_log(request, state)
    del state.logs[stored.log["activityLabel"]]
    return text_response("")


@router.post("/api/v2/log/{label}/entry")
def add_entry(request: Request, state: EmulatorState) -> Response:
    """Add an entry; body keys are column labels. 200 with an empty plain-text body."""
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
    """Entries of the last ``days`` days (all without ``days``), oldest first, as an array."""
    stored = _stored_log(request, state)
    return json_response(filter_days(stored.entries, request.query, "dateCreation"))


@router.get("/api/v2/log/{label}/export")
def export_csv(request: Request, state: EmulatorState) -> Response:
    """Entries as CSV (``format=csv``, the only format), a header row of column names."""
    file_format = (request.query_value("format") or "csv").lower()
    if file_format != "csv":
        raise error(400, "Parameter 'format' must be csv")
    return _csv_response(request, state)


@router.get("/api/v2/log/{label}/csv")
def legacy_csv(request: Request, state: EmulatorState) -> Response:
    """The same CSV as ``export``, at the older path that old clients call."""
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
