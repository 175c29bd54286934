"""The public surface: what `maestro` exports, documented, typed and shipped."""

from __future__ import annotations

import inspect
from pathlib import Path

import maestro
from maestro import AsyncMaestroClient, MaestroClient

EXPECTED_EXPORTS = {
    "DEFAULT_BASE_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Alert",
    "AlertType",
    "Artifact",
    "AsyncConsumedEntry",
    "AsyncMaestroClient",
    "AuthenticationError",
    "Automation",
    "BadRequestError",
    "BotVersion",
    "Column",
    "ConfigurationError",
    "ConflictError",
    "ConsumeError",
    "ConsumedEntry",
    "ConsumptionPolicy",
    "Credential",
    "CredentialSecret",
    "Datapool",
    "DatapoolEntry",
    "DatapoolField",
    "DatapoolSummary",
    "DatapoolTrigger",
    "DefaultAioHttpClient",
    "EntryState",
    "EntryStateError",
    "ErrorType",
    "ErrorReport",
    "FieldError",
    "FieldType",
    "FileChangedError",
    "FileSource",
    "FinishStatus",
    "InsecureConnectionWarning",
    "Log",
    "LogColumn",
    "LogEntry",
    "LoginResponse",
    "MaestroClient",
    "MaestroClientError",
    "MaestroResponse",
    "MessageType",
    "NotFoundError",
    "PaginationError",
    "NotGiven",
    "Page",
    "PermissionDeniedError",
    "ProgressCallback",
    "RateLimitError",
    "RedirectError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "Runner",
    "Schedule",
    "SchemaField",
    "ServerError",
    "ServerVersion",
    "Task",
    "TaskState",
    "Technology",
    "TaskWaitTimeoutError",
    "UnprocessableEntityError",
    "Workspace",
    "WriteTarget",
    "__version__",
}

RESOURCES = [
    "tasks",
    "logs",
    "automations",
    "bots",
    "runners",
    "credentials",
    "datapools",
    "result_files",
    "errors",
    "schedules",
    "workspaces",
    "alerts",
    "messages",
]


def test_exports_are_pinned() -> None:
    assert set(maestro.__all__) == EXPECTED_EXPORTS
    for name in maestro.__all__:
        assert hasattr(maestro, name), name


def test_every_error_derives_from_the_base() -> None:
    for name in maestro.__all__:
        value = getattr(maestro, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            if issubclass(value, Warning):
                assert issubclass(value, UserWarning), name
                continue
            assert issubclass(value, maestro.MaestroClientError), name


def test_both_clients_have_every_resource() -> None:
    for client_class in (MaestroClient, AsyncMaestroClient):
        client = client_class("login", "key")
        for name in RESOURCES:
            resource = getattr(client, name)
            assert resource._transport is client._transport, name


def _public_members(cls: type) -> list[tuple[str, object]]:
    return [
        (name, member)
        for name, member in vars(cls).items()
        if not name.startswith("_")
        and (inspect.isfunction(member) or hasattr(member, "__wrapped__"))
    ]


def test_every_public_class_and_method_has_a_docstring() -> None:
    missing = []
    classes = [
        getattr(maestro, name)
        for name in maestro.__all__
        # Type aliases (ProgressCallback...) are classes to inspect on Python 3.10: skip them.
        if inspect.isclass(getattr(maestro, name))
        and getattr(maestro, name).__module__.startswith("maestro")
    ]
    client = MaestroClient("login", "key")
    classes += [type(getattr(client, name)) for name in RESOURCES]
    classes += [cls for cls in MaestroClient.__mro__ if cls.__module__.startswith("maestro")]
    for cls in classes:
        if not (cls.__doc__ or "").strip():
            missing.append(cls.__qualname__)
        for name, member in _public_members(cls):
            if not (getattr(member, "__doc__", "") or "").strip():
                missing.append(f"{cls.__qualname__}.{name}")
    assert missing == []


def test_py_typed_ships_with_the_package() -> None:
    assert (Path(maestro.__file__).parent / "py.typed").is_file()
