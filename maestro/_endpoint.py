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

__all__ = ["Resource", "endpoint", "operation", "paginated"]

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
TransportT = TypeVar("TransportT", "SyncTransport", "AsyncTransport")


class Resource(Generic[TransportT]):
    """A group of routes (``client.tasks``, ``client.logs``...) bound to one transport."""

    _resource_name: ClassVar[str] = ""

    def __init__(self, transport: TransportT) -> None:
        self._transport: TransportT = transport

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


class _Declaration(Generic[P, R]):
    """Shared plumbing: name, docstring, signatures and the operation label of error messages."""

    _describes: ClassVar[str]
    """The description the declared method returns: ``Call``, ``Flow`` or ``Stream``."""
    _awaited: ClassVar[bool] = True
    """Whether the async client's method is awaited (not so an async iterator)."""

    def __init__(self, build: Callable[Concatenate[Any, P], R]) -> None:
        self._build = build
        self._name = build.__name__
        self._operation = build.__name__
        self._signatures: dict[bool, inspect.Signature] = {}
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
            self_parameter = next(iter(inspect.signature(self._build).parameters.values()))
            sync = self._user_signature(is_async=False)
            signature = sync.replace(parameters=[self_parameter, *sync.parameters.values()])
            self.__dict__["__signature__"] = signature
            return signature

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        """What a client's method returns, from ``T`` of the declared ``Call[T]``, ``Flow[T]``..."""
        raise NotImplementedError

    def _user_signature(self, *, is_async: bool) -> inspect.Signature:
        """The parameters without ``self``, returning what the client returns; built once."""
        signature = self._signatures.get(is_async)
        if signature is None:
            declared = inspect.signature(self._build)
            signature = declared.replace(
                parameters=list(declared.parameters.values())[1:],
                return_annotation=self._returns(
                    _described(declared.return_annotation, self._describes), is_async=is_async
                ),
            )
            self._signatures[is_async] = signature
        return signature

    def _describe(self, resource: Any, args: Any, kwargs: Any) -> R:
        try:
            return self._build(resource, *args, **kwargs)
        except RequestValidationError as exc:
            exc.operation = exc.operation or self._operation
            raise

    def _bind(self, resource: Any, run: Callable[[R], Any]) -> Callable[..., Any]:
        describe = self._describe
        is_async = inspect.iscoroutinefunction(resource._transport.execute)

        # Described at once, on the async client too: bad arguments raise where the call is
        # written, before any await; the coroutine that ``run`` returns does the I/O.
        def bound(*args: Any, **kwargs: Any) -> Any:
            work = describe(resource, args, kwargs)
            # Tracebacks print this frame's locals while the work runs: drop the arguments,
            # which may hold secrets (credential values).
            del args, kwargs
            return run(work)

        functools.update_wrapper(bound, self._build)
        method: Any = _coroutine_function(bound) if is_async and self._awaited else bound
        signature = self._user_signature(is_async=is_async)
        method.__signature__ = signature
        method.__annotations__ = {
            **{
                name: parameter.annotation
                for name, parameter in signature.parameters.items()
                if parameter.annotation is not inspect.Parameter.empty
            },
            "return": signature.return_annotation,
        }
        # A non-data descriptor: caching on the instance makes later lookups plain dict hits.
        resource.__dict__[self._name] = method
        return cast("Callable[..., Any]", method)


def _coroutine_function(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, which returns a coroutine, as ``inspect.iscoroutinefunction`` sees it."""
    if sys.version_info >= (3, 12):
        return inspect.markcoroutinefunction(function)
    return _CoroutineFunction(function)


async def _coroutine_template() -> None:
    """Lends its code object, flagged as a coroutine's, to ``_CoroutineFunction``."""


class _CoroutineFunction(staticmethod):  # type: ignore[type-arg]
    """A function returning a coroutine, that ``inspect.iscoroutinefunction`` accepts.

    Python 3.12 marks such a function (``inspect.markcoroutinefunction``); before it,
    ``inspect`` reads the flags of ``__code__``, on functions and on function-like callables.
    A ``staticmethod`` is callable since Python 3.10 and calls its function from C, so
    wrapping costs next to nothing per call; it is stored on the resource instance, where no
    descriptor applies.
    """

    __code__ = _coroutine_template.__code__
    __defaults__ = None
    __kwdefaults__ = None

    @property
    def __wrapped__(self) -> Any:
        """The declared method, as ``functools.wraps`` gives it to the sync client."""
        return getattr(self.__func__, "__wrapped__", None)


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
        return self._bind(obj, obj._transport.execute)


class operation(_Declaration[P, Flow[R]]):  # noqa: N801 - used as a decorator
    """Declare a multi-request operation: the method returns a ``Flow`` generator."""

    _describes = "Flow"

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        return result

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
        transport = obj._transport
        return self._bind(obj, lambda flow: transport.run_flow(flow, self._operation))


class paginated(_Declaration[P, Stream[T]]):  # noqa: N801 - used as a decorator
    """Declare an iterator operation: the method returns a ``Stream`` of items."""

    _describes = "Stream"
    _awaited = False  # the async client returns the async iterator itself

    def _returns(self, result: Any, *, is_async: bool) -> Any:
        if is_async:
            return _generic("AsyncIterator", AsyncIterator, result)
        return _generic("Iterator", Iterator, result)

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
        transport = obj._transport
        return self._bind(obj, lambda stream: transport.iterate(stream, self._operation))
