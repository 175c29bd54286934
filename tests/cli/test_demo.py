"""`maestro demo` (also `python -m maestro demo`, the README's first command).

On the built-in emulator it runs at once. On a workspace given with --server it shows what it
will create, asks first unless --yes, and deletes what it created at the end; what the API
cannot delete (the error report, the alert) is said to stay.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from maestro import Column
from maestro._cli import main
from maestro.testing import MaestroEmulator

STEPS = [
    " 1. Log in",
    " 2. Create a test task for automation 'demo-invoices'",
    " 3. Write execution log entries",
    " 4. Upload a result file",
    " 5. Push items to datapool",
    " 6. Report an error with a screenshot",
    " 7. Send an alert",
    " 8. Finish the task with item counts",
    " 9. List what happened",
    "10. Clean up what the demo created",
]
PLAN = """\
The demo runs a bot's lifecycle on {url}, with the automation 'demo-invoices'
(it must exist there). It creates, and at the end:
  deletes  a test task of 'demo-invoices'
  deletes  a result file 'invoices.csv' of that task
  deletes  a datapool 'demo-pool-<id>' with 5 entries
  deletes  the log of 'demo-invoices' with 3 entries, if the demo creates the log
  keeps    3 entries added to the log of 'demo-invoices' if it exists already \
(no API route deletes log entries);
           writes none if that log has other columns than invoice, amount, status
  keeps    an error report with a screenshot (no API route deletes errors)
  keeps    a WARN alert 'Invoices processed' (no API route deletes alerts)
"""
QUESTION = "Run the demo in this workspace? [y/N]: "


def demo(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["demo", *argv], stdout=out, stderr=err, stdin=io.StringIO(stdin), environ={})
    return code, out.getvalue(), err.getvalue()


def on_server(url: str, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    return demo("--server", url, "--login", "acme", "--key", "acme-key", *argv, stdin=stdin)


def cleanup_lines(out: str) -> list[str]:
    section = out.split("10. Clean up what the demo created\n")[1].split("\n\nDone:")[0]
    return [line.strip() for line in section.splitlines()]


def test_demo_runs_the_whole_lifecycle_against_the_emulator() -> None:
    code, out, err = demo()

    assert (code, err) == (0, "")
    assert "Started the Maestro emulator on http://127.0.0.1:" in out
    for step in STEPS:
        assert f"\n{step}" in out
    assert "pool summary: 4 DONE, 1 ERROR" in out
    assert "FINISHED / PARTIALLY_COMPLETED, 4 processed, 1 failed" in out
    assert "alert: [WARN] Invoices processed: 4 of 5 invoices paid" in out


def test_demo_on_the_emulator_runs_for_another_automation_too() -> None:
    code, out, _ = demo("--automation", "payroll")
    assert code == 0
    assert "\n 2. Create a test task for automation 'payroll'\n" in out


def test_demo_on_a_server_declined_creates_nothing(emulator: MaestroEmulator, url: str) -> None:
    code, out, err = on_server(url, stdin="n\n")

    assert (code, out) == (1, "")
    assert err == (
        PLAN.format(url=url)
        + QUESTION
        + "maestro: error: the demo did not run: nothing was created (--yes skips the question)\n"
    )
    assert emulator.requests == []


def test_demo_on_a_server_with_a_closed_stdin_does_not_run(
    emulator: MaestroEmulator, url: str
) -> None:
    code, _, err = on_server(url, stdin="")
    assert code == 1
    assert "the demo did not run" in err
    assert emulator.requests == []


def test_demo_on_a_server_confirmed_deletes_what_it_created(
    emulator: MaestroEmulator, url: str
) -> None:
    code, out, err = on_server(url, stdin="y\n")

    assert code == 0, err
    assert err == PLAN.format(url=url) + QUESTION
    assert emulator.tasks == {}
    assert emulator.result_files == {}
    assert emulator.datapools == {}
    assert emulator.logs == {}
    (error,) = emulator.errors.values()
    (alert,) = emulator.alerts.values()
    lines = cleanup_lines(out)
    assert lines == [
        f"kept: alert 'Invoices processed' of task {alert['taskId']} (no API route deletes alerts)",
        f"kept: error report {error.error['id']} (no API route deletes errors)",
        lines[2],
        f"deleted: result file {lines[3].split()[-1]}",
        "deleted: log of 'demo-invoices'",
        f"deleted: test task {alert['taskId']}",
    ]
    assert lines[2].startswith("deleted: datapool 'demo-pool-")
    deletes = [r.path for r in emulator.requests if r.method == "DELETE"]
    assert len(deletes) == 4


def test_demo_with_yes_does_not_ask(emulator: MaestroEmulator, url: str) -> None:
    code, _, err = on_server(url, "--yes")
    assert code == 0
    assert QUESTION not in err
    assert emulator.tasks == {}


def test_demo_keeps_the_entries_of_a_log_that_was_there_before(
    emulator: MaestroEmulator, url: str
) -> None:
    with emulator.client() as client:
        columns = [
            Column(name=name.title(), label=name) for name in ("invoice", "amount", "status")
        ]
        client.logs.create("demo-invoices", columns)
        client.logs.add_entry("demo-invoices", {"invoice": "REAL-1", "amount": "1", "status": "ok"})

    code, out, _ = on_server(url, "--yes")

    assert code == 0
    assert len(emulator.logs["demo-invoices"].entries) == 4
    assert (
        "kept: 3 entries in the log of 'demo-invoices' (the log was there before the demo, "
        "and no API route deletes log entries)"
    ) in cleanup_lines(out)


def test_demo_writes_nothing_to_a_log_with_other_columns_and_leaves_it_as_it_was(
    emulator: MaestroEmulator, url: str
) -> None:
    with emulator.client() as client:
        client.logs.create("demo-invoices", [Column("Foo", "foo"), Column("Bar", "bar")])
        client.logs.add_entry("demo-invoices", {"foo": "1", "bar": "2"})
    before = emulator.logs["demo-invoices"]
    columns, entries = list(before.columns), list(before.entries)

    code, out, err = on_server(url, "--yes")

    assert code == 0, err
    assert (
        "    the log of 'demo-invoices' exists with the columns foo, bar, "
        "not invoice, amount, status: no entries written\n"
    ) in out
    lines = cleanup_lines(out)
    assert lines[-2:] == [
        "kept: the log of 'demo-invoices' has other columns; no entries written",
        f"deleted: test task {lines[-1].split()[-1]}",
    ]
    assert [line.split(":")[0] for line in lines] == [
        "kept", "kept", "deleted", "deleted", "kept", "deleted",
    ]  # fmt: skip
    after = emulator.logs["demo-invoices"]
    assert (after.columns, after.entries) == (columns, entries)
    assert emulator.tasks == {}
    assert emulator.datapools == {}
    assert emulator.result_files == {}


def test_demo_cleans_up_also_when_a_step_fails(emulator: MaestroEmulator, url: str) -> None:
    emulator.faults.schedule(500, method="POST", path="/api/v2/alerts")

    code, out, err = on_server(url, "--yes")

    assert code == 1
    assert err.endswith(
        "maestro: error: 500 Internal Server Error: Fault injected by the Maestro emulator\n"
    )
    assert "\n 7. Send an alert\n\n 8. Clean up what the demo created\n" in out
    assert emulator.tasks == {}
    assert emulator.datapools == {}


def test_demo_says_what_it_could_not_delete_and_exits_1(
    emulator: MaestroEmulator, url: str
) -> None:
    emulator.faults.schedule(404, method="DELETE", path="/api/v2/artifact/*")

    code, out, err = on_server(url, "--yes")

    assert code == 1
    (stored,) = emulator.result_files.values()
    failed = [line for line in cleanup_lines(out) if line.startswith("failed:")]
    number = stored.artifact["id"]
    assert failed == [
        f"failed: result file {number} (404 Not Found: Fault injected by the Maestro emulator)"
    ]
    assert err.endswith(
        f"maestro: error: the demo could not delete: result file {number} "
        "(404 Not Found: Fault injected by the Maestro emulator)\n"
    )
    assert emulator.tasks == {}


def test_demo_json_prints_the_outcome_and_narrates_on_stderr(
    emulator: MaestroEmulator, url: str
) -> None:
    code, out, err = on_server(url, "--yes", "--json")

    assert code == 0
    document = json.loads(out)
    assert (document["server"], document["automation"], document["steps"]) == (
        url,
        "demo-invoices",
        10,
    )
    assert [item["outcome"] for item in document["cleanup"]] == [
        "kept", "kept", "deleted", "deleted", "deleted", "deleted",
    ]  # fmt: skip
    assert " 1. Log in" in err


def test_demo_with_a_wrong_key_stops_with_a_clear_message(
    emulator: MaestroEmulator, url: str
) -> None:
    code, out, err = demo("--server", url, "--login", "acme", "--key", "wrong", "--yes")

    assert code == 1
    assert emulator.tasks == {}
    assert err.endswith(
        "maestro: error: 401 Unauthorized: login as 'acme' failed: Invalid login or key\n"
    )
    assert "wrong" not in err
    assert "Clean up" not in out


def test_python_dash_m_maestro_demo_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "maestro", "demo"],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "10. Clean up what the demo created" in result.stdout
