"""List helpers: query parameters, the ``days`` look-back, filters, Spring's ``Page`` envelope."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from maestro.testing._wire import error, is_integer_text, parse_datetime, utc_now

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "filter_days",
    "filter_equal",
    "page",
    "query_int",
]

DEFAULT_PAGE_SIZE = 20
# Spring Data caps page sizes at 2000 by default, silently.
MAX_PAGE_SIZE = 2000

Query = Mapping[str, Sequence[str]]
Item = Mapping[str, Any]


def query_int(
    query: Query, name: str, *, default: int | None = None, minimum: int = 0
) -> int | None:
    """Read an integer query parameter (the last value wins); 400 names it if it is not one.

    An absent or empty parameter gives ``default``.
    """
    values = query.get(name)
    if not values or not values[-1].strip():
        return default
    raw = values[-1].strip()
    if not is_integer_text(raw, signed=True):
        raise error(400, f"Parameter '{name}' must be an integer")
    number = int(raw)
    if number < minimum:
        raise error(400, f"Parameter '{name}' must be at least {minimum}")
    return number


def filter_days(
    items: Sequence[Item], query: Query, field: str, *, default: int | None = None
) -> list[Item]:
    """Keep the items whose ``field`` date is at most ``days`` days old (all without ``days``)."""
    days = query_int(query, "days", default=default)
    if days is None:
        return list(items)
    cutoff = utc_now() - timedelta(days=days)
    return [item for item in items if parse_datetime(str(item[field])) >= cutoff]


def filter_equal(items: Sequence[Item], query: Query, fields: Mapping[str, str]) -> list[Item]:
    """Keep the items whose field equals each given query parameter (``{parameter: field}``).

    Values compare as text, so ``taskId=5`` matches the integer ``5``.
    """
    kept = list(items)
    for parameter, field in fields.items():
        values = query.get(parameter)
        if values and values[-1] != "":
            wanted = values[-1]
            kept = [item for item in kept if _as_text(item.get(field)) == wanted]
    return kept


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def page(
    items: Sequence[Item], query: Query, *, default_sort: str | Sequence[str] | None = None
) -> dict[str, Any]:
    """Sort ``items`` and cut one page of them, in Spring Data's ``Page`` envelope.

    Reads ``page`` (from 0), ``size`` (default 20, at most 2000) and ``sort`` (repeatable,
    ``field,asc|desc``; ``default_sort`` when absent). A bad value answers 400 naming it.
    """
    number = query_int(query, "page", default=0) or 0
    size = min(query_int(query, "size", default=DEFAULT_PAGE_SIZE, minimum=1) or 1, MAX_PAGE_SIZE)
    orders = _sort_orders(query, default_sort)
    ordered = _sorted(items, orders)
    total = len(ordered)
    total_pages = -(-total // size)
    content = ordered[number * size : (number + 1) * size]
    sort = {"sorted": bool(orders), "unsorted": not orders, "empty": not orders}
    return {
        "content": content,
        "pageable": {
            "sort": dict(sort),
            "pageNumber": number,
            "pageSize": size,
            "offset": number * size,
            "paged": True,
            "unpaged": False,
        },
        "last": number + 1 >= total_pages,
        "first": number == 0,
        "empty": not content,
        "totalPages": total_pages,
        "totalElements": total,
        "numberOfElements": len(content),
        "size": size,
        "number": number,
        "sort": sort,
    }


def _sort_orders(query: Query, default_sort: str | Sequence[str] | None) -> list[tuple[str, bool]]:
    """``(field, descending)`` pairs from ``sort=a,b,desc`` values, as Spring reads them."""
    values = list(query.get("sort") or ())
    if not values:
        values = [default_sort] if isinstance(default_sort, str) else list(default_sort or ())
    orders: list[tuple[str, bool]] = []
    for value in values:
        tokens = [token.strip() for token in value.split(",") if token.strip()]
        descending = False
        if tokens and tokens[-1].lower() in ("asc", "desc"):
            descending = tokens.pop().lower() == "desc"
        orders.extend((token, descending) for token in tokens)
    return orders


def _sorted(items: Sequence[Item], orders: list[tuple[str, bool]]) -> list[Item]:
    ordered = list(items)
    if not orders:
        return ordered
    known = set(ordered[0]) if ordered else None
    for field, _descending in orders:
        if known is not None and field not in known:
            raise error(400, f"Parameter 'sort' names an unknown property '{field}'")
    # Items are kept in creation order; ties follow the direction of the first sort key,
    # so that "newest first" stays newest first within one millisecond.
    if orders[0][1]:
        ordered.reverse()
    for field, descending in reversed(orders):
        ordered.sort(key=lambda item: _sort_key(item.get(field)), reverse=descending)
    return ordered


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(value, sort_keys=True))
