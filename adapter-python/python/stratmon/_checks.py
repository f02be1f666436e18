"""Checks of user input made before anything is sent, the same in both
modes: a wrong type or an unknown field raises `ValidationError` naming the
field."""

from __future__ import annotations

import datetime as _dt
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import (
    Any,
    Dict,
    List,
    Mapping,
    Sequence,
    Union,
)

from .errors import invalid
from .types import (
    Direction,
    PersonEntry,
)


def _segment(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise invalid(name, f"expected a non-empty string, got {value!r}")
    return urllib.parse.quote(value, safe="")


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, f"expected an integer, got {type(value).__name__}")
    return value


def _period(year: Any, month: Any) -> str:
    return f"{_int(year, 'year')}/{_int(month, 'month')}"


def _list(cls: type, data: Any) -> List[Any]:
    return [cls.from_dict(item) for item in data or []]  # type: ignore[attr-defined]


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise invalid(name, f"expected text, got {type(value).__name__}")
    return value


def _day(value: Any, name: str) -> str:
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise invalid(name, f"expected a date, got {type(value).__name__}")
    return value.isoformat()


def _mapping_arg(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise invalid(name, f"expected a mapping, got {type(value).__name__}")
    return value


def _indicator_fields(
    name: str,
    unit: str,
    direction: Union[Direction, str],
    cumulative: bool,
    plan: Mapping[int, Union[Decimal, int, str]],
    events: Sequence[str],
) -> Dict[str, Any]:
    try:
        direction_value = Direction(str(direction)).value
    except ValueError:
        raise invalid(
            "direction", f"`{direction}` is not one of increase, decrease, keep"
        ) from None
    if not isinstance(cumulative, bool):
        raise invalid("cumulative", "expected True or False")
    values: Dict[str, str] = {}
    for year, value in _mapping_arg(plan, "plan").items():
        key = str(_int(year, "plan"))
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
            raise invalid(f"plan.{key}", f"expected a number, got {type(value).__name__}")
        values[key] = str(value)
    return {
        "name": _text(name, "name"),
        "unit": _text(unit, "unit"),
        "direction": direction_value,
        "cumulative": cumulative,
        "plan": values,
        "events": [_text(e, "events") for e in events],
    }


def _aware(value: Any, name: str) -> str:
    if not isinstance(value, _dt.datetime) or value.tzinfo is None:
        raise invalid(name, "expected a timezone-aware datetime")
    return value.isoformat()


_PERSON_FIELDS = ("full_name", "position", "roles", "landline", "mobile", "email", "login")


def _person(value: Union[PersonEntry, Mapping[str, Any]], i: int) -> Dict[str, Any]:
    if isinstance(value, PersonEntry):
        return value.to_json()
    if not isinstance(value, Mapping):
        raise invalid(f"people[{i}]", "expected a PersonEntry or a mapping")
    for key in value:
        if key not in _PERSON_FIELDS:
            raise invalid(f"people[{i}].{key}", "unknown field")
    out = {k: value.get(k, "") for k in _PERSON_FIELDS if k != "login"}
    roles = value.get("roles", [])
    if isinstance(roles, str) or not isinstance(roles, (list, tuple)):
        raise invalid(f"people[{i}].roles", "expected a list of roles")
    out["roles"] = [str(r) for r in roles]
    for k in ("full_name", "position", "landline", "mobile", "email"):
        _text(out[k], f"people[{i}].{k}")
    if value.get("login") is not None:
        out["login"] = _text(value["login"], f"people[{i}].login")
    return out
