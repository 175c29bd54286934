"""Pydantic models of the wire format, one module per resource."""

from typing import TYPE_CHECKING

# Each model module is imported on first use of one of its names (see maestro/_lazy.py).
if TYPE_CHECKING:
    from maestro.models._base import OpenEnum, RequestModel, ResponseModel
    from maestro.models.alerts import Alert, AlertFilters, AlertType, CreateAlertRequest
    from maestro.models.automations import Automation, AutomationParameter
    from maestro.models.bots import BotVersion, DeployBotRequest, ReleaseBotRequest, Technology
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
    from maestro.models.errors import CreateErrorRequest, ErrorFilters, ErrorReport
    from maestro.models.logs import Column, CreateLogRequest, Log, LogColumn, LogEntry
    from maestro.models.messages import MessageType, SendMessageRequest
    from maestro.models.page import Page, Pageable, PageSort
    from maestro.models.result_files import Artifact, ArtifactFilters, CreateArtifactRequest
    from maestro.models.runners import Runner, RunnerTasksSummary
    from maestro.models.schedules import CreateScheduleRequest, Schedule, UpdateScheduleRequest
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
    from maestro.models.workspaces import Workspace
else:
    from maestro._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "maestro.models._base": ["OpenEnum", "RequestModel", "ResponseModel"],
            "maestro.models.alerts": ["Alert", "AlertFilters", "AlertType", "CreateAlertRequest"],
            "maestro.models.automations": ["Automation", "AutomationParameter"],
            "maestro.models.bots": [
                "BotVersion",
                "DeployBotRequest",
                "ReleaseBotRequest",
                "Technology",
            ],
            "maestro.models.credentials": ["Credential", "CredentialSecret"],
            "maestro.models.datapools": [
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
            ],
            "maestro.models.errors": ["CreateErrorRequest", "ErrorFilters", "ErrorReport"],
            "maestro.models.logs": ["Column", "CreateLogRequest", "Log", "LogColumn", "LogEntry"],
            "maestro.models.messages": ["MessageType", "SendMessageRequest"],
            "maestro.models.page": ["Page", "Pageable", "PageSort"],
            "maestro.models.result_files": ["Artifact", "ArtifactFilters", "CreateArtifactRequest"],
            "maestro.models.runners": ["Runner", "RunnerTasksSummary"],
            "maestro.models.schedules": [
                "CreateScheduleRequest",
                "Schedule",
                "UpdateScheduleRequest",
            ],
            "maestro.models.server": ["LoginResponse", "ServerVersion"],
            "maestro.models.tasks": [
                "CreateTaskRequest",
                "FinishStatus",
                "FinishTaskRequest",
                "Task",
                "TaskFilters",
                "TaskState",
                "TaskUpdateRequest",
            ],
            "maestro.models.workspaces": ["Workspace"],
        },
    )

__all__ = [
    "Alert",
    "AlertFilters",
    "AlertType",
    "Artifact",
    "ArtifactFilters",
    "Automation",
    "AutomationParameter",
    "BotVersion",
    "Column",
    "ConsumptionPolicy",
    "CreateAlertRequest",
    "CreateArtifactRequest",
    "CreateDatapoolRequest",
    "CreateErrorRequest",
    "CreateLogRequest",
    "CreateScheduleRequest",
    "CreateTaskRequest",
    "Credential",
    "CredentialSecret",
    "Datapool",
    "DatapoolEntry",
    "DatapoolField",
    "DatapoolSummary",
    "DatapoolTrigger",
    "DeployBotRequest",
    "EntryState",
    "EntryUpdateRequest",
    "ErrorFilters",
    "ErrorReport",
    "ErrorType",
    "FieldType",
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
    "PushEntryRequest",
    "ReleaseBotRequest",
    "RequestModel",
    "ResponseModel",
    "Runner",
    "RunnerTasksSummary",
    "Schedule",
    "SchemaField",
    "SendMessageRequest",
    "ServerVersion",
    "Task",
    "TaskFilters",
    "TaskState",
    "TaskUpdateRequest",
    "Technology",
    "UpdateScheduleRequest",
    "Workspace",
]
