"""The check's command line over real HTTP on 127.0.0.1: exit codes, JSON, no secret printed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from maestro._check import main
from maestro.testing import MaestroEmulator

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(emulator: MaestroEmulator) -> Iterator[list[str]]:
    """The options that reach the seeded emulator served on 127.0.0.1."""
    with emulator.serve() as url:
        yield ["--server", url, "--login", emulator.login, "--key", emulator.key]


def secrets_sent(emulator: MaestroEmulator) -> set[str]:
    """Every token and credential value that went over the wire, and the key."""
    found = {emulator.key}
    for request in emulator.requests:
        if "token" in request.headers:
            found.add(request.headers["token"])
        if request.method == "POST" and request.path.startswith("/api/v2/credential"):
            found.update(secret["value"] for secret in request.json().get("secrets", []))
    return found


def test_the_table_lists_every_route_and_exit_code_0_says_all_fit(
    server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(server) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["ROUTE", "CHECK", "STATUS", "FITS"]
    assert lines[2].split()[:4] == ["login", "read", "200", "yes"]
    assert lines[-1] == "34 of 34 routes called fit this SDK, 0 do not; 3 not called."


def test_json_is_one_document_with_a_row_per_route(
    server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*server, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["exit_code"] == 0
    assert document["server"]["version"] == "3.4.0"
    assert document["summary"] == {
        "routes": 37,
        "called": 34,
        "fit": 34,
        "do_not_fit": 0,
        "skipped": 3,
    }
    assert document["routes"][3] == {
        "route": "tasks.list",
        "kind": "read",
        "method": "GET",
        "path": "/api/v2/task",
        "status": 200,
        "fits": True,
        "server_only_fields": [],
        "missing_fields": [],
        "fields_of_another_type": [],
        "optional_fields_not_sent": [],
        "paging": True,
        "paging_note": "",
        "note": "",
    }


def test_paths_in_the_json_name_parameters_not_the_servers_objects(
    server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    main([*server, "--json"])
    routes = {row["route"]: row for row in json.loads(capsys.readouterr().out)["routes"]}
    assert routes["credentials.get"]["path"] == "/api/v2/credential/{label}"
    assert routes["bots.get"]["path"] == "/api/v2/bot/{bot_id}/version/{version}"


def test_no_token_key_or_credential_value_is_printed_even_with_write(
    emulator: MaestroEmulator, server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*server, "--write", "--yes", "--json"]) == 0
    json_output = capsys.readouterr()
    assert main([*server, "--write", "--yes"]) == 0
    table_output = capsys.readouterr()
    printed = json_output.out + json_output.err + table_output.out + table_output.err
    secrets = secrets_sent(emulator) | {"bank-password", "mail-password"}
    assert len(secrets) >= 6  # the key, two tokens, the seeded and the generated values
    assert [secret for secret in secrets if secret in printed] == []


def test_exit_code_1_when_an_answer_does_not_fit(
    emulator: MaestroEmulator, server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.tasks[1]["priority"] = "high"
    assert main(server) == 1
    output = capsys.readouterr().out
    assert "content[].priority (string, expected integer or null)" in output
    assert output.splitlines()[-1] == (
        "Something does not fit: attach the output of --json to a bug report, and use "
        "client.request_raw(...) for these routes meanwhile."
    )


def test_exit_code_2_when_it_cannot_log_in(
    emulator: MaestroEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    with emulator.serve() as url:
        code = main(["--server", url, "--login", emulator.login, "--key", "wrong-key"])
    output = capsys.readouterr()
    assert code == 2
    assert output.out == ""
    assert output.err.startswith(f"maestro check: could not log in to {url}: ")
    assert "wrong-key" not in output.err


def test_write_without_yes_asks_and_an_answer_of_no_creates_nothing(
    emulator: MaestroEmulator,
    server: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    pools = set(emulator.datapools)
    assert main([*server, "--write"]) == 0
    output = capsys.readouterr()
    assert "The write checks create these objects" in output.err
    assert output.err.endswith("Create them? [y/N] ")
    assert "write checks cancelled: nothing was created" in output.out
    assert set(emulator.datapools) == pools


def test_python_dash_m_runs_the_check(server: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "maestro._check", *server, "--json"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert json.loads(completed.stdout)["exit_code"] == 0
