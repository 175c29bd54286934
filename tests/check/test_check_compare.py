"""The strict comparison of an answer with a model, and the paging verdict, case by case."""

from __future__ import annotations

from typing import Any

import pytest

from maestro import Datapool, DatapoolEntry, Page, Task
from maestro._check._compare import OtherType, compare
from maestro._check._judge import paging_verdict


def test_a_field_read_under_another_accepted_name_is_neither_extra_nor_missing() -> None:
    # Datapools are read from `defaultActivity` (answers) or `defaultAutomation` (requests).
    comparison = compare(Datapool, {"label": "orders", "defaultActivity": "demo-invoices"})
    assert "defaultActivity" not in comparison.server_only
    assert "defaultActivity" not in comparison.not_sent
    assert "defaultAutomation" not in comparison.not_sent


def test_a_value_a_model_converts_on_purpose_is_not_another_type() -> None:
    # Entry ids are read as text whether the server sends a number or a string.
    comparison = compare(DatapoolEntry, {"id": 42})
    assert comparison.other_type == []


def test_an_unreadable_date_that_the_model_reads_as_none_is_another_type() -> None:
    comparison = compare(Task, {"id": 1, "dateCreation": 12.5})
    assert comparison.other_type == [
        OtherType("dateCreation", "date (string or integer) or null", "number")
    ]


def test_null_for_a_field_that_cannot_be_null_is_another_type() -> None:
    assert compare(Task, {"id": None}).other_type == [OtherType("id", "integer", "null")]


def test_a_missing_required_field_makes_the_answer_not_fit() -> None:
    comparison = compare(Task, {"state": "START"})
    assert (comparison.missing, comparison.fits) == (["id"], False)


def test_differences_inside_page_items_are_named_by_their_path() -> None:
    data = {"content": [{"id": 1, "priority": "high", "robot": "r1"}], "number": 0}
    comparison = compare(Page[Task], data)
    assert comparison.server_only == ["content[].robot"]
    assert comparison.other_type == [OtherType("content[].priority", "integer or null", "string")]


def test_an_unknown_enum_value_is_not_another_type() -> None:
    assert compare(Task, {"id": 1, "state": "PAUSED"}).other_type == []


def item(number: int) -> dict[str, Any]:
    return {"id": number}


@pytest.mark.parametrize(
    ("first", "answer", "verdict"),
    [
        ([item(1), item(2)], {"content": [item(2)], "number": 1}, (True, "")),
        ([item(1)], {"content": [], "number": 1}, (True, "")),
        ([], {"content": [], "number": 1}, (None, "not verified: the list is empty")),
        ([item(1), item(2)], {"content": [item(1)], "number": 0}, (False, "ignores page")),
        ([item(1), item(2)], {"content": [item(1)]}, (False, "ignores page")),
        ([item(1), item(2)], {"content": [item(1), item(2)]}, (False, "ignores page and size")),
        ([item(1), item(2)], {"content": [item(2), item(3)]}, (False, "ignores size")),
        ([item(1), item(2)], [item(2)], (False, "page 1 with size 1 is not a page")),
    ],
    ids=[
        "honoured",
        "one-item-list",
        "empty-list",
        "page-number-0",
        "first-item-again",
        "whole-list-again",
        "two-items",
        "not-a-page",
    ],
)
def test_the_paging_verdict(
    first: list[Any], answer: Any, verdict: tuple[bool | None, str]
) -> None:
    assert paging_verdict(first, answer) == verdict
