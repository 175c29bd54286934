"""Values the wire cannot carry are refused before anything is sent, naming the field.

One rule serves every route: request bodies (the request models), queries and headers (every
``Call``) and ``request_raw``. What has a faithful JSON form is sent as such; NaN, infinity,
sets, other objects, undecodable bytes, lone surrogates, CR/LF in headers never reach httpx.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
import respx
from pydantic import Field, ValidationError

from maestro import RequestValidationError
from maestro._call import Call, no_body
from maestro.models import RequestModel
from tests.conftest import AnyClient, resolve
from tests.resources._wire import json_of, only_request


class Unprintable:
    """An object whose ``repr`` fails, as some third-party objects' do."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def self_containing() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


async def refused(call: Any) -> RequestValidationError:
    """The error a client call raises (awaited on the async client)."""
    with pytest.raises(RequestValidationError) as caught:
        await resolve(call())
    return caught.value


def fields(error: RequestValidationError) -> list[tuple[str, str, str]]:
    """Field, shown value and message of every error, in order."""
    return [(item.field, item.value, item.message) for item in error.errors]


NOT_FINITE = "must be a finite number (JSON has no NaN)"
SURROGATE = "must be valid Unicode text: it holds a lone surrogate at index 0"


# -- request bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
async def test_task_parameters_refuse_nan_and_infinity_instead_of_sending_null(
    client: AnyClient, api: respx.MockRouter, number: float
) -> None:
    error = await refused(lambda: client.tasks.create("invoices", parameters={"amount": number}))

    assert error.operation == "tasks.create"
    assert fields(error) == [("parameters.amount", repr(number), NOT_FINITE)]
    assert not api.calls


async def test_datapool_values_refuse_infinity_nested_in_a_list(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.datapools.push("orders", {"rows": [1, -math.inf]}))

    assert fields(error) == [("values.rows.1", "-inf", NOT_FINITE)]
    assert not api.calls


async def test_a_set_is_refused_it_has_no_json_form(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.tasks.create("invoices", parameters={"tags": {"a"}}))

    assert fields(error) == [
        ("parameters.tags", "{'a'}", "a set has no JSON form (nor any order): pass a list")
    ]
    assert not api.calls


async def test_an_object_that_is_not_json_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.datapools.push("orders", {"customer": Unprintable()}))

    assert fields(error) == [
        (
            "values.customer",
            "<Unprintable that cannot be shown>",
            "only JSON values can be sent (text, numbers, bools, None, lists, dicts), "
            "not Unprintable objects",
        )
    ]
    assert not api.calls


async def test_bytes_that_are_not_utf8_are_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.datapools.push("orders", {"raw": b"\xff\xfe"}))

    assert fields(error) == [
        ("values.raw", "b'\\xff\\xfe'", "bytes must be UTF-8 text to go into JSON")
    ]
    assert not api.calls


async def test_text_with_a_lone_surrogate_is_refused_in_any_field(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.tasks.create("\ud800", parameters={"note": "ok\udfff"}))

    assert fields(error) == [
        ("activity_label", "'\\ud800'", SURROGATE),
        (
            "parameters.note",
            "'ok\\udfff'",
            "must be valid Unicode text: it holds a lone surrogate at index 2",
        ),
    ]
    assert not api.calls


async def test_a_key_that_is_not_text_is_refused(client: AnyClient, api: respx.MockRouter) -> None:
    error = await refused(lambda: client.logs.add_entry("invoices", {"ok": {1: "one"}}))

    assert fields(error) == [("values.ok", "1", "has a key that must be text")]
    assert not api.calls


async def test_log_entry_values_refuse_nan(client: AnyClient, api: respx.MockRouter) -> None:
    error = await refused(lambda: client.logs.add_entry("invoices", {"amount": math.nan}))

    assert error.operation == "logs.add_entry"
    assert fields(error) == [("values.amount", "nan", NOT_FINITE)]
    assert not api.calls


async def test_an_integer_too_long_to_write_out_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.tasks.create("invoices", parameters={"n": 10**5000}))

    assert fields(error) == [
        ("parameters.n", "<int that cannot be shown>", "has too many digits to be sent")
    ]
    assert not api.calls


async def test_a_secret_value_is_masked_when_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.credentials.create("erp", {"password": "p\ud800ss"}))

    assert fields(error) == [
        (
            "values['password']",
            "***",
            "must be valid Unicode text: it holds a lone surrogate at index 1",
        )
    ]
    assert "p\ud800ss" not in str(error)
    assert not api.calls


async def test_values_with_a_json_form_are_sent_as_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/task").respond(200, json={"id": 1})
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

    await resolve(
        client.tasks.create(
            "invoices", parameters={"when": when, "items": ("a", "b"), "text": b"caf\xc3\xa9"}
        )
    )

    assert json_of(only_request(api))["parameters"] == {
        "when": "2026-01-02T03:04:05Z",
        "items": ["a", "b"],
        "text": "café",
    }


# -- path and query -----------------------------------------------------------------------------


async def test_a_path_parameter_with_a_lone_surrogate_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.tasks.get("\ud800"))

    assert fields(error) == [("task_id", "'\\ud800'", SURROGATE)]
    assert not api.calls


async def test_a_path_parameter_too_long_for_a_url_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.datapools.get("é" * 20_000))

    assert [(item.field, item.message) for item in error.errors] == [
        ("label", "makes the URL longer than the 63,488 characters httpx sends")
    ]
    assert not api.calls


async def test_a_query_value_with_a_lone_surrogate_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.runners.list(machine_id="\ud800"))

    assert fields(error) == [("params.machineId", "'\\ud800'", SURROGATE)]
    assert not api.calls


async def test_a_filter_with_a_lone_surrogate_is_refused_by_its_python_name(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.tasks.list(activity_label="\ud800"))

    assert fields(error) == [("activity_label", "'\\ud800'", SURROGATE)]
    assert not api.calls


# -- request_raw --------------------------------------------------------------------------------


async def test_request_raw_refuses_a_json_body_that_is_not_json(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(
        lambda: client.request_raw("POST", "/x", json={"ids": {1, 2}, "n": [math.nan]})
    )

    assert error.operation == "client.request_raw"
    assert fields(error) == [
        ("json.ids", "{1, 2}", "a set has no JSON form (nor any order): pass a list"),
        ("json.n.0", "nan", NOT_FINITE),
    ]
    assert not api.calls


async def test_request_raw_refuses_a_value_that_contains_itself(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.request_raw("POST", "/x", json=self_containing()))

    assert [(item.field, item.message) for item in error.errors] == [
        ("json", "nests deeper than 100 levels (or contains itself)")
    ]
    assert not api.calls


async def test_request_raw_sends_values_with_a_json_form_as_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/x").respond(200, json={})

    await resolve(
        client.request_raw(
            "POST", "/x", json={"at": datetime(2026, 1, 2), "price": Decimal("1.50")}
        )
    )

    assert json.loads(route.calls.last.request.content) == {
        "at": "2026-01-02T00:00:00",
        "price": "1.50",
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": math.nan}, "params.q", "must be a finite number"),
        ({"q": "\ud800"}, "params.q", SURROGATE),
        ({"q": {"a": 1}}, "params.q", "must be text, a number, a bool or None (or a list of them)"),
        (
            {"q": ["a", object()]},
            "params.q",
            "must be text, a number, a bool or None (or a list of them)",
        ),
        ({"q": 10**5000}, "params.q", "has too many digits to be sent"),
    ],
)
async def test_request_raw_refuses_query_values_httpx_cannot_encode(
    client: AnyClient, api: respx.MockRouter, params: dict[str, Any], field: str, message: str
) -> None:
    error = await refused(lambda: client.request_raw("GET", "/x", params=params))

    assert [(item.field, item.message) for item in error.errors] == [(field, message)]
    assert not api.calls


@pytest.mark.parametrize(
    ("headers", "field", "message"),
    [
        (
            {"X-Trace": "a\r\nX-Injected: 1"},
            "headers.X-Trace",
            "must not hold control characters (CR, LF...) ('\\r' at index 1)",
        ),
        (
            {"X-Trace": "a\nb"},
            "headers.X-Trace",
            "must not hold control characters (CR, LF...) ('\\n' at index 1)",
        ),
        ({"X-Trace": "café"}, "headers.X-Trace", "must be printable ASCII text"),
        ({"X-Trace": " padded"}, "headers.X-Trace", "must not start or end with spaces"),
        ({"X-Trace": 5}, "headers.X-Trace", "must be text"),
        ({"Bad Name": "x"}, "headers", "has a name that is no HTTP token"),
    ],
)
async def test_request_raw_refuses_headers_that_could_not_be_sent_on_one_line(
    client: AnyClient,
    api: respx.MockRouter,
    headers: dict[str, Any],
    field: str,
    message: str,
) -> None:
    error = await refused(lambda: client.request_raw("GET", "/x", headers=headers))

    assert [(item.field, item.message) for item in error.errors] == [(field, message)]
    assert not api.calls


async def test_request_raw_reports_every_bad_argument_at_once(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(
        lambda: client.request_raw(
            "GÉT", "/x\r\n", content="text", timeout=math.nan, files={"f": 5}
        )
    )

    assert [item.field for item in error.errors] == [
        "method",
        "path",
        "files.f",
        "content",
        "timeout",
        "files",
    ]
    assert not api.calls


async def test_request_raw_refuses_two_bodies(client: AnyClient, api: respx.MockRouter) -> None:
    error = await refused(lambda: client.request_raw("POST", "/x", json={}, content=b"{}"))

    assert fields(error) == [
        ("content", "...", "give only one body: json, content or files (also given: json)")
    ]
    assert not api.calls


async def test_request_raw_refuses_a_file_part_whose_type_would_split_its_header(
    client: AnyClient, api: respx.MockRouter
) -> None:
    part = ("a.txt", b"hello", "text/plain\r\nX-Injected: 1")

    error = await refused(lambda: client.request_raw("POST", "/x", files={"file": part}))

    assert [(item.field, item.message) for item in error.errors] == [
        (
            "files.file.content_type",
            "must not hold control characters (CR, LF...) ('\\r' at index 10)",
        )
    ]
    assert not api.calls


async def test_request_raw_sends_bytes_like_content_as_bytes(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.put("/api/v2/x").respond(200)

    await resolve(client.request_raw("PUT", "/x", content=bytearray(b"raw")))

    assert route.calls.last.request.content == b"raw"


# -- the last guard: every Call -----------------------------------------------------------------


def test_a_call_masks_what_it_refuses_when_it_carries_secrets() -> None:
    with pytest.raises(RequestValidationError) as caught:
        Call("POST", "/api/v2/x", no_body, json={"value": "s\ud800"}, secrets=("s\ud800",))

    assert fields(caught.value) == [
        ("json.value", "***", "must be valid Unicode text: it holds a lone surrogate at index 1")
    ]


# -- arguments of single routes that once escaped as raw exceptions ------------------------------


async def test_a_download_path_the_system_cannot_use_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.result_files.download(7, to="out\x00.bin"))

    assert fields(error) == [("to", "'out\\x00.bin'", "is not a usable path: embedded null byte")]
    assert not api.calls


async def test_an_upload_path_too_long_for_the_system_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.result_files.upload(1, "x" * 5000))

    assert [(item.field, item.message) for item in error.errors] == [
        ("file", "is not a usable path: File name too long")
    ]
    assert not api.calls


async def test_a_progress_callback_that_cannot_be_called_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.result_files.download(7, on_progress=True))

    assert fields(error) == [("on_progress", "True", "must be a function or None")]
    assert not api.calls


async def test_a_file_name_that_is_not_text_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.bots.upload("bot", "1.0", b"PK", filename=7))

    assert fields(error) == [("filename", "7", "must be a non-empty string")]
    assert not api.calls


@pytest.mark.parametrize(("timeout", "poll_interval"), [(math.nan, 1.0), (None, math.inf)])
async def test_task_wait_refuses_durations_that_are_not_finite(
    client: AnyClient, api: respx.MockRouter, timeout: float | None, poll_interval: float
) -> None:
    error = await refused(
        lambda: client.tasks.wait(1, timeout=timeout, poll_interval=poll_interval)
    )

    assert [item.field for item in error.errors] == [
        "timeout" if timeout is not None else "poll_interval"
    ]
    assert not api.calls


async def test_a_credential_key_with_a_lone_surrogate_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.credentials.set_value("erp", "\ud800", "secret"))

    assert fields(error) == [("key", "'\\ud800'", SURROGATE)]
    assert not api.calls


async def test_error_report_refuses_an_include_environment_that_is_no_bool(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(
        lambda: client.errors.report(1, ValueError("boom"), include_environment=math.nan)
    )

    assert fields(error) == [("include_environment", "nan", "must be True or False")]
    assert not api.calls


async def test_a_sort_that_is_no_text_nor_list_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.schedules.list(sort=True))

    assert [item.field for item in error.errors] == ["sort"]
    assert not api.calls


async def test_schedule_parameters_that_are_no_mapping_are_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.schedules.create("invoices", "0 0 * * * ?", parameters=5))

    assert [item.field for item in error.errors] == ["parameters"]
    assert not api.calls


async def test_activate_refuses_a_label_that_is_no_text_before_reading_the_pool(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.datapools.activate(0))  # type: ignore[arg-type]

    assert [item.field for item in error.errors] == ["label"]
    assert not api.calls


async def test_consume_refuses_a_task_id_too_long_to_write_out(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.datapools.consume("orders", task_id=10**5000)

    assert fields(caught.value) == [
        ("task_id", "<int that cannot be shown>", "must be a task id (string or integer)")
    ]
    assert not api.calls


@pytest.mark.parametrize(
    ("path", "raw_path"),
    [
        ("/items/[1]|a^b\\c", b"/api/v2/items/%5B1%5D%7Ca%5Eb%5Cc"),
        ("/discount/50%", b"/api/v2/discount/50%25"),
        ("/already%2Fencoded", b"/api/v2/already%2Fencoded"),
        ("/notes#2", b"/api/v2/notes%232"),
        ("/x?next=http://a/b", b"/api/v2/x?next=http://a/b"),
    ],
)
async def test_request_raw_percent_encodes_what_a_url_cannot_hold_as_is(
    client: AnyClient, api: respx.MockRouter, path: str, raw_path: bytes
) -> None:
    route = api.get(url__regex=r".*").respond(200)

    await resolve(client.request_raw("GET", path))

    assert route.calls.last.request.url.raw_path == raw_path


async def test_request_raw_refuses_a_timeout_too_large_to_be_a_duration(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(lambda: client.request_raw("GET", "/x", timeout=10**400))

    assert [item.field for item in error.errors] == ["timeout"]
    assert not api.calls


async def test_task_finish_names_counts_too_long_to_print_without_failing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    error = await refused(
        lambda: client.tasks.finish(1, "SUCCESS", total_items=1, failed_items=10**5000)
    )

    assert fields(error) == [
        (
            "total_items",
            "1",
            "does not add up with processed_items=None and failed_items=<int that cannot be "
            "shown>: total must equal processed + failed, none negative",
        )
    ]
    assert not api.calls


@pytest.mark.parametrize("path", ["../x", "/api/v2/..", "a/./b", "/x/%2e%2E/y"])
async def test_request_raw_refuses_dot_segments_that_would_move_the_request(
    client: AnyClient, api: respx.MockRouter, path: str
) -> None:
    error = await refused(lambda: client.request_raw("GET", path))

    assert [(item.field, item.message) for item in error.errors] == [
        ("path", "must not hold '.' or '..' segments: they move the request, even out of /api/v2")
    ]
    assert not api.calls


class Signed(RequestModel):
    """A request body with a field kept out of reprs, as a key is."""

    payload: Any
    signature: Any = Field(repr=False)


def test_a_field_kept_out_of_reprs_is_kept_out_of_its_refusal() -> None:
    with pytest.raises(ValidationError) as caught:
        Signed(payload=[math.nan], signature={"secret": "s3cr3t", "n": math.nan})

    assert [(error["loc"], repr(error["input"])) for error in caught.value.errors()] == [
        (("payload", 0), "nan"),
        (("signature", "n"), "SecretStr('**********')"),
    ]
    assert "s3cr3t" not in str(caught.value)


def test_a_request_models_body_cannot_be_changed_in_place_once_checked() -> None:
    from maestro.models.tasks import CreateTaskRequest

    body = CreateTaskRequest(activity_label="MyAutomation", parameters={"n": 1}).to_wire()

    for change in (
        lambda: body.__setitem__("parameters", {"n": float("nan")}),
        lambda: body.update(priority=float("inf")),
        lambda: body.pop("parameters"),
        lambda: body.setdefault("x", set()),
        lambda: body.clear(),
    ):
        with pytest.raises(TypeError, match="cannot be changed: copy it"):
            change()
    assert dict(body)["parameters"] == {"n": 1}
