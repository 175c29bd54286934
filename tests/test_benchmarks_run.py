"""`python benchmarks/run.py` still runs end to end (tiny sizes; the numbers are never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).parent.parent / "benchmarks" / "run.py"
CASES = ["per call, in-process", "per call, loopback", "fan-out", "pagination", "upload"]
CONTENDERS = [
    "raw httpx",
    "raw httpx async",
    "raw aiohttp",
    "maestro sync",
    "maestro async",
    "maestro async, aiohttp",
    "botcity-maestro-sdk",
]
GOALS = ["≤1.15x", "≤1.2x", "≥40x", "≤+1 MiB", "≤1.25x"]


def run_benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def table() -> list[list[str]]:
    """The cells of the tiny run's table, case names carried down to every row."""
    completed = run_benchmark("--tiny")
    assert completed.returncode == 0, completed.stderr
    rows, case = [], ""
    for line in completed.stdout.splitlines():
        if line.startswith("| ") and not line.startswith("| case "):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            case = cells[0] or case
            rows.append([case, *cells[1:]])
    return rows


@pytest.mark.parametrize("case", CASES)
def test_the_table_has_a_row_for_the_case(table: list[list[str]], case: str) -> None:
    assert any(row[0].startswith(case) for row in table)


@pytest.mark.parametrize("contender", CONTENDERS)
def test_the_table_has_rows_for_the_contender(table: list[list[str]], contender: str) -> None:
    assert any(row[1] == contender for row in table)


@pytest.mark.parametrize("goal", GOALS)
def test_every_goal_is_printed_as_met_or_not_met(table: list[list[str]], goal: str) -> None:
    verdicts = [row[5] for row in table if row[5].startswith(goal + ":")]
    assert verdicts
    assert all(re.fullmatch(re.escape(goal) + r": (met|NOT met)", verdict) for verdict in verdicts)


def test_an_unknown_case_is_refused_naming_it() -> None:
    completed = run_benchmark("--tiny", "--only", "per-call,speed")
    assert completed.returncode == 2
    assert "unknown cases ['speed']" in completed.stderr
