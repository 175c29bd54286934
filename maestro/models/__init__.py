"""Pydantic models of the wire format, one module per resource."""

from maestro.models._base import OpenEnum, RequestModel, ResponseModel
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
from maestro.models.page import Page, Pageable, PageSort
from maestro.models.result_files import Artifact
from maestro.models.runners import Runner, RunnerTasksSummary
from maestro.models.schedules import CreateScheduleRequest, Schedule, UpdateScheduleRequest
from maestro.models.server import LoginResponse, ServerVersion
from maestro.models.tasks import CreateTaskRequest, FinishStatus, Task, TaskState
from maestro.models.workspaces import Workspace

__all__ = [
    "Artifact",
    "Automation",
    "AutomationParameter",
    "BotVersion",
    "ConsumptionPolicy",
    "CreateDatapoolRequest",
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
    "ErrorType",
    "FieldType",
    "FinishStatus",
    "LoginResponse",
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
    "ServerVersion",
    "Task",
    "TaskState",
    "Technology",
    "UpdateScheduleRequest",
    "Workspace",
]
