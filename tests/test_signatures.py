"""Runtime signatures tell the truth: what ``inspect``, ``help()`` and IPython's ``?`` show.

Every public method of both clients reports the parameters users pass (no ``self``) and
what the client returns; the async client's awaited methods are coroutine functions.
"""

from __future__ import annotations

import ast
import inspect
import pydoc
import typing
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import maestro.facades
import maestro.resources
from maestro import AsyncMaestroClient, MaestroClient, MaestroResponse, RequestValidationError, Task
from maestro._call import Call, json_body
from maestro._endpoint import Resource, TransportT, endpoint
from maestro.resources import Tasks
from maestro.resources._datapool_consume import AsyncConsumedEntry, ConsumedEntry

RESOURCE_CLASSES = [getattr(maestro.resources, name) for name in maestro.resources.__all__]


def _facade_namespace() -> dict[str, Any]:
    """The names the facades module sees, its ``if TYPE_CHECKING:`` imports included."""
    namespace = dict(vars(maestro.facades))
    tree = ast.parse(inspect.getsource(maestro.facades))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            exec(compile(ast.Module(node.body, []), "<facades imports>", "exec"), namespace)
    return namespace


FACADE_NAMESPACE = _facade_namespace()
RESULT_NAMES = {
    "MaestroResponse": MaestroResponse,
    "Iterator": Iterator,
    "AsyncIterator": AsyncIterator,
}


def _evaluated(annotation: Any, namespace: dict[str, Any]) -> Any:
    return eval(annotation, namespace) if isinstance(annotation, str) else annotation


def _methods_of_both_clients() -> list[tuple[str, Any, Any]]:
    """(id, bound method, facade method) for every public method of both clients."""
    found = []
    for client, prefix in (
        (MaestroClient("login", "key"), ""),
        (AsyncMaestroClient("l", "k"), "Async"),
    ):
        for resource_class in RESOURCE_CLASSES:
            attribute = resource_class._resource_name
            facade = getattr(maestro.facades, f"{prefix}{resource_class.__name__}Facade")
            for name, member in vars(facade).items():
                if not name.startswith("_") and inspect.isfunction(member):
                    method = getattr(getattr(client, attribute), name)
                    found.append((f"{prefix or 'Sync'}:{attribute}.{name}", method, member))
        mixin = type(client).__mro__[1]
        for name in ("version", "request_raw"):
            facade_method = _client_route(mixin, name)
            found.append((f"{prefix or 'Sync'}:{name}", getattr(client, name), facade_method))
    return found


def _client_route(mixin: type, name: str) -> Any:
    """A client route as the facade mixin describes it (under ``if TYPE_CHECKING:``)."""
    source = inspect.getsource(mixin)
    tree = ast.parse(source)
    namespace = dict(FACADE_NAMESPACE)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            exec(compile(ast.Module([node], []), "<facade route>", "exec"), namespace)
            return namespace[name]
    raise AssertionError(f"{mixin.__name__} describes no {name}")


METHODS = _methods_of_both_clients()


def parameters(method: Any) -> list[tuple[str, Any, Any]]:
    """Name, kind and default of each parameter users pass."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(method).parameters.values()]


def facade_parameters(facade_method: Any) -> list[tuple[str, Any, Any]]:
    """The same for a facade's method, without its ``self``."""
    return parameters(facade_method)[1:]


def _parametrize_methods(test: Any) -> Any:
    return pytest.mark.parametrize(
        ("method", "facade_method"), [m[1:] for m in METHODS], ids=[m[0] for m in METHODS]
    )(test)


@_parametrize_methods
def test_every_method_reports_the_parameters_of_its_facade_without_self(
    method: Any, facade_method: Any
) -> None:
    assert parameters(method) == facade_parameters(facade_method)
    runtime = list(inspect.signature(method).parameters.values())
    described = list(inspect.signature(facade_method).parameters.values())[1:]
    namespace = _namespace_of(method)
    assert [_evaluated(p.annotation, namespace) for p in runtime] == [
        _evaluated(p.annotation, FACADE_NAMESPACE) for p in described
    ]


@_parametrize_methods
def test_every_method_is_a_coroutine_function_exactly_when_its_facade_is_async(
    method: Any, facade_method: Any
) -> None:
    assert inspect.iscoroutinefunction(method) is inspect.iscoroutinefunction(facade_method)


@_parametrize_methods
def test_every_method_returns_what_its_facade_says(method: Any, facade_method: Any) -> None:
    runtime = inspect.signature(method).return_annotation
    described = inspect.signature(facade_method).return_annotation

    assert _evaluated(runtime, _namespace_of(method)) == _evaluated(described, FACADE_NAMESPACE)


def _facade_hints(facade_method: Any) -> dict[str, Any]:
    return typing.get_type_hints(facade_method, globalns=FACADE_NAMESPACE)


@_parametrize_methods
def test_typing_resolves_the_hints_of_every_method_to_those_of_its_facade(
    method: Any, facade_method: Any
) -> None:
    assert typing.get_type_hints(method) == _facade_hints(facade_method)


@_parametrize_methods
def test_every_signature_evaluated_as_objects_is_that_of_its_facade(
    method: Any, facade_method: Any
) -> None:
    runtime = inspect.signature(method, eval_str=True)
    described = inspect.signature(facade_method, globals=FACADE_NAMESPACE, eval_str=True)

    assert [p.annotation for p in runtime.parameters.values()] == [
        p.annotation for p in list(described.parameters.values())[1:]
    ]
    assert runtime.return_annotation == described.return_annotation
    assert not any(isinstance(p.annotation, str) for p in runtime.parameters.values())


def _namespace_of(method: Any) -> dict[str, Any]:
    """Where the method's annotations, as written, evaluate: its declaring module's names."""
    declared = inspect.unwrap(method)
    return {**declared.__globals__, **RESULT_NAMES}


def test_the_sync_client_reports_what_it_returns() -> None:
    client = MaestroClient("login", "key")

    assert (
        str(inspect.signature(client.tasks.get))
        == "(task_id: 'int | str') -> 'MaestroResponse[Task]'"
    )
    assert inspect.signature(client.tasks.iterate).return_annotation == "Iterator[Task]"
    assert inspect.signature(client.tasks.wait).return_annotation == "MaestroResponse[Task]"
    assert str(inspect.signature(client.version)) == "() -> 'MaestroResponse[ServerVersion]'"
    assert not inspect.iscoroutinefunction(client.tasks.get)


def test_the_async_client_reports_coroutine_functions_and_async_iterators() -> None:
    client = AsyncMaestroClient("login", "key")

    assert (
        str(inspect.signature(client.tasks.get))
        == "(task_id: 'int | str') -> 'MaestroResponse[Task]'"
    )
    assert inspect.iscoroutinefunction(client.tasks.get)
    assert inspect.iscoroutinefunction(client.tasks.wait)
    assert inspect.iscoroutinefunction(client.request_raw)
    assert not inspect.iscoroutinefunction(client.tasks.iterate)
    assert inspect.signature(client.tasks.iterate).return_annotation == "AsyncIterator[Task]"


def test_the_async_client_still_refuses_bad_arguments_where_the_call_is_written() -> None:
    client = AsyncMaestroClient("login", "key")

    with pytest.raises(RequestValidationError) as caught:
        client.tasks.get("..")  # type: ignore[unused-coroutine]  # raises before a coroutine exists

    assert caught.value.operation == "tasks.get"


def test_each_client_kind_binds_one_function_per_declaration() -> None:
    first, second = MaestroClient("a", "k"), MaestroClient("b", "k")
    other = AsyncMaestroClient("a", "k")

    assert first.tasks.get is first.tasks.get
    assert first.tasks.get.__func__ is second.tasks.get.__func__  # type: ignore[attr-defined]
    assert first.tasks.get.__func__ is not other.tasks.get.__func__  # type: ignore[attr-defined]
    assert first.tasks.get.__self__ is first.tasks  # type: ignore[attr-defined]


def test_annotations_are_evaluated_only_when_asked_for() -> None:
    class Widgets(Resource[TransportT]):
        """A resource that exists only in this test."""

        _resource_name = "widgets"

        @endpoint
        def get(self, widget_id: int) -> Call[Task]:
            """One widget."""
            return Call("GET", f"/api/v2/widget/{widget_id}", json_body(Task))

    method = Widgets(MaestroClient("login", "key")._transport).get
    declared = inspect.unwrap(method)

    assert "__globals__" not in vars(declared)  # bound, and nothing built for annotations
    assert typing.get_type_hints(method) == {"widget_id": int, "return": MaestroResponse[Task]}
    assert "__globals__" in vars(declared)


def test_the_datapools_consume_method_reports_the_iterator_of_each_client() -> None:
    sync_consume = MaestroClient("login", "key").datapools.consume
    async_consume = AsyncMaestroClient("login", "key").datapools.consume

    assert typing.get_type_hints(sync_consume)["return"] == Iterator[ConsumedEntry]
    assert typing.get_type_hints(async_consume)["return"] == AsyncIterator[AsyncConsumedEntry]
    assert not inspect.iscoroutinefunction(async_consume)


def test_the_class_attribute_has_the_signature_of_a_method() -> None:
    assert (
        str(inspect.signature(Tasks.get))  # type: ignore[arg-type]
        == "(self, task_id: 'int | str') -> 'MaestroResponse[Task]'"
    )


def test_the_class_attribute_calls_the_method_of_the_resource_given() -> None:
    client = MaestroClient("login", "key")

    with pytest.raises(RequestValidationError) as caught:
        Tasks.get(client.tasks, "..")  # type: ignore[operator]

    assert caught.value.operation == "tasks.get"


@pytest.mark.parametrize(
    ("client_class", "prefix"), [(MaestroClient, ""), (AsyncMaestroClient, "Async")]
)
def test_help_lists_the_resources_with_their_facades_and_the_routes_signatures(
    client_class: type, prefix: str
) -> None:
    text = pydoc.render_doc(client_class, renderer=pydoc.plaintext)  # type: ignore[attr-defined]

    for resource_class in RESOURCE_CLASSES:
        assert (
            f"``{resource_class._resource_name}``: ``{prefix}{resource_class.__name__}Facade``"
            in text
        )
    assert "version(self) -> 'MaestroResponse[ServerVersion]'" in text
    assert "request_raw(self, method: 'str', path: 'str', *, params:" in text
