"""`maestro check` wired to `maestro._check.run_check` as its contract says.

The contract: `run_check(client, *, write=False, confirm=None | callable(plan_text) -> bool,
progress=None) -> CheckReport` with `.rows`, `.exit_code` (0/1), `.to_json()` and
`.table() -> (header, rows)`, raising `AuthenticationError` when it cannot log in. These tests
put a stand-in that keeps the contract in place of the module, so they check the wiring only;
the check itself is tested in tests/check/.
"""

from __future__ import annotations

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

    def table(self) -> tuple[list[str], list[tuple[str, str]]]:
        return ["route", "result"], self.rows

    def to_json(self) -> dict[str, Any]:
        return {"rows": [{"route": route, "result": result} for route, result in self.rows]}


@dataclass
class StandIn:
    exit_code: int = 0
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
        if write and confirm is not None:
            self.plan_answers.append(confirm("PLAN: a test task, a datapool"))
        return StandInReport([("GET /api/v2/task", "fits")], self.exit_code)


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
    differs = cli("check")

    assert (fits.code, fits.out) == (0, "ROUTE             RESULT\nGET /api/v2/task  fits\n")
    assert differs.code == 1
    assert stand_in.calls[0]["write"] is False


def test_check_json_prints_the_report_document(cli: Cli, stand_in: StandIn) -> None:
    result = cli("check", "--json")
    assert result.out == '{\n  "rows": [\n    {\n      "route": "GET /api/v2/task",\n' \
        '      "result": "fits"\n    }\n  ]\n}\n'  # fmt: skip


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
