from __future__ import annotations

import pytest

from maestro.testing import ApiError, Request, Response, Router, json_response
from maestro.testing._router import Handler, RouteTable
from maestro.testing._state import EmulatorState

from .conftest import Api


def answer(name: str) -> Handler:
    def handler(request: Request, state: EmulatorState) -> Response:
        return json_response({"handler": name, "params": request.params})

    return handler


def table() -> RouteTable:
    router = Router()
    router.get("/api/v2/activity/{label}")(answer("by-label"))
    router.get("/api/v2/activity/pagination")(answer("pagination"))
    router.post("/api/v2/activity/{label}")(answer("update"))
    router.get("/api/v2/activity/{label}/key/{key}")(answer("key"))
    return RouteTable([router])


def test_a_literal_segment_wins_over_a_parameter_whatever_the_order() -> None:
    match = table().find("GET", "/api/v2/activity/pagination")
    assert match.route.template == "/api/v2/activity/pagination"


def test_a_parameter_matches_one_segment_and_is_percent_decoded() -> None:
    match = table().find("GET", "/api/v2/activity/My%20Bot")
    assert match.params == {"label": "My Bot"}


def test_an_encoded_slash_stays_inside_its_parameter() -> None:
    match = table().find("GET", "/api/v2/activity/a%2F..%2Fb/key/k%2Fx")
    assert match.route.template == "/api/v2/activity/{label}/key/{key}"
    assert match.params == {"label": "a/../b", "key": "k/x"}


def test_an_empty_segment_never_fills_a_parameter() -> None:
    with pytest.raises(ApiError) as raised:
        table().find("GET", "/api/v2/activity/")
    assert raised.value.status == 404


def test_the_wrong_method_on_a_known_path_is_405_listing_the_allowed_ones() -> None:
    with pytest.raises(ApiError) as raised:
        table().find("DELETE", "/api/v2/activity/x")
    assert raised.value.status == 405
    assert raised.value.headers == {"Allow": "GET, POST"}


def test_a_path_no_template_fits_is_404() -> None:
    with pytest.raises(ApiError) as raised:
        table().find("GET", "/api/v2/unknown")
    assert raised.value.status == 404


async def test_an_encoded_slash_in_a_label_never_reaches_another_route(api: Api) -> None:
    response = await api("GET", "/api/v2/log/a%2F..%2Fentry-list")
    assert response.status_code == 404
    assert response.json()["message"] == "Log 'a/../entry-list' not found"
    assert api.emulator.requests[-1].path == "/api/v2/log/a/../entry-list"
    assert api.emulator.requests[-1].raw_path == "/api/v2/log/a%2F..%2Fentry-list"
