"""Datapool bodies as the emulator reads them: the pool fields, and entry values by schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro.testing._bodies import (
    Anything,
    Body,
    Choice,
    Field,
    Flag,
    Integer,
    Items,
    JsonObject,
    Text,
)
from maestro.testing._routes.automations import find_automation
from maestro.testing._state import EmulatorState
from maestro.testing._wire import error

__all__ = [
    "CANCEL_ENTRY",
    "CREATE_POOL",
    "ENTRY_STATES",
    "FINAL_STATES",
    "PUSH_ENTRY",
    "TRANSITIONS",
    "UPDATE_ENTRY",
    "UPDATE_POOL",
    "pool_fields",
    "unique_and_display",
]

POLICIES = ("FIFO", "LIFO")
TRIGGERS = ("ALWAYS", "NEVER", "NO_TASK_ACTIVE")
FIELD_TYPES = ("TEXT", "INTEGER", "DOUBLE")
ENTRY_STATES = ("PENDING", "PROCESSING", "DONE", "ERROR", "TIMEOUT", "CANCELED")
ERROR_TYPES = ("SYSTEM", "BUSINESS")
FINAL_STATES = ("DONE", "ERROR", "CANCELED")
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "PENDING": ("PROCESSING", "CANCELED"),
    "PROCESSING": ("TIMEOUT", "DONE", "ERROR"),
    "TIMEOUT": ("DONE", "ERROR"),
}
"""The entry state changes BotCity's SDK allows; any other change is refused."""

SCHEMA_FIELD = Body(
    label=Text(required=True, allow_empty=False),
    type=Choice(choices=FIELD_TYPES, default="TEXT"),
    uniqueId=Flag(),
    displayValue=Flag(),
)

_POOL_FIELDS: dict[str, Field] = {
    "name": Text(),
    "defaultAutomation": Text(),
    # The response's spelling; a lenient emulator reads it in requests too.
    "defaultActivity": Text(tolerated=True),
    "consumptionPolicy": Choice(choices=POLICIES, default="FIFO"),
    "trigger": Choice(choices=TRIGGERS, default="NEVER"),
    "schema": Items(item=SCHEMA_FIELD, noun="fields"),
    "autoRetry": Flag(default=True),
    "maxAutoRetry": Integer(default=0, minimum=0),
    "abortOnError": Flag(default=True),
    "maxErrorsBeforeInactive": Integer(default=0, minimum=0),
    "enableProcessingTime": Flag(default=True),
    "itemMaxProcessingTime": Integer(default=0, minimum=0),
    "active": Flag(default=True),
    "repositoryLabel": Text(default="DEFAULT"),
}

CREATE_POOL = Body(label=Text(required=True, allow_empty=False), **_POOL_FIELDS)
"""The pool's fields; every SDK sends the whole body (the C# SDK leaves out ``name``)."""

UPDATE_POOL = Body(label=Text(), **_POOL_FIELDS)
"""The full body again; ``label``, when given, must be the path's."""

PUSH_ENTRY = Body(
    priority=Integer(default=0, minimum=0, maximum=10, expected=True),
    values=JsonObject(required=True),
)
"""Every SDK sends both fields."""

UPDATE_ENTRY = Body(
    priority=Integer(default=0, minimum=0, maximum=10),
    values=JsonObject(),
    dataPoolLabel=Text(),
    # The C# SDK's response spelling; a lenient emulator reads it in requests too.
    datapoolLabel=Text(tolerated=True),
    state=Choice(choices=ENTRY_STATES, expected=True),
    uniqueKey=Text(),
    displayValue=Text(),
    message=Text(),
    errorType=Choice(choices=ERROR_TYPES),
    retryIndex=Integer(default=0, minimum=0),
    runner=Text(),
    taskId=Anything(),
    parent=Text(),
    child=Text(),
)
"""The whole entry, as the SDKs send it; the server keeps ``uniqueKey`` and
``displayValue`` worked out from the values."""

CANCEL_ENTRY = Body(
    state=Choice(choices=("CANCELED",), expected=True),
    message=Text(default="", expected=True),
)
"""``{"state": "CANCELED", "message": ...}``, as the Python SDK sends it."""


def pool_fields(fields: Mapping[str, Any], state: EmulatorState) -> dict[str, Any]:
    """The pool as served, from a read create or update body (but ``label``).

    The automation comes from ``defaultAutomation`` (what clients send), else
    ``defaultActivity``, and is served as ``defaultActivity``, as the server does; an
    automation the workspace does not have is 404. A schema field label given twice is 400.
    """
    labels: set[str] = set()
    for index, field in enumerate(fields["schema"]):
        if field["label"] in labels:
            raise error(
                400, f"Field 'schema[{index}].label' repeats the field label '{field['label']}'"
            )
        labels.add(field["label"])
    label = fields["defaultAutomation"] or fields["defaultActivity"]
    if label is not None:
        label = find_automation(state, label)["label"]
    automation = {"defaultActivity": label}
    rest = {name: fields[name] for name in _POOL_FIELDS if not name.startswith("default")}
    return {"name": rest.pop("name"), **automation, **rest}


def unique_and_display(
    pool: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[str | None, str | None]:
    """Check ``values`` against the pool's schema; answer the entry's uniqueKey and displayValue.

    A pool without a schema takes any values. With one, every value must be a schema field of
    the right type (``TEXT``: string, ``INTEGER``: integer, ``DOUBLE``: number; null is
    allowed), and the ``uniqueId`` fields are required. Both keys join the values of their
    fields, in schema order, with ``-``.
    """
    schema: list[dict[str, Any]] = pool["schema"]
    if not schema:
        return None, None
    by_label = {field["label"]: field for field in schema}
    for name, value in values.items():
        field = by_label.get(name)
        if field is None:
            raise error(400, f"Field 'values.{name}' is not in the schema of '{pool['label']}'")
        if value is not None and not _fits(field["type"], value):
            raise error(400, f"Field 'values.{name}' must be of type {field['type']}")
    unique = [field["label"] for field in schema if field["uniqueId"]]
    for name in unique:
        if values.get(name) is None:
            raise error(400, f"Field 'values.{name}' is required: it is a unique id")
    display = [field["label"] for field in schema if field["displayValue"]]
    return _joined(values, unique), _joined(values, display)


def _fits(kind: str, value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if kind == "INTEGER":
        return isinstance(value, int)
    if kind == "DOUBLE":
        return isinstance(value, (int, float))
    return isinstance(value, str)


def _joined(values: Mapping[str, Any], names: list[str]) -> str | None:
    if not names:
        return None
    return "-".join("" if values.get(name) is None else str(values[name]) for name in names)
