"""An in-process server that checks how every request is encoded and answers what fits.

``WireChecker`` is an ``httpx.MockTransport`` handler. For each request it records every way
the request is not correctly encoded (path segments not percent-encoded or not UTF-8, a query
that is not, header values that are not printable ASCII or carry CR/LF, a JSON body that is
not UTF-8 or holds NaN, a multipart part with a broken header) and answers 2xx with a body
that fits the route's response model, so a call that is sent completes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

import httpx

BASE_URL = "https://maestro.test"
TOKEN = "t0ken-abc-123"
ORGANIZATION = "ACME_ORG"

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_VALUE = re.compile(rb"([\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?)?")
_PATH = re.compile(rb"(/([A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)+")
_QUERY = re.compile(rb"([A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def path_problems(raw_path: bytes) -> list[str]:
    """How a request path (query excluded) is not a correctly encoded API path."""
    if not raw_path.startswith(b"/api/v2"):
        return [f"path {raw_path!r} is not under /api/v2"]
    if not _PATH.fullmatch(raw_path):
        return [f"path {raw_path!r} is not percent-encoded"]
    problems = []
    for segment in raw_path.split(b"/")[1:]:
        decoded = unquote_to_bytes(segment)
        if not _utf8(decoded):
            problems.append(f"path segment {segment!r} is not UTF-8 once decoded")
        if decoded in (b".", b".."):
            problems.append(f"path segment {segment!r} is a dot segment")
    return problems


def query_problems(raw_query: bytes) -> list[str]:
    """How a query string is not correctly percent-encoded UTF-8."""
    if not _QUERY.fullmatch(raw_query):
        return [f"query {raw_query!r} is not percent-encoded"]
    pairs = [part.split(b"=", 1) for part in raw_query.split(b"&") if part]
    if not all(_utf8(unquote_to_bytes(piece.replace(b"+", b" "))) for p in pairs for piece in p):
        return [f"query {raw_query!r} is not UTF-8 once decoded"]
    return []


def header_problems(headers: list[tuple[bytes, bytes]]) -> list[str]:
    """Header names that are no token, values that are not printable ASCII on one line."""
    problems = []
    for name, value in headers:
        if not _TOKEN.fullmatch(name):
            problems.append(f"header name {name!r} is not a token")
        if not _HEADER_VALUE.fullmatch(value):
            problems.append(f"header {name!r} has the value {value!r}")
    return problems


def body_problems(content_type: str, body: bytes) -> list[str]:
    """A JSON body that is not UTF-8 JSON without NaN, or a multipart part with bad headers."""
    if content_type.startswith("application/json"):
        try:
            json.loads(body.decode("utf-8"), parse_constant=_no_constants)
        except ValueError as exc:
            return [f"JSON body is not valid UTF-8 JSON: {exc}"]
        return []
    if content_type.startswith("multipart/form-data"):
        return _multipart_problems(content_type, body)
    return []


def _multipart_problems(content_type: str, body: bytes) -> list[str]:
    boundary = content_type.partition("boundary=")[2].encode("ascii")
    parts = body.split(b"--" + boundary)
    if len(parts) < 3 or parts[-1] not in (b"--\r\n", b"--"):
        return ["multipart body is not closed by its boundary"]
    problems = []
    for part in parts[1:-1]:
        head, separator, _ = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            problems.append("multipart part has no header/body separator")
            continue
        for line in head.split(b"\r\n"):
            name, colon, _ = line.partition(b":")
            if not colon or not _TOKEN.fullmatch(name) or not _utf8(line) or b"\n" in line:
                problems.append(f"multipart part header line {line!r} is malformed")
    return problems


# -- answers that fit each route ----------------------------------------------------------------

Answer = Callable[[httpx.Request, "re.Match[str]"], httpx.Response]


def _json(body: Any, status: int = 200) -> Answer:
    return lambda request, match: httpx.Response(status, json=body)


def _bytes(request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    return httpx.Response(200, content=b"a,b\n1,2\n", headers={"content-type": "text/csv"})


EMPTY_PAGE = {"content": [], "last": True, "number": 0, "totalPages": 1}


@dataclass
class Answers:
    """What the server holds, as far as the answers need it."""

    entry_state: str = "PROCESSING"
    """The state of every datapool entry (``cancel_entry`` needs ``PENDING``)."""
    credential_keys: tuple[str, ...] = ("user", "password")
    """The keys of every credential set."""

    def entry(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        entry_id = match.groupdict().get("entry") or "e-1"
        body = {"id": entry_id, "datapoolLabel": "pool", "state": self.entry_state}
        return httpx.Response(200, json={**body, "values": {"a": 1}, "priority": 0})

    def credential(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        secrets = [{"key": key, "value": f"v-{key}", "valid": True} for key in self.credential_keys]
        return httpx.Response(200, json={"label": "creds", "secrets": secrets})

    def table(self) -> list[tuple[str, re.Pattern[str], Answer]]:
        """``(method, path pattern, answer)``; the first match answers."""
        task = {"id": 1, "state": "FINISHED", "activityLabel": "x"}
        rows: list[tuple[str, str, Answer]] = [
            ("POST", r"/api/v2/workspace/login",
             _json({"accessToken": TOKEN, "organizationLabel": ORGANIZATION})),
            ("GET", r"/api/v2/maestro/version", _json({"version": "3.1.0"})),
            ("GET", r"/api/v2/(log|activity|bot|credential|workspaces)", _json([])),
            ("GET", r"/api/v2/log/[^/]+/entry-list", _json([])),
            ("GET", r"/api/v2/log/[^/]+/export", _bytes),
            ("GET", r"/api/v2/artifact/[^/]+/file", _bytes),
            ("GET", r"/api/v2/(task|artifact|error|scheduling|datapool|alerts)", _json(EMPTY_PAGE)),
            ("GET", r"/api/v2/(machine|activity|bot)/pagination", _json(EMPTY_PAGE)),
            ("GET", r"/api/v2/datapool/[^/]+/view", _json(EMPTY_PAGE)),
            ("GET", r"/api/v2/datapool/[^/]+/pull", self.entry),
            ("GET", r"/api/v2/datapool/[^/]+/summary", _json({"countPending": 0})),
            ("*", r"/api/v2/datapool/[^/]+/entry/(?P<entry>[^/]+)(/cancel)?", self.entry),
            ("POST", r"/api/v2/datapool/[^/]+/push", self.entry),
            ("*", r"/api/v2/datapool(/[^/]+)?", _json({"label": "pool", "active": True})),
            ("GET", r"/api/v2/credential/[^/]+/key/[^/]+", _json("s3cr3t")),
            ("*", r"/api/v2/credential(/[^/]+)?", self.credential),
            ("*", r"/api/v2/task(/[^/]+)?", _json(task)),
            ("*", r"/api/v2/(artifact|error)(/[^/]+)?", _json({"id": 7})),
            ("GET", r"/api/v2/machine/[^/]+/tasks-summary", _json({"machineId": "m"})),
            ("GET", r"/api/v2/machine/(log/)?[^/]+", _json({"machineId": "m"})),
            ("*", r"/api/v2/log(/[^/]+)?", _json({"id": "ORG-x", "activityLabel": "x"})),
            ("*", r"/api/v2/alerts", _json({"id": "alert-1", "taskId": 1})),
            ("*", r"/api/v2/.*", _json({})),
        ]  # fmt: skip
        return [(method, re.compile(pattern), answer) for method, pattern, answer in rows]


@dataclass
class WireChecker:
    """The handler of an ``httpx.MockTransport``: checks each request, answers what fits."""

    answers: Answers = field(default_factory=Answers)
    requests: list[httpx.Request] = field(default_factory=list)
    """Every request received, login included, in order."""
    violations: list[str] = field(default_factory=list)
    """Every way a received request was not correctly encoded."""

    def __post_init__(self) -> None:
        self.table = self.answers.table()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.requests.append(request)
        self.violations += self.problems(request, body)
        path = request.url.raw_path.decode("ascii").partition("?")[0]
        for method, pattern, answer in self.table:
            match = pattern.fullmatch(path)
            if match and method in ("*", request.method):
                return answer(request, match)
        return httpx.Response(200, json={})

    @staticmethod
    def problems(request: httpx.Request, body: bytes) -> list[str]:
        """How one request is not correctly encoded; empty when it is."""
        url = request.url
        problems = []
        if (url.scheme, url.host, url.port) != ("https", "maestro.test", None):
            problems.append(f"request sent to {url.scheme}://{url.host}:{url.port}")
        if not _TOKEN.fullmatch(request.method.encode("ascii", "replace")):
            problems.append(f"method {request.method!r} is not a token")
        raw_path, _, raw_query = url.raw_path.partition(b"?")
        problems += path_problems(raw_path)
        problems += query_problems(raw_query)
        problems += header_problems(list(request.headers.raw))
        problems += body_problems(request.headers.get("content-type", ""), body)
        return [f"{request.method} {url}: {problem}" for problem in problems]

    def writes_since(self, start: int) -> list[str]:
        """Method and path of each request but GETs and the login since ``start``."""
        return [
            f"{request.method} {request.url.path}"
            for request in self.requests[start:]
            if request.method != "GET" and request.url.path != "/api/v2/workspace/login"
        ]
