"""Typed Python SDK for the BotCity Maestro (Orchestrator) REST API v2.

>>> from maestro import MaestroClient
>>> with MaestroClient("login", "key") as client:      # doctest: +SKIP
...     task = client.tasks.create("MyAutomation", parameters={"n": 1}).parsed
"""

from maestro._client import DEFAULT_BASE_URL, NOT_GIVEN, AsyncMaestroClient, MaestroClient, NotGiven
from maestro._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    FieldError,
    MaestroClientError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    ServerError,
    UnprocessableEntityError,
)
from maestro._files import FileSource, ProgressCallback, WriteTarget
from maestro._response import MaestroResponse
from maestro._retry import RetryPolicy
from maestro._version import __version__
from maestro.models import (
    Alert,
    AlertType,
    Artifact,
    Column,
    ErrorReport,
    FinishStatus,
    Log,
    LogColumn,
    LogEntry,
    LoginResponse,
    MessageType,
    Page,
    ServerVersion,
    Task,
    TaskState,
)
from maestro.resources.tasks import TaskWaitTimeoutError

__all__ = [
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Alert",
    "AlertType",
    "Artifact",
    "AsyncMaestroClient",
    "AuthenticationError",
    "BadRequestError",
    "Column",
    "ConfigurationError",
    "ConflictError",
    "ErrorReport",
    "FieldError",
    "FileSource",
    "FinishStatus",
    "Log",
    "LogColumn",
    "LogEntry",
    "LoginResponse",
    "MaestroClient",
    "MaestroClientError",
    "MaestroResponse",
    "MessageType",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PermissionDeniedError",
    "ProgressCallback",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "RetryPolicy",
    "ServerError",
    "ServerVersion",
    "Task",
    "TaskState",
    "TaskWaitTimeoutError",
    "UnprocessableEntityError",
    "WriteTarget",
    "__version__",
]
