"""The profile file's TOML: read with ``tomllib`` (Python 3.11+), written by a small writer.

Python 3.10 has no ``tomllib``. Rather than add a runtime dependency for one file, this
module carries a reader for the simple TOML that :func:`dumps` writes and that people put in
such a file by hand: comments, ``[table.headers]``, ``key = value`` with strings (basic and
literal), booleans and integers. Anything beyond that is refused with the line number and a
hint, never misread. The tests check both readers against ``tomllib`` on the same text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["TomlError", "dumps", "loads"]


class TomlError(ValueError):
    """The text is not TOML this program can read; the message names the line."""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_INTEGER = re.compile(r"[+-]?(?:0|[1-9](?:_?[0-9])*)")
_ESCAPES = {'"': '"', "\\": "\\", "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r"}


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text: ``tomllib`` where Python has it, else the simple reader."""
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise TomlError(str(exc)) from None
    return loads_simple(text)


def loads_simple(text: str) -> dict[str, Any]:
    """Parse the simple TOML subset described in the module docstring."""
    document: dict[str, Any] = {}
    table = document
    defined: set[tuple[str, ...]] = set()
    # Only \n ends a line in TOML (str.splitlines would also split on \x85, \u2028...).
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = _Line(raw_line.removesuffix("\r"), number)
        line.skip_space()
        if line.at_end():
            continue
        if line.peek() == "[":
            line.advance()
            path = line.dotted_key("]")
            line.expect("]")
            line.finish()
            if path in defined:
                raise line.error(f"table [{'.'.join(path)}] is defined twice")
            defined.add(path)
            table = _table_at(document, path, line)
            continue
        path = line.dotted_key("=")
        line.expect("=")
        line.skip_space()
        value = line.value()
        line.finish()
        parent = _table_at(table, path[:-1], line)
        if path[-1] in parent:
            raise line.error(f"key {'.'.join(path)!r} is given twice")
        parent[path[-1]] = value
    return document


def _table_at(root: dict[str, Any], path: tuple[str, ...], line: _Line) -> dict[str, Any]:
    table = root
    for part in path:
        child = table.setdefault(part, {})
        if not isinstance(child, dict):
            raise line.error(f"{part!r} is a value, not a table")
        table = child
    return table


class _Line:
    """A cursor over one line of TOML."""

    def __init__(self, text: str, number: int) -> None:
        self.text = text
        self.number = number
        self.position = 0

    def error(self, message: str) -> TomlError:
        return TomlError(
            f"line {self.number}: {message} (Python 3.10 reads only simple TOML here: tables, "
            "and keys set to strings, true/false or integers; Python 3.11+ reads any TOML)"
        )

    def at_end(self) -> bool:
        return self.position >= len(self.text) or self.text[self.position] == "#"

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        self.position += count

    def skip_space(self) -> None:
        while self.peek() in (" ", "\t"):
            self.advance()

    def expect(self, char: str) -> None:
        self.skip_space()
        if self.peek() != char:
            found = self.peek() or "the end of the line"
            raise self.error(f"expected {char!r}, found {found!r}")
        self.advance()

    def finish(self) -> None:
        self.skip_space()
        if not self.at_end():
            raise self.error(f"unexpected text {self.text[self.position :]!r}")

    def dotted_key(self, stop: str) -> tuple[str, ...]:
        parts = [self.key()]
        self.skip_space()
        while self.peek() == ".":
            self.advance()
            parts.append(self.key())
            self.skip_space()
        if self.peek() != stop:
            raise self.error(f"expected {stop!r} after the key")
        return tuple(parts)

    def key(self) -> str:
        self.skip_space()
        if self.peek() == '"':
            return self.basic_string()
        if self.peek() == "'":
            return self.literal_string()
        match = _BARE_KEY.match(self.text, self.position)
        if match is None:
            raise self.error("expected a key")
        self.position = match.end()
        return match.group()

    def value(self) -> str | bool | int:
        char = self.peek()
        if char == '"':
            if self.text.startswith('"""', self.position):
                raise self.error("multi-line strings are not supported")
            return self.basic_string()
        if char == "'":
            if self.text.startswith("'''", self.position):
                raise self.error("multi-line strings are not supported")
            return self.literal_string()
        for word, meaning in (("true", True), ("false", False)):
            if self.text.startswith(word, self.position):
                self.advance(len(word))
                return meaning
        match = _INTEGER.match(self.text, self.position)
        if match is not None:
            self.position = match.end()
            return int(match.group().replace("_", ""))
        raise self.error("unsupported value")

    def literal_string(self) -> str:
        end = self.text.find("'", self.position + 1)
        if end < 0:
            raise self.error("unterminated string")
        value = self.text[self.position + 1 : end]
        self.position = end + 1
        return value

    def basic_string(self) -> str:
        self.advance()  # the opening quote
        chars: list[str] = []
        while True:
            char = self.peek()
            if not char:
                raise self.error("unterminated string")
            self.advance()
            if char == '"':
                return "".join(chars)
            if char != "\\":
                chars.append(char)
                continue
            escape = self.peek()
            self.advance()
            if escape in _ESCAPES:
                chars.append(_ESCAPES[escape])
            elif escape in ("u", "U"):
                width = 4 if escape == "u" else 8
                digits = self.text[self.position : self.position + width]
                if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise self.error(f"bad \\{escape} escape")
                chars.append(chr(int(digits, 16)))
                self.advance(width)
            else:
                raise self.error(f"unknown escape \\{escape}")


def dumps(document: Mapping[str, Any], *, header: str = "") -> str:
    """TOML text for nested tables of strings, booleans and integers.

    ``header`` lines are written first as ``#`` comments. Any other kind of value raises
    ``TypeError``, so a file is never rewritten with a value changed or lost.
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _dump_table(document, (), lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _dump_table(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    scalars = [(key, value) for key, value in table.items() if not isinstance(value, Mapping)]
    tables = [(key, value) for key, value in table.items() if isinstance(value, Mapping)]
    if path and (scalars or not tables):
        lines.extend(["", "[" + ".".join(_key(part) for part in path) + "]"])
    for key, value in scalars:
        lines.append(f"{_key(key)} = {_scalar(value, (*path, key))}")
    for key, value in tables:
        _dump_table(value, (*path, key), lines)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _quoted(key)


def _scalar(value: object, path: tuple[str, ...]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _quoted(value)
    raise TypeError(f"{'.'.join(path)}: cannot write a {type(value).__name__} value")


def _quoted(text: str) -> str:
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
