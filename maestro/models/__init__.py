"""Pydantic models of the wire format, one module per resource."""

from maestro.models._base import OpenEnum, RequestModel, ResponseModel
from maestro.models.automations import Automation, AutomationParameter
from maestro.models.bots import BotVersion, DeployBotRequest, ReleaseBotRequest, Technology
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
    "CreateScheduleRequest",
    "CreateTaskRequest",
    "DeployBotRequest",
    "FinishStatus",
    "LoginResponse",
    "OpenEnum",
    "Page",
    "PageSort",
    "Pageable",
    "ReleaseBotRequest",
    "RequestModel",
    "ResponseModel",
    "Runner",
    "RunnerTasksSummary",
    "Schedule",
    "ServerVersion",
    "Task",
    "TaskState",
    "Technology",
    "UpdateScheduleRequest",
    "Workspace",
]
