"""Wire samples and helpers shared by the datapool tests."""

from __future__ import annotations

import json
from typing import Any

import respx

from tests.resources._wire import sent

POOL = {
    "id": 12,
    "label": "orders",
    "name": "Orders",
    "defaultActivity": "invoice-bot",
    "consumptionPolicy": "FIFO",
    "trigger": "NEVER",
    "schema": [
        {"label": "order", "type": "INTEGER", "uniqueId": True, "displayValue": True},
        {"label": "amount", "type": "DOUBLE", "uniqueId": False, "displayValue": False},
    ],
    "autoRetry": True,
    "maxAutoRetry": 2,
    "abortOnError": False,
    "maxErrorsBeforeInactive": 5,
    "enableProcessingTime": True,
    "itemMaxProcessingTime": 30,
    "active": True,
    "repositoryLabel": "DEFAULT",
}

POOL_BODY = {
    ("defaultAutomation" if name == "defaultActivity" else name): value
    for name, value in POOL.items()
    if name != "id"
}
"""The update body that POOL gives back: the same fields, ``defaultAutomation`` named so."""


def entry(entry_id: str = "e1", state: str = "PENDING", **extra: Any) -> dict[str, Any]:
    """An entry as the server sends it."""
    wire: dict[str, Any] = {
        "id": entry_id,
        "dataPoolLabel": "orders",
        "state": state,
        "values": {"order": 7, "amount": 9.5},
        "priority": 3,
        "uniqueKey": "7",
        "displayValue": "7",
        "message": None,
        "errorType": None,
        "retryIndex": 0,
        "runner": None,
        "taskId": None,
        "parent": None,
        "child": None,
        "dateRegister": "2026-01-05T10:00:00Z",
    }
    wire.update(extra)
    return wire


def update_body(entry_id: str = "e1", **changes: Any) -> dict[str, Any]:
    """The entry update body for ``entry(entry_id)`` with ``changes`` (wire names)."""
    body: dict[str, Any] = {
        "priority": 3,
        "values": {"order": 7, "amount": 9.5},
        "dataPoolLabel": "orders",
        "state": "PENDING",
        "uniqueKey": "7",
        "displayValue": "7",
        "message": None,
        "errorType": None,
        "retryIndex": 0,
        "runner": None,
        "taskId": None,
        "parent": None,
        "child": None,
    }
    body.update(changes)
    return body


def exchange(api: respx.MockRouter) -> list[tuple[str, str, Any]]:
    """Method, raw path with query, and JSON body of every request after the login."""
    return [
        (
            request.method,
            request.url.raw_path.decode(),
            json.loads(request.content) if request.content else None,
        )
        for request in sent(api)
    ]
