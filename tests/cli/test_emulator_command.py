"""`maestro emulator serve` and `python -m maestro.testing serve`: one set of options."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest

from maestro import __version__
from maestro.testing.__main__ import _parser
from tests.emulator.test_server import IGNORING_SIGINT, stopped


def test_serve_options_and_their_defaults() -> None:
    arguments = _parser().parse_args(["serve"])
    assert vars(arguments) == {
        "command": "serve",
        "host": "127.0.0.1",
        "port": 8080,
        "login": "demo",
        "key": "demo-key",
        "organization": None,
        "server_version": "3.4.0",
        "token_ttl": 3600.0,
        "automations": None,
        "strict": False,
    }


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _parser().parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"maestro {__version__}\n"


def started(*command: str) -> tuple[subprocess.Popen[str], str]:
    """A server process, and its first line (which says where it listens)."""
    process = subprocess.Popen(
        [sys.executable, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    return process, process.stdout.readline()


@pytest.mark.skipif(os.name != "posix", reason="stops the server with SIGINT")
def test_maestro_emulator_serve_serves_until_interrupted() -> None:
    process, first = started(
        "-m", "maestro", "emulator", "serve", "--port", "0",
        "--login", "ops", "--key", "ops-key", "--server-version", "3.5.1",
    )  # fmt: skip
    try:
        assert first.startswith("Maestro emulator listening on http://127.0.0.1:")
        url = first.split()[4]
        version = httpx.get(f"{url}/api/v2/maestro/version").json()
        login = httpx.post(f"{url}/api/v2/workspace/login", json={"login": "ops", "key": "ops-key"})
    finally:
        outcome = stopped(process, signal.SIGINT)
    assert version == {"version": "3.5.1"}
    assert login.status_code == 200
    assert outcome == (0, "Maestro emulator stopped\n", "")


@pytest.mark.skipif(os.name != "posix", reason="stops the server with POSIX signals")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_maestro_emulator_serve_started_with_ampersand_stops_on_a_signal(
    stop: signal.Signals,
) -> None:
    process, first = started(
        "-c", IGNORING_SIGINT, "-m", "maestro", "emulator", "serve", "--port", "0"
    )

    outcome = stopped(process, stop)

    assert first.startswith("Maestro emulator listening on http://127.0.0.1:")
    assert outcome == (0, "Maestro emulator stopped\n", "")
