"""Datapool bodies as the emulator reads them: the pool fields, and entry values by schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro.testing._wire import bool_field, enum_field, error, int_field, string_field

__all__ = [
    "ENTRY_STATES",
    "ERROR_TYPES",
    "FINAL_STATES",
    "TRANSITIONS",
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
"""The entry state changes of the reference (§4.8); any other change is refused."""


def pool_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a create or update body but ``label``, checked, defaults filled in.

    The automation is read from ``defaultAutomation`` (what clients send) or
    ``defaultActivity`` and served as ``defaultActivity``, as the server does.
    """
    automation_field = "defaultAutomation" if "defaultAutomation" in body else "defaultActivity"
    return {
        "name": string_field(body, "name"),
        "defaultActivity": string_field(body, automation_field),
        "consumptionPolicy": enum_field(body, "consumptionPolicy", POLICIES, default="FIFO"),
        "trigger": enum_field(body, "trigger", TRIGGERS, default="NEVER"),
        "schema": _schema(body),
        "autoRetry": bool_field(body, "autoRetry", default=True),
        "maxAutoRetry": int_field(body, "maxAutoRetry", default=0, minimum=0),
        "abortOnError": bool_field(body, "abortOnError", default=True),
        "maxErrorsBeforeInactive": int_field(body, "maxErrorsBeforeInactive", default=0, minimum=0),
        "enableProcessingTime": bool_field(body, "enableProcessingTime", default=True),
        "itemMaxProcessingTime": int_field(body, "itemMaxProcessingTime", default=0, minimum=0),
        "active": bool_field(body, "active", default=True),
        "repositoryLabel": string_field(body, "repositoryLabel", default="DEFAULT"),
    }


def _schema(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = body.get("schema")
    if value is None:
        return []
    if not isinstance(value, list):
        raise error(400, "Field 'schema' must be a list of fields")
    fields: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        where = f"schema[{index}]"
        if not isinstance(item, dict):
            raise error(400, f"Field '{where}' must be a JSON object")
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise error(400, f"Field '{where}.label' is required and must be a non-empty string")
        if any(field["label"] == label for field in fields):
            raise error(400, f"Field '{where}.label' repeats the field label '{label}'")
        kind = item.get("type", "TEXT")
        if kind not in FIELD_TYPES:
            raise error(400, f"Field '{where}.type' must be one of {', '.join(FIELD_TYPES)}")
        flags = {name: item.get(name, False) for name in ("uniqueId", "displayValue")}
        for name, flag in flags.items():
            if not isinstance(flag, bool):
                raise error(400, f"Field '{where}.{name}' must be a boolean")
        fields.append({"label": label, "type": kind, **flags})
    return fields


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
