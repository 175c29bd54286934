"""Auto-pagination: one page-walking stream for every paged route, sync or async."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator
from typing import Any, TypeVar

from maestro._call import Call, Emit, Stream, fetch
from maestro._exceptions import FieldError, PaginationError, RequestValidationError, short_repr
from maestro._response import MaestroResponse
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
    first call. Arguments are checked now, not on the first ``next()``. The walk always
    ends: at a page marked ``last``, at ``totalPages`` counted from ``first_page``, at an
    empty or short page (see ``Page.is_last``), or with ``PaginationError`` when the server
    answers another page than the one asked for, or the same page twice. One page is held
    in memory at a time.
    """
    check_page_args(page=first_page, size=page_size, limit=limit, size_field="page_size")
    return _walk(page_call, page_size, limit, first_page)


def _walk(
    page_call: Callable[[int, int], Call[Page[T]]], page_size: int, limit: int | None, page: int
) -> Stream[T]:
    emitted = 0
    previous_digest = b""
    while limit is None or emitted < limit:
        items, is_last, previous_digest = yield from _fetch_page(
            page_call(page, page_size), page, previous_digest
        )
        room = None if limit is None else limit - emitted
        emitted += yield from _emit(items, room)
        # Release this page before the next one is fetched and parsed (``_emit``'s frame,
        # which held the last item, is gone already).
        del items
        if is_last or (limit is not None and emitted >= limit):
            return
        page += 1


def _emit(items: list[T], room: int | None) -> Generator[Emit[T], Any, int]:
    """Hand out up to ``room`` items (all when ``None``); returns how many were handed out."""
    handed = 0
    for item in items:
        if room is not None and handed >= room:
            break
        yield Emit(item)
        handed += 1
    return handed


def _fetch_page(
    call: Call[Page[T]], page: int, previous_digest: bytes
) -> Generator[Call[Page[T]], MaestroResponse[Page[T]], tuple[list[T], bool, bytes]]:
    """Fetch page ``page``: its items, whether it is the last, and its body's digest.

    Only the items outlive this step: the response and the envelope are dropped here.
    """
    response = yield from fetch(call)
    digest = hashlib.blake2b(response.raw.content, digest_size=16).digest()
    body = response.parsed
    answered = body.page_number()
    if answered is not None and answered != page:
        raise _ignored_paging(call, page, answered, f"the server answered page {answered}")
    if digest == previous_digest:
        raise _ignored_paging(call, page, None, "the server answered the same page again")
    return body.content, body.is_last(page), digest


def _ignored_paging(call: Call[Any], page: int, answered: int | None, what: str) -> PaginationError:
    message = (
        f"{call.method} {call.path}: asked for page {page} but {what}: the server ignores "
        "its paging parameters on this route, so iterating would repeat items or never end; "
        "read the route page by page with the resource's list() or with client.request_raw()"
    )
    return PaginationError(
        message, method=call.method, path=call.path, requested_page=page, answered_page=answered
    )
