"""Argument types and small helpers the commands share."""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["count", "integer_id", "key_json", "key_value", "priority", "seconds", "wire"]


def count(text: str) -> int:
    """An integer >= 0 (``--days``, ``--limit``, item counts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def integer_id(text: str) -> int:
    """The id of a task or a result file, which the API numbers 1, 2, 3..."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a numeric id (1, 2, 3...), got {text!r}")
    return int(text)


def priority(text: str) -> int:
    """A priority, 0 (lowest) to 10 (highest)."""
    value = count(text)
    if value > 10:
        raise argparse.ArgumentTypeError(f"expected 0 (lowest) to 10 (highest), got {text!r}")
    return value


def seconds(text: str) -> float:
    """A number of seconds >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"expected seconds >= 0, got {text!r}")
    return value


def key_value(text: str) -> tuple[str, str]:
    """``KEY=VALUE``; the value may contain ``=`` and may be empty."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def key_json(text: str) -> tuple[str, Any]:
    """``KEY=JSON``: the value is read as JSON (``n=5``, ``ok=true``, ``ids=[1,2]``)."""
    key, value = key_value(text)
    try:
        return key, json.loads(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{key}: {value!r} is not JSON") from None


def wire(model: Any) -> Any:
    """A response model as the server sent it: wire names, the fields it had, dates in ISO."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)
