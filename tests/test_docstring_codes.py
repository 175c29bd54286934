"""Docstrings are written for users: no reference codes of the project's internal notes.

The API notes tag routes and sources with codes (`§4.8`, `COMM`, `GUESS`, `LEGACY`, `OFF`,
`T3`, `L5`, `S13`); a docstring or a field description that names one tells the reader
nothing. The scan covers every docstring, attribute docstring and `Field(description=...)`
of the three import packages; no text needs an exception today.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("maestro", "maestro_client", "botcity_maestro_client")
INTERNAL_CODE = re.compile(
    r"§"  # a section of the notes
    r"|\b(?:COMM|GUESS|LEGACY|OFF)\b"  # how sure the notes are of a route
    r"|\b[A-Z]{1,2}\d{1,2}\b"  # a route or source number: T3, L5, S13
)


def user_texts(source: str) -> list[tuple[int, str]]:
    """Each docstring, attribute docstring and field description, with its line."""
    texts = []
    for node in ast.walk(ast.parse(source)):
        is_text = isinstance(node, ast.Expr) or (
            isinstance(node, ast.keyword) and node.arg == "description"
        )
        value = getattr(node, "value", None)
        if is_text and isinstance(value, ast.Constant) and isinstance(value.value, str):
            texts.append((value.lineno, value.value))
    return sorted(texts, key=lambda item: item[0])


def codes_in(source: str) -> list[str]:
    """``line: code`` for every internal code in the user texts of ``source``."""
    return [
        f"{line}: {match.group()}"
        for line, text in user_texts(source)
        for match in INTERNAL_CODE.finditer(text)
    ]


def test_the_scan_finds_each_kind_of_code() -> None:
    source = '''
"""See §4.8 of the notes."""
class Task:
    """Finish a task (T3, COMM)."""
    state: str = Field(description="LEGACY route L10")
    """Guessed (GUESS), not official (OFF)."""
'''
    assert codes_in(source) == [
        "2: §", "4: T3", "4: COMM", "5: LEGACY", "5: L10", "6: GUESS", "6: OFF",
    ]  # fmt: skip


def test_the_scan_leaves_plain_words_and_numbers_alone() -> None:
    source = '''
"""HTTP/1.1 and ISO 8601, UTF-8, a 2x2 PNG, Python 3.10, OFFSET, COMMIT, an HTTP 404."""
'''
    assert codes_in(source) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_user_text_names_an_internal_code(package: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{code}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for code in codes_in(path.read_text(encoding="utf-8"))
    ]
    assert found == []
