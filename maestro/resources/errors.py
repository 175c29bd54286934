"""Errors: ``/api/v2/error``."""

from __future__ import annotations

import platform
import traceback
from collections.abc import Mapping, Sequence
from typing import Any

from maestro._call import Call, Flow, Stream, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation, paginated
from maestro._exceptions import (
    FieldError,
    FileChangedError,
    RequestValidationError,
)
from maestro._files import FileSource, UploadFile
from maestro._pagination import check_page_args, walk_pages
from maestro._response import MaestroResponse
from maestro.models.errors import CreateErrorRequest, ErrorFilters, ErrorReport
from maestro.models.page import Page
from maestro.resources._transfer import checked_name, source_name

__all__ = ["Errors", "default_error_tags", "installed_packages"]

PIP_LIST_NAME = "piplist.txt"


def default_error_tags() -> dict[str, str]:
    """The tags the official SDK adds to every error: who, where, on what system and Python."""
    import getpass  # loaded when an error is first reported, not when maestro is imported

    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name here (containers, services)
        user = ""
    return {
        "user_name": user,
        "host_name": platform.node(),
        "os_name": platform.system(),
        "os_version": _os_version(),
        "python_version": platform.python_version(),
    }


def _os_version() -> str:
    system = platform.system()
    if system == "Darwin":
        return platform.mac_ver()[0]
    if system == "Linux":
        try:
            release = platform.freedesktop_os_release()
        except OSError:
            return platform.release()
        parts = (release.get(key, "") for key in ("NAME", "VERSION_ID", "VERSION_CODENAME"))
        return " ".join(part for part in parts if part) or platform.release()
    return platform.version()


def installed_packages() -> bytes:
    """``name==version`` lines of the installed distributions, sorted (the SDK's piplist.txt).

    Read with ``importlib.metadata``: no subprocess, no pip needed.
    """
    import importlib.metadata  # slow to import, needed only here

    found = set()
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.add((name.lower(), dist.version))
    return "".join(f"{name}=={version}\n" for name, version in sorted(found)).encode("utf-8")


def _traceback_text(exception: BaseException) -> str:
    return "".join(traceback.format_exception(type(exception), exception, exception.__traceback__))


def _error_path(error_id: int | str, suffix: str = "") -> str:
    return route("/api/v2/error/{error_id}" + suffix, error_id=error_id)


def _create_call(task_id: int | str, **fields: Any) -> Call[ErrorReport]:
    body = validate(CreateErrorRequest, task_id=task_id, **fields)
    return Call("POST", "/api/v2/error", json_body(ErrorReport), json=body.to_wire())


def _screenshot_call(error_id: int | str, part: UploadFile) -> Call[None]:
    # A new screenshot replaces the last one: safe to retry.
    path = _error_path(error_id, "/screenshot")
    return Call("POST", path, no_body, files={"file": part}, idempotent=True)


def _attachment_call(error_id: int | str, part: UploadFile) -> Call[None]:
    return Call("POST", _error_path(error_id, "/attachments"), no_body, files={"file": part})


def _screenshot_part(file: FileSource, field: str) -> UploadFile:
    # Screenshots often come as bytes from a capture library: name those as a PNG.
    filename = source_name(file) or "screenshot.png"
    return UploadFile.from_source(file, filename=filename, field=field)


def _attachment_part(file: FileSource, filename: str | None, field: str) -> UploadFile:
    name = checked_name("filename", filename) if filename is not None else source_name(file)
    part = UploadFile.from_source(file, filename=name, field=field)
    if name is None:
        raise RequestValidationError.single(
            "", field, file, "carries no file name: give a path, a named file or a filename"
        )
    return part


def _report_files(
    screenshot: FileSource | None, attachments: Sequence[FileSource], include_environment: bool
) -> tuple[UploadFile | None, list[UploadFile]]:
    if isinstance(attachments, (str, bytes)) or not isinstance(attachments, Sequence):
        raise RequestValidationError.single(
            "", "attachments", attachments, "must be a list of files"
        )
    shot = _screenshot_part(screenshot, "screenshot") if screenshot is not None else None
    files = [
        _attachment_part(file, None, f"attachments.{index}")
        for index, file in enumerate(attachments)
    ]
    if include_environment:
        files.append(
            UploadFile.from_source(installed_packages(), filename=PIP_LIST_NAME, field="file")
        )
    return shot, files


class Errors(Resource[TransportT]):
    """Errors reported by tasks, with screenshots and attachments."""

    _resource_name = "errors"

    @endpoint
    def list(
        self,
        *,
        page: int = 0,
        size: int = 50,
        sort: str | None = None,
        days: int | None = None,
        task_id: int | str | None = None,
        automation_label: str | None = None,
    ) -> Call[Page[ErrorReport]]:
        """One page of reported errors (``GET /api/v2/error``), filtered as given."""
        check_page_args(page=page, size=size)
        return self._page_call(self._filters(sort, days, task_id, automation_label), page, size)

    @paginated
    def iterate(
        self,
        *,
        sort: str | None = None,
        days: int | None = None,
        task_id: int | str | None = None,
        automation_label: str | None = None,
        page_size: int = 50,
        limit: int | None = None,
    ) -> Stream[ErrorReport]:
        """Every error matching the filters, page by page as consumed (``GET /api/v2/error``)."""
        query = self._filters(sort, days, task_id, automation_label)
        return walk_pages(
            lambda page, size: self._page_call(query, page, size), page_size=page_size, limit=limit
        )

    @staticmethod
    def _filters(
        sort: str | None, days: int | None, task_id: int | str | None, automation_label: str | None
    ) -> dict[str, Any]:
        filters = validate(
            ErrorFilters, sort=sort, days=days, task_id=task_id, automation_label=automation_label
        )
        return filters.to_wire(exclude_none=True)

    @staticmethod
    def _page_call(query: Mapping[str, Any], page: int, size: int) -> Call[Page[ErrorReport]]:
        params = {"page": page, "size": size, **query}
        return Call("GET", "/api/v2/error", json_body(Page[ErrorReport]), params=params)

    @endpoint
    def get(self, error_id: int | str) -> Call[ErrorReport]:
        """Fetch one reported error (``GET /api/v2/error/{id}``)."""
        return Call("GET", _error_path(error_id), json_body(ErrorReport))

    @endpoint
    def create(
        self,
        task_id: int | str,
        *,
        type: str,
        message: str,
        stack_trace: str = "",
        language: str = "PYTHON",
        tags: Mapping[str, str] | None = None,
    ) -> Call[ErrorReport]:
        """Report an error of a task from its parts (``POST /api/v2/error``, answers 201).

        :meth:`report` builds these parts from an exception and sends its files too.
        """
        return _create_call(
            task_id,
            type=type,
            message=message,
            stack_trace=stack_trace,
            language=language,
            tags=tags if tags is not None else {},
        )

    @operation
    def report(
        self,
        task_id: int | str,
        exception: BaseException,
        *,
        screenshot: FileSource | None = None,
        attachments: Sequence[FileSource] = (),
        tags: Mapping[str, str] | None = None,
        include_environment: bool = True,
    ) -> Flow[MaestroResponse[ErrorReport]]:
        """Report an exception with its traceback, screenshot and files, as the official SDK.

        ``POST /api/v2/error`` (type, message, traceback, language ``PYTHON``, the default
        tags ``user_name``, ``host_name``, ``os_name``, ``os_version``, ``python_version``
        under the caller's ``tags``), then ``POST /api/v2/error/{id}/screenshot``, then
        ``POST /api/v2/error/{id}/attachments`` once per attachment and, with
        ``include_environment``, once more with the installed packages as ``piplist.txt``.
        Every file is checked before the first request. Returns the error's response.
        """
        if not isinstance(exception, BaseException):
            raise RequestValidationError.single(
                "", "exception", exception, "must be an exception instance"
            )
        if not isinstance(tags, (Mapping, type(None))):
            raise RequestValidationError.single("", "tags", tags, "must be a mapping or None")
        if not isinstance(include_environment, bool):
            raise RequestValidationError.single(
                "", "include_environment", include_environment, "must be True or False"
            )
        create = _create_call(
            task_id,
            type=type(exception).__name__,
            message=str(exception),
            stack_trace=_traceback_text(exception),
            language="PYTHON",
            tags={**default_error_tags(), **(tags or {})},
        )
        parts = _report_files(screenshot, attachments, include_environment)
        return self._report(create, *parts)

    @staticmethod
    def _report(
        create: Call[ErrorReport], screenshot: UploadFile | None, attachments: Sequence[UploadFile]
    ) -> Flow[MaestroResponse[ErrorReport]]:
        created = yield from fetch(create)
        error_id = created.parsed.id
        if error_id is None:
            needed = "no id: it is needed to send the screenshot and attachments"
            raise created.validation_error([FieldError("id", "None", needed)])
        try:
            if screenshot is not None:
                yield _screenshot_call(error_id, screenshot)
            for part in attachments:
                yield _attachment_call(error_id, part)
        except FileChangedError as exc:
            raise exc.for_record(
                f"error {error_id}",
                "send its files again with errors.add_screenshot or errors.add_attachment",
            ) from None
        return created

    @endpoint
    def add_screenshot(self, error_id: int | str, file: FileSource) -> Call[None]:
        """Attach a screenshot to an error (``POST /api/v2/error/{id}/screenshot``, part file)."""
        return _screenshot_call(error_id, _screenshot_part(file, "file"))

    @endpoint
    def add_attachment(
        self, error_id: int | str, file: FileSource, *, filename: str | None = None
    ) -> Call[None]:
        """Attach one file to an error (``POST /api/v2/error/{id}/attachments``, part file).

        ``filename`` defaults to the file's own name; bytes and unnamed streams need one.
        """
        return _attachment_call(error_id, _attachment_part(file, filename, "file"))
