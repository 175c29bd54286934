"""Datapools: queues of work items ("entries") that bots pull and report.

Wire quirks handled here: the request names the default automation ``defaultAutomation`` and
the response ``defaultActivity`` (both read into ``default_automation``); an entry names its
pool ``dataPoolLabel`` (Python SDK) or ``datapoolLabel`` (C# SDK), both read into
``datapool_label``. Enum arguments accept members or plain strings, in any case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
)

from maestro.models._base import (
    NonBlankStr,
    OpenEnum,
    RequestModel,
    ResponseModel,
    WireDatetime,
    WireEnum,
)
from maestro.models._enums import ConsumptionPolicy, DatapoolTrigger, ErrorType

__all__ = [
    "ENTRY_TRANSITIONS",
    "CancelEntryRequest",
    "ConsumptionPolicy",
    "CreateDatapoolRequest",
    "Datapool",
    "DatapoolEntry",
    "DatapoolField",
    "DatapoolSummary",
    "DatapoolTrigger",
    "EntryState",
    "EntryUpdateRequest",
    "ErrorType",
    "FieldType",
    "PushEntryRequest",
    "SchemaField",
]


class FieldType(WireEnum):
    """The type of one schema field."""

    TEXT = "TEXT"
    INTEGER = "INTEGER"
    DOUBLE = "DOUBLE"


class EntryState(WireEnum):
    """Where an entry is in its life. ``DONE``, ``ERROR`` and ``CANCELED`` are final."""

    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    DONE = "DONE"
    ERROR = "ERROR"
    TIMEOUT = "TIMEOUT"
    """Processing took longer than the pool's ``item_max_processing_time``."""
    CANCELED = "CANCELED"

    def can_move_to(self, target: EntryState | str) -> bool:
        """Whether an entry in this state may move to ``target``."""
        return EntryState(target) in ENTRY_TRANSITIONS.get(self, frozenset())


ENTRY_TRANSITIONS: Mapping[EntryState, frozenset[EntryState]] = {
    EntryState.PENDING: frozenset({EntryState.PROCESSING, EntryState.CANCELED}),
    EntryState.PROCESSING: frozenset({EntryState.TIMEOUT, EntryState.DONE, EntryState.ERROR}),
    EntryState.TIMEOUT: frozenset({EntryState.DONE, EntryState.ERROR}),
}
"""The state changes BotCity's Python SDK allows; others are refused before sending."""


def _as_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


_IdText = Annotated[str, BeforeValidator(_as_text)]
"""An id the server may send as a string or a number; kept as text."""


# -- datapools -----------------------------------------------------------------------------


class SchemaField(RequestModel):
    """One field of a datapool's schema, as sent in a create or update body."""

    label: NonBlankStr
    type: FieldType = FieldType.TEXT
    unique_id: StrictBool = False
    display_value: StrictBool = False


class DatapoolField(ResponseModel):
    """One field of a datapool's schema, as the server returns it."""

    label: str | None = None
    type: OpenEnum[FieldType] | None = None
    unique_id: bool | None = Field(default=None, description="Values must be unique.")
    display_value: bool | None = Field(default=None, description="Shown in the entry list.")


_Count = Annotated[int, Field(ge=0)]


class CreateDatapoolRequest(RequestModel):
    """Body of ``POST /api/v2/datapool`` and ``POST /api/v2/datapool/{label}`` (update)."""

    label: NonBlankStr
    name: str | None = None
    default_automation: str | None = None
    consumption_policy: ConsumptionPolicy = ConsumptionPolicy.FIFO
    trigger: DatapoolTrigger = DatapoolTrigger.NEVER
    schema_fields: list[SchemaField] = Field(default_factory=list, alias="schema")
    auto_retry: StrictBool = True
    max_auto_retry: Annotated[StrictInt, Field(ge=0)] = 0
    abort_on_error: StrictBool = True
    max_errors_before_inactive: Annotated[StrictInt, Field(ge=0)] = 0
    enable_processing_time: StrictBool = True
    item_max_processing_time: Annotated[StrictInt, Field(ge=0)] = 0
    active: StrictBool = True
    repository_label: NonBlankStr = "DEFAULT"

    @field_validator("schema_fields")
    @classmethod
    def _unique_field_labels(cls, fields: list[SchemaField]) -> list[SchemaField]:
        labels = [field.label for field in fields]
        doubled = sorted({label for label in labels if labels.count(label) > 1})
        if doubled:
            raise ValueError(f"field labels must be unique, repeated: {doubled}")
        return fields


class Datapool(ResponseModel):
    """A datapool (``GET /api/v2/datapool/{label}``): the create fields plus ``id``."""

    id: _IdText | None = None
    label: str
    name: str | None = None
    default_automation: str | None = Field(
        default=None,
        validation_alias=AliasChoices("defaultActivity", "defaultAutomation", "default_automation"),
        description="The automation label (``defaultActivity`` on the wire).",
    )
    consumption_policy: OpenEnum[ConsumptionPolicy] | None = None
    trigger: OpenEnum[DatapoolTrigger] | None = None
    schema_fields: list[DatapoolField] = Field(default_factory=list, alias="schema")
    auto_retry: bool | None = None
    max_auto_retry: int | None = None
    abort_on_error: bool | None = None
    max_errors_before_inactive: int | None = None
    enable_processing_time: bool | None = None
    item_max_processing_time: int | None = Field(
        default=None, description="Longest processing time of one entry (unit not documented)."
    )
    active: bool | None = None
    repository_label: str | None = None
    date_timeout: WireDatetime = None
    item_count: int | None = Field(
        default=None, description="How many entries the pool holds (seen in list items)."
    )


class DatapoolSummary(ResponseModel):
    """Entry counters of a pool (``GET /api/v2/datapool/{label}/summary``).

    The fields BotCity's C# SDK reads (it types some counters as strings, which are read as
    numbers here). Counters the server adds are kept in ``model_extra``.
    """

    count_pending: int | None = None
    count_processing: int | None = None
    count_done: int | None = None
    avg_done: float | None = Field(
        default=None, description="Average processing time of DONE entries (unit not documented)."
    )
    count_timeout: int | None = None
    active: bool | None = None


# -- entries -------------------------------------------------------------------------------


class PushEntryRequest(RequestModel):
    """Body of ``POST /api/v2/datapool/{label}/push``."""

    priority: Annotated[StrictInt, Field(ge=0, le=10)] = 0
    values: dict[str, Any]


class DatapoolEntry(ResponseModel):
    """One entry of a datapool (``GET /api/v2/datapool/{label}/entry/{id}``)."""

    id: _IdText
    datapool_label: str | None = Field(
        default=None,
        validation_alias=AliasChoices("dataPoolLabel", "datapoolLabel", "datapool_label"),
        description="Wire name ``dataPoolLabel`` (Python SDK) or ``datapoolLabel`` (C# SDK).",
    )
    state: OpenEnum[EntryState] | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    priority: int | None = Field(default=None, description="0 (lowest) to 10 (highest).")
    unique_key: str | None = None
    display_value: str | None = None
    message: str | None = None
    error_type: OpenEnum[ErrorType] | None = None
    retry_index: int | None = None
    runner: str | None = None
    task_id: _IdText | None = None
    parent: str | None = None
    child: str | None = None
    date_register: WireDatetime = None
    date_processing: WireDatetime = None
    date_finished: WireDatetime = None


class EntryUpdateRequest(RequestModel):
    """Fields of ``POST /api/v2/datapool/{label}/entry/{id}``; the SDK sends all of them.

    The body is the whole entry, as the official SDKs send it: the fields given here over
    the entry as the server last returned it.
    """

    priority: Annotated[StrictInt, Field(ge=0, le=10)] | None = None
    values: dict[str, Any] | None = None
    datapool_label: str | None = Field(default=None, alias="dataPoolLabel")
    state: EntryState | None = None
    unique_key: str | None = None
    display_value: str | None = None
    message: str | None = None
    error_type: ErrorType | None = None
    retry_index: StrictInt | None = None
    runner: str | None = None
    task_id: _IdText | None = None
    parent: str | None = None
    child: str | None = None


class CancelEntryRequest(RequestModel):
    """Body of ``PUT /api/v2/datapool/{label}/entry/{id}/cancel``."""

    state: EntryState = EntryState.CANCELED
    message: str = ""
