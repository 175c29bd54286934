"""The README's commands and examples stay true: every Python block runs against the emulator.

Each ```python block is known by the heading above it and its number under that heading
(``"What a bot does all day #2"``). It runs as written, in a fresh namespace, in a temporary
working directory, after the prelude ``PRELUDES`` gives it. The preludes only stand in for
what a reader has and the README cannot show:

* ``workspace``: a Maestro for ``your_login`` / ``your_key``. ``MaestroClient`` and
  ``AsyncMaestroClient`` reach an emulator in-process whatever server they are given
  (``base_url``, ``MAESTRO_SERVER``, the Runner's command line), and the environment names
  that server, login and key for ``from_env``.
* ``bot``: the workspace after the block above it (the log and the datapool), a task of
  ``MyAutomation`` taken by a Runner, which starts the bot with that task on its command line;
  ``screen.png`` and ``bot.log``, the files a bot would have written.
* ``operations``: the workspace with a credential ``erp``, a bot package ``dist/bot.zip``,
  and a Runner that runs and finishes each waiting task whenever the client pauses to poll.
* ``client``: the workspace, a ``client`` connected to it, and a credential ``my-vault``
  with the keys ``user`` and ``password``.
* ``emulator``: the variable ``emulator`` (a ``MaestroEmulator()``) from the block that makes
  one; ``runner``: that, with ``task_id`` a new task and ``label``/``entry_id`` a datapool entry
  being processed.
* ``test suite``: after the block, each ``test_*`` function it defines runs with the plugin's
  fixtures (``maestro_emulator``, ``maestro_client``, ``async_maestro_client``).

A ``print(...)`` line carries its output as a comment; the block's output must be exactly
those comments, in order (``...`` stands for any text).
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import io
import re
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import maestro
from maestro import AsyncMaestroClient, FinishStatus, MaestroClient, SchemaField
from maestro._transport import SyncTransport
from maestro.testing import MaestroEmulator

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

LOGIN = "your_login"
KEY = "your_key"
SERVER = "https://acme.botcity.dev"


@dataclass(frozen=True)
class Block:
    """One ```python block of the README."""

    heading: str
    number: int
    line: int
    source: str

    @property
    def name(self) -> str:
        return f"{self.heading} #{self.number}"

    def expected_output(self) -> list[str]:
        return re.findall(r"^\s*print\(.*\)  # (.*)$", self.source, flags=re.M)


def readme_blocks() -> list[Block]:
    blocks: list[Block] = []
    heading = ""
    counts: dict[str, int] = {}
    lines = README.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.strip().startswith("```"):
            end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
            if line.strip() == "```python":
                counts[heading] = counts.get(heading, 0) + 1
                source = "\n".join(lines[index + 1 : end]) + "\n"
                blocks.append(Block(heading, counts[heading], index + 1, source))
            index = end
        index += 1
    return blocks


BLOCKS = readme_blocks()


@dataclass
class Scene:
    """What a block runs with: its namespace, the emulator behind it, the test's patching."""

    monkeypatch: pytest.MonkeyPatch
    emulator: MaestroEmulator
    namespace: dict[str, Any] = field(default_factory=lambda: {"__name__": "__readme__"})
    after: list[Callable[[Scene], None]] = field(default_factory=list)


def run_source(source: str, namespace: dict[str, Any], filename: str) -> None:
    code = compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, namespace)
    if inspect.iscoroutine(result):  # a block with a top-level await runs in an event loop
        asyncio.run(result)


def run_block(block: Block, namespace: dict[str, Any]) -> str:
    output = io.StringIO()
    with redirect_stdout(output):
        run_source(block.source, namespace, f"README.md:{block.line}")
    return output.getvalue()


def block_named(name: str) -> Block:
    (block,) = (block for block in BLOCKS if block.name == name)
    return block


# -- preludes ----------------------------------------------------------------------------


def workspace(scene: Scene) -> None:
    emulator = scene.emulator
    for client_class in (MaestroClient, AsyncMaestroClient):
        original = client_class.__init__

        def into_the_emulator(self: Any, *args: Any, _original: Any = original, **kw: Any) -> None:
            kw.update(base_url=emulator.base_url, transport=emulator.transport())
            _original(self, *args, **kw)

        scene.monkeypatch.setattr(client_class, "__init__", into_the_emulator)
    scene.monkeypatch.setenv("MAESTRO_SERVER", SERVER)
    scene.monkeypatch.setenv("MAESTRO_LOGIN", LOGIN)
    scene.monkeypatch.setenv("MAESTRO_KEY", KEY)


def workspace_over_http(scene: Scene) -> None:
    """The workspace served over real HTTP on 127.0.0.1, for a client on aiohttp."""
    emulator = scene.emulator
    emulator.add_automation("MyAutomation")
    serving = emulator.serve()
    scene.monkeypatch.setenv("MAESTRO_SERVER", serving.__enter__())
    scene.monkeypatch.setenv("MAESTRO_LOGIN", LOGIN)
    scene.monkeypatch.setenv("MAESTRO_KEY", KEY)
    scene.after.append(lambda _: serving.__exit__(None, None, None))


def bot(scene: Scene) -> None:
    workspace(scene)
    run_block(block_named("What a bot does all day #1"), {})
    with scene.emulator.client() as operator:
        task = operator.tasks.create("MyAutomation", parameters={"month": "2026-11"}).parsed
    scene.emulator.run_task(task.id)
    argv = ["bot.py", SERVER, str(task.id), scene.emulator.issue_token()]
    scene.monkeypatch.setattr(sys, "argv", argv)
    Path("screen.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    Path("bot.log").write_text("paying invoices\n", encoding="utf-8")
    scene.after.append(the_bot_did_its_work)


def the_bot_did_its_work(scene: Scene) -> None:
    emulator = scene.emulator
    (task,) = emulator.tasks.values()
    assert (task["state"], task["finishStatus"]) == ("FINISHED", "PARTIALLY_COMPLETED")
    assert (task["totalItems"], task["processedItems"], task["failedItems"]) == (3, 2, 1)
    states = [entry["state"] for entry in emulator.datapool_entries("invoices")]
    assert states == ["DONE", "ERROR", "DONE"]
    entries = [entry["columns"] for entry in emulator.logs["MyAutomation"].entries]
    assert [entry["status"] for entry in entries] == ["DONE", "ERROR", "DONE"]
    (error,) = emulator.errors.values()
    assert error.error["message"] == "INV-002: the bank refused the transfer"
    assert error.screenshot is not None
    (artifact,) = emulator.result_files.values()
    assert artifact.content == b"INV-001,DONE\nINV-002,ERROR\nINV-003,DONE\n"
    (alert,) = emulator.alerts.values()
    assert (alert["title"], alert["message"]) == ("Invoices paid", "2 paid, 1 failed")


def operations(scene: Scene) -> None:
    workspace(scene)
    emulator = scene.emulator
    with emulator.client() as operator:
        operator.credentials.create("erp", {"password": "s3cret"})
    Path("dist").mkdir()
    Path("dist/bot.zip").write_bytes(b"PK\x05\x06" + bytes(18))

    def runner_works_while_the_client_waits(seconds: float) -> None:
        with emulator.client() as bot:
            for task_id, task in list(emulator.tasks.items()):
                if task["state"] == "START":
                    emulator.run_task(task_id)
                    bot.tasks.finish(task_id, FinishStatus.SUCCESS, total_items=1, failed_items=0)

    scene.monkeypatch.setattr(
        SyncTransport, "sleep", staticmethod(runner_works_while_the_client_waits)
    )
    scene.after.append(the_operations_script_did_its_work)


def the_operations_script_did_its_work(scene: Scene) -> None:
    emulator = scene.emulator
    assert emulator.bots[("MyBot", "1.2.0")].content == b"PK\x05\x06" + bytes(18)
    (schedule,) = emulator.schedules.values()
    assert (schedule["activityLabel"], schedule["priority"]) == ("MyAutomation", 3)


def client_variable(scene: Scene) -> None:
    workspace(scene)
    client = MaestroClient(login=LOGIN, key=KEY)
    client.credentials.create("my-vault", {"user": "robot", "password": "s3cret"})
    scene.namespace["client"] = client
    scene.after.append(lambda _: client.close())


def emulator_variable(scene: Scene) -> None:
    # lenient: the README's blocks run as a user would run them, on the default emulator
    scene.emulator = MaestroEmulator()  # as the first emulator block makes it
    scene.namespace["emulator"] = scene.emulator


def runner(scene: Scene) -> None:
    emulator_variable(scene)
    emulator = scene.emulator
    with emulator.client() as client:
        task = client.tasks.create("MyAutomation").parsed
        client.datapools.create("invoices", schema=[SchemaField(label="invoice")])
        client.datapools.push("invoices", {"invoice": "INV-001"})
        entry = client.datapools.pull("invoices").parsed
    assert entry is not None
    scene.namespace.update(task_id=task.id, label="invoices", entry_id=entry.id)


def test_suite(scene: Scene) -> None:
    scene.after.append(run_the_blocks_tests)


def run_the_blocks_tests(scene: Scene) -> None:
    tests = {name: value for name, value in scene.namespace.items() if name.startswith("test_")}
    assert tests
    for test in tests.values():
        # lenient: the same default emulator the pytest plugin's fixtures give a user
        emulator = MaestroEmulator()
        with emulator.client() as client:
            async_client = emulator.async_client()
            fixtures = {
                "maestro_emulator": emulator,
                "maestro_client": client,
                "async_maestro_client": async_client,
            }
            wanted = inspect.signature(test).parameters
            result = test(**{name: fixtures[name] for name in wanted})
            if inspect.iscoroutine(result):
                asyncio.run(result)
            asyncio.run(async_client.aclose())


def nothing(scene: Scene) -> None:
    """The block needs nothing but itself."""


PRELUDES: dict[str, Callable[[Scene], None]] = {
    "Use #1": workspace,
    "Use #2": workspace,
    "What a bot does all day #1": workspace,
    "What a bot does all day #2": bot,
    "What an operations script does #1": operations,
    "Configuration #1": workspace,
    "Configuration #2": workspace_over_http,
    "Authentication, retries, errors #1": workspace,
    "Any route #1": workspace,
    "Check your server #1": client_variable,
    "The Maestro emulator (`maestro.testing`) #1": nothing,
    "Over real HTTP #1": emulator_variable,
    "In your own test suite #1": test_suite,
    "What the emulator remembers #1": runner,
    "Faults #1": emulator_variable,
}


# -- tests -------------------------------------------------------------------------------


def test_every_python_block_has_a_prelude() -> None:
    assert [block.name for block in BLOCKS] == list(PRELUDES)


@pytest.fixture
def scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    monkeypatch.chdir(tmp_path)
    return Scene(monkeypatch, MaestroEmulator(login=LOGIN, key=KEY, strict=True))


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.name)
def test_the_python_block_runs_and_prints_what_its_comments_say(block: Block, scene: Scene) -> None:
    PRELUDES[block.name](scene)

    output = run_block(block, scene.namespace)

    expected = [re.escape(line).replace(r"\.\.\.", ".*") for line in block.expected_output()]
    assert len(output.splitlines()) == len(expected), output
    for line, pattern in zip(output.splitlines(), expected, strict=True):
        assert re.fullmatch(pattern, line), (line, pattern)
    for check in scene.after:
        check(scene)


def test_the_readme_leads_with_the_demo_then_the_test_command() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    assert commands[0] == "python -m pip install . && python -m maestro demo"
    assert commands[1] == 'python -m pip install -e ".[dev]" && python -m pytest'


def test_ci_runs_the_readmes_test_command_and_the_static_gates() -> None:
    assert 'pip install --quiet -e ".[dev]"' in CI
    assert "python -m pytest\n" in CI
    for gate in ("ruff check", "ruff format --check", "mypy --strict maestro", "mkdocs build"):
        assert gate in CI


def test_the_readmes_error_list_names_every_public_error() -> None:
    section = README[README.index("### Authentication, retries, errors") :]
    section = section[: section.index("\n#")]
    errors = [
        name
        for name in maestro.__all__
        if inspect.isclass(getattr(maestro, name))
        and issubclass(getattr(maestro, name), maestro.MaestroClientError)
    ]
    missing = [name for name in errors if f"`{name}`" not in section]
    assert missing == []


def test_every_resource_in_the_readme_table_exists_with_its_methods() -> None:
    client = MaestroClient("login", "key")
    table = README[README.index("### Resources") : README.index("### Configuration")]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \|$", table, flags=re.M)
    assert len(rows) == 13
    for resource, methods in rows:
        for method in re.findall(r"`(\w+)`", methods):
            assert callable(getattr(getattr(client, resource), method)), f"{resource}.{method}"
