"""Pydantic models of the wire format, one module per resource."""

from maestro.models._base import OpenEnum, RequestModel, ResponseModel
from maestro.models.page import Page, Pageable, PageSort
from maestro.models.result_files import Artifact
from maestro.models.server import LoginResponse, ServerVersion
from maestro.models.tasks import CreateTaskRequest, FinishStatus, Task, TaskState

__all__ = [
    "Artifact",
    "CreateTaskRequest",
    "FinishStatus",
    "LoginResponse",
    "OpenEnum",
    "Page",
    "PageSort",
    "Pageable",
    "RequestModel",
    "ResponseModel",
    "ServerVersion",
    "Task",
    "TaskState",
]
