"""Fan out with the async client: start one task per region at once, then follow them all.

Creates a task of ``MyAutomation`` per region concurrently (at most ``--concurrency``
requests in flight), then reads every task back concurrently and prints their states.
Configure it with ``MAESTRO_SERVER``, ``MAESTRO_LOGIN`` and ``MAESTRO_KEY``::

    python async_fanout.py north south east west --concurrency 2
"""

from __future__ import annotations

import argparse
import asyncio

from maestro import AsyncMaestroClient, Task

AUTOMATION = "MyAutomation"


async def start_all(client: AsyncMaestroClient, regions: list[str], concurrency: int) -> list[Task]:
    """Create one task per region, ``concurrency`` requests at a time, in the regions' order."""
    limit = asyncio.Semaphore(concurrency)

    async def start(region: str) -> Task:
        async with limit:
            response = await client.tasks.create(AUTOMATION, parameters={"region": region})
            return response.parsed

    return list(await asyncio.gather(*(start(region) for region in regions)))


async def states(client: AsyncMaestroClient, tasks: list[Task]) -> dict[str, str]:
    """The current state of each task, by region, read concurrently."""
    responses = await asyncio.gather(*(client.tasks.get(task.id) for task in tasks))
    return {
        str(response.parsed.parameters["region"]): str(response.parsed.state)
        for response in responses
    }


async def main(regions: list[str], concurrency: int) -> None:
    """Start the tasks, then report their states."""
    async with AsyncMaestroClient.from_env() as client:
        tasks = await start_all(client, regions, concurrency)
        for region, state in (await states(client, tasks)).items():
            print(f"{region}: {state}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regions", nargs="+", help="one task per region")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    args = parser.parse_args()
    asyncio.run(main(args.regions, args.concurrency))
