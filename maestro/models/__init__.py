"""Pydantic models of the wire format, one module per resource."""

from maestro.models._base import OpenEnum, RequestModel, ResponseModel
from maestro.models.alerts import Alert, AlertFilters, AlertType, CreateAlertRequest
from maestro.models.errors import CreateErrorRequest, ErrorFilters, ErrorReport
from maestro.models.logs import Column, CreateLogRequest, Log, LogColumn, LogEntry
from maestro.models.messages import MessageType, SendMessageRequest
from maestro.models.page import Page, Pageable, PageSort
from maestro.models.result_files import Artifact, ArtifactFilters, CreateArtifactRequest
from maestro.models.server import LoginResponse, ServerVersion
from maestro.models.tasks import (
    CreateTaskRequest,
    FinishStatus,
    FinishTaskRequest,
    Task,
    TaskFilters,
    TaskState,
    TaskUpdateRequest,
)

__all__ = [
    "Alert",
    "AlertFilters",
    "AlertType",
    "Artifact",
    "ArtifactFilters",
    "Column",
    "CreateAlertRequest",
    "CreateArtifactRequest",
    "CreateErrorRequest",
    "CreateLogRequest",
    "CreateTaskRequest",
    "ErrorFilters",
    "ErrorReport",
    "FinishStatus",
    "FinishTaskRequest",
    "Log",
    "LogColumn",
    "LogEntry",
    "LoginResponse",
    "MessageType",
    "OpenEnum",
    "Page",
    "PageSort",
    "Pageable",
    "RequestModel",
    "ResponseModel",
    "SendMessageRequest",
    "ServerVersion",
    "Task",
    "TaskFilters",
    "TaskState",
    "TaskUpdateRequest",
]
