"""The bad-response matrix: every route of both clients against answers of the wrong shape.

A 2xx answer means the server accepted the request. Whatever its body, a single-request
call returns its ``MaestroResponse``: ``data`` and ``raw`` work, and ``parsed`` either
parses (unknown enum values, missing optional fields) or raises the documented
``ResponseValidationError``. A multi-request operation that needs an earlier answer's model
may raise that same error, and only that (or what its sample declares, for reasons that
are not the body's shape).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from maestro import MaestroResponse, ResponseValidationError
from tests.conftest import BASE_URL, ORGANIZATION, TOKEN, AnyClient, close, make_client, resolve
from tests.robustness._routes import SAMPLES, Sample, public_methods

JSON = {"Content-Type": "application/json"}

# Every enum-like field the models know, with a value no model knows; the rest of a valid
# body where the field names allow it (ids, an empty page).
_UNKNOWN_ENUMS = {
    "id": 1,
    "state": "HIBERNATING",
    "status": "SOMETHING_NEW",
    "finishStatus": "MAYBE",
    "type": "NEW_KIND",
    "technology": "QUANTUM",
    "consumptionPolicy": "RANDOM",
    "trigger": "SOMETIMES",
    "errorType": "COSMIC_RAY",
    "language": "COBOL",
    "content": [],
    "last": True,
    "totalPages": 1,
    "number": 0,
}
_NULLS = dict.fromkeys(
    ("id", "label", "state", "content", "columns", "secrets", "version", "botId")
)

BAD_ANSWERS: dict[str, tuple[int, dict[str, str], bytes]] = {
    "non-JSON": (200, JSON, b"this is not json"),
    "truncated JSON": (200, JSON, b'{"id": 1, "state": "RUNN'),
    "HTML with 200": (200, {"Content-Type": "text/html"}, b"<html><body>Sign in</body></html>"),
    "wrong shape": (200, JSON, b'[["unexpected"], 42]'),
    "null required fields": (200, JSON, json.dumps(_NULLS).encode()),
    "unknown enums": (200, JSON, json.dumps(_UNKNOWN_ENUMS).encode()),
    "empty 2xx": (200, {}, b""),
    '200 {"message": "ok"}': (200, JSON, b'{"message": "ok"}'),
    "201 empty": (201, {}, b""),
    "200 OK as text/plain": (200, {"Content-Type": "text/plain"}, b"OK"),
}

SINGLE_REQUEST_KINDS = {"endpoint"}
ROUTE_KINDS = public_methods()

MATRIX: Counter[str] = Counter()
"""Cases run over the whole session, and how they ended; read by the terminal summary.

``cases``: one route, one client, one bad 2xx answer. ``single raised``: a single-request
call that raised (the goal is 0). ``operation raised``: a multi-request operation that
raised because it needed an earlier answer's model (allowed).
"""


def _accepted_message(error: ResponseValidationError) -> bool:
    text = str(error)
    return text.startswith("the server accepted ") and text.endswith(
        "`response.data` holds what the server answered."
    )


async def _drain(result: Any) -> Any:
    """The result of any route: awaited, or every item of its iterator."""
    if isinstance(result, AsyncIterator):
        return [item async for item in result]
    if isinstance(result, Iterator):
        return list(result)
    return await resolve(result)


async def _consume(entries: Any) -> list[Any]:
    """Pull and process each entry (a clean ``with`` block reports it done)."""
    handled = []
    if isinstance(entries, AsyncIterator):
        async for entry in entries:
            async with entry:
                handled.append(entry)
    else:
        for entry in entries:
            with entry:
                handled.append(entry)
    return handled


async def _call(client: AnyClient, route: str, sample: Sample, folder: Path) -> Any:
    resource, name = route.split(".")
    owner = client if resource == "client" else getattr(client, resource)
    args, kwargs = sample.arguments(folder)
    result = getattr(owner, name)(*args, **kwargs)
    if route == "datapools.consume":
        return await _consume(result)
    return await _drain(result)


def _check_response(response: MaestroResponse[Any], sample: Sample, folder: Path) -> list[str]:
    """What is wrong with a returned response (``[]`` when it behaves as documented)."""
    problems = []
    if not isinstance(response.raw, httpx.Response) or not response.ok:
        problems.append(f"raw is not the 2xx answer: {response.raw!r}")
    data = response.data  # must never raise
    if sample.downloads_to is not None:
        target = sample.arguments(folder)[1][sample.downloads_to]
        if data != target:
            problems.append(f"data of a download is {data!r}, not the path {target}")
    try:
        _ = response.parsed
    except ResponseValidationError as error:
        if not _accepted_message(error) or error.response is not response:
            problems.append(f"parsed raised an undocumented ResponseValidationError: {error}")
    except Exception as error:
        problems.append(f"parsed raised {type(error).__name__}: {error}")
    return problems


async def check_route(client: AnyClient, route: str, folder: Path) -> tuple[bool, list[str]]:
    """Run one route against the current answer: (did the call raise, what went wrong)."""
    sample = SAMPLES[route]
    try:
        result = await _call(client, route, sample, folder)
    except ResponseValidationError as error:
        if ROUTE_KINDS[route] in SINGLE_REQUEST_KINDS:
            return True, [f"the call raised: {error}"]
        if not _accepted_message(error):
            return True, [f"the operation raised an undocumented error: {error}"]
        return True, []
    except sample.also:
        return True, []
    except Exception as error:
        return True, [f"the call raised {type(error).__name__}: {error}"]
    if isinstance(result, MaestroResponse):
        return False, _check_response(result, sample, folder)
    return False, []


@pytest.fixture
def answers() -> Iterator[tuple[respx.MockRouter, dict[str, Any]]]:
    """A router answering the login properly and every other request with ``current``."""
    current: dict[str, Any] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        status, headers, body = current["answer"]
        return httpx.Response(status, headers=headers, content=body)

    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.post("/api/v2/workspace/login").respond(
            200, json={"accessToken": TOKEN, "organizationLabel": ORGANIZATION}
        )
        router.route().mock(side_effect=answer)
        yield router, current


def test_every_public_route_has_a_sample() -> None:
    assert sorted(ROUTE_KINDS) == sorted(SAMPLES)


@pytest.mark.parametrize("route", sorted(SAMPLES))
async def test_no_2xx_answer_raises_at_call_time_and_parsed_says_it_was_accepted(
    kind: str,
    route: str,
    answers: tuple[respx.MockRouter, dict[str, Any]],
    sleeps: list[float],
    tmp_path: Path,
) -> None:
    _, current = answers
    client = make_client(kind)
    problems = {}
    for name, answer in BAD_ANSWERS.items():
        current["answer"] = answer
        raised, found = await check_route(client, route, tmp_path)
        MATRIX["cases"] += 1
        if raised:
            single = ROUTE_KINDS[route] in SINGLE_REQUEST_KINDS
            MATRIX["single raised" if single else "operation raised"] += 1
        if found:
            problems[name] = found
    await close(client)
    assert problems == {}


async def test_an_unknown_enum_value_parses_as_its_text(
    kind: str, answers: tuple[respx.MockRouter, dict[str, Any]]
) -> None:
    _, current = answers
    current["answer"] = BAD_ANSWERS["unknown enums"]
    client = make_client(kind)
    task = (await resolve(client.tasks.get(1))).parsed
    await close(client)
    assert task.state == "HIBERNATING"


async def test_a_write_answered_with_a_message_returns_and_parsed_says_it_was_accepted(
    kind: str, answers: tuple[respx.MockRouter, dict[str, Any]]
) -> None:
    router, current = answers
    current["answer"] = BAD_ANSWERS['200 {"message": "ok"}']
    client = make_client(kind)
    response = await resolve(client.tasks.create("Robot"))
    await close(client)
    assert response.data == {"message": "ok"}
    with pytest.raises(ResponseValidationError) as caught:
        _ = response.parsed
    assert str(caught.value) == (
        "the server accepted POST /api/v2/task (200 OK), but its answer does not fit the "
        "expected model: id=<missing>: Field required. The request took effect; "
        "`response.data` holds what the server answered."
    )
    assert len(router.calls) == 2  # the login, then the task: created once


async def test_an_upload_whose_record_answer_has_no_id_stops_after_the_record(
    kind: str, answers: tuple[respx.MockRouter, dict[str, Any]]
) -> None:
    router, current = answers
    current["answer"] = BAD_ANSWERS["201 empty"]
    client = make_client(kind)
    with pytest.raises(ResponseValidationError) as caught:
        await resolve(client.result_files.upload(1, b"data", name="report.txt"))
    await close(client)
    assert str(caught.value).startswith("the server accepted POST /api/v2/artifact (201 Created)")
    assert [call.request.url.path for call in router.calls][1:] == ["/api/v2/artifact"]
