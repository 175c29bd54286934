"""Entry changes shared by the datapool routes and ``consume``: state checks, update bodies.

Nothing here does I/O: it builds the ``Call`` of an entry update and refuses, before anything
is sent, a state change an entry may not make.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from maestro._call import Call, json_body, route, validate
from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro.models._json import int_problem, text_problem
from maestro.models.datapools import DatapoolEntry, EntryState, EntryUpdateRequest, ErrorType

__all__ = [
    "EntryStateError",
    "check_transition",
    "entry_update_call",
    "error_type_of",
    "report_changes",
    "task_id_of",
]


class EntryStateError(RequestValidationError):
    """The entry's state does not allow the change asked for (checked before sending)."""

    __module__ = "maestro"  # shown and pickled as maestro.<name>

    def __init__(
        self, operation: str, entry_id: str, current: EntryState, target: EntryState
    ) -> None:
        allowed = sorted(state.value for state in _allowed(current)) or ["nothing"]
        message = f"is {current.value}, which can only move to {', '.join(allowed)}"
        super().__init__(operation, [FieldError("entry_id", short_repr(entry_id), message)])
        self.entry_id = entry_id
        self.current = current
        self.target = target

    def __str__(self) -> str:
        return f"{super().__str__()} (not {self.target.value})"


def _allowed(state: EntryState) -> frozenset[EntryState]:
    return frozenset(target for target in EntryState if state.can_move_to(target))


def check_transition(entry: DatapoolEntry, target: EntryState) -> None:
    """Refuse a state change an entry may not make; an unknown state is not checked."""
    current = entry.state
    if isinstance(current, EntryState) and not current.can_move_to(target):
        raise EntryStateError("", entry.id, current, target)


def _wire(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


_entry_body: Callable[[Any], DatapoolEntry] = json_body(DatapoolEntry)


def entry_update_call(
    label: str, entry: DatapoolEntry, changes: EntryUpdateRequest
) -> Call[DatapoolEntry]:
    """``POST /api/v2/datapool/{label}/entry/{id}``: the entry as known, with ``changes`` over it.

    Every field of the update body is sent, in the official SDKs' order; the entry's own
    values pass through untouched (no validation that a newer server's value could fail).
    """
    body: dict[str, Any] = {}
    for name, field in EntryUpdateRequest.model_fields.items():
        body[field.alias or name] = _wire(getattr(entry, name))
    if body.get("dataPoolLabel") is None:
        body["dataPoolLabel"] = label
    body.update(changes.to_wire(include=changes.model_fields_set))
    path = route("/api/v2/datapool/{label}/entry/{entry_id}", label=label, entry_id=entry.id)
    # Not retried on a 5xx: if the first attempt was applied, the replay is a refused
    # transition (DONE -> DONE) and would turn a success into an error.
    return Call("POST", path, _entry_body, json=body)


def report_changes(
    state: EntryState, message: str, error_type: ErrorType | str | None, task_id: str | None
) -> EntryUpdateRequest:
    """The fields a DONE or ERROR report changes, checked (``RequestValidationError``)."""
    if not isinstance(message, str):
        raise RequestValidationError.single("", "message", message, "must be a string")
    changes: dict[str, Any] = {"state": state, "message": message}
    if error_type is not None:
        changes["error_type"] = error_type_of(error_type)
    if task_id is not None:
        changes["task_id"] = task_id
    return validate(EntryUpdateRequest, **changes)


def error_type_of(value: ErrorType | str) -> ErrorType:
    """``value`` as an ``ErrorType`` (any case), or ``RequestValidationError``."""
    try:
        return ErrorType(value)
    except ValueError:
        allowed = ", ".join(member.value for member in ErrorType)
        raise RequestValidationError.single(
            "", "error_type", value, f"must be one of {allowed}"
        ) from None


def task_id_of(value: str | int | None) -> str | None:
    """A task id as text, or ``RequestValidationError``; ``None`` stays ``None``."""
    if value is None:
        return None
    text = value if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool) and int_problem(value) is None:
        text = str(value)
    if text is None or not text.strip() or text_problem(text):
        raise RequestValidationError.single(
            "", "task_id", value, "must be a task id (string or integer)"
        )
    return text
