"""Automations, "activities" on the wire: a plain list, a paged search, one by label.

No route creates automations: the emulator starts with the labels given to
``MaestroEmulator(automations=...)``, else with the demo set (:data:`DEMO_AUTOMATIONS`), and
tests add more with ``MaestroEmulator.add_automation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maestro.testing._paging import filter_equal, page
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState, WireDict
from maestro.testing._wire import Request, Response, error, json_response

router = Router()

DEMO_AUTOMATIONS: tuple[tuple[str, str, list[WireDict]], ...] = (
    ("demo-invoices", "Demo - Invoices", [{"label": "month", "type": "TEXT", "required": False}]),
    ("demo-reports", "Demo - Reports", []),
    # The labels the README's examples use, so that they run as written.
    ("MyAutomation", "My Automation", []),
    ("Invoices", "Invoices", []),
)
"""The automations of a default emulator: label, name and declared parameters."""


def add_automation(
    state: EmulatorState,
    label: str,
    *,
    name: str | None = None,
    parameters: Sequence[WireDict] = (),
    **fields: Any,
) -> WireDict:
    """Store an automation as the server would serve it; ``fields`` (camelCase) win."""
    automation: WireDict = {
        "id": state.next_id("automation"),
        "label": label,
        "name": name or label,
        "description": None,
        "icon": None,
        "organizationLabel": state.organization,
        "repositoryLabel": "DEFAULT",
        "agentId": None,
        "technology": "PYTHON",
        "parameters": [dict(parameter) for parameter in parameters],
        "machines": [],
        "priority": 0,
        "humanTimePerItem": None,
        "cron": None,
        "scheduleStrategy": None,
        "notification": None,
        "notificationType": None,
        "status": "ACTIVE",
        "user": None,
        "dateCreation": state.timestamp(),
        **fields,
    }
    state.automations[label] = automation
    return automation


def seed(state: EmulatorState, labels: Sequence[str] | None = None) -> None:
    """Store the automations a fresh emulator starts with: ``labels``, else the demo set."""
    if labels is not None:
        for label in labels:
            add_automation(state, label)
        return
    for label, name, parameters in DEMO_AUTOMATIONS:
        add_automation(
            state,
            label,
            name=name,
            parameters=parameters,
            agentId="demo-bot",
            machines=["runner-01"],
        )


def find_automation(state: EmulatorState, label: str) -> WireDict:
    """The automation with this label; 404 when there is none."""
    automation = state.automations.get(label)
    if automation is None:
        raise error(404, f"Automation '{label}' not found")
    return automation


@router.get("/api/v2/activity")
def list_automations(request: Request, state: EmulatorState) -> Response:
    """Every automation, as a plain JSON array."""
    return json_response(list(state.automations.values()))


@router.get("/api/v2/activity/pagination")
def search_automations(request: Request, state: EmulatorState) -> Response:
    """A page of automations.

    ``label`` matches exactly; ``name`` is a case-insensitive substring of the name;
    ``automation`` a case-insensitive substring of the label or the name.
    """
    matching = filter_equal(list(state.automations.values()), request.query, {"label": "label"})
    name = (request.query_value("name") or "").lower()
    if name:
        matching = [a for a in matching if name in str(a.get("name") or "").lower()]
    text = (request.query_value("automation") or "").lower()
    if text:
        matching = [
            a for a in matching if text in f"{a.get('label')}\n{a.get('name') or ''}".lower()
        ]
    return json_response(page(matching, request.query))


@router.get("/api/v2/activity/{label}")
def get_automation(request: Request, state: EmulatorState) -> Response:
    """One automation with its parameters."""
    return json_response(find_automation(state, request.params["label"]))
