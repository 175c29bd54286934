"""The command line as a whole: the installed script, `python -m maestro`, parsing, exit codes."""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import os
import subprocess
import sys
from pathlib import Path

import maestro
from maestro import MaestroClient
from maestro._cli import main
from maestro._cli._app import build_parser
from tests.cli.conftest import Cli

GLOBAL_DESTS = {"server", "login", "key", "profile", "json", "plain"}


def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "MAESTRO_PLAIN": "1", **(env or {})},
    )


def installed_script() -> str:
    script = Path(sys.executable).parent / ("maestro.exe" if os.name == "nt" else "maestro")
    assert script.exists(), "install the project (pip install -e .) to get the maestro script"
    return str(script)


def test_python_dash_m_maestro_version_is_the_package_version() -> None:
    result = run(sys.executable, "-m", "maestro", "--version")
    assert (result.returncode, result.stdout) == (0, f"maestro {maestro.__version__}\n")
    assert maestro.__version__ == importlib.metadata.version("botcity-maestro-client") == "2.0.0"


def test_the_installed_script_lists_tasks_from_a_server_over_http(
    cli: Cli, sdk: MaestroClient, tmp_path: Path
) -> None:
    task = sdk.tasks.create("demo-invoices").parsed
    env = {**cli.environ, "HOME": str(tmp_path)}

    listed = run(installed_script(), "tasks", "list", env=env)
    missing = run(installed_script(), "tasks", "get", "999", env=env)

    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.splitlines()[1].split()[:3] == [str(task.id), "demo-invoices", "START"]
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == "maestro: error: 404 Not Found: Task 999 not found\n"


def test_import_maestro_does_not_load_the_command_line() -> None:
    code = (
        "import sys, maestro; "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] == ['maestro', '_cli']))"
    )
    result = run(sys.executable, "-c", code)
    assert result.stdout == "[]\n"


def test_no_command_is_a_usage_error(cli: Cli) -> None:
    result = cli()
    assert result.code == 2
    assert "the following arguments are required: COMMAND" in result.err


def test_a_group_without_its_command_is_a_usage_error(cli: Cli) -> None:
    result = cli("tasks")
    assert result.code == 2
    assert "usage: maestro tasks [-h]" in result.err


def test_an_unknown_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("tasks", "list", "--colour")
    assert result.code == 2
    assert "unrecognized arguments: --colour" in result.err


def test_global_options_are_accepted_before_and_after_the_command(cli: Cli) -> None:
    before = cli("--json", "--key", "wrong", "tasks", "list")
    after = cli("tasks", "list", "--json", "--key", "wrong")
    assert before == after
    assert before.code == 1


def test_help_lists_every_command_group(cli: Cli) -> None:
    result = cli("--help")
    assert result.code == 0
    for group in ("tasks", "datapools", "result-files", "logs", "errors", "credentials",
                  "bots", "runners", "schedules", "automations", "login", "check", "demo",
                  "emulator"):  # fmt: skip
        assert f"\n    {group} " in result.out


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_commands(sub, (*path, name)))
    return found or [(path, parser)]


def test_no_command_argument_takes_the_name_of_a_global_option() -> None:
    clashes = []
    for path, parser in _commands(build_parser()):
        if path == ("emulator", "serve"):
            continue  # the emulator's own --login and --key: what it accepts
        own = {
            action.dest
            for action in parser._actions
            if action.dest in GLOBAL_DESTS and action.option_strings[:1] != [f"--{action.dest}"]
        }
        clashes.extend((path, dest) for dest in own)
    assert clashes == []


class ClosedPipe(io.StringIO):
    """A stdout whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_stops_the_command_quietly(cli: Cli) -> None:
    errors = io.StringIO()
    code = main(["tasks", "list"], stdout=ClosedPipe(), stderr=errors, environ=cli.environ)
    assert (code, errors.getvalue()) == (141, "")
