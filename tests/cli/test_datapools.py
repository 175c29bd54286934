"""`maestro datapools ...`: list, summary, and push from CSV or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maestro import MaestroClient
from maestro.testing import MaestroEmulator
from tests.cli.conftest import Cli

SCHEMA = [
    {"label": "invoice", "type": "TEXT"},
    {"label": "amount", "type": "DOUBLE"},
    {"label": "items", "type": "INTEGER"},
]


@pytest.fixture
def pool(sdk: MaestroClient) -> str:
    sdk.datapools.create("invoices", name="Invoices", schema=SCHEMA)
    return "invoices"


def pushed_values(emulator: MaestroEmulator, label: str) -> list[dict[str, object]]:
    return [entry["values"] for entry in emulator.datapool_entries(label)]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_datapools_list_shows_each_pool(cli: Cli, sdk: MaestroClient) -> None:
    sdk.datapools.create("invoices", name="Invoices", default_automation="demo-invoices")
    sdk.datapools.create("reports", active=False)

    result = cli("datapools", "list")

    lines = result.out.splitlines()
    assert lines[0].split()[:4] == ["LABEL", "NAME", "ACTIVE", "DEFAULT"]
    assert lines[1].split()[:5] == ["invoices", "Invoices", "yes", "demo-invoices", "FIFO"]
    assert lines[2].split()[:4] == ["reports", "-", "no", "-"]


def test_datapools_summary_shows_the_counters(cli: Cli, sdk: MaestroClient, pool: str) -> None:
    sdk.datapools.push(pool, {"invoice": "A"})
    sdk.datapools.push(pool, {"invoice": "B"})
    sdk.datapools.pull(pool)

    result = cli("datapools", "summary", pool)
    as_json = cli("datapools", "summary", pool, "--json")

    assert result.out.splitlines()[:4] == [
        "Datapool invoices",
        "pending            1",
        "processing         1",
        "done               0",
    ]
    document = json.loads(as_json.out)
    assert (document["countPending"], document["countProcessing"]) == (1, 1)


def test_push_csv_sends_every_row_typed_by_the_schema(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(
        tmp_path / "rows.csv",
        'invoice,amount,items\nINV-1,10.5,2\n"INV-2, late",7,\nINV-3,,1\n',
    )

    result = cli("datapools", "push", pool, str(file), "--priority", "4")

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "3 entries pushed to invoices."
    assert pushed_values(emulator, pool) == [
        {"invoice": "INV-1", "amount": 10.5, "items": 2},
        {"invoice": "INV-2, late", "amount": 7.0},
        {"invoice": "INV-3", "items": 1},
    ]
    assert {entry["priority"] for entry in emulator.datapool_entries(pool)} == {4}


def test_push_json_lines_sends_each_object(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.jsonl", '{"invoice": "A", "items": 1}\n\n{"amount": 2.5}\n')

    result = cli("datapools", "push", pool, str(file), "--json")

    assert json.loads(result.out) == {
        "datapool": "invoices",
        "file": str(file),
        "pushed": 2,
        "lines": "1-3",
    }
    assert pushed_values(emulator, pool) == [{"invoice": "A", "items": 1}, {"amount": 2.5}]


def test_push_a_file_with_bad_rows_names_each_line_and_sends_nothing(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(
        tmp_path / "rows.csv",
        "invoice,amount,items\nINV-1,1,1\nINV-2,lots,1\nINV-3,1\nINV-4,1,2.5\n",
    )

    result = cli("datapools", "push", pool, str(file))

    assert result.code == 2
    assert result.err == (
        "maestro: error: rows.csv: 3 bad lines, nothing was sent:\n"
        "  line 3: amount='lots': expected a number (DOUBLE field)\n"
        "  line 4: 2 values for 3 columns of the header\n"
        "  line 5: items='2.5': expected a whole number (INTEGER field)\n"
    )
    assert pushed_values(emulator, pool) == []


def test_push_json_lines_with_a_broken_line_sends_nothing(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.jsonl", '{"invoice": "A"}\n{"invoice": \n[1, 2]\n')

    result = cli("datapools", "push", pool, str(file))

    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0] == "maestro: error: rows.jsonl: 2 bad lines, nothing was sent:"
    assert lines[1].startswith("  line 2: not JSON (")
    assert lines[2] == "  line 3: expected a JSON object, got list"
    assert pushed_values(emulator, pool) == []


def test_push_refuses_a_field_the_pool_does_not_have(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.csv", "invoice,amout\nA,1\n")

    result = cli("datapools", "push", pool, str(file))

    assert result.code == 2
    assert "line 2: 'amout' is not a field of the datapool" in result.err
    assert pushed_values(emulator, pool) == []


def test_push_counts_lines_from_where_a_quoted_row_starts(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.csv", 'invoice,items\n"two\nlines",1\nINV-2,x\n')

    result = cli("datapools", "push", pool, str(file))

    assert "line 4: items='x'" in result.err
    assert pushed_values(emulator, pool) == []


def test_push_stopped_by_the_server_says_what_was_pushed_and_where_to_resume(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient, tmp_path: Path
) -> None:
    sdk.datapools.create("unique", schema=[{"label": "invoice", "uniqueId": True}])
    taken = sdk.datapools.push("unique", {"invoice": "C"}).parsed
    file = write(tmp_path / "rows.csv", "invoice\nA\nB\nC\nD\n")

    failed = cli("datapools", "push", "unique", str(file))

    assert failed.code == 1
    assert failed.err == (
        f"maestro: error: {file}: line 4 refused: 409 Conflict: An entry with unique key 'C' "
        "already exists; lines 2-3 (2 entries) were pushed; nothing after it was sent. "
        f"Resume with: maestro datapools push unique {file} --from-line 4\n"
    )
    assert pushed_values(emulator, "unique") == [{"invoice": v} for v in "CAB"]

    sdk.datapools.delete_entry("unique", taken.id)
    resumed = cli("datapools", "push", "unique", str(file), "--from-line", "4")

    assert (resumed.code, resumed.out.splitlines()[0]) == (0, "2 entries pushed to unique.")
    assert pushed_values(emulator, "unique") == [{"invoice": v} for v in "ABCD"]


def test_push_cut_off_after_sending_says_the_entry_may_be_there(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.csv", "invoice\nA\nB\n")
    emulator.faults.schedule_drop("after", method="POST", path="*/push")

    result = cli("datapools", "push", pool, str(file))

    assert result.code == 1
    message = result.err.removeprefix("maestro: error: ")
    assert message.startswith(f"{file}: line 2 ")
    assert message.endswith(
        "nothing was pushed before it; that entry may or may not have reached the pool; "
        "nothing after it was sent. Check with `maestro datapools summary invoices`, then "
        f"resume with: maestro datapools push invoices {file} --from-line 2 "
        f"(or maestro datapools push invoices {file} --from-line 3 if it is there)\n"
    )
    assert pushed_values(emulator, pool) == [{"invoice": "A"}]  # it was there


def test_push_to_an_unknown_pool_exits_1_before_sending(
    cli: Cli, emulator: MaestroEmulator, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.csv", "invoice\nA\n")

    result = cli("datapools", "push", "nope", str(file))

    assert result.code == 1
    assert result.err.startswith("maestro: error: 404 Not Found:")
    assert not any(r.path.endswith("/push") for r in emulator.requests)


def test_push_dry_run_checks_and_sends_nothing(
    cli: Cli, emulator: MaestroEmulator, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.csv", "invoice\nA\nB\n")

    result = cli("datapools", "push", pool, str(file), "--dry-run")

    assert (
        result.out.splitlines()[0]
        == "2 entries would be pushed (dry run, nothing sent) to invoices."
    )
    assert pushed_values(emulator, pool) == []


def test_push_draws_a_progress_bar_on_a_terminal(cli: Cli, pool: str, tmp_path: Path) -> None:
    file = write(tmp_path / "rows.csv", "invoice\nA\nB\n")

    result = cli("datapools", "push", pool, str(file), terminal_stderr=True)

    assert (
        result.err == "\rPushing to invoices 0/2 (0%)\rPushing to invoices 1/2 (50%)"
        "\rPushing to invoices 2/2 (100%)\n"
    )


def test_push_a_file_of_unknown_format_is_a_usage_error(
    cli: Cli, pool: str, tmp_path: Path
) -> None:
    file = write(tmp_path / "rows.txt", "invoice\nA\n")

    result = cli("datapools", "push", pool, str(file))

    assert result.code == 2
    assert "cannot tell the format of rows.txt" in result.err
    assert cli("datapools", "push", pool, str(file), "--format", "csv").code == 0
