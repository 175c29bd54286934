"""Auto-pagination: one page-walking stream for every paged route, sync or async."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from maestro._call import Call, Emit, Stream, fetch
from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro.models.page import Page

__all__ = ["MAX_PAGE_SIZE", "check_page_args", "walk_pages"]

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
"""The largest page size the SDK asks for (n8n asks the server for 1000 tasks at once)."""


def check_page_args(
    *, page: int = 0, size: int, limit: int | None = None, size_field: str = "size"
) -> None:
    """Refuse a negative page, a size outside 1..1000 or a negative limit, before sending."""
    errors = []
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        errors.append(FieldError("page", short_repr(page), "must be an integer >= 0"))
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        errors.append(
            FieldError(
                size_field, short_repr(size), f"must be an integer from 1 to {MAX_PAGE_SIZE}"
            )
        )
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        errors.append(FieldError("limit", short_repr(limit), "must be an integer >= 0 or None"))
    if errors:
        raise RequestValidationError("", errors)


def walk_pages(
    page_call: Callable[[int, int], Call[Page[T]]],
    *,
    page_size: int,
    limit: int | None = None,
    first_page: int = 0,
) -> Stream[T]:
    """Every item of every page, fetching page ``n + 1`` only once page ``n`` is consumed.

    ``page_call(page, size)`` builds the request for one page with every filter of the
    first call. Arguments are checked now, not on the first ``next()``.
    """
    check_page_args(page=first_page, size=page_size, limit=limit, size_field="page_size")
    return _walk(page_call, page_size, limit, first_page)


def _walk(
    page_call: Callable[[int, int], Call[Page[T]]], page_size: int, limit: int | None, page: int
) -> Stream[T]:
    emitted = 0
    while limit is None or emitted < limit:
        response = yield from fetch(page_call(page, page_size))
        body = response.parsed
        for item in body.content:
            if limit is not None and emitted >= limit:
                return
            yield Emit(item)
            emitted += 1
        if body.is_last():
            return
        page += 1
