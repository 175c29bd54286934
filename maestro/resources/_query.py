"""Query-string helpers shared by the list routes: drop unset filters, check ``sort``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from maestro._exceptions import RequestValidationError

__all__ = ["SortArg", "query"]

SortArg = str | Sequence[str] | None
"""Spring sort orders: ``"dateCreation,desc"``, ``"name"``, or several of them in a list."""

_SORT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(,(asc|desc|ASC|DESC))?")


def query(*, sort: SortArg = None, **values: Any) -> dict[str, Any]:
    """Query parameters with ``None`` values left out; ``sort`` is checked and repeated."""
    params = {name: value for name, value in values.items() if value is not None}
    if sort is not None:
        orders = (
            [sort] if isinstance(sort, str) else list(sort) if isinstance(sort, Sequence) else []
        )
        if not orders or not all(isinstance(o, str) and _SORT.fullmatch(o) for o in orders):
            raise RequestValidationError.single(
                "", "sort", sort, "must be 'field' or 'field,asc|desc', or a list of them"
            )
        params["sort"] = orders if len(orders) > 1 else orders[0]
    return params
