"""The 1.x client's import lines, checked with mypy --strict and pyright: the same types."""

from __future__ import annotations

from typing_extensions import assert_type

import maestro
from botcity_maestro_client import MaestroClient, MaestroClientError, NotFoundError
from maestro_client import AsyncMaestroClient, MaestroResponse, Task, __version__
from maestro_client import MaestroClient as ShortNameClient


def seed_readme_usage(client: MaestroClient) -> None:
    assert_type(client, maestro.MaestroClient)
    assert_type(client.tasks.get(1), MaestroResponse[Task])
    assert_type(client.tasks.get(1).parsed, maestro.Task)
    try:
        client.tasks.get(1)
    except NotFoundError as error:
        assert_type(error.status_code, int)
    except MaestroClientError as error:
        assert_type(error, maestro.MaestroClientError)


async def async_usage(client: AsyncMaestroClient) -> None:
    assert_type(await client.tasks.get(1), maestro.MaestroResponse[maestro.Task])


assert_type(ShortNameClient, type[maestro.MaestroClient])
VERSION: str = __version__
