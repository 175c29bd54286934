"""Pytest fixtures for testing code that talks to Maestro, registered through ``pytest11``.

- ``maestro_emulator``: a fresh :class:`~maestro.testing.MaestroEmulator` per test.
- ``maestro_client``: its ``client()``, closed after the test.
- ``async_maestro_client``: its ``async_client()``, closed with ``aclose()`` after the test.

This module loads in every pytest run of anyone who installs the package, so it imports
nothing heavy at the top: the emulator is imported inside the fixtures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from maestro import AsyncMaestroClient, MaestroClient
    from maestro.testing import MaestroEmulator


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


@pytest.fixture
async def async_maestro_client(
    maestro_emulator: MaestroEmulator,
) -> AsyncIterator[AsyncMaestroClient]:
    """Provide an ``AsyncMaestroClient`` connected in-process to ``maestro_emulator``."""
    client = maestro_emulator.async_client()
    try:
        yield client
    finally:
        await client.aclose()
