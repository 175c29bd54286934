"""Datapools: pools, their entries, pull order and the entry state machine.

Push creates ``PENDING`` entries; pull hands out the next ``PENDING`` one, highest priority
first (10 is highest), then by the pool's policy (``FIFO``: oldest first, ``LIFO``: newest
first), and moves it to ``PROCESSING``; 204 when none is pending, 409 when the pool is
inactive (pushes are still accepted, as the docs say). Entry updates follow the transitions
BotCity's SDK allows (``PENDING -> PROCESSING | CANCELED``, ``PROCESSING -> TIMEOUT | DONE |
ERROR``, ``TIMEOUT -> DONE | ERROR``); others are 409. ``autoRetry``, ``abortOnError`` and
``maxErrorsBeforeInactive`` are stored, not acted on; ``TIMEOUT`` is a server-side move
(:func:`time_out_entry`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from maestro.testing._paging import filter_equal, page
from maestro.testing._router import Router
from maestro.testing._routes._datapool_bodies import (
    CANCEL_ENTRY,
    CREATE_POOL,
    ENTRY_STATES,
    FINAL_STATES,
    PUSH_ENTRY,
    TRANSITIONS,
    UPDATE_ENTRY,
    UPDATE_POOL,
    pool_fields,
    unique_and_display,
)
from maestro.testing._state import EmulatorState, StoredDatapool
from maestro.testing._wire import (
    Request,
    Response,
    empty_response,
    error,
    json_response,
    parse_datetime,
    text_response,
)

router = Router()


# -- pools ---------------------------------------------------------------------------------


@router.post("/api/v2/datapool")
def create_datapool(request: Request, state: EmulatorState) -> Response:
    """Create a pool; 409 for a label in use or used before (labels are never reused)."""
    fields = CREATE_POOL.read(request, state)
    label = fields["label"]
    served = pool_fields(fields, state)
    if label in state.used_datapool_labels:
        raise error(409, f"Datapool label '{label}' is already in use or was used before")
    pool = {"id": state.next_id("datapool"), "label": label, **served}
    state.datapools[label] = StoredDatapool(pool)
    state.used_datapool_labels.add(label)
    return json_response(pool)


@router.get("/api/v2/datapool")
def list_datapools(request: Request, state: EmulatorState) -> Response:
    """A page of pools, in creation order, each with ``itemCount`` (its entries)."""
    pools = [
        {**stored.pool, "itemCount": len(stored.entries)} for stored in state.datapools.values()
    ]
    return json_response(page(pools, request.query))


@router.get("/api/v2/datapool/{label}")
def get_datapool(request: Request, state: EmulatorState) -> Response:
    """One pool."""
    return json_response(_stored(request, state).pool)


@router.post("/api/v2/datapool/{label}")
def update_datapool(request: Request, state: EmulatorState) -> Response:
    """Replace a pool's fields with the full body (activate, deactivate, update)."""
    stored = _stored(request, state)
    fields = UPDATE_POOL.read(request, state)
    label = fields["label"]
    if label is not None and label != stored.pool["label"]:
        raise error(400, f"Field 'label' must be '{stored.pool['label']}', the path's label")
    stored.pool.update(pool_fields(fields, state))
    return json_response(stored.pool)


@router.delete("/api/v2/datapool/{label}")
def delete_datapool(request: Request, state: EmulatorState) -> Response:
    """Delete a pool and its entries; 200, empty body. The label stays used."""
    stored = _stored(request, state)
    del state.datapools[stored.pool["label"]]
    return text_response("")


@router.get("/api/v2/datapool/{label}/summary")
def summary(request: Request, state: EmulatorState) -> Response:
    """The counters BotCity's C# SDK reads; ``avgDone`` in seconds from pull to DONE."""
    stored = _stored(request, state)
    entries = list(stored.entries.values())
    counts = dict.fromkeys(ENTRY_STATES, 0)
    for entry in entries:
        counts[entry["state"]] += 1
    durations = [_seconds(entry) for entry in entries if entry["state"] == "DONE"]
    known = [duration for duration in durations if duration is not None]
    return json_response(
        {
            "countPending": counts["PENDING"],
            "countProcessing": counts["PROCESSING"],
            "countDone": counts["DONE"],
            "avgDone": sum(known) / len(known) if known else 0.0,
            "countTimeout": counts["TIMEOUT"],
            "active": stored.pool["active"],
        }
    )


def _seconds(entry: Mapping[str, Any]) -> float | None:
    if not entry.get("dateProcessing") or not entry.get("dateFinished"):
        return None
    started: datetime = parse_datetime(entry["dateProcessing"])
    return (parse_datetime(entry["dateFinished"]) - started).total_seconds()


@router.get("/api/v2/datapool/{label}/view")
def view(request: Request, state: EmulatorState) -> Response:
    """A page of a pool's entries in push order; ``displayValue`` filters exactly."""
    entries = list(_stored(request, state).entries.values())
    entries_shown = filter_equal(entries, request.query, {"displayValue": "displayValue"})
    return json_response(page(entries_shown, request.query))


# -- entries -------------------------------------------------------------------------------


@router.post("/api/v2/datapool/{label}/push")
def push(request: Request, state: EmulatorState) -> Response:
    """Add a ``PENDING`` entry; values are checked against the schema."""
    stored = _stored(request, state)
    fields = PUSH_ENTRY.read(request, state)
    values = fields["values"]
    unique_key, display_value = unique_and_display(stored.pool, values)
    if unique_key is not None and any(
        entry["uniqueKey"] == unique_key for entry in stored.entries.values()
    ):
        raise error(409, f"An entry with unique key '{unique_key}' already exists")
    entry: dict[str, Any] = {
        "id": state.new_uuid(),
        "dataPoolLabel": stored.pool["label"],
        "state": "PENDING",
        "values": values,
        "priority": fields["priority"],
        "uniqueKey": unique_key,
        "displayValue": display_value,
        "message": None,
        "errorType": None,
        "retryIndex": 0,
        "runner": None,
        "taskId": None,
        "parent": None,
        "child": None,
        "dateRegister": state.timestamp(),
        "dateProcessing": None,
        "dateFinished": None,
    }
    stored.entries[entry["id"]] = entry
    return json_response(entry)


@router.get("/api/v2/datapool/{label}/pull")
def pull(request: Request, state: EmulatorState) -> Response:
    """The next PENDING entry, now PROCESSING; 204 when none; 409 when the pool is off."""
    stored = _stored(request, state)
    if not stored.pool["active"]:
        raise error(409, f"Datapool '{stored.pool['label']}' is inactive")
    pending = [entry for entry in stored.entries.values() if entry["state"] == "PENDING"]
    if not pending:
        return empty_response()
    if stored.pool["consumptionPolicy"] == "LIFO":
        pending.reverse()
    # max() keeps the first of equal priorities: push order for FIFO, reversed for LIFO.
    entry = max(pending, key=lambda item: item["priority"])
    _move(entry, "PROCESSING", state)
    return json_response(entry)


@router.get("/api/v2/datapool/{label}/entry/{entry_id}")
def get_entry(request: Request, state: EmulatorState) -> Response:
    """One entry."""
    return json_response(_entry(request, state))


@router.post("/api/v2/datapool/{label}/entry/{entry_id}")
def update_entry(request: Request, state: EmulatorState) -> Response:
    """Update an entry (report DONE, ERROR...); a disallowed state change is 409."""
    stored = _stored(request, state)
    entry = _entry(request, state)
    fields = UPDATE_ENTRY.read(request, state, partial=True)
    target = fields.get("state") or entry["state"]
    changes = _entry_changes(stored, fields)
    if target == entry["state"] and target in FINAL_STATES:
        raise error(409, f"Entry '{entry['id']}' is {target} and cannot change any more")
    if target != entry["state"] and target not in TRANSITIONS.get(entry["state"], ()):
        raise error(409, f"Entry '{entry['id']}' is {entry['state']} and cannot move to {target}")
    entry.update(changes)
    if target != entry["state"]:
        _move(entry, target, state)
    return json_response(entry)


def _entry_changes(stored: StoredDatapool, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The entry fields an update sets, from the fields present in its body."""
    pool_label = fields.get("dataPoolLabel") or fields.get("datapoolLabel")
    if pool_label is not None and pool_label != stored.pool["label"]:
        raise error(400, f"Field 'dataPoolLabel' must be '{stored.pool['label']}'")
    changes = {
        name: fields[name]
        for name in ("priority", "errorType", "retryIndex", "message", "runner", "parent", "child")
        if name in fields
    }
    values = fields.get("values")
    if values is not None:
        changes["values"] = values
        changes["uniqueKey"], changes["displayValue"] = unique_and_display(stored.pool, values)
    task_id = fields.get("taskId")
    if task_id is not None:
        if isinstance(task_id, bool) or not isinstance(task_id, (str, int)):
            raise error(400, "Field 'taskId' must be a task id")
        changes["taskId"] = str(task_id)
    return changes


@router.put("/api/v2/datapool/{label}/entry/{entry_id}/cancel")
def cancel_entry(request: Request, state: EmulatorState) -> Response:
    """Cancel a PENDING entry (``{"state": "CANCELED", "message": ...}``); else 409."""
    entry = _entry(request, state)
    message = CANCEL_ENTRY.read(request, state)["message"]
    if entry["state"] != "PENDING":
        raise error(409, f"Entry '{entry['id']}' is {entry['state']}; only PENDING can be canceled")
    entry["message"] = message
    _move(entry, "CANCELED", state)
    return json_response(entry)


@router.delete("/api/v2/datapool/{label}/entry/{entry_id}")
def delete_entry(request: Request, state: EmulatorState) -> Response:
    """Delete an entry that is PENDING, CANCELED, DONE or ERROR; 200, empty body."""
    stored = _stored(request, state)
    entry = _entry(request, state)
    if entry["state"] in ("PROCESSING", "TIMEOUT"):
        raise error(409, f"Entry '{entry['id']}' is {entry['state']} and cannot be deleted")
    del stored.entries[entry["id"]]
    return text_response("")


# -- shared --------------------------------------------------------------------------------


def _stored(request: Request, state: EmulatorState) -> StoredDatapool:
    label = request.params["label"]
    stored = state.datapools.get(label)
    if stored is None:
        raise error(404, f"Datapool '{label}' not found")
    return stored


def _entry(request: Request, state: EmulatorState) -> dict[str, Any]:
    stored = _stored(request, state)
    entry_id = request.params["entry_id"]
    entry = stored.entries.get(entry_id)
    if entry is None:
        raise error(404, f"Entry '{entry_id}' not found in datapool '{stored.pool['label']}'")
    return entry


def _move(entry: dict[str, Any], target: str, state: EmulatorState) -> None:
    entry["state"] = target
    if target == "PROCESSING":
        entry["dateProcessing"] = state.timestamp()
    elif target in FINAL_STATES:
        entry["dateFinished"] = state.timestamp()


def time_out_entry(state: EmulatorState, label: str, entry_id: str) -> dict[str, Any]:
    """Do what the server does when processing takes too long: ``PROCESSING`` -> ``TIMEOUT``."""
    with state.lock:
        stored = state.datapools.get(label)
        if stored is None or entry_id not in stored.entries:
            raise KeyError(f"no entry {entry_id!r} in datapool {label!r}")
        entry = stored.entries[entry_id]
        if entry["state"] != "PROCESSING":
            raise ValueError(f"entry {entry_id!r} is {entry['state']}, not PROCESSING")
        _move(entry, "TIMEOUT", state)
        return entry
