"""`maestro check --server URL --login L --key K` against the seeded strict emulator over HTTP.

The command runs as users run it: the real check (no stand-in), the real command line, a
server on 127.0.0.1. `python -m maestro._check` is another name for the same command.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest

from maestro._check import main as check_main
from maestro.testing import MaestroEmulator
from tests.check.conftest import seed
from tests.cli.conftest import Cli, Run

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
ALL_FIT = "34 of 34 routes called fit this SDK, 0 do not; 3 not called."
NOT_FIT_NOTE = (
    "Something does not fit: attach the output of `maestro check --json` to a bug report, "
    "and use client.request_raw(...) for these routes meanwhile."
)


class Check(Protocol):
    """Runs `maestro check` with the connection options and these arguments."""

    def __call__(self, *argv: str, stdin: str = "") -> Run: ...


@pytest.fixture
def emulator() -> MaestroEmulator:
    """The served emulator of `tests/cli`, seeded with two of everything a list route lists."""
    seeded = MaestroEmulator(login="acme", key="acme-key", strict=True)
    seed(seeded)
    return seeded


@pytest.fixture
def connection(url: str) -> list[str]:
    return ["--server", url, "--login", "acme", "--key", "acme-key"]


@pytest.fixture
def check(cli: Cli, connection: list[str]) -> Check:
    """`maestro check` with the connection given as options only (no MAESTRO_* variables)."""
    bare = cli.without_connection()

    def run(*argv: str, stdin: str = "") -> Run:
        return bare("check", *connection, *argv, stdin=stdin)

    return run


def stored(emulator: MaestroEmulator) -> dict[str, set[object]]:
    """The ids of what `--write` creates: tasks, logs, datapools, credentials, schedules."""
    return {
        "tasks": set(emulator.tasks),
        "logs": set(emulator.logs),
        "datapools": set(emulator.datapools),
        "credentials": set(emulator.credentials),
        "schedules": set(emulator.schedules),
    }


def secrets_sent(emulator: MaestroEmulator) -> set[str]:
    """The key, every token that went over the wire, and every credential value stored or sent."""
    found = {emulator.key, "bank-password", "mail-password"}
    for request in emulator.requests:
        if "token" in request.headers:
            found.add(request.headers["token"])
        if request.method == "POST" and request.path.startswith("/api/v2/credential"):
            found.update(secret["value"] for secret in request.json().get("secrets", []))
    return found


def test_without_flags_every_route_fits_and_the_summary_says_so(check: Check) -> None:
    result = check()

    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0].split()[:4] == ["ROUTE", "CHECK", "STATUS", "FITS"]
    assert lines[1].split() == ["login", "read", "200", "yes"]
    assert lines[-1] == ALL_FIT


def test_write_yes_fits_everywhere_and_leaves_nothing_behind(
    check: Check, emulator: MaestroEmulator
) -> None:
    before = stored(emulator)

    result = check("--write", "--yes")

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == (
        "64 of 64 routes called fit this SDK, 0 do not; 3 not called."
    )
    assert "NOT DELETED" not in result.out
    assert stored(emulator) == before


def test_json_is_one_document_without_key_token_or_credential_value(
    check: Check, emulator: MaestroEmulator
) -> None:
    result = check("--json", "--write", "--yes")

    document = json.loads(result.out)
    assert (result.code, result.err) == (0, "")
    assert document["exit_code"] == 0
    assert document["server"]["version"] == "3.4.0"
    assert document["summary"] == {
        "routes": 67,
        "called": 64,
        "fit": 64,
        "do_not_fit": 0,
        "skipped": 3,
    }
    secrets = secrets_sent(emulator)
    assert len(secrets) >= 6  # the key, two tokens, the seeded and the generated values
    assert [secret for secret in secrets if secret in result.out] == []


def test_json_rows_name_path_parameters_not_the_servers_objects(check: Check) -> None:
    routes = {row["route"]: row for row in json.loads(check("--json").out)["routes"]}

    assert routes["credentials.get"]["path"] == "/api/v2/credential/{label}"
    assert routes["bots.get"]["path"] == "/api/v2/bot/{bot_id}/version/{version}"
    assert routes["tasks.list"] == {
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


def test_an_altered_answer_exits_1_and_names_the_field(
    check: Check, emulator: MaestroEmulator
) -> None:
    emulator.tasks[1]["priority"] = "high"

    result = check()

    assert result.code == 1
    assert "content[].priority (string, expected integer or null)" in result.out
    assert result.out.splitlines()[-2:] == [
        "33 of 34 routes called fit this SDK, 1 do not; 3 not called.",
        NOT_FIT_NOTE,
    ]


def test_a_wrong_key_exits_2_without_printing_it(cli: Cli, url: str) -> None:
    result = cli.without_connection()(
        "check", "--server", url, "--login", "acme", "--key", "wrong-key"
    )

    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("maestro: error: cannot log in: 401 Unauthorized")
    assert "wrong-key" not in result.err


def test_write_asks_first_and_an_answer_of_no_creates_nothing(
    check: Check, emulator: MaestroEmulator
) -> None:
    before = stored(emulator)

    result = check("--write", stdin="n\n")

    assert result.code == 0
    assert "The write checks create these objects" in result.err
    assert result.err.endswith("Create these objects, then delete them? [y/N]: ")
    assert "write checks cancelled: nothing was created" in result.out
    assert stored(emulator) == before


def test_python_dash_m_maestro_underscore_check_is_the_same_command(
    check: Check, connection: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = check_main([*connection, "--plain"])
    alias = capsys.readouterr()
    command = check()

    assert (code, alias.out, alias.err) == (command.code, command.out, command.err)
    assert alias.out.splitlines()[-1] == ALL_FIT


def test_python_dash_m_maestro_check_runs_the_check(connection: list[str], tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "maestro", "check", *connection, "--json"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (completed.returncode, completed.stderr) == (0, "")
    assert json.loads(completed.stdout)["summary"]["fit"] == 34
