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
    Artifact,
    Automation,
    BotVersion,
    FinishStatus,
    LoginResponse,
    Page,
    Runner,
    Schedule,
    ServerVersion,
    Task,
    TaskState,
    Technology,
    Workspace,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Artifact",
    "AsyncMaestroClient",
    "AuthenticationError",
    "Automation",
    "BadRequestError",
    "BotVersion",
    "ConfigurationError",
    "ConflictError",
    "FieldError",
    "FileSource",
    "FinishStatus",
    "LoginResponse",
    "MaestroClient",
    "MaestroClientError",
    "MaestroResponse",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PermissionDeniedError",
    "ProgressCallback",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "RetryPolicy",
    "Runner",
    "Schedule",
    "ServerError",
    "ServerVersion",
    "Task",
    "TaskState",
    "Technology",
    "UnprocessableEntityError",
    "Workspace",
    "WriteTarget",
    "__version__",
]
