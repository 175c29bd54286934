"""The Spring Data ``Page`` envelope that every paged list route returns."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from maestro.models._base import ResponseModel

__all__ = ["Page", "PageSort", "Pageable"]

T = TypeVar("T")


class PageSort(ResponseModel):
    """How a page was sorted, as Spring reports it."""

    sorted: bool | None = None
    unsorted: bool | None = None
    empty: bool | None = None


class Pageable(ResponseModel):
    """The page request the server answered."""

    sort: PageSort | None = None
    page_number: int | None = None
    page_size: int | None = None
    offset: int | None = None
    paged: bool | None = None
    unpaged: bool | None = None


class Page(ResponseModel, Generic[T]):
    """One page of a list: ``content`` plus Spring's counters. Pages are numbered from 0."""

    content: list[T] = Field(default_factory=list, description="The items of this page.")
    pageable: Pageable | None = None
    last: bool | None = Field(default=None, description="True on the last page.")
    first: bool | None = None
    empty: bool | None = None
    total_pages: int | None = None
    total_elements: int | None = Field(default=None, description="Items over all pages.")
    number_of_elements: int | None = Field(default=None, description="Items on this page.")
    size: int | None = Field(default=None, description="The requested page size.")
    number: int | None = Field(default=None, description="This page's number, from 0.")
    sort: PageSort | None = None

    def page_number(self) -> int | None:
        """The number the server gives this page: ``number``, else ``pageable.pageNumber``."""
        if self.number is not None:
            return self.number
        return self.pageable.page_number if self.pageable is not None else None

    def is_last(self, requested_page: int | None = None) -> bool:
        """Whether no page follows this one.

        True when the server says ``last``; otherwise the counters decide, so a page without
        ``last`` still ends the list: an empty page, a page at or past ``totalPages`` (counted
        from ``requested_page``, the number that was asked for, when given, else from the
        number the server reports), and, when ``last`` is absent, a page shorter than its
        ``size``.
        """
        if self.last:
            return True
        if not self.content:
            return True
        number = requested_page if requested_page is not None else self.page_number()
        if self.total_pages is not None and number is not None and number + 1 >= self.total_pages:
            return True
        if self.last is not None:
            return False
        size = self.size if self.size is not None else self._pageable_size()
        return size is not None and len(self.content) < size

    def _pageable_size(self) -> int | None:
        return self.pageable.page_size if self.pageable is not None else None
