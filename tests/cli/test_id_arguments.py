"""Ids the API numbers (tasks, result files) are checked on the command line, before any call.

A word where a number belongs is a usage error (exit 2) naming the argument, not the server's
400 (exit 1).
"""

from __future__ import annotations

import pytest

from maestro.testing import MaestroEmulator
from tests.cli.conftest import Cli

COMMANDS_TAKING_AN_ID = [
    (("tasks", "get", "{}"), "ID"),
    (("tasks", "wait", "{}"), "ID"),
    (("tasks", "cancel", "{}"), "ID"),
    (("tasks", "finish", "{}", "--status", "SUCCESS"), "ID"),
    (("result-files", "download", "{}"), "ID"),
    (("result-files", "upload", "{}", "report.csv"), "TASK_ID"),
    (("result-files", "list", "--task", "{}"), "--task"),
    (("errors", "list", "--task", "{}"), "--task"),
]


@pytest.mark.parametrize(
    ("argv", "argument"),
    COMMANDS_TAKING_AN_ID,
    ids=[" ".join(argv[:2]) + f" {argument}" for argv, argument in COMMANDS_TAKING_AN_ID],
)
@pytest.mark.parametrize("word", ["abc", "1.5", "0", "\uff11\uff12"])  # the last: fullwidth 12
def test_an_id_that_is_not_a_number_is_a_usage_error_naming_the_argument(
    cli: Cli, emulator: MaestroEmulator, argv: tuple[str, ...], argument: str, word: str
) -> None:
    result = cli(*(part.format(word) for part in argv))

    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        f"error: argument {argument}: expected a numeric id (1, 2, 3...), got {word!r}\n"
    )
    assert emulator.requests == []


def test_an_id_with_leading_zeros_is_the_same_task(cli: Cli) -> None:
    created = cli("tasks", "create", "demo-invoices", "--json")
    task_id = created.out.split('"id": ')[1].split(",")[0]

    result = cli("tasks", "get", f"00{task_id}", "--json")

    assert result.code == 0, result.err
    assert f'"id": {task_id},' in result.out
