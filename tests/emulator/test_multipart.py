from __future__ import annotations

import httpx
import pytest

from maestro.testing import ApiError, Request, UploadedFile
from maestro.testing._multipart import MultipartError, MultipartPart, parse_multipart

CONTENT_TYPE = "multipart/form-data; boundary=XyZ"


def body(*parts: bytes) -> bytes:
    return b"".join(b"--XyZ\r\n" + part + b"\r\n" for part in parts) + b"--XyZ--\r\n"


def test_a_file_part_keeps_its_name_type_and_exact_bytes() -> None:
    content = bytes(range(256)) + b"\r\n--XyZ-not-a-boundary\r\n"
    raw = body(
        b'Content-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + content
    )
    assert parse_multipart(raw, CONTENT_TYPE) == [
        MultipartPart("file", "a.bin", "application/octet-stream", content)
    ]


def test_a_form_field_is_not_a_file() -> None:
    (part,) = parse_multipart(
        body(b'Content-Disposition: form-data; name="note"\r\n\r\nhi'), CONTENT_TYPE
    )
    assert (part.is_file, part.content) == (False, b"hi")


def test_a_part_with_a_media_type_but_no_file_name_is_a_file() -> None:
    raw = body(b'Content-Disposition: form-data; name="file"\r\nContent-Type: image/png\r\n\r\nx')
    (part,) = parse_multipart(raw, CONTENT_TYPE)
    assert part.as_file().filename == ""
    assert part.is_file


def test_quoted_parameters_keep_semicolons_and_backslash_escapes() -> None:
    raw = body(b'Content-Disposition: form-data; name="file"; filename="a;b \\"c\\".txt"\r\n\r\nx')
    assert parse_multipart(raw, CONTENT_TYPE)[0].filename == 'a;b "c".txt'


def test_html5_encoded_quotes_in_file_names_are_decoded() -> None:
    raw = body(b'Content-Disposition: form-data; name="file"; filename="say %22hi%22.txt"\r\n\r\nx')
    assert parse_multipart(raw, CONTENT_TYPE)[0].filename == 'say "hi".txt'


def test_an_rfc_2231_file_name_wins_over_the_plain_one() -> None:
    raw = body(
        b'Content-Disposition: form-data; name="file"; filename="fallback.txt"; '
        b"filename*=utf-8''relat%C3%B3rio.txt\r\n\r\nx"
    )
    assert parse_multipart(raw, CONTENT_TYPE)[0].filename == "relatório.txt"


def test_a_quoted_boundary_and_a_preamble_are_understood() -> None:
    raw = b"preamble\r\n" + body(b'Content-Disposition: form-data; name="a"\r\n\r\n1')
    assert parse_multipart(raw, 'multipart/form-data; boundary="XyZ"')[0].content == b"1"


def test_several_parts_come_back_in_order() -> None:
    raw = body(
        b'Content-Disposition: form-data; name="a"\r\n\r\n1',
        b'Content-Disposition: form-data; name="b"; filename="b.txt"\r\n\r\n2',
    )
    assert [(part.name, part.content) for part in parse_multipart(raw, CONTENT_TYPE)] == [
        ("a", b"1"),
        ("b", b"2"),
    ]


@pytest.mark.parametrize(
    ("raw", "content_type", "message"),
    [
        (b"", "application/json", "not multipart/form-data with a boundary"),
        (b"", "multipart/form-data", "not multipart/form-data with a boundary"),
        (b"no boundary here", CONTENT_TYPE, "has no boundary line"),
        (
            b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
            CONTENT_TYPE,
            "not terminated",
        ),
        (
            b"--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--",
            CONTENT_TYPE,
            "no Content-Disposition",
        ),
        (b"--XyZ\r\nContent-Disposition: form-data", CONTENT_TYPE, "no end of headers"),
        (b"--XyZjunk", CONTENT_TYPE, "malformed boundary line"),
    ],
)
def test_malformed_bodies_are_refused(raw: bytes, content_type: str, message: str) -> None:
    with pytest.raises(MultipartError, match=message):
        parse_multipart(raw, content_type)


def request_with(content: bytes, content_type: str = CONTENT_TYPE) -> Request:
    headers = httpx.Headers({"content-type": content_type})
    return Request("POST", "/x", "/x", {}, headers, content)


def test_a_request_sorts_its_parts_into_files_and_form_fields() -> None:
    request = request_with(
        body(
            b'Content-Disposition: form-data; name="note"\r\n\r\nol\xc3\xa1',
            b'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
        )
    )
    assert request.form == {"note": "olá"}
    assert request.files == {"file": UploadedFile("a.txt", "application/octet-stream", b"abc")}


def test_a_request_with_a_malformed_multipart_body_answers_400() -> None:
    with pytest.raises(ApiError) as raised:
        request_with(b"garbage").file("file")
    assert (raised.value.status, raised.value.message) == (
        400,
        "Invalid multipart body: multipart body has no boundary line",
    )
