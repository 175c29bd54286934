"""The pytest fixtures work in users' suites, whatever async plugin (if any) they run.

Each case is a separate pytest run in a subprocess, in a directory of its own with its own
``pytest.ini``, as a user's project would be: pytest-asyncio in strict mode (its default) and
in auto mode, pytest-asyncio disabled, pytest-asyncio not importable at all, and anyio.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PYTEST_INI = """\
[pytest]
filterwarnings = error
"""

SYNC_TESTS = """
def test_the_sync_client_reaches_the_emulator(maestro_client, maestro_emulator):
    task = maestro_client.tasks.create("MyAutomation", parameters={"n": 1}).parsed
    assert maestro_emulator.tasks[task.id]["parameters"] == {"n": 1}
"""

ASYNC_TEST = """
{marker}
async def test_the_async_client_reaches_the_emulator(async_maestro_client, maestro_emulator):
    task = (await async_maestro_client.tasks.create("MyAutomation")).parsed
    assert maestro_emulator.tasks[task.id]["state"] == "START"
"""


ANYIO_BACKEND = """
@pytest.fixture
def anyio_backend():
    return "asyncio"
"""


def run_users_suite(tmp_path: Path, source: str, *options: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    (tmp_path / "test_users_suite.py").write_text(
        "import pytest\n" + textwrap.dedent(source), encoding="utf-8"
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def pytest_asyncio_options(mode: str) -> tuple[str, ...]:
    # pytest-asyncio warns when its fixture loop scope is not configured; users set it once.
    return ("-o", "asyncio_default_fixture_loop_scope=function", "-o", f"asyncio_mode={mode}")


def assert_passed(result: subprocess.CompletedProcess[str], count: int) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{count} passed in ")


def test_under_pytest_asyncios_default_strict_mode_a_marked_test_gets_the_async_client(
    tmp_path: Path,
) -> None:
    source = SYNC_TESTS + ASYNC_TEST.format(marker="@pytest.mark.asyncio")

    result = run_users_suite(tmp_path, source, *pytest_asyncio_options("strict"))

    assert_passed(result, 2)


def test_under_pytest_asyncios_auto_mode_an_unmarked_test_gets_the_async_client(
    tmp_path: Path,
) -> None:
    source = SYNC_TESTS + ASYNC_TEST.format(marker="")

    result = run_users_suite(tmp_path, source, *pytest_asyncio_options("auto"))

    assert_passed(result, 2)


def test_with_pytest_asyncio_disabled_the_sync_fixtures_work(tmp_path: Path) -> None:
    result = run_users_suite(tmp_path, SYNC_TESTS, "-p", "no:asyncio")

    assert_passed(result, 1)


def test_without_pytest_asyncio_the_sync_fixtures_work_and_anyio_runs_the_async_one(
    tmp_path: Path,
) -> None:
    # A pytest_asyncio module that fails to import stands for "not installed"; -p no:asyncio
    # keeps pytest from loading the real plugin through its entry point.
    (tmp_path / "pytest_asyncio.py").write_text(
        "raise ImportError('pytest-asyncio is not installed')\n", encoding="utf-8"
    )
    source = SYNC_TESTS + ANYIO_BACKEND + ASYNC_TEST.format(marker="@pytest.mark.anyio")

    result = run_users_suite(tmp_path, source, "-p", "no:asyncio")

    assert_passed(result, 2)
    assert "pytest_asyncio" not in result.stdout


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_an_anyio_test_gets_the_async_client_with_pytest_asyncio_installed(
    tmp_path: Path, mode: str
) -> None:
    source = ANYIO_BACKEND + ASYNC_TEST.format(marker="@pytest.mark.anyio")

    result = run_users_suite(tmp_path, source, *pytest_asyncio_options(mode))

    assert_passed(result, 1)
