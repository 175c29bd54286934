"""Importing maestro stays cheap: names load on first use, models build on first use.

What a fresh interpreter has imported is only visible from a new process, so these tests run
small scripts in subprocesses (no timing is asserted: the benchmark measures that).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import maestro
import maestro.models
import maestro.resources

PACKAGE = Path(maestro.__file__).parent

# Modules a bot never needs to make a call: the emulator, the command line, `maestro check`,
# the demo, and the cron checker (loaded when a schedule is first built).
LOADED_ONLY_WHEN_USED = [
    "maestro.testing",
    "maestro._cli",
    "maestro._check",
    "maestro._demo",
    "maestro.models._cron",
]


def run_python(script: str) -> Any:
    """Run ``script`` in a fresh interpreter and return the JSON it prints."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def modules_after_using_every_public_name() -> set[str]:
    """The modules loaded once every public name is read and a client has made a call."""
    loaded: list[str] = run_python(
        """
        import json, sys
        import httpx
        import maestro, maestro.models
        for package in (maestro, maestro.models):
            for name in package.__all__:
                getattr(package, name)
        def answer(request):
            if request.url.path.endswith("/login"):
                return httpx.Response(200, json={"accessToken": "t", "organizationLabel": "o"})
            return httpx.Response(200, json={"id": 7, "state": "RUNNING"})
        transport = httpx.MockTransport(answer)
        with maestro.MaestroClient("login", "key", transport=transport) as client:
            client.tasks.get(7).parsed
        print(json.dumps(sorted(sys.modules)))
        """
    )
    return set(loaded)


def test_import_maestro_loads_the_client_only_when_it_is_first_used() -> None:
    before, after = run_python(
        """
        import json, sys
        import maestro
        before = "maestro._client" in sys.modules
        maestro.MaestroClient
        print(json.dumps([before, "maestro._client" in sys.modules]))
        """
    )
    assert (before, after) == (False, True)


def test_import_maestro_does_not_import_the_emulator() -> None:
    loaded = run_python("import json, sys, maestro; print(json.dumps(sorted(sys.modules)))")
    assert "maestro.testing" not in loaded


def test_a_sync_bot_making_a_call_does_not_import_asyncio() -> None:
    # asyncio costs about 10 ms at import; httpx loads it only for async clients, and so does
    # the SDK (checked: a plain `import httpx` does not load it either).
    loaded = run_python(
        """
        import json, sys
        import httpx
        from maestro import MaestroClient
        def answer(request):
            if request.url.path.endswith("/login"):
                return httpx.Response(200, json={"accessToken": "t", "organizationLabel": "o"})
            return httpx.Response(200, json={"id": 7, "state": "RUNNING"})
        transport = httpx.MockTransport(answer)
        with MaestroClient("login", "key", transport=transport) as client:
            client.tasks.get(7).parsed
        print(json.dumps(sorted(sys.modules)))
        """
    )
    assert "maestro._transport" in loaded
    assert "asyncio" not in loaded


@pytest.mark.parametrize("module", LOADED_ONLY_WHEN_USED)
def test_using_the_client_and_every_public_name_does_not_import(
    module: str, modules_after_using_every_public_name: set[str]
) -> None:
    assert module not in modules_after_using_every_public_name


def test_models_build_on_first_use_and_then_validate_as_before() -> None:
    result = run_python(
        """
        import json
        from pydantic import TypeAdapter
        from maestro.models import Page, Task, TaskState
        built_at_import = Task.__pydantic_complete__
        task = Task.model_validate_json('{"id": 7, "state": "running", "activityLabel": "a"}')
        page = Page[Task].model_validate_json('{"content": [{"id": 8}], "last": true}')
        tasks = TypeAdapter(list[Task]).validate_python([{"id": 9, "state": "NEW_STATE"}])
        print(json.dumps({
            "built_at_import": built_at_import,
            "task": [task.id, task.state is TaskState.RUNNING, task.activity_label],
            "page": [type(page.content[0]).__name__, page.content[0].id, page.is_last()],
            "list": [tasks[0].id, tasks[0].state],
        }))
        """
    )
    assert result == {
        "built_at_import": False,
        "task": [7, True, "a"],
        "page": ["Task", 8, True],
        "list": [9, "NEW_STATE"],
    }


def test_a_client_imports_the_module_of_a_resource_when_it_is_first_read() -> None:
    before, after = run_python(
        """
        import json, sys
        from maestro import MaestroClient
        client = MaestroClient("login", "key")
        def resources():
            return sorted(name for name in sys.modules if name.startswith("maestro.resources"))
        before = resources()
        client.tasks
        print(json.dumps([before, resources()]))
        """
    )
    assert before == []
    assert after == ["maestro.resources", "maestro.resources.tasks"]


def test_importing_the_client_loads_no_pydantic_model_module_for_the_facades() -> None:
    loaded = run_python(
        """
        import json, sys
        from maestro import MaestroClient
        print(json.dumps(sorted(sys.modules)))
        """
    )
    assert "maestro.models.datapools" not in loaded
    assert "maestro.models._enums" in loaded


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="module 'maestro' has no attribute 'MaestroClinet'"):
        _ = maestro.MaestroClinet  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "package", [maestro, maestro.models, maestro.resources], ids=lambda p: p.__name__
)
def test_dir_lists_every_public_name(package: Any) -> None:
    assert set(package.__all__) <= set(dir(package))


def _typing_imports_and_lazy_table(init: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The (module, name) pairs of the ``TYPE_CHECKING`` imports, and of the lazy table."""
    guarded = next(
        node
        for node in ast.parse(init.read_text()).body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    typed = {
        (str(node.module), alias.name)
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    table = next(
        node.value.args[1]
        for node in guarded.orelse
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
    )
    assert isinstance(table, ast.Dict)
    lazy = {
        (module, name)
        for module, names in zip(
            ast.literal_eval(ast.List(elts=list(table.keys))),
            ast.literal_eval(ast.List(elts=table.values)),
            strict=True,
        )
        for name in names
    }
    return typed, lazy


@pytest.mark.parametrize(
    "package", [maestro, maestro.models, maestro.resources], ids=lambda p: p.__name__
)
def test_type_checkers_and_the_lazy_loader_see_the_same_names(package: Any) -> None:
    typed, lazy = _typing_imports_and_lazy_table(Path(package.__file__))
    assert typed == lazy
    assert {name for _, name in lazy} == set(package.__all__) - {"__version__"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from maestro import AsyncMaestroCl", "AsyncMaestroClient"),
        ("import maestro; maestro.TaskWaitTimeo", "TaskWaitTimeoutError"),
        ("from maestro.models import CreateTaskReq", "CreateTaskRequest"),
    ],
)
def test_jedi_completes_the_lazily_loaded_names(source: str, expected: str) -> None:
    import jedi

    completions = jedi.Script(source).complete(1, len(source))
    assert [completion.name for completion in completions] == [expected]
