"""Pytest fixtures for testing code that talks to Maestro, registered through ``pytest11``.

- ``maestro_emulator``: a fresh :class:`~maestro.testing.MaestroEmulator` per test.
- ``maestro_client``: its ``client()``, closed after the test.
- ``async_maestro_client``: its ``async_client()``, closed with ``aclose()`` after the test.

The async fixture is declared with ``pytest_asyncio.fixture`` when pytest-asyncio is
installed, so it works in its default strict mode (tests marked ``@pytest.mark.asyncio``) as in
auto mode. Without pytest-asyncio it is a plain async fixture, which anyio's pytest plugin runs
for tests marked ``@pytest.mark.anyio``; the sync fixtures need no async plugin at all.

This module loads in every pytest run of anyone who installs the package, so it imports
nothing heavy at the top: the emulator is imported inside the fixtures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from maestro import AsyncMaestroClient, MaestroClient
    from maestro.testing import MaestroEmulator


def _async_fixture(function: Callable[..., Any]) -> Any:
    """Declare an async fixture for whichever async plugin the user's suite runs.

    pytest-asyncio handles, in strict mode, only the fixtures declared with its own decorator
    (any other async fixture fails the test); anyio's plugin handles any async fixture, so
    the plain ``pytest.fixture`` serves it when pytest-asyncio is not installed.
    """
    try:
        import pytest_asyncio
    except ImportError:
        return pytest.fixture(function)
    return pytest_asyncio.fixture(function)


@pytest.fixture
def maestro_emulator() -> MaestroEmulator:
    """Provide a fresh in-memory Maestro, login ``demo`` and key ``demo-key``."""
    from maestro.testing import MaestroEmulator

    return MaestroEmulator()


@pytest.fixture
def maestro_client(maestro_emulator: MaestroEmulator) -> Iterator[MaestroClient]:
    """Provide a ``MaestroClient`` connected in-process to ``maestro_emulator``."""
    client = maestro_emulator.client()
    try:
        yield client
    finally:
        client.close()


@_async_fixture
async def async_maestro_client(
    maestro_emulator: MaestroEmulator,
) -> AsyncIterator[AsyncMaestroClient]:
    """Provide an ``AsyncMaestroClient`` connected in-process to ``maestro_emulator``."""
    client = maestro_emulator.async_client()
    try:
        yield client
    finally:
        await client.aclose()
