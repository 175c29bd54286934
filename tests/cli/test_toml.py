"""The profile file's TOML: the Python 3.10 reader agrees with tomllib, and refuses the rest."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maestro._cli._toml import TomlError, dumps, loads_simple

HAND_WRITTEN = """\
# my profiles
title = 'maestro'   # a comment after a value
[profiles.default]
server = "https://acme.botcity.dev"
login = "acme"
key = "k\\u00e9y \\"quoted\\" \\\\ back"

[profiles."two words"]
server='C:\\path'
retries = 3
verify = false
"""

EXPECTED = {
    "title": "maestro",
    "profiles": {
        "default": {
            "server": "https://acme.botcity.dev",
            "login": "acme",
            "key": 'k\u00e9y "quoted" \\ back',
        },
        "two words": {"server": "C:\\path", "retries": 3, "verify": False},
    },
}


def test_the_simple_reader_reads_a_hand_written_file() -> None:
    assert loads_simple(HAND_WRITTEN) == EXPECTED


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is the oracle")
def test_tomllib_reads_the_same_file_the_same_way() -> None:
    import tomllib

    assert tomllib.loads(HAND_WRITTEN) == EXPECTED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = [1, 2]", "line 1: unsupported value"),
        ('a = """x"""', "line 1: multi-line strings are not supported"),
        ("[t]\na = 1\n[t]", "line 3: table [t] is defined twice"),
        ("a = 1\na = 2", "line 2: key 'a' is given twice"),
        ('a = "open', "line 1: unterminated string"),
        ('a = "\\q"', "line 1: unknown escape \\q"),
        ("a = 1 b", "line 1: unexpected text 'b'"),
        ("= 1", "line 1: expected a key"),
        ("a = 1.5", "line 1: unexpected text '.5'"),
    ],
)
def test_the_simple_reader_refuses_what_it_does_not_read_naming_the_line(
    text: str, message: str
) -> None:
    with pytest.raises(TomlError) as raised:
        loads_simple(text)
    assert str(raised.value).startswith(message)
    assert "Python 3.11+ reads any TOML" in str(raised.value)


def test_dumps_refuses_a_value_it_cannot_write() -> None:
    with pytest.raises(TypeError, match=r"profiles\.a\.list: cannot write a list value"):
        dumps({"profiles": {"a": {"list": [1]}}})


names = st.text(min_size=1, max_size=12)
scalars = st.one_of(st.text(max_size=20), st.booleans(), st.integers(-(10**6), 10**6))
documents = st.dictionaries(
    names, st.dictionaries(names, st.dictionaries(names, scalars, max_size=3), max_size=3),
    max_size=3,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(documents)
def test_what_dumps_writes_both_readers_read_back_unchanged(document: dict[str, object]) -> None:
    text = dumps(document, header="a header\nof two lines")
    assert loads_simple(text) == document
    if sys.version_info >= (3, 11):
        import tomllib

        assert tomllib.loads(text) == document
