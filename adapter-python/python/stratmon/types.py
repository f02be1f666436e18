"""Typed values: what the API answers, as dataclasses.

Dates are `datetime.date`, instants timezone-aware `datetime.datetime`,
amounts and indicator values `decimal.Decimal`, states `enum.Enum`s. Every
value has `to_dict()` (plain Python values, enums as their string) and
`to_dataframe()` (one row; see `stratmon.to_dataframe` for lists).

One conversion layer serves both modes: `_build` turns the API's JSON (the
same from the embedded store and the server) into these classes, following
the field annotations.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import sys
import typing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from .errors import Problem, invalid

__all__ = [
    "ReportState",
    "FundingSource",
    "Role",
    "Direction",
    "EventStatus",
    "InboxTask",
    "RequestKind",
    "RequestStatus",
    "UserStatus",
    "ParticipantKind",
    "Model",
    "User",
    "Participant",
    "ResponsiblePerson",
    "ControlPoint",
    "Event",
    "Indicator",
    "ReportContent",
    "Step",
    "Report",
    "SaveOutcome",
    "Work",
    "AnnualPlanContent",
    "AnnualPlan",
    "AnnualSaveOutcome",
    "BulkItem",
    "BulkResult",
    "InboxItem",
    "AuditEntry",
    "AuditVerdict",
    "PersonEntry",
    "AccessRequest",
    "CreatedUser",
    "Approval",
    "WindowExtension",
    "Delegation",
    "ControlPointStatus",
    "ControlPointView",
    "EventStatusReport",
    "StrategyNode",
    "StatusCounts",
    "ReportCounts",
    "EventLine",
    "ParticipantLine",
    "MonthValue",
    "Achievement",
    "IndicatorLine",
    "SpendingLine",
    "ConsolidatedReport",
    "PlanProblem",
    "FieldChange",
    "PlanChange",
    "PlanDiff",
    "PlanVersion",
    "ImportOutcome",
    "to_dataframe",
]


class _StrEnum(str, enum.Enum):
    def __str__(self) -> str:
        return str(self.value)


class ReportState(_StrEnum):
    """Where a monthly report or annual plan is in the approval chain."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    APPROVED = "approved"
    RETURNED = "returned"


class FundingSource(_StrEnum):
    """Where money comes from."""

    FEDERAL = "federal"
    REGIONAL = "regional"
    MUNICIPAL = "municipal"
    EXTRABUDGETARY = "extrabudgetary"


class Role(_StrEnum):
    """A user's role."""

    PLANNER = "planner"
    ANALYST = "analyst"
    HEAD = "head"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Direction(_StrEnum):
    """Whether more or less of an indicator is better."""

    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP = "keep"


class EventStatus(_StrEnum):
    """An event's derived status."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


class ControlPointStatus(_StrEnum):
    """A control point's derived status."""

    DONE_ON_TIME = "done_on_time"
    PENDING = "pending"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


class InboxTask(_StrEnum):
    """What an inbox item asks for."""

    FILL_REPORT = "fill_report"
    FIX_REPORT = "fix_report"
    CHECK_REPORT = "check_report"
    APPROVE_REPORT = "approve_report"
    FILL_ANNUAL_PLAN = "fill_annual_plan"
    FIX_ANNUAL_PLAN = "fix_annual_plan"
    CHECK_ANNUAL_PLAN = "check_annual_plan"
    APPROVE_ANNUAL_PLAN = "approve_annual_plan"
    PROCESS_REQUEST = "process_request"


class RequestKind(_StrEnum):
    """Registration, revocation or role change."""

    REGISTRATION = "registration"
    REVOCATION = "revocation"
    ROLE_CHANGE = "role_change"


class RequestStatus(_StrEnum):
    """Whether a request was decided."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class UserStatus(_StrEnum):
    """Active or revoked."""

    ACTIVE = "active"
    REVOKED = "revoked"


class ParticipantKind(_StrEnum):
    """Executive body, municipality or organisation."""

    EXECUTIVE_BODY = "executive_body"
    MUNICIPALITY = "municipality"
    ORGANISATION = "organisation"


# ---------------------------------------------------------------- conversion

M = TypeVar("M", bound="Model")


def _plain(value: Any) -> Any:
    """`value` with enums as strings, dataclasses as dicts."""
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_dataframe needs pandas, which is optional: `pip install pandas` "
            "(or `pip install stratmon[pandas]`)"
        ) from e
    return pandas


def to_dataframe(items: Any) -> Any:
    """A pandas DataFrame with one row per item (a value or a list of them);
    nested mappings become dotted columns (`content.indicator_facts.IND-1`).

    pandas is optional and imported here; without it this raises
    `ImportError` saying how to install it.
    """
    pandas = _pandas()
    if isinstance(items, Model):
        items = [items]
    rows = [_flatten(i.to_dict() if isinstance(i, Model) else dict(i)) for i in items]
    return pandas.DataFrame(rows)


def _convert(tp: Any, value: Any, path: str) -> Any:
    """Converts a JSON value to the annotated type `tp`."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return value
    if origin is Union:
        if value is None:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value, path)
    if value is None:
        return None
    if origin in (list, List):
        return [_convert(args[0], v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin in (dict, Dict):
        return {
            _convert(args[0], k, path): _convert(args[1], v, f"{path}.{k}")
            for k, v in value.items()
        }
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            try:
                return tp(value)
            except ValueError:
                return value  # a state this client does not know yet
        if tp is Decimal:
            return Decimal(str(value))
        if tp is _dt.datetime:
            text = str(value).replace("Z", "+00:00")
            return _dt.datetime.fromisoformat(_trim_fraction(text))
        if tp is _dt.date:
            return _dt.date.fromisoformat(str(value))
        if tp is int:
            return int(value)
        if tp is str:
            return str(value)
        if tp is bool:
            return bool(value)
        if issubclass(tp, Model):
            return tp.from_dict(value)
    return value


def _trim_fraction(text: str) -> str:
    """Python 3.9/3.10 `fromisoformat` takes at most 6 fraction digits."""
    if "." not in text:
        return text
    head, rest = text.split(".", 1)
    digits = ""
    while rest and rest[0].isdigit():
        digits, rest = digits + rest[0], rest[1:]
    return f"{head}.{digits[:6].ljust(6, '0')}{rest}"


_HINTS: Dict[type, Dict[str, Any]] = {}


def _hints(cls: type) -> Dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        module = sys.modules[cls.__module__]
        hints = typing.get_type_hints(cls, vars(module))
        _HINTS[cls] = hints
    return hints


def _build(cls: Type[M], data: Mapping[str, Any]) -> M:
    """`cls` from a flat mapping of JSON values, converting each field by its
    annotation; missing fields take their defaults, unknown ones (from a
    newer server) are ignored."""
    hints = _hints(cls)
    kwargs: Dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name], f.name)
    return cls(**kwargs)


@dataclass
class Model:
    """Base of every typed value."""

    @classmethod
    def from_dict(cls: Type[M], data: Mapping[str, Any]) -> M:
        """The value from the API's JSON."""
        return _build(cls, data)

    def to_dict(self) -> Dict[str, Any]:
        """The value as plain Python data (enums as strings, dates and
        decimals kept)."""
        out = _plain(self)
        assert isinstance(out, dict)
        return out

    def to_dataframe(self) -> Any:
        """A one-row pandas DataFrame (pandas is optional)."""
        return to_dataframe([self])


# -------------------------------------------------------------------- values


@dataclass
class User(Model):
    """A person with access to the system."""

    login: str = ""
    full_name: str = ""
    position: str = ""
    participant: str = ""
    roles: List[Role] = field(default_factory=list)
    status: UserStatus = UserStatus.ACTIVE
    version: int = 0


@dataclass
class Participant(Model):
    """An organisation that reports."""

    id: str = ""
    name: str = ""
    kind: ParticipantKind = ParticipantKind.EXECUTIVE_BODY
    status: str = "active"
    settings: Dict[str, Any] = field(default_factory=dict)
    version: int = 0


@dataclass
class ResponsiblePerson(Model):
    """Who answers for an event at its participant."""

    full_name: str = ""
    position: str = ""
    phone: str = ""


@dataclass
class ControlPoint(Model):
    """A milestone of an event."""

    id: str = ""
    title: str = ""
    planned: Optional[_dt.date] = None


@dataclass
class Event(Model):
    """An event of the plan with its card."""

    id: str = ""
    title: str = ""
    direction: str = ""
    responsible: str = ""
    co_executors: List[str] = field(default_factory=list)
    start: Optional[_dt.date] = None
    end: Optional[_dt.date] = None
    expected_result: str = ""
    amending_act: str = ""
    excluded: bool = False
    responsible_person: Optional[ResponsiblePerson] = None
    control_points: List[ControlPoint] = field(default_factory=list)
    version: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Event":
        plan = dict(data.get("plan") or {})
        period = plan.pop("period", None) or {}
        card = data.get("card") or {}
        flat = {
            **plan,
            "start": period.get("start"),
            "end": period.get("end"),
            "responsible_person": card.get("responsible_person"),
            "control_points": card.get("control_points", []),
            "id": data.get("id"),
            "version": data.get("version", 0),
        }
        return _build(cls, flat)


@dataclass
class Indicator(Model):
    """A target indicator with its plan values by year."""

    id: str = ""
    name: str = ""
    unit: str = ""
    direction: Direction = Direction.INCREASE
    cumulative: bool = False
    plan: Dict[int, Decimal] = field(default_factory=dict)
    events: List[str] = field(default_factory=list)
    version: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Indicator":
        fields_ = data.get("fields") or {}
        return _build(cls, {**fields_, "id": data.get("id"), "version": data.get("version", 0)})


_CONTENT_FIELDS = ("progress", "control_points", "indicator_facts", "expenditures", "explanations")


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise invalid(path, f"expected a number, got {type(value).__name__}")
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise invalid(path, f"`{value}` is not a number") from None
    if not number.is_finite():
        raise invalid(path, f"`{value}` is not a finite number")
    return number


def _date(value: Any, path: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        raise invalid(path, "expected a date, got a datetime")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise invalid(path, f"`{value}` is not a date (YYYY-MM-DD)") from None
    raise invalid(path, f"expected a date, got {type(value).__name__}")


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise invalid(path, f"expected text, got {type(value).__name__}")
    return value


def _mapping(value: Any, path: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise invalid(path, f"expected a mapping, got {type(value).__name__}")
    return value


@dataclass
class ReportContent(Model):
    """What a monthly report says; facts and expenditures year-to-date."""

    progress: str = ""
    control_points: Dict[str, _dt.date] = field(default_factory=dict)
    indicator_facts: Dict[str, Decimal] = field(default_factory=dict)
    expenditures: Dict[FundingSource, Decimal] = field(default_factory=dict)
    explanations: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def coerce(cls, value: Union["ReportContent", Mapping[str, Any]]) -> "ReportContent":
        """Checks and converts user input (a `ReportContent` or a mapping):
        unknown fields, wrong types and bad dates or numbers raise
        `ValidationError` naming the field, before anything is sent."""
        if isinstance(value, ReportContent):
            data: Mapping[str, Any] = value.to_dict()
        else:
            data = _mapping(value, "content")
        for key in data:
            if key not in _CONTENT_FIELDS:
                raise invalid(
                    str(key), f"unknown field; expected one of {', '.join(_CONTENT_FIELDS)}"
                )
        expenditures: Dict[FundingSource, Decimal] = {}
        for k, v in _mapping(data.get("expenditures", {}), "expenditures").items():
            try:
                source = FundingSource(str(k))
            except ValueError:
                raise invalid(
                    f"expenditures.{k}",
                    "unknown funding source; expected one of "
                    + ", ".join(s.value for s in FundingSource),
                ) from None
            expenditures[source] = _decimal(v, f"expenditures.{k}")
        return cls(
            progress=_text(data.get("progress", ""), "progress"),
            control_points={
                str(k): _date(v, f"control_points.{k}")
                for k, v in _mapping(data.get("control_points", {}), "control_points").items()
            },
            indicator_facts={
                str(k): _decimal(v, f"indicator_facts.{k}")
                for k, v in _mapping(data.get("indicator_facts", {}), "indicator_facts").items()
            },
            expenditures=expenditures,
            explanations={
                str(k): _text(v, f"explanations.{k}")
                for k, v in _mapping(data.get("explanations", {}), "explanations").items()
            },
        )

    def to_json(self) -> Dict[str, Any]:
        """The content as the API reads it (decimals as strings)."""
        return {
            "progress": self.progress,
            "control_points": {k: v.isoformat() for k, v in self.control_points.items()},
            "indicator_facts": {k: str(v) for k, v in self.indicator_facts.items()},
            "expenditures": {FundingSource(k).value: str(v) for k, v in self.expenditures.items()},
            "explanations": dict(self.explanations),
        }


@dataclass
class Step(Model):
    """One transition in a report's history."""

    action: str = ""
    from_state: Optional[ReportState] = None
    to_state: Optional[ReportState] = None
    by: str = ""
    at: Optional[_dt.datetime] = None
    comment: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Step":
        flat = dict(data)
        flat["from_state"] = flat.pop("from", None)
        flat["to_state"] = flat.pop("to", None)
        return _build(cls, flat)


@dataclass
class _Workflowed(Model):
    state: ReportState = ReportState.DRAFT
    revision: int = 1
    late: bool = False
    submitted_by: Optional[str] = None
    submitted_at: Optional[_dt.datetime] = None
    accepted_by: Optional[str] = None
    approved_by: Optional[str] = None
    history: List[Step] = field(default_factory=list)
    version: int = 0


def _with_workflow(data: Mapping[str, Any]) -> Dict[str, Any]:
    flat = {k: v for k, v in data.items() if k != "workflow"}
    flat.update(data.get("workflow") or {})
    return flat


@dataclass
class Report(_Workflowed):
    """A monthly report revision of one event for one month."""

    event: str = ""
    year: int = 0
    month: int = 0
    content: ReportContent = field(default_factory=ReportContent)
    #: What the report held when it was last returned (None until a return),
    #: to compare with the corrected content.
    returned_content: Optional[ReportContent] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Report":
        flat = _with_workflow(data)
        period = flat.pop("period", None)
        if isinstance(period, Mapping):
            flat["year"], flat["month"] = period.get("year"), period.get("month")
        elif isinstance(period, str) and "-" in period:
            y, m = period.split("-", 1)
            flat["year"], flat["month"] = int(y), int(m)
        return _build(cls, flat)

    @property
    def period(self) -> _dt.date:
        """The first day of the reporting month."""
        return _dt.date(self.year, self.month, 1)


@dataclass
class SaveOutcome(Model):
    """A saved draft and what would still block its submission."""

    saved: Report = field(default_factory=Report)
    problems: List[Problem] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SaveOutcome":
        return cls(
            saved=Report.from_dict(data.get("saved") or {}),
            problems=[Problem.from_dict(p) for p in data.get("problems") or []],
        )


@dataclass
class Work(Model):
    """One line of works of an annual plan."""

    title: str = ""
    control_date: Optional[_dt.date] = None
    planned: Dict[FundingSource, Decimal] = field(default_factory=dict)

    def to_json(self) -> Dict[str, Any]:
        return {
            "title": self.title,
            "control_date": self.control_date.isoformat() if self.control_date else None,
            "planned": {FundingSource(k).value: str(v) for k, v in self.planned.items()},
        }


@dataclass
class AnnualPlanContent(Model):
    """Works of the plan year with control dates and planned expenditures."""

    works: List[Work] = field(default_factory=list)
    explanations: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def coerce(cls, value: Union["AnnualPlanContent", Mapping[str, Any]]) -> "AnnualPlanContent":
        """Checks and converts user input, like `ReportContent.coerce`."""
        if isinstance(value, AnnualPlanContent):
            return value
        data = _mapping(value, "content")
        for key in data:
            if key not in ("works", "explanations"):
                raise invalid(str(key), "unknown field; expected works, explanations")
        works: List[Work] = []
        raw_works = data.get("works", [])
        if not isinstance(raw_works, list):
            raise invalid("works", "expected a list")
        for i, w in enumerate(raw_works):
            if isinstance(w, Work):
                works.append(w)
                continue
            w = _mapping(w, f"works[{i}]")
            for key in w:
                if key not in ("title", "control_date", "planned"):
                    raise invalid(f"works[{i}].{key}", "unknown field")
            planned: Dict[FundingSource, Decimal] = {}
            for k, v in _mapping(w.get("planned", {}), f"works[{i}].planned").items():
                try:
                    source = FundingSource(str(k))
                except ValueError:
                    raise invalid(f"works[{i}].planned.{k}", "unknown funding source") from None
                planned[source] = _decimal(v, f"works[{i}].planned.{k}")
            works.append(
                Work(
                    title=_text(w.get("title", ""), f"works[{i}].title"),
                    control_date=_date(w.get("control_date"), f"works[{i}].control_date"),
                    planned=planned,
                )
            )
        return cls(
            works=works,
            explanations={
                str(k): _text(v, f"explanations.{k}")
                for k, v in _mapping(data.get("explanations", {}), "explanations").items()
            },
        )

    def to_json(self) -> Dict[str, Any]:
        return {"works": [w.to_json() for w in self.works], "explanations": dict(self.explanations)}


@dataclass
class AnnualPlan(_Workflowed):
    """An annual plan revision of one event for one plan year."""

    event: str = ""
    year: int = 0
    content: AnnualPlanContent = field(default_factory=AnnualPlanContent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AnnualPlan":
        return _build(cls, _with_workflow(data))


@dataclass
class AnnualSaveOutcome(Model):
    """A saved annual plan draft and what would still block its submission."""

    saved: AnnualPlan = field(default_factory=AnnualPlan)
    problems: List[Problem] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AnnualSaveOutcome":
        return cls(
            saved=AnnualPlan.from_dict(data.get("saved") or {}),
            problems=[Problem.from_dict(p) for p in data.get("problems") or []],
        )


@dataclass
class BulkItem(Model):
    """One report named in a bulk accept/approve."""

    event: str = ""
    year: int = 0
    month: int = 0
    version: int = 0


@dataclass
class BulkResult(Model):
    """The outcome of one item of a bulk request."""

    item: BulkItem = field(default_factory=BulkItem)
    ok: bool = False
    report: Optional[Report] = None
    code: Optional[str] = None
    detail: Optional[str] = None
    problems: List[Problem] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "BulkResult":
        report = data.get("report")
        return cls(
            item=BulkItem.from_dict(data.get("item") or {}),
            ok=data.get("outcome") == "ok",
            report=Report.from_dict(report) if report else None,
            code=data.get("code"),
            detail=data.get("detail"),
            problems=[Problem.from_dict(p) for p in data.get("problems") or []],
        )

    def error(self) -> Optional[Exception]:
        """The exception this item would have raised on its own, if it failed."""
        if self.ok:
            return None
        from .errors import error_from_problem

        return error_from_problem(
            0, self.code or "error", self.detail or "", [p.to_dict() for p in self.problems]
        )


@dataclass
class InboxItem(Model):
    """Something that waits for the user, and by when."""

    task: InboxTask = InboxTask.FILL_REPORT
    event: Optional[str] = None
    request: Optional[str] = None
    title: str = ""
    year: Optional[int] = None
    month: Optional[int] = None
    due: Optional[_dt.date] = None
    overdue: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "InboxItem":
        flat = dict(data)
        period = flat.pop("period", None)
        if isinstance(period, Mapping):
            flat["year"], flat["month"] = period.get("year"), period.get("month")
        return _build(cls, flat)


@dataclass
class AuditEntry(Model):
    """One entry of the hash-chained audit log."""

    seq: int = 0
    at: Optional[_dt.datetime] = None
    actor: str = ""
    on_behalf_of: Optional[str] = None
    client: Optional[str] = None
    action: str = ""
    object_kind: str = ""
    object_id: str = ""
    participant: Optional[str] = None
    summary: str = ""
    prev_hash: str = ""
    hash: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AuditEntry":
        flat = dict(data)
        obj = flat.pop("object", None) or {}
        flat["object_kind"], flat["object_id"] = obj.get("kind", ""), obj.get("id", "")
        return _build(cls, flat)


@dataclass
class AuditVerdict(Model):
    """Whether the audit log's hash chain is intact: if so, how many entries
    and the head hash; if not, the first entry that breaks it and why."""

    intact: bool = False
    entries: Optional[int] = None
    head: Optional[str] = None
    broken_at: Optional[int] = None
    reason: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AuditVerdict":
        # `{"result": "intact", "entries", "head"}` or
        # `{"result": "broken", "seq", "reason"}`.
        intact = data.get("result") == "intact"
        return cls(
            intact=intact,
            entries=data.get("entries"),
            head=data.get("head"),
            broken_at=None if intact else data.get("seq"),
            reason=data.get("reason"),
        )

    def __bool__(self) -> bool:
        return self.intact


@dataclass
class PersonEntry(Model):
    """One person in a registration or revocation request."""

    full_name: str = ""
    position: str = ""
    roles: List[str] = field(default_factory=list)
    landline: str = ""
    mobile: str = ""
    email: str = ""
    login: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        out = self.to_dict()
        out["roles"] = [str(r) for r in self.roles]
        return out


@dataclass
class AccessRequest(Model):
    """A registration or revocation request, as entered by the Admin."""

    id: str = ""
    kind: RequestKind = RequestKind.REGISTRATION
    participant: str = ""
    signed_by: str = ""
    reason: str = ""
    people: List[PersonEntry] = field(default_factory=list)
    received_at: Optional[_dt.datetime] = None
    due: Optional[_dt.date] = None
    entered_by: str = ""
    status: RequestStatus = RequestStatus.PENDING
    decision: Optional[Dict[str, Any]] = None
    version: int = 0


@dataclass
class CreatedUser(Model):
    """A user just created, with the one-time password to hand over."""

    user: User = field(default_factory=User)
    one_time_password: str = ""


@dataclass
class Approval(Model):
    """An approved request and the users it created."""

    request: AccessRequest = field(default_factory=AccessRequest)
    created: List[CreatedUser] = field(default_factory=list)


@dataclass
class WindowExtension(Model):
    """An annual-plan window opened by the Coordinator for a participant."""

    participant: str = ""
    year: int = 0
    until: Optional[_dt.date] = None
    reason: str = ""
    granted_by: str = ""
    version: int = 0


@dataclass
class Delegation(Model):
    """A role lent to a deputy for a period (e.g. a Head on leave)."""

    id: str = ""
    participant: str = ""
    principal: str = ""
    deputy: str = ""
    role: Role = Role.HEAD
    start: Optional[_dt.date] = None
    end: Optional[_dt.date] = None
    cancelled: bool = False
    version: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Delegation":
        flat = dict(data)
        flat["start"], flat["end"] = flat.pop("from", None), flat.pop("to", None)
        return _build(cls, flat)


@dataclass
class ControlPointView(Model):
    """A control point with its actual date and derived status."""

    control_point: ControlPoint = field(default_factory=ControlPoint)
    actual: Optional[_dt.date] = None
    status: ControlPointStatus = ControlPointStatus.PENDING


@dataclass
class EventStatusReport(Model):
    """An event's derived status: its control points, and the months whose
    report is missing or was late, as `(year, month)`."""

    event: str = ""
    status: EventStatus = EventStatus.IN_PROGRESS
    control_points: List[ControlPointView] = field(default_factory=list)
    missing_reports: List[Tuple[int, int]] = field(default_factory=list)
    late_reports: List[Tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "EventStatusReport":
        def periods(key: str) -> List[Tuple[int, int]]:
            return [(int(p["year"]), int(p["month"])) for p in data.get(key) or []]

        return cls(
            event=str(data.get("event", "")),
            status=_convert(EventStatus, data.get("status"), "status"),
            control_points=[
                ControlPointView.from_dict(c) for c in data.get("control_points") or []
            ],
            missing_reports=periods("missing_reports"),
            late_reports=periods("late_reports"),
        )


@dataclass
class StrategyNode(Model):
    """A goal or direction of the strategy tree."""

    id: str = ""
    kind: str = "direction"
    title: str = ""
    parent: Optional[str] = None
    version: int = 0


# ------------------------------------------------------------ consolidated


@dataclass
class StatusCounts(Model):
    """Events by derived status."""

    done: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    total: int = 0


@dataclass
class ReportCounts(Model):
    """Reports of the month by state and timeliness."""

    expected: int = 0
    approved: int = 0
    in_check: int = 0
    returned: int = 0
    draft: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0


@dataclass
class EventLine(Model):
    """One event in the consolidated report."""

    event: str = ""
    title: str = ""
    responsible: str = ""
    direction: str = ""
    status: EventStatus = EventStatus.IN_PROGRESS
    report_state: Optional[ReportState] = None
    timeliness: Optional[str] = None


@dataclass
class ParticipantLine(Model):
    """One participant's events and reports."""

    participant: str = ""
    name: str = ""
    events: StatusCounts = field(default_factory=StatusCounts)
    reports: ReportCounts = field(default_factory=ReportCounts)


@dataclass
class MonthValue(Model):
    """An indicator's value in one month."""

    month: int = 0
    value: Optional[Decimal] = None


@dataclass
class Achievement(Model):
    """Fact against plan, and its traffic light."""

    ratio: Optional[Decimal] = None
    light: str = ""


@dataclass
class IndicatorLine(Model):
    """One indicator: plan, fact, achievement and the monthly series."""

    indicator: str = ""
    name: str = ""
    unit: str = ""
    direction: Direction = Direction.INCREASE
    cumulative: bool = False
    plan: Optional[Decimal] = None
    fact: Optional[Decimal] = None
    achievement: Optional[Achievement] = None
    series: List[MonthValue] = field(default_factory=list)
    increments: List[MonthValue] = field(default_factory=list)
    previous_year: Optional[Decimal] = None
    decreases_explained: Optional[bool] = None
    serves: List[str] = field(default_factory=list)


@dataclass
class SpendingLine(Model):
    """Planned and actual spending of one funding source."""

    source: FundingSource = FundingSource.REGIONAL
    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    share: Optional[Decimal] = None


@dataclass
class ConsolidatedReport(Model):
    """The consolidated report of one month over the events the user sees."""

    year: int = 0
    month: int = 0
    as_of: Optional[_dt.date] = None
    participant: Optional[str] = None
    direction: Optional[str] = None
    events: StatusCounts = field(default_factory=StatusCounts)
    reports: ReportCounts = field(default_factory=ReportCounts)
    participants: List[ParticipantLine] = field(default_factory=list)
    event_lines: List[EventLine] = field(default_factory=list)
    indicators: List[IndicatorLine] = field(default_factory=list)
    spending: List[SpendingLine] = field(default_factory=list)
    spending_by_participant: Dict[str, List[SpendingLine]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ConsolidatedReport":
        flat = dict(data)
        period = flat.pop("period", None) or {}
        flat["year"], flat["month"] = period.get("year", 0), period.get("month", 0)
        return _build(cls, flat)


# ---------------------------------------------------------------- the plan


@dataclass
class PlanProblem(Model):
    """A bad cell or row of an imported plan, where the user sees it."""

    field: str = ""
    message: str = ""
    source: Optional[str] = None
    row: Optional[int] = None
    column: Optional[str] = None

    @property
    def location(self) -> str:
        """`events.csv:row 7:«Окончание»`, as far as known."""
        parts = [p for p in (self.source, f"row {self.row}" if self.row else None) if p]
        if self.column:
            parts.append(f"«{self.column}»")
        return ":".join(parts) or self.field


@dataclass
class FieldChange(Model):
    """One field of an event or indicator, before and after an act."""

    field: str = ""
    old: Any = None
    new: Any = None


@dataclass
class PlanChange(Model):
    """An event or indicator an act changes, field by field."""

    id: str = ""
    fields: List[FieldChange] = field(default_factory=list)


@dataclass
class PlanDiff(Model):
    """What an act changes in the plan. Added and removed items are given by
    code; the whole items are in `raw`."""

    events_added: List[str] = field(default_factory=list)
    events_removed: List[str] = field(default_factory=list)
    events_changed: List[PlanChange] = field(default_factory=list)
    indicators_added: List[str] = field(default_factory=list)
    indicators_removed: List[str] = field(default_factory=list)
    indicators_changed: List[PlanChange] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PlanDiff":
        flat: Dict[str, Any] = {"raw": dict(data)}
        for key in ("events_added", "events_removed", "indicators_added", "indicators_removed"):
            flat[key] = [item.get("id", "") for item in data.get(key) or []]
        for key in ("events_changed", "indicators_changed"):
            flat[key] = data.get(key) or []
        return _build(cls, flat)

    @property
    def empty(self) -> bool:
        """Whether the act changes nothing."""
        return not any(
            (
                self.events_added,
                self.events_removed,
                self.events_changed,
                self.indicators_added,
                self.indicators_removed,
                self.indicators_changed,
            )
        )


@dataclass
class PlanVersion(Model):
    """One version of the plan: the act that made it and what it changed."""

    number: int = 0
    act_number: str = ""
    act_date: Optional[_dt.date] = None
    applied_by: str = ""
    applied_at: Optional[_dt.datetime] = None
    events: int = 0
    indicators: int = 0
    changes: Dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PlanVersion":
        flat = dict(data)
        act = flat.pop("act", None) or {}
        flat["act_number"], flat["act_date"] = act.get("number", ""), act.get("date")
        return _build(cls, flat)


@dataclass
class ImportOutcome(Model):
    """The answer to a plan import: the problems, the changes, and the new
    version when the act was applied."""

    problems: List[PlanProblem] = field(default_factory=list)
    diff: PlanDiff = field(default_factory=PlanDiff)
    version: Optional[PlanVersion] = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ImportOutcome":
        version = data.get("version")
        return cls(
            problems=[PlanProblem.from_dict(p) for p in data.get("problems") or []],
            diff=PlanDiff.from_dict(data.get("diff") or {}),
            version=PlanVersion.from_dict(version) if version else None,
        )
