"""Lossless JSON round trip for the plain dataclasses of the model.

Results and evidence are plain dataclasses so checks stay simple; this module turns them into JSON-ready
values and back using their type hints, so a saved result or evidence bundle reads back equal to what
was written (bytes as base64, datetimes as ISO 8601 UTC, enums as their values).
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


_SCALARS = (str, int, float, bool, type(None))


@cache
def _json_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("json", True))


def to_jsonable(value: Any) -> Any:
    """Convert a dataclass tree into dicts, lists and scalars (scalars first: they are most of a tree)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if hasattr(kind, "__dataclass_fields__"):
        return {name: to_jsonable(getattr(value, name)) for name in _json_fields(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_jsonable(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what ``to_jsonable`` produced."""
    if tp is Any or data is None:
        return data
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        for arg in args:
            try:
                return from_jsonable(arg, data)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"no member of {tp} accepts {data!r}")
    if origin is typing.Literal:
        if data not in get_args(tp):
            raise ValueError(f"{data!r} is not one of {get_args(tp)}")
        return data
    if origin in (list, tuple):
        args = get_args(tp)
        item = args[0] if args else Any
        items = [from_jsonable(item, v) for v in data]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        _, vt = get_args(tp) or (Any, Any)
        return {k: from_jsonable(vt, v) for k, v in data.items()}
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            if not isinstance(data, dict):
                raise TypeError(f"{tp.__name__} needs an object, got {type(data).__name__}")
            hints = _hints(tp)
            kwargs = {
                f.name: from_jsonable(hints[f.name], data[f.name])
                for f in dataclasses.fields(tp)
                if f.init and f.name in data
            }
            return tp(**kwargs)
        if issubclass(tp, enum.Enum):
            return tp(data)
        if tp is bytes:
            return base64.b64decode(data)
        if tp is datetime:
            return datetime.fromisoformat(data)
        if tp is date:
            return date.fromisoformat(data)
        if tp is float and isinstance(data, int | float):
            return float(data)
        if tp in (str, int, bool) and not isinstance(data, tp):
            raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
    return data
