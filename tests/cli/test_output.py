"""How results look: plain text, rich tables (the `cli` extra), and rich progress bars."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from maestro import MaestroClient
from tests.cli.conftest import Cli

RICH = {"MAESTRO_PLAIN": ""}


@pytest.fixture
def two_tasks(sdk: MaestroClient) -> None:
    sdk.tasks.create("demo-invoices")
    done = sdk.tasks.create("demo-reports").parsed
    sdk.tasks.finish(done.id, "SUCCESS", total_items=1, processed_items=1)


def test_rich_draws_a_table_with_a_header_rule(cli: Cli, two_tasks: None) -> None:
    result = cli("tasks", "list", env=RICH)

    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "AUTOMATION", "STATE", "STATUS", "ITEMS", "RUNNER", "CREATED"]
    assert set(lines[1].strip()) == {"─"}
    assert lines[2].split()[:5] == ["2", "demo-reports", "FINISHED", "SUCCESS", "1/1"]
    assert "\x1b[" not in result.out  # not a terminal: no colour codes


def test_plain_output_is_forced_by_the_option(cli: Cli, two_tasks: None) -> None:
    result = cli("tasks", "list", "--plain", env=RICH)
    assert (
        result.out.splitlines()[0] == "ID  AUTOMATION     STATE     STATUS   ITEMS  RUNNER  CREATED"
    )
    assert "─" not in result.out


def test_plain_output_is_used_when_rich_is_not_installed(
    cli: Cli, two_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)  # import rich -> ImportError

    result = cli("tasks", "list", env=RICH)

    assert result.code == 0
    assert (
        result.out.splitlines()[0] == "ID  AUTOMATION     STATE     STATUS   ITEMS  RUNNER  CREATED"
    )


def test_json_is_the_same_with_and_without_rich(cli: Cli, two_tasks: None) -> None:
    assert cli("tasks", "list", "--json", env=RICH).out == cli("tasks", "list", "--json").out


def test_rich_colours_states_on_a_terminal(
    cli: Cli, two_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")

    result = cli("tasks", "list", env=RICH, terminal_stdout=True)

    assert "\x1b[32mFINISHED" in result.out  # green
    assert "\x1b[34mSTART" in result.out  # blue


def test_no_color_keeps_rich_tables_without_colour(
    cli: Cli, two_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")

    result = cli("tasks", "list", env=RICH, terminal_stdout=True)

    assert "FINISHED" in result.out
    assert "\x1b[3" not in result.out


def test_rich_draws_a_progress_bar_on_a_terminal(
    cli: Cli, sdk: MaestroClient, tmp_path: Path
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed
    file = tmp_path / "data.bin"
    file.write_bytes(b"y" * 2048)

    result = cli("result-files", "upload", str(task.id), str(file), env=RICH, terminal_stderr=True)

    assert result.code == 0
    assert "Uploading data.bin" in result.err
    assert "100%" in result.err
    assert "2.0/2.0 kB" in result.err


def test_no_progress_is_drawn_when_stderr_is_not_a_terminal(
    cli: Cli, sdk: MaestroClient, tmp_path: Path
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed
    file = tmp_path / "data.bin"
    file.write_bytes(b"y" * 10)

    for env in (RICH, {}):
        assert cli("result-files", "upload", str(task.id), str(file), env=env).err == ""
