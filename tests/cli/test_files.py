"""`maestro result-files ...`, `logs export` and `errors list` against the emulator."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from maestro import Column, MaestroClient
from maestro._cli import main
from maestro.testing import MaestroEmulator
from tests.cli.conftest import Cli


@pytest.fixture
def task_id(sdk: MaestroClient) -> int:
    return sdk.tasks.create("demo-invoices").parsed.id


def test_result_files_upload_sends_the_file_and_prints_its_record(
    cli: Cli, emulator: MaestroEmulator, task_id: int, tmp_path: Path
) -> None:
    file = tmp_path / "report.csv"
    file.write_bytes(b"a,b\n1,2\n")

    result = cli("result-files", "upload", str(task_id), str(file))

    assert result.code == 0, result.err
    (stored,) = emulator.result_files.values()
    assert stored.content == b"a,b\n1,2\n"
    lines = result.out.splitlines()
    assert lines[0] == f"Uploaded result file {stored.artifact['id']}."
    assert lines[2] == "name     report.csv"


def test_result_files_upload_draws_a_byte_progress_bar_on_a_terminal(
    cli: Cli, task_id: int, tmp_path: Path
) -> None:
    file = tmp_path / "big.bin"
    file.write_bytes(b"x" * 3000)

    result = cli("result-files", "upload", str(task_id), str(file), terminal_stderr=True)

    assert result.code == 0
    assert result.err.endswith("\rUploading big.bin 2.9 KiB/2.9 KiB (100%)\n")


def test_result_files_upload_of_a_missing_file_is_a_usage_error(
    cli: Cli, emulator: MaestroEmulator, task_id: int, tmp_path: Path
) -> None:
    result = cli("result-files", "upload", str(task_id), str(tmp_path / "nope.csv"))
    assert result.code == 2
    assert "no such file" in result.err
    assert emulator.result_files == {}


def test_result_files_list_filters_by_task(cli: Cli, sdk: MaestroClient, task_id: int) -> None:
    other = sdk.tasks.create("demo-reports").parsed.id
    mine = sdk.result_files.upload(task_id, b"1", name="mine.txt").parsed
    sdk.result_files.upload(other, b"2", name="other.txt")

    result = cli("result-files", "list", "--task", str(task_id))
    everything = cli("result-files", "list", "--json")

    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "FILE", "TASK", "CREATED"]
    assert lines[1].split()[:4] == [str(mine.id), "mine.txt", "mine.txt", str(task_id)]
    assert len(lines) == 2
    assert sorted(item["name"] for item in json.loads(everything.out)) == ["mine.txt", "other.txt"]


def test_result_files_download_writes_the_file_under_its_own_name(
    cli: Cli, sdk: MaestroClient, task_id: int, tmp_path: Path
) -> None:
    artifact = sdk.result_files.upload(task_id, b"hello", name="hello.txt").parsed

    result = cli("result-files", "download", str(artifact.id), "-o", str(tmp_path), "--json")

    assert result.code == 0, result.err
    assert (tmp_path / "hello.txt").read_bytes() == b"hello"
    assert json.loads(result.out) == {
        "id": artifact.id,
        "path": str(tmp_path / "hello.txt"),
        "bytes": 5,
    }


def test_result_files_download_never_overwrites_without_o(
    cli: Cli, sdk: MaestroClient, task_id: int, tmp_path: Path
) -> None:
    artifact = sdk.result_files.upload(task_id, b"new", name="kept.txt").parsed
    (tmp_path / "kept.txt").write_bytes(b"old")

    refused = cli("result-files", "download", str(artifact.id), "-o", str(tmp_path))
    chosen = cli("result-files", "download", str(artifact.id), "-o", str(tmp_path / "kept.txt"))

    assert refused.code == 2
    assert "kept.txt exists: give -o PATH" in refused.err
    assert chosen.code == 0
    assert (tmp_path / "kept.txt").read_bytes() == b"new"


def test_result_files_download_keeps_only_the_file_name_the_server_gives(
    cli: Cli, emulator: MaestroEmulator, sdk: MaestroClient, task_id: int, tmp_path: Path
) -> None:
    artifact = sdk.result_files.upload(task_id, b"x", name="safe.txt").parsed
    emulator.result_files[artifact.id].artifact["fileName"] = "../../escape.txt"
    folder = tmp_path / "downloads"
    folder.mkdir()

    result = cli("result-files", "download", str(artifact.id), "-o", str(folder))

    assert result.code == 0, result.err
    assert (folder / "escape.txt").read_bytes() == b"x"
    assert not (tmp_path / "escape.txt").exists()


def test_result_files_download_of_an_unknown_id_exits_1(cli: Cli, tmp_path: Path) -> None:
    result = cli("result-files", "download", "42", "-o", str(tmp_path / "f"))
    assert result.code == 1
    assert result.err.startswith("maestro: error: 404 Not Found:")
    assert not (tmp_path / "f").exists()


@pytest.fixture
def log(sdk: MaestroClient) -> str:
    sdk.logs.create("demo-invoices", [Column(name="Invoice", label="invoice", width=100)])
    sdk.logs.add_entry("demo-invoices", {"invoice": "INV-1"})
    sdk.logs.add_entry("demo-invoices", {"invoice": "INV-2"})
    return "demo-invoices"


def test_logs_export_prints_the_csv(cli: Cli, log: str) -> None:
    result = cli("logs", "export", log, "--days", "1")
    assert (result.code, result.out) == (0, "Invoice\r\nINV-1\r\nINV-2\r\n")


def test_logs_export_to_a_file_reports_its_size(cli: Cli, log: str, tmp_path: Path) -> None:
    target = tmp_path / "log.csv"

    result = cli("logs", "export", log, "-o", str(target), "--json")

    assert target.read_bytes() == b"Invoice\r\nINV-1\r\nINV-2\r\n"
    assert json.loads(result.out) == {
        "label": log,
        "days": 7,
        "path": str(target),
        "bytes": 23,
    }


def test_logs_export_as_json_without_a_file_is_a_usage_error(cli: Cli, log: str) -> None:
    result = cli("logs", "export", log, "--json")
    assert (result.code, result.out) == (2, "")
    assert result.err == "maestro: error: logs export writes CSV: with --json, give -o FILE\n"


def test_errors_list_filters_by_automation(cli: Cli, sdk: MaestroClient, task_id: int) -> None:
    other = sdk.tasks.create("demo-reports").parsed.id
    sdk.errors.create(task_id, type="ValueError", message="bad invoice\nsecond line")
    sdk.errors.create(other, type="KeyError", message="no report")

    result = cli("errors", "list", "--automation", "demo-invoices")

    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "TASK", "AUTOMATION", "TYPE", "MESSAGE", "DATE"]
    assert lines[1].split()[1:6] == [str(task_id), "demo-invoices", "ValueError", "bad", "invoice"]
    assert len(lines) == 2


def test_logs_export_streams_the_csv_bytes_to_a_real_stdout(cli: Cli, log: str) -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8")

    code = main(["logs", "export", log], stdout=stdout, stderr=io.StringIO(), environ=cli.environ)

    assert code == 0
    assert raw.getvalue() == b"Invoice\r\nINV-1\r\nINV-2\r\n"
