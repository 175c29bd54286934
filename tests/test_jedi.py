"""What Jedi completes: the engine of IPython, Jupyter, python-lsp-server and VS Code's Jedi mode.

Jedi reads annotations from the source and does not resolve the declarations' overloads;
the facades give it plain method signatures. Each test asks Jedi what an editor would ask
it, on code written against the installed package.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import jedi
import pytest
from pydantic import BaseModel

from maestro import (
    Alert,
    Artifact,
    AsyncMaestroClient,
    Automation,
    BotVersion,
    Credential,
    Datapool,
    DatapoolEntry,
    ErrorReport,
    Log,
    MaestroClient,
    Runner,
    Schedule,
    Task,
    Workspace,
)
from maestro.testing import MaestroEmulator

ROOT = Path(__file__).parent.parent
HEADER = """\
from maestro import AsyncMaestroClient, MaestroClient

client = MaestroClient()
aclient = AsyncMaestroClient()
"""
RESPONSE_MEMBERS = {"ok", "status_code", "url", "headers", "data", "raw", "parsed"}


@pytest.fixture(scope="module", autouse=True)
def jedi_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Jedi's parse cache in a temporary directory, not in the user's home."""
    saved = jedi.settings.cache_directory
    jedi.settings.cache_directory = str(tmp_path_factory.mktemp("jedi"))
    yield
    jedi.settings.cache_directory = saved


def script(code: str) -> tuple[jedi.Script, int, int]:
    source = HEADER + code
    lines = source.splitlines()
    user_file = ROOT / "user_code.py"  # never written: Jedi only needs where the code lives
    return (
        jedi.Script(source, path=user_file, project=jedi.Project(ROOT)),
        len(lines),
        len(lines[-1]),
    )


def completions(code: str) -> set[str]:
    found, line, column = script(code)
    return {completion.name for completion in found.complete(line, column)}


def signatures(code: str) -> list[str]:
    found, line, column = script(code)
    return [signature.to_string() for signature in found.get_signatures(line, column)]


def parameter_names(code: str) -> list[list[str]]:
    found, line, column = script(code)
    return [[p.name for p in signature.params] for signature in found.get_signatures(line, column)]


def fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_completes_the_fields_of_a_task_read_by_the_sync_client() -> None:
    assert fields(Task) <= completions("client.tasks.get(1).parsed.")


def test_completes_the_fields_of_a_task_awaited_from_the_async_client() -> None:
    code = "async def main() -> None:\n    (await aclient.tasks.get(1)).parsed."

    assert fields(Task) <= completions(code)


def test_completes_the_fields_of_a_pulled_datapool_entry() -> None:
    assert fields(DatapoolEntry) <= completions('client.datapools.pull("p").parsed.')


def test_completes_the_fields_of_the_tasks_an_iterator_yields() -> None:
    assert fields(Task) <= completions("next(client.tasks.iterate()).")


def test_completes_the_fields_of_the_server_version() -> None:
    assert {"version", "version_tuple"} <= completions("client.version().parsed.")


def test_signature_help_shows_the_parameters_of_create_without_self() -> None:
    assert signatures("client.tasks.create(") == [
        "create(activity_label: str, *, parameters: Mapping[str, Any] | None=None, "
        "test: bool=False, priority: int=0, min_execution_date: datetime | None=None) "
        "-> MaestroResponse[Task]"
    ]


# -- one method of every resource, on both clients -------------------------------------------

ONE_METHOD_PER_RESOURCE: list[tuple[str, str, set[str]]] = [
    ("alerts", 'create(1, "title", "message")', fields(Alert)),
    ("automations", 'get("label")', fields(Automation)),
    ("bots", 'get("bot", "1.0")', fields(BotVersion)),
    ("credentials", 'get("vault")', fields(Credential)),
    ("datapools", 'get("pool")', fields(Datapool)),
    ("errors", "get(1)", fields(ErrorReport)),
    ("logs", 'get("label")', fields(Log)),
    ("result_files", "get(1)", fields(Artifact)),
    ("runners", 'get("machine")', fields(Runner)),
    ("schedules", "get(1)", fields(Schedule)),
    ("tasks", "get(1)", fields(Task)),
    ("workspaces", "get(1)", fields(Workspace)),
]


def test_every_resource_is_covered_below() -> None:
    covered = {attribute for attribute, _, _ in ONE_METHOD_PER_RESOURCE} | {"messages"}
    assert covered == set(MaestroClient._resource_makers)


@pytest.mark.parametrize(
    ("attribute", "call", "expected"),
    ONE_METHOD_PER_RESOURCE,
    ids=[attribute for attribute, _, _ in ONE_METHOD_PER_RESOURCE],
)
def test_completes_the_parsed_model_of_one_method_per_resource_on_the_sync_client(
    attribute: str, call: str, expected: set[str]
) -> None:
    assert expected <= completions(f"client.{attribute}.{call}.parsed.")


@pytest.mark.parametrize(
    ("attribute", "call", "expected"),
    ONE_METHOD_PER_RESOURCE,
    ids=[attribute for attribute, _, _ in ONE_METHOD_PER_RESOURCE],
)
def test_completes_the_parsed_model_of_one_method_per_resource_on_the_async_client(
    attribute: str, call: str, expected: set[str]
) -> None:
    code = f"async def main() -> None:\n    (await aclient.{attribute}.{call}).parsed."

    assert expected <= completions(code)


def test_completes_the_response_of_a_message_sent_on_both_clients() -> None:
    call = 'messages.send(subject="s", body="b", emails=["a@b.c"])'

    awaited = f"async def main() -> None:\n    (await aclient.{call})."

    assert completions(f"client.{call}.") >= RESPONSE_MEMBERS
    assert completions(awaited) >= RESPONSE_MEMBERS


SIGNATURE_CASES = [
    (attribute, call.split("(")[0]) for attribute, call, _ in ONE_METHOD_PER_RESOURCE
] + [("messages", "send")]


@pytest.mark.parametrize(
    ("attribute", "method"), SIGNATURE_CASES, ids=[f"{a}.{m}" for a, m in SIGNATURE_CASES]
)
@pytest.mark.parametrize("client_name", ["client", "aclient"])
def test_signature_help_shows_the_parameters_without_self(
    client_name: str, attribute: str, method: str
) -> None:
    client = MaestroClient("l", "k") if client_name == "client" else AsyncMaestroClient("l", "k")
    expected = list(inspect.signature(getattr(getattr(client, attribute), method)).parameters)

    assert parameter_names(f"{client_name}.{attribute}.{method}(") == [expected]


# -- live objects: what IPython and Jupyter ask Jedi about the client in their namespace ----
#
# ``jedi.Interpreter`` reads the class of a live object from its source: the resources'
# ``__wrapped__`` points it to their facades, and bound methods are method objects, which
# it pairs with the facades' methods.


@pytest.fixture(scope="module")
def live_namespace() -> Iterator[dict[str, object]]:
    emulator = MaestroEmulator(strict=True)
    client = emulator.client()
    aclient = emulator.async_client()
    yield {"client": client, "aclient": aclient}
    client.close()


def live_completions(code: str, namespace: dict[str, object]) -> set[str]:
    return {completion.name for completion in jedi.Interpreter(code, [namespace]).complete()}


@pytest.mark.parametrize(
    ("code", "model"),
    [
        ("client.tasks.get(1).parsed.", Task),
        ("next(client.tasks.iterate()).", Task),
        ('client.datapools.pull("p").parsed.', DatapoolEntry),
        ("(await aclient.tasks.get(1)).parsed.", Task),
        ("async def main():\n    (await aclient.tasks.get(1)).parsed.", Task),
    ],
    ids=["sync get", "sync iterate", "sync pull", "async get", "async get in a function"],
)
def test_completes_the_fields_of_results_on_live_clients(
    live_namespace: dict[str, object], code: str, model: type[BaseModel]
) -> None:
    assert fields(model) <= live_completions(code, live_namespace)


@pytest.mark.parametrize("client_name", ["client", "aclient"])
def test_signature_help_on_a_live_client_shows_one_signature_without_self(
    live_namespace: dict[str, object], client_name: str
) -> None:
    found = jedi.Interpreter(f"{client_name}.tasks.create(", [live_namespace]).get_signatures()

    assert [[p.name for p in signature.params] for signature in found] == [
        ["activity_label", "parameters", "test", "priority", "min_execution_date"]
    ]


def test_completes_through_a_resource_the_live_client_has_not_made_yet() -> None:
    client = MaestroClient("login", "key")
    assert "tasks" not in vars(client)

    assert fields(Task) <= live_completions("client.tasks.get(1).parsed.", {"client": client})
    assert "tasks" in live_completions("client.", {"client": client})
