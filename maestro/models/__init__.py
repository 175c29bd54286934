"""Pydantic models of the wire format, one module per resource."""

from maestro.models._base import OpenEnum, RequestModel, ResponseModel
from maestro.models.credentials import Credential, CredentialSecret
from maestro.models.datapools import (
    ConsumptionPolicy,
    CreateDatapoolRequest,
    Datapool,
    DatapoolEntry,
    DatapoolField,
    DatapoolSummary,
    DatapoolTrigger,
    EntryState,
    EntryUpdateRequest,
    ErrorType,
    FieldType,
    PushEntryRequest,
    SchemaField,
)
from maestro.models.page import Page, Pageable, PageSort
from maestro.models.result_files import Artifact
from maestro.models.server import LoginResponse, ServerVersion
from maestro.models.tasks import CreateTaskRequest, FinishStatus, Task, TaskState

__all__ = [
    "Artifact",
    "ConsumptionPolicy",
    "CreateDatapoolRequest",
    "CreateTaskRequest",
    "Credential",
    "CredentialSecret",
    "Datapool",
    "DatapoolEntry",
    "DatapoolField",
    "DatapoolSummary",
    "DatapoolTrigger",
    "EntryState",
    "EntryUpdateRequest",
    "ErrorType",
    "FieldType",
    "FinishStatus",
    "LoginResponse",
    "OpenEnum",
    "Page",
    "PageSort",
    "Pageable",
    "PushEntryRequest",
    "RequestModel",
    "ResponseModel",
    "SchemaField",
    "ServerVersion",
    "Task",
    "TaskState",
]
