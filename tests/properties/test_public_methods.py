"""Every public method of both clients, called with generated arguments, odd ones included.

Each call must end one of two ways: ``RequestValidationError`` naming the bad arguments, with
no write sent (a flow may have read what it checks against), or requests that are correctly
encoded (checked by ``WireChecker``: percent-encoded UTF-8 paths and queries, printable
ASCII header values without CR/LF, UTF-8 JSON without NaN, well-formed multipart parts),
answered 2xx with a body that fits. Any other exception, or a badly encoded request, fails.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from maestro import AsyncMaestroClient, MaestroClient, MaestroResponse, RequestValidationError
from maestro._endpoint import _Declaration
from maestro._transport import AsyncTransport, SyncTransport
from tests.properties._strategies import FILES_DIR, PACKAGE, REPORT, strategy_for
from tests.properties._wire import BASE_URL, Answers, WireChecker

EXAMPLES_PER_METHOD = 40
"""Generated calls per method and client kind (the whole suite stays within seconds)."""

NOT_REQUESTS: dict[str, str] = {
    "client.authenticate": "takes no argument: it logs in with the configured login and key",
    "client.close": "takes no argument",
    "client.aclose": "takes no argument",
    "client.with_options": "configuration: checked before anything is built (test_client_config)",
    "client.from_env": "configuration: checked before anything is built (test_client_config)",
    "client.from_sys_args": "configuration: checked before anything is built (test_client_config)",
}
"""Public methods that send no request built from their arguments, and why they are left out."""

ANSWERS: dict[str, Answers] = {
    "datapools.cancel_entry": Answers(entry_state="PENDING"),
}
"""Where the server must hold something else for the call to go through."""

ITEMS_TAKEN = 2
"""How many items of an iterator the suite consumes (each may fetch a page)."""

TALLY: Counter[str] = Counter()
"""Outcomes over the whole run: ``refused``, ``sent``, ``other``; read by the terminal summary."""


def _signature(owner: type[Any], name: str) -> inspect.Signature | None:
    attribute = inspect.getattr_static(owner, name)
    function = attribute._build if isinstance(attribute, _Declaration) else attribute
    if isinstance(function, (classmethod, staticmethod)):
        function = function.__func__
    function = inspect.unwrap(function)  # a method that reports each client's result
    if not inspect.isfunction(function):
        return None
    signature = inspect.signature(function)
    return signature.replace(parameters=list(signature.parameters.values())[1:])


def public_methods(client: MaestroClient | AsyncMaestroClient) -> dict[str, inspect.Signature]:
    """``resource.method`` (``client.method`` for the client's own) -> its parameters."""
    owners: dict[str, type[Any]] = {"client": type(client)}
    owners |= {
        name: type(value)
        for name, value in zip(client._resource_makers, client._resources(), strict=True)
    }
    methods = {}
    for owner_name, owner in owners.items():
        for name in dir(owner):
            if name.startswith("_"):
                continue
            signature = _signature(owner, name)
            if signature is not None:
                methods[f"{owner_name}.{name}"] = signature
    return methods


def _all_methods() -> list[str]:
    with MaestroClient("login", "key", BASE_URL) as client:
        sync = public_methods(client)
    asynchronous = public_methods(AsyncMaestroClient("login", "key", BASE_URL))
    return sorted(set(sync) | set(asynchronous))


METHODS = _all_methods()


def missing_strategies(operation: str, signature: inspect.Signature) -> list[str]:
    """The parameters of ``operation`` that have no strategy."""
    return [
        name
        for name, parameter in signature.parameters.items()
        if strategy_for(operation, name, str(parameter.annotation)) is None
    ]


def test_every_public_method_has_a_strategy_for_each_argument() -> None:
    with MaestroClient("login", "key", BASE_URL) as client:
        methods = public_methods(client)
    methods |= public_methods(AsyncMaestroClient("login", "key", BASE_URL))
    uncovered = {
        operation: missing
        for operation, signature in methods.items()
        if operation not in NOT_REQUESTS and (missing := missing_strategies(operation, signature))
    }
    assert uncovered == {}
    assert set(NOT_REQUESTS) <= set(methods)


# -- one generated call --------------------------------------------------------------------------


def shown(value: Any, limit: int = 80) -> str:
    """A shortened ``repr`` that never fails (some values cannot be printed: ``10**5000``)."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Drawn:
    """A drawn argument, shown shortened: some cannot be printed at all (``10**5000``)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return shown(self.value)


def _draw(data: st.DataObject, strategy: st.SearchStrategy[Any], label: str) -> Any:
    return data.draw(strategy.map(Drawn), label=label).value


def draw_arguments(
    data: st.DataObject, operation: str, signature: inspect.Signature
) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for one call: required ones always, others maybe."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, parameter in signature.parameters.items():
        strategy = strategy_for(operation, name, str(parameter.annotation))
        assert strategy is not None, f"{operation}: no strategy for {name}"
        if parameter.kind is parameter.VAR_KEYWORD:
            kwargs.update(_draw(data, strategy, name))
        elif parameter.default is parameter.empty or data.draw(st.booleans(), label=f"{name}?"):
            value = _draw(data, strategy, name)
            if parameter.kind is parameter.POSITIONAL_ONLY:
                args.append(value)
            else:
                kwargs[name] = value
    return args, kwargs


def _target(client: Any, operation: str) -> Callable[..., Any]:
    owner, name = operation.split(".")
    return getattr(client if owner == "client" else getattr(client, owner), name)  # type: ignore[no-any-return]


def holds_non_finite(value: Any, depth: int = 0) -> bool:
    """Whether NaN or an infinity hides in ``value`` (in its lists, tuples, sets and dicts)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if depth > 20:
        return False
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(holds_non_finite(item, depth + 1) for item in value)
    return False


def _read_parsed(result: Any) -> None:
    # Reading ``parsed`` validates the body: the server's answers must fit every route.
    if isinstance(result, MaestroResponse):
        _ = result.parsed


def run_sync(
    client: MaestroClient, operation: str, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Call a sync method; take a few items of an iterator, reporting consumed entries."""
    result = _target(client, operation)(*args, **kwargs)
    _read_parsed(result)
    if isinstance(result, Iterator):
        for item in itertools.islice(result, ITEMS_TAKEN):
            if hasattr(item, "__enter__"):
                with item:
                    pass


async def run_async(
    client: AsyncMaestroClient, operation: str, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Call an async method; take a few items of an iterator, reporting consumed entries."""
    result = _target(client, operation)(*args, **kwargs)
    if inspect.isawaitable(result):
        _read_parsed(await result)
        return
    taken = 0
    async for item in result:
        if hasattr(item, "__aenter__"):
            async with item:
                pass
        taken += 1
        if taken == ITEMS_TAKEN:
            break


def describe(operation: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    """The call as text, every value shortened (some cannot even be printed)."""
    parts = [shown(value) for value in args]
    parts += [f"{name}={shown(value)}" for name, value in kwargs.items()]
    return f"{operation}({', '.join(parts)})"


class Harness:
    """One client of a kind over a ``WireChecker``, and the loop async calls run on."""

    def __init__(self, kind: str, checker: WireChecker) -> None:
        self.kind = kind
        self.checker = checker
        transport = httpx.MockTransport(checker)
        self.loop = asyncio.new_event_loop()
        self.client: MaestroClient | AsyncMaestroClient
        if kind == "sync":
            self.client = MaestroClient("login", "k3y", BASE_URL, transport=transport)
        else:
            self.client = AsyncMaestroClient("login", "k3y", BASE_URL, transport=transport)

    def call(self, operation: str, args: list[Any], kwargs: dict[str, Any]) -> str:
        """One call: ``"refused"`` or ``"sent"``; ``AssertionError`` says what else happened."""
        start = len(self.checker.requests)
        refused: RequestValidationError | None = None
        try:
            with warnings.catch_warnings():
                # Warnings (a finish without item counts...) are advice, not outcomes.
                warnings.simplefilter("ignore")
                self._run(operation, args, kwargs)
        except RequestValidationError as exc:
            refused = exc
        except Exception as exc:
            message = f"{describe(operation, args, kwargs)} raised {type(exc).__name__}: "
            raise AssertionError(message + shown(str(exc), 300)) from exc
        call = describe(operation, args, kwargs)
        assert self.checker.violations == [], call
        if refused is None:
            sent_non_finite = holds_non_finite(args) or holds_non_finite(kwargs)
            assert not sent_non_finite, f"{call} sent although NaN or infinity was given"
            return "sent"
        writes = self.checker.writes_since(start)
        assert writes == [], f"{call} was refused after sending {writes}"
        assert refused.errors, f"{call}: {refused} names no field"
        return "refused"

    def _run(self, operation: str, args: list[Any], kwargs: dict[str, Any]) -> None:
        if isinstance(self.client, MaestroClient):
            run_sync(self.client, operation, args, kwargs)
        else:
            self.loop.run_until_complete(run_async(self.client, operation, args, kwargs))

    def close(self) -> None:
        if isinstance(self.client, MaestroClient):
            self.client.close()
        else:
            self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the files uploads read; relative downloads land there."""
    monkeypatch.chdir(tmp_path)
    FILES_DIR.mkdir()
    PACKAGE.write_bytes(b"PK\x03\x04 a bot package")
    REPORT.write_text("a report\n")
    return tmp_path


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries and polls do not wait."""

    async def no_async_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(SyncTransport, "sleep", staticmethod(lambda seconds: None))
    monkeypatch.setattr(AsyncTransport, "sleep", staticmethod(no_async_wait))


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("operation", [name for name in METHODS if name not in NOT_REQUESTS])
def test_a_call_is_refused_before_sending_or_sent_correctly_encoded(
    operation: str, kind: str, workdir: Path, no_waits: None
) -> None:
    harness = Harness(kind, WireChecker(answers=ANSWERS.get(operation, Answers())))
    signature = public_methods(harness.client)[operation]

    @settings(
        max_examples=EXAMPLES_PER_METHOD,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def calls(data: st.DataObject) -> None:
        args, kwargs = draw_arguments(data, operation, signature)
        try:
            outcome = harness.call(operation, args, kwargs)
        except AssertionError:
            TALLY["other"] += 1  # anything but a refusal or a correct request; the test fails
            raise
        TALLY[outcome] += 1

    try:
        calls()
    finally:
        harness.close()
