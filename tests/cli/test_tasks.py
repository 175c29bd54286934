"""`maestro tasks ...` against the emulator over HTTP: output, JSON and exit codes."""

from __future__ import annotations

import json
import re

from maestro import MaestroClient
from maestro.testing import MaestroEmulator
from tests.cli.conftest import Cli


def table(text: str) -> list[list[str]]:
    """A plain table's lines split into cells (cells are separated by two or more spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.strip().splitlines()]


def record(text: str) -> dict[str, str]:
    """A plain record's `name  value` lines."""
    fields = {}
    for line in text.strip().splitlines():
        name, _, value = line.partition("  ")
        fields[name.strip()] = value.strip()
    return fields


def test_tasks_list_prints_newest_first_with_state_status_and_items(
    cli: Cli, sdk: MaestroClient
) -> None:
    first = sdk.tasks.create("demo-invoices").parsed
    second = sdk.tasks.create("demo-reports").parsed
    sdk.tasks.finish(second.id, "SUCCESS", total_items=5, processed_items=4)

    result = cli("tasks", "list")

    assert (result.code, result.err) == (0, "")
    rows = table(result.out)
    assert rows[0] == ["ID", "AUTOMATION", "STATE", "STATUS", "ITEMS", "RUNNER", "CREATED"]
    assert [row[:6] for row in rows[1:]] == [
        [str(second.id), "demo-reports", "FINISHED", "SUCCESS", "4/5", "-"],
        [str(first.id), "demo-invoices", "START", "-", "-", "-"],
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[6]) for row in rows[1:])


def test_tasks_list_filters_by_state_and_automation_and_limits(
    cli: Cli, sdk: MaestroClient
) -> None:
    ids = [sdk.tasks.create("demo-invoices").parsed.id for _ in range(3)]
    sdk.tasks.create("demo-reports")
    sdk.tasks.cancel(ids[0])

    started = cli("tasks", "list", "--state", "start", "--automation", "demo-invoices", "--json")
    limited = cli("tasks", "list", "--limit", "2", "--json")

    assert [task["id"] for task in json.loads(started.out)] == [ids[2], ids[1]]
    assert len(json.loads(limited.out)) == 2


def test_tasks_list_with_nothing_to_show_says_so(cli: Cli) -> None:
    result = cli("tasks", "list")
    assert (result.code, result.out) == (0, "No tasks.\n")


def test_tasks_list_json_is_one_document_with_wire_names(cli: Cli, sdk: MaestroClient) -> None:
    task = sdk.tasks.create("demo-invoices", parameters={"n": 1}).parsed

    result = cli("tasks", "list", "--json")

    (listed,) = json.loads(result.out)
    assert (listed["id"], listed["activityLabel"], listed["state"]) == (
        task.id,
        "demo-invoices",
        "START",
    )
    assert listed["parameters"] == {"n": 1}


def test_tasks_get_prints_the_task_field_by_field(cli: Cli, sdk: MaestroClient) -> None:
    task = sdk.tasks.create("demo-invoices", parameters={"month": "may"}, priority=3).parsed

    result = cli("tasks", "get", str(task.id))

    fields = record(result.out)
    assert result.code == 0
    assert fields["id"] == str(task.id)
    assert fields["automation"] == "demo-invoices"
    assert fields["state"] == "START"
    assert fields["parameters"] == '{"month": "may"}'
    assert fields["priority"] == "3"
    assert fields["test"] == "no"


def test_tasks_get_json_is_the_server_answer(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "get", str(task.id), "--json")

    assert json.loads(result.out) == emulator.tasks[task.id]


def test_tasks_get_of_an_unknown_task_exits_1_with_the_server_message(cli: Cli) -> None:
    result = cli("tasks", "get", "999")
    assert (result.code, result.out) == (1, "")
    assert result.err == "maestro: error: 404 Not Found: Task 999 not found\n"


def test_tasks_create_sends_text_and_json_parameters_priority_and_test(
    cli: Cli, emulator: MaestroEmulator
) -> None:
    result = cli(
        "tasks", "create", "demo-invoices",
        "--param", "month=may", "--param", "note=a=b", "--param-json", "count=5",
        "--priority", "7", "--test", "--json",
    )  # fmt: skip

    assert result.code == 0, result.err
    created = json.loads(result.out)
    stored = emulator.tasks[created["id"]]
    assert stored["parameters"] == {"month": "may", "note": "a=b", "count": 5}
    assert (stored["priority"], stored["test"]) == (7, True)


def test_tasks_create_prints_the_new_task(cli: Cli) -> None:
    result = cli("tasks", "create", "demo-invoices")
    assert result.out.splitlines()[0] == "Created task 1."
    assert record("\n".join(result.out.splitlines()[1:]))["state"] == "START"


def test_tasks_create_with_a_priority_out_of_range_is_a_usage_error(
    cli: Cli, emulator: MaestroEmulator
) -> None:
    result = cli("tasks", "create", "demo-invoices", "--priority", "11")
    assert result.code == 2
    assert result.err.endswith(
        "argument --priority: expected 0 (lowest) to 10 (highest), got '11'\n"
    )
    assert emulator.tasks == {}


def test_tasks_create_with_a_parameter_given_twice_is_a_usage_error(cli: Cli) -> None:
    result = cli("tasks", "create", "demo-invoices", "--param", "a=1", "--param-json", "a=2")
    assert (result.code, result.err) == (2, "maestro: error: parameter 'a' is given twice\n")


def test_a_malformed_parameter_is_a_usage_error_from_the_parser(cli: Cli) -> None:
    result = cli("tasks", "create", "demo-invoices", "--param", "novalue")
    assert result.code == 2
    assert "expected KEY=VALUE, got 'novalue'" in result.err


def test_tasks_wait_returns_the_final_task(cli: Cli, sdk: MaestroClient) -> None:
    task = sdk.tasks.create("demo-invoices").parsed
    sdk.tasks.finish(task.id, "FAILED", total_items=1, failed_items=1)

    result = cli("tasks", "wait", str(task.id), "--json")

    assert result.code == 0
    assert (json.loads(result.out)["state"], json.loads(result.out)["finishStatus"]) == (
        "FINISHED",
        "FAILED",
    )


def test_tasks_wait_that_times_out_exits_1_naming_the_last_state(
    cli: Cli, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "wait", str(task.id), "--timeout", "0")

    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines()[-1] == (
        f"maestro: error: task {task.id} did not reach a final state (FINISHED, CANCELED or "
        "TIMEOUT) within 0 s; its last state was START"
    )


def test_tasks_cancel_cancels_and_shows_the_task(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "cancel", str(task.id))

    assert result.code == 0
    assert result.out.splitlines()[0] == f"Canceled task {task.id}."
    assert emulator.tasks[task.id]["state"] == "CANCELED"


def test_tasks_finish_sends_status_and_counts(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "finish", str(task.id), "--status", "partially_completed",
                 "--total", "10", "--processed", "8", "--message", "2 late")  # fmt: skip

    assert (result.code, result.err) == (0, "")
    stored = emulator.tasks[task.id]
    assert (stored["state"], stored["finishStatus"], stored["finishMessage"]) == (
        "FINISHED",
        "PARTIALLY_COMPLETED",
        "2 late",
    )
    assert (stored["totalItems"], stored["processedItems"], stored["failedItems"]) == (10, 8, 2)


def test_tasks_finish_without_counts_finishes_and_warns_on_stderr(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "finish", str(task.id), "--status", "SUCCESS")

    assert result.code == 0
    assert emulator.tasks[task.id]["state"] == "FINISHED"
    assert result.err.startswith("warning: this task reports no item counts")


def test_tasks_finish_with_counts_that_do_not_add_up_is_a_usage_error(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed

    result = cli("tasks", "finish", str(task.id), "--status", "SUCCESS",
                 "--total", "3", "--processed", "2", "--failed", "2")  # fmt: skip

    assert result.code == 2
    assert "does not add up" in result.err
    assert emulator.tasks[task.id]["state"] == "START"


def test_tasks_finish_with_an_unknown_status_is_refused_by_the_parser(cli: Cli) -> None:
    result = cli("tasks", "finish", "1", "--status", "done")
    assert result.code == 2
    assert "invalid choice: 'DONE'" in result.err
