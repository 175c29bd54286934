"""Values for every argument of every public method: plausible ones, and odd ones.

Each argument is drawn from its plausible strategy (found by parameter name, else by its
annotation) or, about one time in three, from ``ODD``: the values a careless caller or a
fuzzer hands over. A parameter with neither a name nor an annotation known here has no
strategy: ``strategy_for`` returns ``None`` and the suite fails, naming it.
"""

from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from maestro import (
    AlertType,
    ConsumptionPolicy,
    DatapoolTrigger,
    EntryState,
    ErrorType,
    FinishStatus,
    MessageType,
    TaskState,
    Technology,
)

FILES_DIR = Path("files")
"""Where the readable test files live, relative to the suite's working folder."""
PACKAGE = FILES_DIR / "bot.zip"
REPORT = FILES_DIR / "report.txt"


def _deep(levels: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(levels):
        value = {"a": [value]}
    return value


def _self_containing() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


ODD_CONSTANTS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    -(2**63) - 1,
    2**64,
    10**30,
    10**5000,
    math.nan,
    math.inf,
    -math.inf,
    -0.5,
    1e308,
    "",
    " ",
    "\t\n",
    "/",
    ".",
    "..",
    "a/../b",
    "?x=1#y",
    "%2F",
    "\ud800",
    "ok\udfffok",
    "\r\n",
    "value\r\nX-Injected: 1",
    "\x00",
    "\x7f",
    "é ✓ 💥",
    "x" * 100_000,
    b"\xff\xfe\x00",
    b"",
    b"bytes",
    bytearray(b"\x80"),
    {1, 2},
    frozenset({"a"}),
    object(),
    [],
    (),
    {},
    [math.nan],
    {"a": math.inf},
    {"a": {1, 2}},
    {"a": object()},
    {1: "one"},
    {"\ud800": "key"},
    {"k": b"\xff"},
    {"k": "\ud800"},
    {"k": 10**5000},
    _deep(150, 1),
    _deep(3, math.nan),
    _self_containing(),
    datetime(2026, 1, 1),
    Decimal("NaN"),
    Path("/"),
    io.StringIO("text"),
    ValueError("an exception"),
]


def _odd_constant(index: int) -> Any:
    return ODD_CONSTANTS[index]


# Drawn by index: hypothesis prints a ``sampled_from``'s elements, and some of these cannot be.
ODD_CONSTANT = st.integers(0, len(ODD_CONSTANTS) - 1).map(_odd_constant)
PLAIN_ODD_CONSTANT = st.integers(0, 39).map(_odd_constant)

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

_GENERATED_ODD = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.binary(max_size=20),
    st.recursive(
        PLAIN_ODD_CONSTANT | JSON_LEAVES,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=5), children, max_size=3)
        ),
        max_leaves=6,
    ),
)
ODD = st.integers(0, 1).flatmap(lambda pick: ODD_CONSTANT if pick == 0 else _GENERATED_ODD)
"""Odd values: wrong types, NaN, huge numbers, surrogates, CR/LF, sets, objects, nesting."""

TEXT = st.text(min_size=1, max_size=24)
LABELS = st.sampled_from(["invoices", "My Bot", "a/b", "dépôt", "x?y#z"]) | TEXT
IDS = st.integers(min_value=1, max_value=10**9) | st.sampled_from(["42", "a-1"])
FILES = st.sampled_from([str(PACKAGE), PACKAGE, str(REPORT)]) | st.builds(
    io.BytesIO, st.just(b"PK\x03\x04 package")
)
PACKAGES = st.sampled_from([str(PACKAGE), PACKAGE]) | st.builds(
    lambda data: _named(io.BytesIO(data), "bot.zip"), st.just(b"PK\x03\x04")
)


def _named(stream: io.BytesIO, name: str) -> io.BytesIO:
    stream.name = name
    return stream


def _noop(done: int, total: int | None) -> None:
    return None


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _enum(enum: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(enum)) | st.sampled_from([member.value for member in enum])


BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "sort": st.sampled_from([None, "dateCreation,desc", "id", ["name,asc", "id,desc"]]),
    "page": st.integers(0, 3),
    "size": st.integers(1, 1000),
    "page_size": st.integers(1, 1000),
    "limit": _maybe(st.integers(0, 3)),
    "days": st.integers(1, 30),
    "priority": st.integers(0, 10),
    "cron": st.sampled_from(["0 0 * * * ?", "0 */5 * * * ?", "0 0 12 ? * MON-FRI"]),
    "emails": st.lists(st.sampled_from(["ops@example.com", "a@b.io"]), max_size=2),
    "users": st.lists(st.sampled_from(["alice", "bob"]), max_size=2),
    "columns": st.lists(
        st.fixed_dictionaries({"name": TEXT, "label": TEXT}), min_size=1, max_size=2
    ),
    "schema": st.lists(
        st.fixed_dictionaries(
            {"label": TEXT, "type": st.sampled_from(["TEXT", "INTEGER", "DOUBLE"])}
        ),
        max_size=2,
    ),
    "to": st.sampled_from([None, "out.bin", Path("out.bin")]) | st.builds(io.BytesIO),
    "file": FILES,
    "screenshot": _maybe(FILES),
    "attachments": st.lists(st.sampled_from([str(REPORT), PACKAGE]), max_size=2),
    "exception": st.sampled_from([ValueError("boom"), RuntimeError("é\r\n"), KeyError("k")]),
    "timeout": _maybe(st.floats(0.01, 5)),
    "poll_interval": st.floats(0.001, 5),
    "on_error": st.sampled_from(["raise", "continue"]),
    "method": st.sampled_from(["GET", "post", "PUT", "DELETE", "PATCH", "HEAD"]),
    "path": st.sampled_from(["/task", "task/1", "/api/v2/x?y=1", f"{'https://maestro.test'}/x"])
    | TEXT,
    "params": _maybe(st.dictionaries(TEXT, JSON_LEAVES, max_size=3)),
    "json": JSON_VALUES,
    "content": _maybe(st.binary(max_size=30)),
    "files": _maybe(
        st.fixed_dictionaries(
            {"file": st.binary(max_size=10) | st.tuples(TEXT, st.binary(max_size=10))}
        )
    ),
    "headers": _maybe(
        st.dictionaries(
            st.sampled_from(["X-Trace", "Accept-Language"]),
            st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=10),
            max_size=2,
        )
    ),
    "technology": _enum(Technology),
    "state": _maybe(_enum(TaskState)),
    "status": _enum(FinishStatus),
    "error_type": _enum(ErrorType),
    "consumption_policy": _enum(ConsumptionPolicy),
    "trigger": _enum(DatapoolTrigger),
}
"""Plausible values of parameters whose name says more than their annotation."""

BY_METHOD_AND_NAME: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("alerts.create", "type"): _enum(AlertType),
    ("alerts.list", "type"): _maybe(_enum(AlertType)),
    ("messages.send", "type"): _enum(MessageType),
    ("bots.deploy", "file"): PACKAGES,
    ("bots.upload", "file"): PACKAGES,
    ("datapools.update", "fields"): st.dictionaries(
        st.sampled_from(["name", "active", "trigger", "max_auto_retry", "schema", "colour"]),
        st.booleans() | TEXT | st.integers(0, 5),
        max_size=2,
    ),
    ("datapools.update_entry", "fields"): st.dictionaries(
        st.sampled_from(["priority", "values", "message", "display_value", "state", "nope"]),
        st.integers(0, 10) | TEXT | st.dictionaries(TEXT, JSON_LEAVES, max_size=2),
        max_size=2,
    )
    | st.fixed_dictionaries({"state": _enum(EntryState)}),
}
"""Plausible values where one method's parameter differs from the others of that name."""

BY_ANNOTATION: dict[str, st.SearchStrategy[Any]] = {
    "str": LABELS,
    "str | None": _maybe(LABELS),
    "int": st.integers(0, 10**6),
    "int | None": _maybe(st.integers(0, 10**6)),
    "int | str": IDS,
    "int | str | None": _maybe(IDS),
    "str | int | None": _maybe(IDS),
    "EntryId": IDS,
    "bool": st.booleans(),
    "bool | None": _maybe(st.booleans()),
    "float": st.floats(0.001, 5),
    "float | None": _maybe(st.floats(0.001, 5)),
    "datetime | None": _maybe(st.datetimes(timezones=st.just(timezone.utc))),
    "Any": JSON_VALUES,
    "Mapping[str, Any]": st.dictionaries(TEXT, JSON_VALUES, min_size=1, max_size=3),
    "Mapping[str, Any] | None": _maybe(st.dictionaries(TEXT, JSON_VALUES, max_size=3)),
    "Mapping[str, str] | None": _maybe(st.dictionaries(TEXT, TEXT, max_size=3)),
    "Mapping[str, SecretValue]": st.dictionaries(TEXT, TEXT, min_size=1, max_size=2),
    "SecretValue": TEXT,
    "Sequence[str]": st.lists(TEXT, max_size=2),
    "ProgressCallback | None": st.sampled_from([None, _noop]),
    "AlertType | str": _enum(AlertType),
    "MessageType | str": _enum(MessageType),
}
"""Plausible values by annotation, for every parameter not found in ``BY_NAME``."""


def strategy_for(operation: str, name: str, annotation: str) -> st.SearchStrategy[Any] | None:
    """Plausible values of one parameter mixed with odd ones, or ``None`` when none is known."""
    plausible = BY_METHOD_AND_NAME.get((operation, name))
    if plausible is None:
        plausible = BY_NAME.get(name)
    if plausible is None:
        plausible = BY_ANNOTATION.get(annotation)
    if plausible is None:
        return None
    if (operation, name) in BY_METHOD_AND_NAME and name == "fields":
        return plausible | st.dictionaries(st.sampled_from(["name", "values"]), ODD, max_size=2)
    return st.integers(0, 2).flatmap(lambda pick: ODD if pick == 0 else plausible)
