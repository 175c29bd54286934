"""The typed facades: generated from the declarations, fresh, and checked by mypy.

``maestro/facades.py`` is what editors read for ``client.tasks`` and the other resources.
It must be what the generator writes from the declarations today, list every public method
of every resource on both clients, and mypy must refuse a facade that drifts from the
resource it describes.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import maestro.facades
import maestro.resources
from maestro import AsyncMaestroClient, MaestroClient
from maestro._facades_gen import COMMAND, TARGET, FacadeError, _Imports, _methods, _Module, generate
from maestro._facades_gen import main as generator_main
from tests import test_signatures as signature_checks

ROOT = Path(__file__).parent.parent
RESOURCE_CLASSES = [getattr(maestro.resources, name) for name in maestro.resources.__all__]


def facade(resource_class: type, *, asynchronous: bool) -> type:
    prefix = "Async" if asynchronous else ""
    return getattr(maestro.facades, f"{prefix}{resource_class.__name__}Facade")  # type: ignore[no-any-return]


def public_methods(cls: type) -> list[str]:
    return [
        name for name, member in vars(cls).items() if not name.startswith("_") and callable(member)
    ]


def test_the_committed_facades_are_what_the_generator_writes_now() -> None:
    assert TARGET.read_text(encoding="utf-8") == generate(), (
        f"maestro/facades.py is stale: run `{COMMAND}` and commit the result"
    )


def test_check_mode_names_the_command_when_the_module_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "facades.py"
    stale.write_text('"""An old module."""\n', encoding="utf-8")
    monkeypatch.setattr("maestro._facades_gen.TARGET", stale)

    assert generator_main(["--check"]) == 1

    output = capsys.readouterr()
    assert f"run `{COMMAND}`" in output.err
    assert '-"""An old module."""' in output.out
    assert stale.read_text(encoding="utf-8") == '"""An old module."""\n'


def test_the_facades_module_exports_a_sync_and_an_async_facade_per_resource() -> None:
    expected = {
        f"{prefix}{cls.__name__}Facade" for cls in RESOURCE_CLASSES for prefix in ("", "Async")
    }

    assert set(maestro.facades.__all__) == expected


@pytest.mark.parametrize("resource_class", RESOURCE_CLASSES, ids=lambda cls: cls.__name__)
def test_each_facade_lists_the_public_methods_of_its_resource(resource_class: type) -> None:
    methods = public_methods(resource_class)

    assert public_methods(facade(resource_class, asynchronous=False)) == methods
    assert public_methods(facade(resource_class, asynchronous=True)) == methods


@pytest.mark.parametrize("client_class", [MaestroClient, AsyncMaestroClient])
def test_the_clients_hold_the_declared_resources_not_the_facades(client_class: type) -> None:
    client = client_class("login", "key")

    for resource_class in RESOURCE_CLASSES:
        resource = getattr(client, resource_class._resource_name)
        assert type(resource) is resource_class
        assert resource._transport is client._transport


def test_facade_methods_repeat_the_summary_of_the_declaration() -> None:
    from maestro.facades import AsyncTasksFacade, TasksFacade
    from maestro.resources import Tasks

    summary = "Fetch one task by id (``GET /api/v2/task/{id}``)."
    assert inspect.getdoc(Tasks.get) is not None
    assert inspect.getdoc(Tasks.get).startswith(summary)  # type: ignore[union-attr]
    assert TasksFacade.get.__doc__ == summary
    assert AsyncTasksFacade.get.__doc__ == summary


def test_the_generator_inlines_module_aliases_and_imports_every_other_name() -> None:
    module = _Module(
        "maestro.resources.widgets",
        '''
import builtins
from maestro._call import Call
from maestro._endpoint import Resource, TransportT, endpoint
from maestro.models.tasks import Task

WidgetId = str | int

class Widgets(Resource[TransportT]):
    """Widgets."""

    @endpoint
    def list(self, widget_id: WidgetId = 0) -> Call[builtins.list[Task]]:
        """Widgets of one id."""

    @endpoint
    def tasks(self) -> Call[list[Task]]:
        """Widget tasks."""
''',
    )
    imports = _Imports()

    (list_method, tasks_method) = _methods(module, "Widgets", imports)

    assert list_method["sync"].parameters == "self, widget_id: str | int = 0"
    assert list_method["sync"].returns == "MaestroResponse[builtins.list[Task]]"
    assert tasks_method["async"].returns == "MaestroResponse[builtins.list[Task]]"
    assert tasks_method["async"].is_async
    assert imports.checking["maestro.models.tasks"] == {"Task"}
    assert "builtins" in imports.modules


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    @endpoint\n    def get(self) -> Call[int]:\n        return None\n", "no docstring"),
        ('    @endpoint\n    def get(self) -> int:\n        """Get."""\n', "must return Call[...]"),
        (
            '    @endpoint\n    def get(self, x: Thing) -> Call[int]:\n        """Get."""\n',
            "cannot tell where the name 'Thing' comes from",
        ),
        (
            '    @endpoint\n    def get(self, x: Renamed) -> Call[int]:\n        """Get."""\n',
            "import Task without renaming it",
        ),
        (
            '    @endpoint\n    def get(self, x: dt.date) -> Call[int]:\n        """Get."""\n',
            "import datetime without renaming it",
        ),
    ],
    ids=["no docstring", "not a Call", "unknown name", "renamed name", "renamed module"],
)
def test_the_generator_refuses_a_declaration_it_cannot_describe(body: str, message: str) -> None:
    source = (
        "import datetime as dt\n"
        "from maestro._call import Call\n"
        "from maestro._endpoint import Resource, TransportT, endpoint\n"
        "from maestro.models.tasks import Task as Renamed\n"
        'class Widgets(Resource[TransportT]):\n    """Widgets."""\n' + body
    )

    with pytest.raises(FacadeError, match=re.escape(message)):
        _methods(_Module("maestro.resources.widgets", source), "Widgets", _Imports())


# -- mypy proves the fit: a drifted facade fails the type check ------------------------------


def _mutated(source: str, class_name: str, pattern: str, replacement: str) -> str:
    """``source`` with the first match of ``pattern`` inside ``class_name`` replaced."""
    start = source.index(f"\nclass {class_name}")
    # The class ends at the next line that is not indented.
    next_statement = re.compile(r"\n(?=\S)").search(source, source.index("\n", start + 1) + 1)
    end = len(source) if next_statement is None else next_statement.start()
    block, count = re.subn(pattern, replacement, source[start:end], count=1)
    assert count == 1, f"nothing to mutate in {class_name}"
    return source[:start] + block + source[end:]


def _line_of(source: str, text: str, after: str = "") -> int:
    """The 1-based line number of ``text``, first found after ``after``."""
    offset = source.index(text, source.index(after))
    return source.count("\n", 0, offset) + 1


CHECKED_CLIENT = """

from maestro._client import _BaseClient  # noqa: E402


class CheckedClient(_MaestroClientFacade, _BaseClient[SyncTransport]):
    \"\"\"Inherits the routes as MaestroClient does, so mypy compares them.\"\"\"
"""


def _misfit(transport: str, facade_name: str) -> str:
    return (
        f'Incompatible return value type (got "Tasks[{transport}]", '
        f'expected "{facade_name}")  [return-value]'
    )


def test_mypy_refuses_facades_that_drift_from_the_resources(tmp_path: Path) -> None:
    original = TARGET.read_text(encoding="utf-8") + CHECKED_CLIENT
    variants = {
        "unchanged": original,
        # A method the resource does not have.
        "extra_method": _mutated(
            original,
            "TasksFacade",
            r"\n    def ",
            '\n    def frobnicate(self) -> None:\n        """Not a route."""\n\n    def ',
        ),
        # Another result than the declaration's.
        "wrong_result": _mutated(
            original, "TasksFacade", r"-> MaestroResponse\[[^\n]*\]:", "-> MaestroResponse[bytes]:"
        ),
        # A method the async client awaits, described as returning the response itself.
        "not_awaited": _mutated(original, "AsyncTasksFacade", r"\n    async def ", "\n    def "),
        # A route of the client describing another result.
        "wrong_route": _mutated(
            original,
            "_MaestroClientFacade",
            r"def version\(self\) -> MaestroResponse\[ServerVersion\]",
            "def version(self) -> MaestroResponse[bytes]",
        ),
    }
    for name, source in variants.items():
        (tmp_path / f"facades_{name}.py").write_text(source, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    made = "return read_as(Tasks(transport)"
    expected = [
        (
            "facades_extra_method",
            _line_of(variants["extra_method"], made, "def _make_sync_tasks"),
            _misfit("SyncTransport", "TasksFacade"),
        ),
        (
            "facades_not_awaited",
            _line_of(variants["not_awaited"], made, "def _make_async_tasks"),
            _misfit("AsyncTransport", "AsyncTasksFacade"),
        ),
        (
            "facades_wrong_result",
            _line_of(variants["wrong_result"], made, "def _make_sync_tasks"),
            _misfit("SyncTransport", "TasksFacade"),
        ),
        (
            "facades_wrong_route",
            _line_of(variants["wrong_route"], "class CheckedClient("),
            'Definition of "version" in base class "_MaestroClientFacade" is incompatible '
            'with definition in base class "_BaseClient"  [misc]',
        ),
    ]
    errors = re.findall(r"^.*?(facades_\w+)\.py:(\d+): error: (.*)$", result.stdout, re.MULTILINE)
    assert sorted((name, int(line), text) for name, line, text in errors) == expected, (
        result.stdout + result.stderr
    )


def test_a_renamed_parameter_is_caught_by_the_runtime_signature_check() -> None:
    # mypy proves each resource can stand in for its facade, which ignores the names of
    # positional parameters (and narrower types, defaults); the runtime check compares them.
    source = TARGET.read_text(encoding="utf-8")
    drifted = _mutated(
        source, "TasksFacade", r"def get\(self, task_id:", "def get(self, identifier:"
    )
    namespace: dict[str, object] = {"__name__": "drifted_facades"}
    exec(compile(drifted, "<drifted facades>", "exec"), namespace)
    drifted_get = namespace["TasksFacade"].get  # type: ignore[attr-defined]
    method = MaestroClient("login", "key").tasks.get

    assert signature_checks.parameters(method) == signature_checks.facade_parameters(
        maestro.facades.TasksFacade.get
    )
    assert signature_checks.parameters(method) != signature_checks.facade_parameters(drifted_get)
    assert [name for name, _, _ in signature_checks.facade_parameters(drifted_get)] == [
        "identifier"
    ]
