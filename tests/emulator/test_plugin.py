from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import maestro.testing

pytest_plugins = ["pytester"]

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def test_the_fixtures_give_an_emulator_and_ready_clients(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loaded by name, so the test does not depend on whether the package (and with it the
    # pytest11 entry point) is installed in this environment.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    pytester.makepyfile(
        """
        from maestro import AsyncMaestroClient, MaestroClient
        from maestro.testing import MaestroEmulator

        def test_emulator(maestro_emulator):
            assert isinstance(maestro_emulator, MaestroEmulator)
            assert maestro_emulator.tasks == {}

        def test_client(maestro_client, maestro_emulator):
            assert isinstance(maestro_client, MaestroClient)
            task = maestro_client.tasks.create("Invoices").parsed
            assert maestro_emulator.tasks[task.id]["activityLabel"] == "Invoices"

        async def test_async_client(async_maestro_client, maestro_emulator):
            assert isinstance(async_maestro_client, AsyncMaestroClient)
            assert (await async_maestro_client.version()).parsed.version == "3.4.0"

        def test_each_test_gets_a_fresh_emulator(maestro_emulator):
            assert maestro_emulator.requests == []
        """
    )
    result = pytester.runpytest_inprocess(
        "-p", "pytest_asyncio.plugin", "-p", "maestro.testing.pytest_plugin"
    )
    result.assert_outcomes(passed=4)


def test_importing_the_plugin_does_not_import_the_emulator() -> None:
    code = (
        "import sys, maestro.testing.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m.startswith('maestro.testing')), "
        "'http.server' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output == "['maestro.testing', 'maestro.testing.pytest_plugin'] False\n"


def test_every_exported_name_resolves() -> None:
    for name in maestro.testing.__all__:
        assert getattr(maestro.testing, name).__name__ == name


def test_the_installed_package_registers_the_plugin_as_a_pytest11_entry_point() -> None:
    registered = {
        entry.name: entry.value
        for entry in importlib.metadata.entry_points(group="pytest11")
        if entry.value.startswith("maestro.")
    }
    assert registered == {"maestro": "maestro.testing.pytest_plugin"}
