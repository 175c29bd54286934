"""Reading the rows of a datapool push file: CSV with a header row, or JSON lines.

The whole file is read and checked, against the pool's schema too, before anything is sent:
a malformed row stops the push with nothing sent, and each problem names the line the row
starts on.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maestro._cli._errors import UsageError

__all__ = ["Problem", "Row", "check_schema", "file_format", "raise_problems", "read_rows"]

FORMATS = ("csv", "jsonl")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_SHOWN_PROBLEMS = 10


@dataclass(frozen=True)
class Row:
    """One entry to push, with the line of the file it starts on."""

    line: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """What is wrong with one line."""

    line: int
    message: str
    whole_file: bool = False
    """A problem of the file as a whole (its header), whatever rows are pushed."""


def file_format(path: Path, given: str | None) -> str:
    """``csv`` or ``jsonl``: as given, else from the file's extension."""
    if given:
        return given
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format of {path.name}: name it .csv or .jsonl, "
            "or give --format csv or --format jsonl"
        )
    return found


def read_rows(path: Path, fmt: str) -> tuple[list[Row], list[Problem]]:
    """The well-formed rows of the file, and a problem for each malformed one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(f"{path.name}: line {line}: not UTF-8 text") from None
    return _csv_rows(text) if fmt == "csv" else _json_rows(text)


def raise_problems(path: Path, problems: Sequence[Problem]) -> None:
    """``UsageError`` naming the first bad lines, when there are any."""
    if not problems:
        return
    problems = sorted(problems, key=lambda problem: problem.line)
    lines = [f"line {problem.line}: {problem.message}" for problem in problems[:_SHOWN_PROBLEMS]]
    if len(problems) > _SHOWN_PROBLEMS:
        lines.append(f"... and {len(problems) - _SHOWN_PROBLEMS} more")
    noun = "line" if len(problems) == 1 else "lines"
    raise UsageError(
        f"{path.name}: {len(problems)} bad {noun}, nothing was sent:\n  " + "\n  ".join(lines)
    )


def _csv_rows(text: str) -> tuple[list[Row], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    problems: list[Problem] = []
    header: list[str] | None = None
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(line, f"not valid CSV ({exc})", whole_file=True))
            break
        start, line = line, reader.line_num + 1
        if not cells or all(not value.strip() for value in cells):
            continue
        if header is None:
            header = [name.strip() for name in cells]
            problems.extend(_header_problems(start, header))
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(start, f"{len(cells)} values for {len(header)} columns of the header")
            )
            continue
        # An empty cell means "no value": the key is left out of the entry.
        rows.append(
            Row(
                start,
                {name: value for name, value in zip(header, cells, strict=True) if value != ""},
            )
        )
    if header is None:
        problems.append(
            Problem(1, "no header row (the first row names the fields)", whole_file=True)
        )
    return rows, problems


def _header_problems(line: int, header: list[str]) -> list[Problem]:
    problems = []
    if any(not name for name in header):
        problems.append(Problem(line, "the header has an empty column name", whole_file=True))
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        problems.append(
            Problem(line, f"the header names {', '.join(duplicates)} twice", whole_file=True)
        )
    return problems


def _json_rows(text: str) -> tuple[list[Row], list[Problem]]:
    rows: list[Row] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            problems.append(Problem(number, f"not JSON ({exc})"))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(number, f"expected a JSON object, got {type(value).__name__}"))
            continue
        rows.append(Row(number, value))
    return rows, problems


def check_schema(
    rows: Sequence[Row], schema: Mapping[str, str], *, from_text: bool
) -> tuple[list[Row], list[Problem]]:
    """Rows fitted to the pool's schema (field label -> TEXT, INTEGER or DOUBLE).

    Values read from CSV text become numbers where the schema says so; JSON values must
    already have the right kind. A field the schema does not have is a problem (a typo would
    otherwise reach the pool). An empty schema accepts anything.
    """
    if not schema:
        return list(rows), []
    fitted: list[Row] = []
    problems: list[Problem] = []
    for row in rows:
        values: dict[str, Any] = {}
        messages: list[str] = []
        for name, value in row.values.items():
            kind = schema.get(name)
            if kind is None:
                messages.append(f"{name!r} is not a field of the datapool")
                continue
            converted, message = _fit(value, kind, from_text=from_text)
            if message:
                messages.append(f"{name}={value!r}: {message}")
            values[name] = converted
        if messages:
            problems.append(Problem(row.line, "; ".join(messages)))
        else:
            fitted.append(Row(row.line, values))
    return fitted, problems


def _fit(value: Any, kind: str, *, from_text: bool) -> tuple[Any, str | None]:
    if kind == "INTEGER":
        if from_text and isinstance(value, str):
            try:
                return int(value.strip()), None
            except ValueError:
                return value, "expected a whole number (INTEGER field)"
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return value, "expected a whole number (INTEGER field)"
    if kind == "DOUBLE":
        if from_text and isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return value, "expected a number (DOUBLE field)"
            if not math.isfinite(number):
                return value, "expected a finite number (DOUBLE field)"
            return number, None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value, None
        return value, "expected a number (DOUBLE field)"
    return value, None
