"""Compare a server's JSON answer with the SDK's model of it, field by field.

The SDK's response models are lenient on purpose (unknown fields kept, most fields optional,
digit strings read as numbers), so an answer can validate and still differ from what the
model declares. This comparison is strict about the declared fields and reports, by wire
name: fields the server sent that the model lacks, declared fields it did not send, and
declared fields it sent with another JSON type. It reports names and JSON types only, never
a value, so its output is safe to share.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    PlainValidator,
    SecretStr,
    TypeAdapter,
)
from pydantic.fields import FieldInfo

__all__ = ["Comparison", "OtherType", "compare", "json_type"]

_ANY_TYPES: tuple[Any, ...] = (Any, object)


@dataclass(frozen=True)
class OtherType:
    """A declared field the server sent with another JSON type than the model's."""

    field: str
    expected: str
    got: str


@dataclass
class Comparison:
    """What differs between an answer and a model, by wire field path (``content[].id``)."""

    server_only: list[str] = field(default_factory=list)
    """Fields in the answer that the model does not declare (kept in ``model_extra``)."""
    missing: list[str] = field(default_factory=list)
    """Required fields the answer lacks."""
    not_sent: list[str] = field(default_factory=list)
    """Optional declared fields the answer lacks (the SDK reads them as their default)."""
    other_type: list[OtherType] = field(default_factory=list)
    """Declared fields sent with another JSON type."""

    @property
    def fits(self) -> bool:
        """Whether every required field is there and no declared field has another type."""
        return not self.missing and not self.other_type

    def _add(self, bucket: list[Any], item: Any) -> None:
        if item not in bucket:
            bucket.append(item)


def compare(annotation: Any, data: Any) -> Comparison:
    """Compare decoded JSON with a route's declared type (a model, ``Page[M]``, ``list[M]``)."""
    comparison = Comparison()
    _compare(annotation, data, "", comparison)
    return comparison


def json_type(value: Any) -> str:
    """The JSON type of a decoded value: object, array, string, integer, number, boolean, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def _compare(annotation: Any, value: Any, path: str, out: Comparison) -> None:
    stripped = _strip(annotation)
    if stripped in _ANY_TYPES:
        return
    if _is_union(stripped):
        members = typing.get_args(stripped)
        if value is None and any(_strip(member) is type(None) for member in members):
            return
        matching = [member for member in members if _shape_fits(member, value)]
        if not matching:
            if not any(_coerced(member, value) for member in members):
                out._add(out.other_type, _other_type(path, stripped, value))
            return
        _compare(matching[0], value, path, out)
        return
    if not _shape_fits(stripped, value):
        if not _coerced(annotation, value):
            out._add(out.other_type, _other_type(path, stripped, value))
        return
    if isinstance(stripped, type) and issubclass(stripped, BaseModel):
        _compare_model(stripped, value, path, out)
        return
    origin = typing.get_origin(stripped)
    arguments = typing.get_args(stripped)
    if origin in (list, Sequence, tuple, set, frozenset) and arguments:
        for item in value:
            _compare(arguments[0], item, f"{path}[]", out)
    elif origin in (dict, Mapping) and len(arguments) == 2:
        for item in value.values():
            _compare(arguments[1], item, f"{path}.*", out)


def _other_type(path: str, annotation: Any, value: Any) -> OtherType:
    return OtherType(path or "(body)", describe(annotation), json_type(value))


def _compare_model(
    model: type[BaseModel], data: Mapping[str, Any], path: str, out: Comparison
) -> None:
    prefix = f"{path}." if path else ""
    known: set[str] = set()
    for name, info in model.model_fields.items():
        names = _accepted_names(model, name, info)
        known.update(names)
        key = next((candidate for candidate in names if candidate in data), None)
        if key is None:
            bucket = out.missing if info.is_required() else out.not_sent
            out._add(bucket, prefix + names[0])
            continue
        # Field-level Annotated metadata (validators) lives beside the annotation.
        annotation = _annotated(info.annotation, info.metadata)
        _compare(annotation, data[key], prefix + key, out)
    for key in data:
        if key not in known:
            out._add(out.server_only, prefix + str(key))


def _accepted_names(model: type[BaseModel], name: str, info: FieldInfo) -> list[str]:
    """The wire names a field is read from, the one servers send first."""
    names: list[str] = []
    choices = info.validation_alias
    if isinstance(choices, str):
        names.append(choices)
    elif isinstance(choices, AliasChoices):
        names += [choice for choice in choices.choices if isinstance(choice, str)]
    if info.alias:
        names.append(info.alias)
    else:
        generator = model.model_config.get("alias_generator")
        alias = generator(name) if callable(generator) else None
        if isinstance(alias, str):
            names.append(alias)
    names.append(name)
    return list(dict.fromkeys(names))


def _coerced(annotation: Any, value: Any) -> bool:
    """Whether a converting validator of the annotation takes the value on purpose.

    Models convert some inputs by design (an id sent as a number read as text); a value
    they convert to something other than ``None`` is not another type. Validators that
    swallow errors (an unreadable date read as ``None``) do not count.
    """
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        metadata += annotation.__metadata__
        annotation = typing.get_args(annotation)[0]
    if not any(isinstance(item, (BeforeValidator, PlainValidator)) for item in metadata):
        return False
    adapter: TypeAdapter[Any] = TypeAdapter(_annotated(annotation, metadata))
    try:
        result = adapter.validate_python(value)
    except ValueError:  # pydantic's ValidationError
        return False
    return result is not None


def _annotated(annotation: Any, metadata: Sequence[Any]) -> Any:
    """``Annotated[annotation, *metadata]`` (nested ``Annotated`` flattens)."""
    for item in metadata:
        annotation = typing.Annotated[annotation, item]
    return annotation


def _strip(annotation: Any) -> Any:
    """Drop ``Annotated`` metadata (validators, field descriptions)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _shape_fits(annotation: Any, value: Any) -> bool:
    """Whether a JSON value has the JSON type the annotation calls for (not its contents)."""
    annotation = _strip(annotation)
    if annotation in _ANY_TYPES:
        return True
    if _is_union(annotation):
        return any(_shape_fits(member, value) for member in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return value in typing.get_args(annotation)
    if origin is not None:
        annotation = origin
    if not isinstance(annotation, type):
        return True
    if issubclass(annotation, BaseModel) or issubclass(annotation, Mapping):
        return isinstance(value, Mapping)
    if issubclass(annotation, (list, tuple, set, frozenset)) or annotation is Sequence:
        return isinstance(value, list)
    if issubclass(annotation, bool):
        return isinstance(value, bool)
    if issubclass(annotation, (str, SecretStr)):
        return isinstance(value, str)
    if issubclass(annotation, enum.Enum):
        return any(value == member.value for member in annotation)
    if issubclass(annotation, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if issubclass(annotation, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if issubclass(annotation, (datetime.datetime, datetime.date)):
        # ISO-8601 text or epoch milliseconds, as the models read them.
        return isinstance(value, (str, int)) and not isinstance(value, bool)
    return True


def describe(annotation: Any) -> str:
    """The JSON type(s) an annotation calls for, in words (``integer or null``)."""
    annotation = _strip(annotation)
    if _is_union(annotation):
        names: list[str] = []
        for member in typing.get_args(annotation):
            for name in describe(member).split(" or "):
                if name not in names:
                    names.append(name)
        return " or ".join(names)
    if annotation is type(None):
        return "null"
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(value) for value in typing.get_args(annotation))
    base = origin if origin is not None else annotation
    if not isinstance(base, type):
        return "any"
    for kinds, name in _TYPE_NAMES:
        if issubclass(base, kinds):
            return name
    return "any"


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    ((BaseModel, Mapping), "object"),
    ((list, tuple, set, frozenset), "array"),
    (bool, "boolean"),
    ((str, SecretStr), "string"),
    (enum.Enum, "string"),
    (int, "integer"),
    (float, "number"),
    ((datetime.datetime, datetime.date), "date (string or integer)"),
)
