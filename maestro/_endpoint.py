"""One declaration, both clients: the descriptors that turn a declared route into a method.

A resource method is written once, returning a description of the work (a ``Call``, a
``Flow`` or a ``Stream``). The descriptor binds it to the resource's transport: on a sync
resource the method returns the result, on an async resource it returns a coroutine (or an
async iterator), and mypy sees the exact type on each side through the ``__get__`` overloads.
Editors that do not resolve these overloads read the generated facades (``maestro/facades.py``),
and the bound methods carry the signature users call: the declaration's parameters without
``self``, returning what the client returns (``async def`` on the async client).
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
    get_args,
    overload,
)

from maestro._call import Call, Flow, Stream
from maestro._exceptions import RequestValidationError
from maestro._response import MaestroResponse

if TYPE_CHECKING:
    from maestro._transport import AsyncTransport, SyncTransport

__all__ = ["Resource", "endpoint", "operation", "paginated", "read_as", "results_by_client"]

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])
TransportT = TypeVar("TransportT", "SyncTransport", "AsyncTransport")


class Resource(Generic[TransportT]):
    """A group of routes (``client.tasks``, ``client.logs``...) bound to one transport."""

    _resource_name: ClassVar[str] = ""

    def __init__(self, transport: TransportT) -> None:
        self._transport: TransportT = transport

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


ResourceT = TypeVar("ResourceT", bound=Resource[Any])


def read_as(resource: ResourceT, facade: type[Any]) -> ResourceT:
    """``resource``, which tools that read a live object's source take for ``facade``.

    Jedi (IPython, Jupyter) follows ``__wrapped__`` before reading an object's class, as
    ``inspect.unwrap`` does: set on the instance (not the class, so ``help()`` and
    ``inspect.signature`` of the resource class are unchanged), it makes Jedi read the
    facade's plain signatures instead of the declarations, which it cannot resolve.
    """
    resource.__dict__["__wrapped__"] = facade
    return resource


class _ClientMethods:
    """One method of a resource class, made once per client kind and bound to each resource."""

    _name: str
    _methods: dict[bool, Callable[..., Any]]

    def _make(self, *, is_async: bool) -> Callable[..., Any]:
        """The function every resource of one client kind binds, taking the resource first."""
        raise NotImplementedError

    def _method(self, *, is_async: bool) -> Callable[..., Any]:
        method = self._methods.get(is_async)
        if method is None:
            method = self._methods[is_async] = self._make(is_async=is_async)
        return method

    def _bind(self, resource: Any) -> Callable[..., Any]:
        is_async = inspect.iscoroutinefunction(resource._transport.execute)
        # A method object: what Jedi (IPython, Jupyter) pairs with the facade's method.
        method = types.MethodType(self._method(is_async=is_async), resource)
        # A non-data descriptor: caching on the instance makes later lookups plain dict hits.
        resource.__dict__[self._name] = method
        return method


class _Declaration(_ClientMethods, Generic[P, R]):
    """Shared plumbing: name, docstring, signatures and the operation label of error messages."""

    _describes: ClassVar[str]
    """The description the declared method returns: ``Call``, ``Flow`` or ``Stream``."""
    _awaited: ClassVar[bool] = True
    """Whether the async client's method is awaited (not so an async iterator)."""

    def __init__(self, build: Callable[Concatenate[Any, P], R]) -> None:
        self._build = build
        self._name = build.__name__
        self._operation = build.__name__
        self._methods: dict[bool, Callable[..., Any]] = {}
        functools.update_wrapper(cast(Any, self), build)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        prefix = getattr(owner, "_resource_name", "") or owner.__name__
        self._name = name
        self._operation = f"{prefix}.{name}"

    if not TYPE_CHECKING:
        # Hidden from type checkers: they would accept any attribute, and take the
        # declaration itself for a method when they match a resource against its facade.

        def __call__(self, resource, /, *args, **kwargs):
            """Called on the class (``Tasks.get(client.tasks, 1)``): ``resource``'s method."""
            return self.__get__(resource, type(resource))(*args, **kwargs)

        def __getattr__(self, name):
            # ``help()`` and ``inspect.signature`` on the class attribute, built on first use:
            # ``self``, then the parameters, returning what the sync client returns.
            if name != "__signature__":
                raise AttributeError(name)
            signature = inspect.signature(self._method(is_async=False).__wrapped__)
            self.__dict__["__signature__"] = signature
            return signature

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        """What a client's method returns, from ``T`` of the declared ``Call[T]``, ``Flow[T]``..."""
        raise NotImplementedError

    def _run(self, transport: Any, work: R) -> Any:
        """Do the work on ``transport``: the result, or a coroutine on the async client."""
        raise NotImplementedError

    def _describe(self, resource: Any, args: Any, kwargs: Any) -> R:
        try:
            return self._build(resource, *args, **kwargs)
        except RequestValidationError as exc:
            exc.operation = exc.operation or self._operation
            raise

    def _make(self, *, is_async: bool) -> Callable[..., Any]:
        describe, run = self._describe, self._run

        # Described at once, on the async client too: bad arguments raise where the call is
        # written, before any await; the coroutine that ``run`` returns does the I/O.
        def call(resource: Any, /, *args: Any, **kwargs: Any) -> Any:
            work = describe(resource, args, kwargs)
            # Tracebacks print this frame's locals while the work runs: drop the arguments,
            # which may hold secrets (credential values).
            del args, kwargs
            return run(resource._transport, work)

        declared = self._build.__annotations__.get("return")
        returns = self._returns(_described(declared, self._describes), is_async=is_async)
        signature = _DeclaredSignature(self._build, returns)
        return _client_method(call, signature, is_async=is_async and self._awaited)


class _DeclaredSignature:
    """A bound method's signature, in the shape ``inspect`` and ``typing`` read from functions.

    The bound method's ``__wrapped__``: the declared parameters (``self`` first, which the
    bound method drops), the annotations as written but returning what the client returns,
    and, built on first use, the namespace where they evaluate (the declaring module's,
    plus the names of the results). So ``inspect.signature`` shows the annotations as text,
    and ``typing.get_type_hints`` or ``inspect.signature(..., eval_str=True)`` as objects,
    without any cost until asked. Calling it calls the declared method.
    """

    def __init__(self, declared: Callable[..., Any], returns: Any) -> None:
        self._declared = declared
        self.__name__ = declared.__name__
        self.__qualname__ = declared.__qualname__
        self.__module__ = declared.__module__
        self.__doc__ = declared.__doc__
        self.__code__ = declared.__code__
        self.__defaults__ = declared.__defaults__
        self.__kwdefaults__ = declared.__kwdefaults__
        self.__annotations__ = {**declared.__annotations__, "return": returns}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._declared(*args, **kwargs)

    @functools.cached_property
    def __globals__(self) -> dict[str, Any]:
        return _annotation_namespace(self._declared.__globals__)

    def __repr__(self) -> str:
        return f"<signature of {self.__qualname__}>"


_RESULT_NAMES: dict[str, Any] = {
    "MaestroResponse": MaestroResponse,
    "Iterator": Iterator,
    "AsyncIterator": AsyncIterator,
}
"""The names the user-facing return annotations add to the declaring module's."""

_namespaces: dict[str, dict[str, Any]] = {}


def _annotation_namespace(module_globals: dict[str, Any]) -> dict[str, Any]:
    """The declaring module's names and the results', built once per module."""
    name = module_globals["__name__"]
    namespace = _namespaces.get(name)
    if namespace is None:
        namespace = _namespaces[name] = {**module_globals, **_RESULT_NAMES}
    return namespace


def _client_method(
    call: Callable[..., Any], declared: _DeclaredSignature, *, is_async: bool
) -> Callable[..., Any]:
    """``call`` dressed as the method users call: name, docstring, signature, coroutine flag."""
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(call, attribute, getattr(declared, attribute))
    call.__annotations__ = declared.__annotations__
    cast(Any, call).__wrapped__ = declared
    method: Any = call
    if is_async:
        if sys.version_info >= (3, 12):
            method = inspect.markcoroutinefunction(call)
        else:
            method = _CoroutineFunction(call)
    if sys.version_info < (3, 11):
        # Before 3.11, typing.get_type_hints makes the hint of a parameter defaulting to None
        # Optional, reading the defaults from the method: give it the declared ones, by
        # name. ``call`` has no keyword-only parameter, so no call ever uses them.
        method.__kwdefaults__ = _defaults_by_name(declared)
    return cast("Callable[..., Any]", method)


def _defaults_by_name(function: Any) -> dict[str, Any]:
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    defaults = function.__defaults__ or ()
    named = dict(zip(positional[len(positional) - len(defaults) :], defaults, strict=True))
    return {**named, **(function.__kwdefaults__ or {})}


async def _coroutine_template() -> None:
    """Lends its code object, flagged as a coroutine's, to ``_CoroutineFunction``."""


class _CoroutineFunction(staticmethod):  # type: ignore[type-arg]
    """A function returning a coroutine, that ``inspect.iscoroutinefunction`` accepts.

    Python 3.12 marks such a function (``inspect.markcoroutinefunction``); before it,
    ``inspect`` reads the flags of ``__code__``, on functions and on function-like callables.
    A ``staticmethod`` is callable since Python 3.10 and calls its function from C, so
    wrapping costs next to nothing per call. Bound to a resource as a ``types.MethodType``,
    it is a method to Jedi (IPython, Jupyter), which then reads the facade's ``async def``.
    """

    __code__ = _coroutine_template.__code__
    __defaults__ = None
    __kwdefaults__ = None

    @property
    def __wrapped__(self) -> Any:
        """The signature of the declared method, as the sync client's method has it."""
        return cast(Any, self.__func__).__wrapped__


class _ResultsByClient(_ClientMethods):
    """A hand-written method overloaded on ``self``'s transport, as each client reports it."""

    def __init__(self, implementation: Callable[..., Any], results: dict[bool, str]) -> None:
        self._implementation = implementation
        self._results = results
        self._name = implementation.__name__
        self._methods = {}
        functools.update_wrapper(cast(Any, self), implementation)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def __call__(self, resource: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Called on the class (``Datapools.consume(client.datapools, "p")``)."""
        return self._implementation(resource, *args, **kwargs)

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        return self if obj is None else self._bind(obj)

    def _make(self, *, is_async: bool) -> Callable[..., Any]:
        implementation = self._implementation

        def call(resource: Any, /, *args: Any, **kwargs: Any) -> Any:
            return implementation(resource, *args, **kwargs)

        signature = _DeclaredSignature(implementation, self._results[is_async])
        return _client_method(call, signature, is_async=False)


def results_by_client(*, sync: str, asynchronous: str) -> Callable[[F], F]:
    """Give a hand-written method overloaded on ``self``'s transport the result of each client.

    The overloads type it for mypy and pyright; this tells ``inspect`` and ``typing`` what
    the bound method returns on each client (annotations as written, in the names of the
    declaring module), as the facades do. ``tests/test_signatures.py`` compares the two.
    """

    def decorate(implementation: F) -> F:
        return cast(F, _ResultsByClient(implementation, {False: sync, True: asynchronous}))

    return decorate


def _described(annotation: Any, description: str) -> Any:
    """``T`` of a ``Call[T]`` annotation (a string under postponed evaluation, or a type)."""
    if isinstance(annotation, str):
        if annotation.startswith(f"{description}[") and annotation.endswith("]"):
            return annotation[len(description) + 1 : -1]
        return inspect.Signature.empty
    arguments = get_args(annotation)
    return arguments[0] if arguments else inspect.Signature.empty


def _generic(name: str, generic: Any, argument: Any) -> Any:
    """``generic[argument]``, written as text when the argument is text (postponed)."""
    if argument is inspect.Signature.empty:
        return argument
    return f"{name}[{argument}]" if isinstance(argument, str) else generic[argument]


class endpoint(_Declaration[P, Call[T]]):  # noqa: N801 - used as a decorator, like property
    """Declare a single-request route: the method returns the ``Call`` that describes it."""

    _describes = "Call"

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        return _generic("MaestroResponse", MaestroResponse, result)

    def _run(self, transport: Any, work: Call[T]) -> Any:
        return transport.execute(work)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> endpoint[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[SyncTransport], owner: type[Any]
    ) -> Callable[P, MaestroResponse[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, MaestroResponse[T]]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return self._bind(obj)


class operation(_Declaration[P, Flow[R]]):  # noqa: N801 - used as a decorator
    """Declare a multi-request operation: the method returns a ``Flow`` generator."""

    _describes = "Flow"

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        return result

    def _run(self, transport: Any, work: Flow[R]) -> Any:
        return transport.run_flow(work, self._operation)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> operation[P, R]: ...
    @overload
    def __get__(self, obj: Resource[SyncTransport], owner: type[Any]) -> Callable[P, R]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return self._bind(obj)


class paginated(_Declaration[P, Stream[T]]):  # noqa: N801 - used as a decorator
    """Declare an iterator operation: the method returns a ``Stream`` of items."""

    _describes = "Stream"
    _awaited = False  # the async client returns the async iterator itself

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        if is_async:
            return _generic("AsyncIterator", AsyncIterator, result)
        return _generic("Iterator", Iterator, result)

    def _run(self, transport: Any, work: Stream[T]) -> Any:
        return transport.iterate(work, self._operation)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> paginated[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[SyncTransport], owner: type[Any]
    ) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return self._bind(obj)
