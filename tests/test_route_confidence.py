"""The README's resource table and the methods' docstrings agree on how sure each route is.

Editors and the typed facades show only a docstring's first line, so that is where a method
whose route only community code calls says "unconfirmed route", and one whose route no public
client calls says "speculative route".
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import maestro.facades
import maestro.resources

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
TABLE_HEADER = "| resource | confirmed by BotCity's code | community code only | speculative |"
WORDS = {"confirmed": None, "community": "unconfirmed route", "speculative": "speculative route"}


def resource_table() -> list[tuple[str, str, str]]:
    """``(resource, method, column)`` for every method of the README's resource table."""
    start = README.index(TABLE_HEADER)
    lines = README[start:].split("\n\n", 1)[0].splitlines()[2:]
    listed = []
    for line in lines:
        resource, *columns = (cell.strip() for cell in line.strip("|").split("|"))
        for column, cell in zip(WORDS, columns, strict=True):
            listed += [
                (resource.strip("`"), method, column) for method in re.findall(r"`(\w+)`", cell)
            ]
    return listed


def first_lines(resource: str, method: str) -> dict[str, str]:
    """The method's docstring summary: in its declaration and in both facades."""
    if resource == "client":
        return {"MaestroClient": (inspect.getdoc(getattr(maestro.MaestroClient, method)) or "")}
    name = "".join(part.title() for part in resource.split("_"))
    owners = {
        name: getattr(maestro.resources, name),
        f"{name}Facade": getattr(maestro.facades, f"{name}Facade"),
        f"Async{name}Facade": getattr(maestro.facades, f"Async{name}Facade"),
    }
    return {
        owner: (inspect.getdoc(getattr(cls, method)) or "").split("\n")[0]
        for owner, cls in owners.items()
    }


ROWS = resource_table()


def test_the_table_lists_every_column_of_evidence() -> None:
    counts = {column: sum(1 for *_, found in ROWS if found == column) for column in WORDS}

    assert counts == {"confirmed": 69, "community": 15, "speculative": 6}


@pytest.mark.parametrize(
    ("resource", "method", "column"),
    [row for row in ROWS if row[2] != "confirmed"],
    ids=[f"{resource}.{method}" for resource, method, column in ROWS if column != "confirmed"],
)
def test_an_unconfirmed_or_speculative_route_says_so_in_its_first_line(
    resource: str, method: str, column: str
) -> None:
    word = WORDS[column]
    assert word is not None

    summaries = first_lines(resource, method)

    assert {owner: word in summary for owner, summary in summaries.items()} == dict.fromkeys(
        summaries, True
    ), summaries


def test_a_route_confirmed_by_botcity_never_claims_to_be_a_guess() -> None:
    claims = {
        f"{resource}.{method}"
        for resource, method, column in ROWS
        if column == "confirmed"
        for summary in first_lines(resource, method).values()
        if "unconfirmed route" in summary or "speculative route" in summary
    }

    assert claims == set()
