"""`maestro check` wired to `maestro._check.run_check` as its contract says.

The contract: `run_check(client, *, write=False, confirm=None | callable(plan_text) -> bool,
progress=None) -> CheckReport` with `.rows`, `.exit_code` (0/1), `.to_json()` and
`.table() -> (header, rows)`, raising `AuthenticationError` when it cannot log in. These tests
put a stand-in that keeps the contract in place of the module, so they check the wiring only;
the check itself is tested in tests/check/.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from maestro import MaestroClient
from tests.cli.conftest import Cli


@dataclass
class StandInReport:
    rows: list[tuple[str, str]]
    exit_code: int
    not_deleted: list[str]

    def table(self) -> tuple[list[str], list[tuple[str, str]]]:
        return ["route", "result"], self.rows

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": [{"route": route, "result": result} for route, result in self.rows],
            "summary": {"fit": 1 - self.exit_code, "called": 1, "do_not_fit": self.exit_code,
                        "skipped": 0},
            "not_deleted": self.not_deleted,
        }  # fmt: skip


@dataclass
class StandIn:
    exit_code: int = 0
    not_deleted: list[str] = field(default_factory=list)
    plan_answers: list[bool] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def run_check(
        self,
        client: MaestroClient,
        *,
        write: bool = False,
        confirm: Callable[[str], bool] | None = None,
        progress: object = None,
    ) -> StandInReport:
        client.authenticate()
        self.calls.append({"write": write, "confirm": confirm})
        assert progress is not None
        progress("reading GET /api/v2/task")
        if write and confirm is not None:
            self.plan_answers.append(confirm("PLAN: a test task, a datapool"))
        return StandInReport([("GET /api/v2/task", "fits")], self.exit_code, self.not_deleted)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> StandIn:
    check = StandIn()
    module = types.ModuleType("maestro._check")
    module.run_check = check.run_check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "maestro._check", module)
    return check


def test_check_prints_the_report_table_and_exits_with_its_code(cli: Cli, stand_in: StandIn) -> None:
    fits = cli("check")
    stand_in.exit_code = 1
    stand_in.not_deleted = ["datapool maestro-check-1"]
    differs = cli("check")

    assert (fits.code, fits.err) == (0, "")
    assert fits.out == (
        "ROUTE             RESULT\n"
        "GET /api/v2/task  fits\n"
        "1 of 1 routes called fit this SDK, 0 do not; 0 not called.\n"
    )
    assert differs.code == 1
    assert differs.out.splitlines()[2:] == [
        "0 of 1 routes called fit this SDK, 1 do not; 0 not called.",
        "NOT DELETED, remove it by hand: datapool maestro-check-1",
        "Something does not fit: attach the output of `maestro check --json` to a bug report, "
        "and use client.request_raw(...) for these routes meanwhile.",
    ]
    assert stand_in.calls[0]["write"] is False


def test_check_shows_its_progress_on_a_terminal_and_clears_it(cli: Cli, stand_in: StandIn) -> None:
    result = cli("check", terminal_stderr=True)
    assert result.err == "\rreading GET /api/v2/task" + "\r" + " " * 24 + "\r"


def test_check_json_prints_the_report_document(cli: Cli, stand_in: StandIn) -> None:
    result = cli("check", "--json")
    assert result.code == 0
    assert json.loads(result.out) == {
        "rows": [{"route": "GET /api/v2/task", "result": "fits"}],
        "summary": {"fit": 1, "called": 1, "do_not_fit": 0, "skipped": 0},
        "not_deleted": [],
    }


def test_check_write_asks_before_creating_and_passes_the_answer(
    cli: Cli, stand_in: StandIn
) -> None:
    declined = cli("check", "--write", stdin="n\n")
    accepted = cli("check", "--write", stdin="yes\n")

    assert stand_in.plan_answers == [False, True]
    assert (declined.code, accepted.code) == (0, 0)
    assert declined.err == (
        "PLAN: a test task, a datapool\nCreate these objects, then delete them? [y/N]: "
    )


def test_check_write_yes_does_not_ask(cli: Cli, stand_in: StandIn) -> None:
    result = cli("check", "--write", "--yes")
    assert result.code == 0
    assert stand_in.calls[0]["confirm"] is None
    assert stand_in.plan_answers == []


def test_check_that_cannot_log_in_exits_2(cli: Cli, stand_in: StandIn) -> None:
    result = cli("check", "--key", "wrong")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("maestro: error: cannot log in: 401 Unauthorized")
    assert "wrong" not in result.err
