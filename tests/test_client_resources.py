"""A client makes each resource the first time it is read, once, on its own transport."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from maestro import AsyncMaestroClient, MaestroClient
from maestro.resources import Tasks


@pytest.mark.parametrize("client_class", [MaestroClient, AsyncMaestroClient])
def test_a_resource_is_made_on_first_read_and_then_kept(client_class: type) -> None:
    client = client_class("login", "key")

    assert "tasks" not in vars(client)
    tasks = client.tasks
    assert type(tasks) is Tasks
    assert tasks._transport is client._transport
    assert vars(client)["tasks"] is tasks
    assert client.tasks is tasks


def test_dir_lists_the_resources_before_they_are_made() -> None:
    client = MaestroClient("login", "key")

    assert set(MaestroClient._resource_makers) <= set(dir(client))
    assert not set(MaestroClient._resource_makers) & set(vars(client))


def test_an_unknown_attribute_is_an_attribute_error_naming_it() -> None:
    client = MaestroClient("login", "key")

    with pytest.raises(AttributeError, match="'MaestroClient' object has no attribute 'taks'"):
        _ = client.taks  # type: ignore[attr-defined]


def test_threads_reading_a_resource_first_all_get_the_same_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[object] = []
    make_tasks = MaestroClient._resource_makers["tasks"]

    def slow_make(transport: Any) -> object:
        time.sleep(0.05)  # widens the window in which another thread could make a second one
        made.append(make_tasks(transport))
        return made[-1]

    monkeypatch.setattr(
        MaestroClient, "_resource_makers", {**MaestroClient._resource_makers, "tasks": slow_make}
    )
    client = MaestroClient("login", "key")
    start = threading.Barrier(4)
    seen: list[object] = []

    def read() -> None:
        start.wait()
        seen.append(client.tasks)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(made) == 1
    assert seen == [made[0]] * 4


def test_a_copy_with_other_options_makes_its_own_resources_on_the_shared_pool() -> None:
    client = MaestroClient("login", "key")
    original_tasks = client.tasks
    copy = client.with_options(timeout=5)

    assert "tasks" not in vars(copy)
    assert copy.tasks is not original_tasks
    assert copy.tasks._transport is copy._transport
    assert copy._transport.http is client._transport.http
