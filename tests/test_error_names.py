"""Public errors carry the name users import them by: in tracebacks, reprs and pickles."""

from __future__ import annotations

import inspect
import pickle
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import maestro
from maestro import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ConsumeError,
    EntryState,
    EntryStateError,
    FieldError,
    FileChangedError,
    InsecureConnectionWarning,
    MaestroClient,
    MaestroClientError,
    MaestroResponse,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    RequestValidationError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    TaskState,
    TaskWaitTimeoutError,
    UnprocessableEntityError,
)
from maestro.testing import MaestroEmulator

PUBLIC_ERRORS = sorted(
    (
        value
        for value in map(maestro.__dict__.get, maestro.__all__)
        if inspect.isclass(value) and issubclass(value, MaestroClientError)
    ),
    key=lambda cls: cls.__name__,
)


PUBLIC_EXCEPTIONS_AND_WARNINGS = sorted(
    (
        value
        for value in map(maestro.__dict__.get, maestro.__all__)
        if inspect.isclass(value) and issubclass(value, BaseException)
    ),
    key=lambda cls: cls.__name__,
)


@pytest.fixture(scope="module")
def client() -> Iterator[MaestroClient]:
    with MaestroEmulator(strict=True).client(raise_for_status=False) as instance:
        yield instance


@pytest.fixture(scope="module")
def not_found(client: MaestroClient) -> MaestroResponse[Any]:
    """A real 404 answer of the emulator, as a status error carries it."""
    return client.tasks.get(404)


def status_error(cls: type[APIStatusError]) -> Callable[[MaestroResponse[Any]], MaestroClientError]:
    return lambda response: cls("Task 404 not found", response=response)


# One example of every public error, built as the SDK builds it. A new public error class
# fails test_every_public_error_has_an_example until it gets a line here.
EXAMPLES: dict[type[MaestroClientError], Callable[[MaestroResponse[Any]], MaestroClientError]] = {
    MaestroClientError: lambda _: MaestroClientError("something went wrong"),
    ConfigurationError: lambda _: ConfigurationError("base_url must be an http(s) URL"),
    RequestValidationError: lambda _: RequestValidationError.single(
        "tasks.create", "priority", 11, "must be at most 10"
    ),
    EntryStateError: lambda _: EntryStateError(
        "datapools.report_done", "e-1", EntryState.DONE, EntryState.ERROR
    ),
    ResponseValidationError: lambda response: ResponseValidationError(
        "the task does not fit Task", response, [FieldError("id", "'x'", "not an integer")]
    ),
    APIConnectionError: lambda _: APIConnectionError(
        "GET https://acme.botcity.dev/api/v2/task failed", method="GET", url="https://acme.test"
    ),
    APITimeoutError: lambda _: APITimeoutError(
        "GET https://acme.botcity.dev/api/v2/task timed out", method="GET", url="https://a.test"
    ),
    APIStatusError: status_error(APIStatusError),
    BadRequestError: status_error(BadRequestError),
    AuthenticationError: status_error(AuthenticationError),
    PermissionDeniedError: status_error(PermissionDeniedError),
    NotFoundError: status_error(NotFoundError),
    ConflictError: status_error(ConflictError),
    UnprocessableEntityError: status_error(UnprocessableEntityError),
    RateLimitError: status_error(RateLimitError),
    ServerError: status_error(ServerError),
    ResponseTooLargeError: lambda _: ResponseTooLargeError(
        "the answer exceeded 10 bytes", method="GET", url="https://acme.test/api/v2/log", limit=10
    ),
    RedirectError: lambda _: RedirectError(
        "redirected to another host",
        method="GET",
        url="https://acme.test/api/v2/task",
        location="https://elsewhere.test/",
        status_code=302,
    ),
    FileChangedError: lambda _: FileChangedError(
        "report.csv grew during the upload", filename="report.csv", record="result file 42"
    ),
    TaskWaitTimeoutError: lambda _: TaskWaitTimeoutError(7, TaskState.RUNNING, 30.0),
    ConsumeError: lambda _: ConsumeError("entry 'e-1' was already entered or reported"),
    PaginationError: lambda _: PaginationError(
        "GET /api/v2/task: asked for page 1 but the server answered page 0",
        method="GET",
        path="/api/v2/task",
        requested_page=1,
        answered_page=0,
    ),
}


def test_every_public_error_has_an_example() -> None:
    assert set(PUBLIC_ERRORS) == set(EXAMPLES)


def test_the_public_exceptions_include_the_warnings() -> None:
    assert InsecureConnectionWarning in PUBLIC_EXCEPTIONS_AND_WARNINGS
    assert set(PUBLIC_ERRORS) < set(PUBLIC_EXCEPTIONS_AND_WARNINGS)


@pytest.mark.parametrize("cls", PUBLIC_EXCEPTIONS_AND_WARNINGS, ids=lambda cls: cls.__name__)
def test_public_exceptions_and_warnings_live_in_the_maestro_namespace(
    cls: type[BaseException],
) -> None:
    assert cls.__module__ == "maestro"
    assert getattr(maestro, cls.__qualname__) is cls


def test_a_warning_turned_into_an_error_is_named_as_users_import_it() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InsecureConnectionWarning) as caught:
            MaestroClient("acme", "acme-key", "http://maestro.example.test")

    last_line = traceback.format_exception_only(caught.type, caught.value)[-1]

    assert last_line.startswith("maestro.InsecureConnectionWarning: base_url ")


def test_a_traceback_names_the_error_as_users_import_it(client: MaestroClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.tasks.get(404).raise_for_status()

    last_line = traceback.format_exception_only(caught.type, caught.value)[-1]

    assert last_line == "maestro.NotFoundError: 404 Not Found: Task 404 not found\n"


@pytest.mark.parametrize("cls", PUBLIC_ERRORS, ids=lambda cls: cls.__name__)
def test_repr_shows_the_class_and_message(
    cls: type[MaestroClientError], not_found: MaestroResponse[Any]
) -> None:
    error = EXAMPLES[cls](not_found)

    assert repr(error) == f"{cls.__name__}({', '.join(map(repr, error.args))})"


@pytest.mark.parametrize("cls", PUBLIC_ERRORS, ids=lambda cls: cls.__name__)
def test_a_pickled_error_comes_back_with_its_message_and_attributes(
    cls: type[MaestroClientError], not_found: MaestroResponse[Any]
) -> None:
    error = EXAMPLES[cls](not_found)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert set(vars(copy)) == set(vars(error))
    for name, value in vars(error).items():
        if name != "response":
            assert getattr(copy, name) == value, name


def test_a_pickled_status_error_keeps_the_servers_answer(client: MaestroClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.tasks.get(404).raise_for_status()

    copy = pickle.loads(pickle.dumps(caught.value))

    assert copy.status_code == 404
    assert copy.message == "Task 404 not found"
    assert copy.response.status_code == 404
    assert copy.response.data == caught.value.response.data
    assert copy.response.url == "http://maestro.emulator/api/v2/task/404"


def test_a_pickled_response_keeps_its_parsed_model(client: MaestroClient) -> None:
    created = client.tasks.create("MyAutomation", parameters={"n": 1})

    copy = pickle.loads(pickle.dumps(created))

    assert copy.parsed == created.parsed
    assert copy.data == created.data
    assert copy.retries == created.retries
