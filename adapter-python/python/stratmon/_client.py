"""Connections and sessions: one `Session` class over two transports.

A *transport* answers API requests `(method, path, headers, body) ->
(status, headers, body)`:

- embedded: `stratmon._native.Store.request`, which hands the request to the
  HTTP adapter's router in process (no socket) over a `Service` on the store;
- remote: `urllib.request` against a running `stratmon-server`.

Remote mode is pure Python on the standard library on purpose: it needs no
TLS or HTTP stack compiled into the wheel, works wherever the server is
reachable, and - because the embedded mode answers the very same requests -
both modes share this file, the conversion layer (`types.py`) and the error
mapping (`errors.py`). A test runs every session test in both modes.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Protocol,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from .errors import AuthError, Error, StorageError, TransportError, error_from_problem, invalid
from .types import (
    AccessRequest,
    AnnualPlan,
    AnnualPlanContent,
    AnnualSaveOutcome,
    Approval,
    AuditEntry,
    AuditVerdict,
    BulkItem,
    BulkResult,
    ConsolidatedReport,
    Delegation,
    Direction,
    Event,
    EventStatus,
    EventStatusReport,
    InboxItem,
    Indicator,
    Model,
    Participant,
    PersonEntry,
    Report,
    ReportContent,
    Role,
    SaveOutcome,
    StrategyNode,
    User,
    WindowExtension,
)

Headers = List[Tuple[str, str]]
Answer = Tuple[int, Dict[str, str], bytes]
T = TypeVar("T", bound=Model)

#: The largest request body the client sends; the core checks every field
#: itself, this only keeps a runaway value from being shipped at all.
MAX_REQUEST_BYTES = 2 * 1024 * 1024


class Transport(Protocol):
    """Something that answers API requests (paths under `/api/v1`)."""

    def request(
        self, method: str, path: str, headers: Headers, body: Optional[bytes]
    ) -> Answer: ...


class HttpTransport:
    """The remote transport: HTTP/1.1 via `urllib.request`."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise invalid("url", f"`{url}` is not an http(s) URL of a stratmon-server")
        self.base = f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}"
        if not self.base.endswith("/api/v1"):
            self.base += "/api/v1"
        self.timeout = timeout
        handlers: List[urllib.request.BaseHandler] = []
        if _is_loopback(parsed.hostname or ""):
            # A proxy from the environment must not see loopback traffic.
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, path: str, headers: Headers, body: Optional[bytes]) -> Answer:
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=dict(headers)
        )
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                return response.status, _lower(response.headers.items()), response.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, _lower(e.headers.items()), e.read()
        except (urllib.error.URLError, OSError) as e:
            raise TransportError(
                f"cannot reach the server at `{self.base}`: {e}", code="transport", status=0
            ) from e


class NativeTransport:
    """The embedded transport: the native store answers in process."""

    def __init__(self, native: Any) -> None:
        self.native = native

    def request(self, method: str, path: str, headers: Headers, body: Optional[bytes]) -> Answer:
        if self.native is None:
            raise StorageError("the store is closed", code="closed", status=0)
        status, answer_headers, data = _native_call(
            self.native.request, method, path, headers, body
        )
        return status, _lower(answer_headers), bytes(data)


def _native_call(fn: Callable[..., Any], *args: Any) -> Any:
    """Calls the native module, raising its refusals as stratmon errors."""
    from . import _native

    try:
        return fn(*args)
    except _native.NativeError as e:
        status, code, detail, problems = e.args
        raise error_from_problem(
            int(status), str(code), str(detail), json.loads(problems)
        ) from None


def _lower(items: Iterable[Tuple[str, str]]) -> Dict[str, str]:
    return {k.lower(): v for k, v in items}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _segment(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise invalid(name, f"expected a non-empty string, got {value!r}")
    return urllib.parse.quote(value, safe="")


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, f"expected an integer, got {type(value).__name__}")
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return value.to_dict()
    raise TypeError(f"cannot send {type(value).__name__}")


class _Api:
    """Requests with JSON bodies and answers, problem answers as exceptions."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def call(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        body: Any = None,
        if_match: Optional[int] = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> Tuple[Any, Optional[int]]:
        """`(JSON answer or None, version from ETag or None)`."""
        status, answer_headers, raw = self._send(
            method, path, token=token, body=body, if_match=if_match, query=query
        )
        parsed: Any = None
        if raw:
            try:
                parsed = json.loads(raw.decode("utf-8"), parse_float=Decimal)
            except (UnicodeDecodeError, ValueError) as e:
                raise TransportError(
                    f"unreadable answer ({status}) to {method} {path}",
                    code="transport",
                    status=status,
                ) from e
        etag = answer_headers.get("etag")
        version = None
        if etag:
            text = etag.strip()
            if text.startswith("W/"):
                text = text[2:]
            text = text.strip('"')
            version = int(text) if text.isdigit() else None
        return parsed, version

    def call_raw(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> bytes:
        """The answer's bytes (files); refusals raise as usual."""
        return self._send(method, path, token=token, query=query, accept="*/*")[2]

    def _send(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        body: Any = None,
        if_match: Optional[int] = None,
        query: Optional[Mapping[str, Any]] = None,
        accept: str = "application/json",
    ) -> Answer:
        """Sends one request; a problem answer raises its exception."""
        headers: Headers = [("Accept", accept)]
        if token is not None:
            headers.append(("Authorization", f"Bearer {token}"))
        if if_match is not None:
            headers.append(("If-Match", f'"{_int(if_match, "version")}"'))
        data: Optional[bytes] = None
        if body is not None:
            data = json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")
            if len(data) > MAX_REQUEST_BYTES:
                raise invalid("body", f"the request is {len(data)} bytes, over {MAX_REQUEST_BYTES}")
            headers.append(("Content-Type", "application/json"))
        if query:
            pairs = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if pairs:
                path += "?" + urllib.parse.urlencode(pairs)
        status, answer_headers, raw = self.transport.request(method, path, headers, data)
        if status >= 400:
            problem: Any = None
            try:
                problem = json.loads(raw.decode("utf-8")) if raw else None
            except (UnicodeDecodeError, ValueError):
                problem = None
            body_ = problem if isinstance(problem, dict) else {}
            raise error_from_problem(
                status,
                str(body_.get("code", "")),
                str(body_.get("detail", "")),
                body_.get("problems") or [],
            )
        return status, answer_headers, raw


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise invalid("query", "datetimes must be timezone-aware")
        return value.isoformat()
    return str(value)


def _period(year: Any, month: Any) -> str:
    return f"{_int(year, 'year')}/{_int(month, 'month')}"


def _list(cls: type, data: Any) -> List[Any]:
    return [cls.from_dict(item) for item in data or []]  # type: ignore[attr-defined]


class Session:
    """A logged-in user; the same methods embedded and remote.

    Every call sends the session token, which the core checks on each call.
    Versions: `Report.version` (the `ETag`) is what transitions name.
    """

    def __init__(
        self,
        api: _Api,
        token: str,
        user: User,
        must_change_password: bool,
        expires_at: Optional[_dt.datetime],
    ) -> None:
        self._api = api
        self.token = token
        self.user = user
        self.must_change_password = must_change_password
        self.expires_at = expires_at

    def __repr__(self) -> str:
        return f"<stratmon.Session {self.user.login}>"

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.logout()
        except Error:
            pass

    def _call(self, method: str, path: str, **kw: Any) -> Tuple[Any, Optional[int]]:
        return self._api.call(method, path, token=self.token, **kw)

    def _get(self, path: str, **kw: Any) -> Any:
        return self._call("GET", path, **kw)[0]

    # -- account ------------------------------------------------------------

    def me(self) -> User:
        """The logged-in user."""
        return User.from_dict(self._get("/me"))

    def change_password(self, current: str, new: str) -> None:
        """Sets a new password (also replaces a one-time password). Ends the
        user's other sessions; this one stays valid."""
        self._call(
            "POST",
            "/auth/password",
            body={"current": _text(current, "current"), "new": _text(new, "new")},
        )
        self.must_change_password = False

    def logout(self) -> None:
        """Ends this session."""
        self._call("POST", "/auth/logout")

    # -- plan ---------------------------------------------------------------

    def events(
        self,
        *,
        participant: Optional[str] = None,
        direction: Optional[str] = None,
        text: Optional[str] = None,
        status: Union[EventStatus, str, None] = None,
        include_excluded: bool = False,
    ) -> List[Event]:
        """Events the user sees, filtered."""
        query = {
            "participant": participant,
            "direction": direction,
            "text": text,
            "status": None if status is None else str(status),
            "include_excluded": include_excluded or None,
        }
        return _list(Event, self._get("/events", query=query))

    def event(self, event: str) -> Event:
        """The event card."""
        return Event.from_dict(self._get(f"/events/{_segment(event, 'event')}"))

    def event_status(self, event: str) -> EventStatusReport:
        """The event's derived status: control points, missing and late reports."""
        return EventStatusReport.from_dict(self._get(f"/events/{_segment(event, 'event')}/status"))

    def indicators(self, *, event: Optional[str] = None) -> List[Indicator]:
        """Indicators the user sees, or only those of `event`."""
        return _list(Indicator, self._get("/indicators", query={"event": event}))

    def indicator(self, indicator: str) -> Indicator:
        """One indicator."""
        return Indicator.from_dict(self._get(f"/indicators/{_segment(indicator, 'indicator')}"))

    def create_event(
        self,
        event: str,
        *,
        title: str,
        direction: str,
        responsible: str,
        start: _dt.date,
        end: _dt.date,
        expected_result: str = "",
        amending_act: str = "",
        co_executors: Sequence[str] = (),
    ) -> Event:
        """Coordinator: adds an event to the plan."""
        plan = {
            "title": _text(title, "title"),
            "direction": _text(direction, "direction"),
            "responsible": _text(responsible, "responsible"),
            "co_executors": [_text(c, "co_executors") for c in co_executors],
            "period": {"start": _day(start, "start"), "end": _day(end, "end")},
            "expected_result": _text(expected_result, "expected_result"),
            "amending_act": _text(amending_act, "amending_act"),
            "excluded": False,
        }
        data, _ = self._call("POST", "/events", body={"id": _text(event, "event"), "plan": plan})
        return Event.from_dict(data)

    def update_event_card(
        self,
        event: str,
        version: int,
        *,
        responsible_person: Optional[Mapping[str, str]] = None,
        control_points: Sequence[Mapping[str, Any]] = (),
    ) -> Event:
        """Planner: fills the card (responsible person, control points)."""
        card: Dict[str, Any] = {
            "responsible_person": None if responsible_person is None else dict(responsible_person),
            "control_points": [
                {
                    "id": _text(cp.get("id"), f"control_points[{i}].id"),
                    "title": _text(cp.get("title"), f"control_points[{i}].title"),
                    "planned": _day(cp.get("planned"), f"control_points[{i}].planned"),
                }
                for i, cp in enumerate(control_points)
            ],
        }
        data, _ = self._call(
            "PATCH",
            f"/events/{_segment(event, 'event')}",
            body={"card": card},
            if_match=_int(version, "version"),
        )
        return Event.from_dict(data)

    def create_indicator(
        self,
        indicator: str,
        *,
        name: str,
        unit: str,
        direction: Union[Direction, str],
        cumulative: bool,
        plan: Mapping[int, Union[Decimal, int, str]],
        events: Sequence[str],
    ) -> Indicator:
        """Coordinator: adds a target indicator with its plan by year."""
        fields = _indicator_fields(name, unit, direction, cumulative, plan, events)
        data, _ = self._call(
            "POST", "/indicators", body={"id": _text(indicator, "indicator"), "fields": fields}
        )
        return Indicator.from_dict(data)

    def update_indicator(
        self,
        indicator: str,
        version: int,
        *,
        name: str,
        unit: str,
        direction: Union[Direction, str],
        cumulative: bool,
        plan: Mapping[int, Union[Decimal, int, str]],
        events: Sequence[str],
    ) -> Indicator:
        """Coordinator: replaces an indicator's fields."""
        fields = _indicator_fields(name, unit, direction, cumulative, plan, events)
        data, _ = self._call(
            "PATCH",
            f"/indicators/{_segment(indicator, 'indicator')}",
            body={"fields": fields},
            if_match=_int(version, "version"),
        )
        return Indicator.from_dict(data)

    def participants(self) -> List[Participant]:
        """Participants."""
        return _list(Participant, self._get("/participants"))

    def participant(self, participant: str) -> Participant:
        """One participant."""
        return Participant.from_dict(
            self._get(f"/participants/{_segment(participant, 'participant')}")
        )

    def participant_settings(self, participant: str) -> Tuple[Dict[str, Any], int]:
        """A participant's settings (windows, separation of duties,
        thresholds) and the participant's version to name when changing them."""
        data, version = self._call(
            "GET", f"/participants/{_segment(participant, 'participant')}/settings"
        )
        return dict(data), int(version or 0)

    def update_participant_settings(
        self, participant: str, version: int, settings: Mapping[str, Any]
    ) -> Tuple[Dict[str, Any], int]:
        """Replaces a participant's settings; returns them and the new version."""
        data, new_version = self._call(
            "PATCH",
            f"/participants/{_segment(participant, 'participant')}/settings",
            body=dict(_mapping_arg(settings, "settings")),
            if_match=_int(version, "version"),
        )
        return dict(data), int(new_version or 0)

    def strategy(self) -> List[StrategyNode]:
        """The strategy tree: goals and directions."""
        return _list(StrategyNode, self._get("/strategy/directions"))

    def calendar(self, year: int) -> Dict[str, Any]:
        """The production calendar of `year`."""
        data: Dict[str, Any] = self._get(f"/calendar/{_int(year, 'year')}")
        return data

    def set_calendar(self, year: int, corrections: Mapping[str, Any]) -> Dict[str, Any]:
        """Coordinator: loads the corrections of `year` (holidays, transfers)."""
        data, _ = self._call(
            "PUT",
            f"/calendar/{_int(year, 'year')}",
            body=dict(_mapping_arg(corrections, "corrections")),
        )
        return dict(data)

    def window_extensions(self) -> List[WindowExtension]:
        """Annual-plan windows opened by the Coordinator."""
        return _list(WindowExtension, self._get("/window-extensions"))

    def extend_window(
        self, participant: str, year: int, until: _dt.date, reason: str
    ) -> WindowExtension:
        """Coordinator: lets `participant` enter the plan for `year` until `until`."""
        body = {
            "participant": _text(participant, "participant"),
            "year": _int(year, "year"),
            "until": _day(until, "until"),
            "reason": _text(reason, "reason"),
        }
        data, _ = self._call("POST", "/window-extensions", body=body)
        return WindowExtension.from_dict(data)

    def delegations(self) -> List[Delegation]:
        """Delegations the user gave or holds."""
        return _list(Delegation, self._get("/delegations"))

    def delegate(
        self, deputy: str, role: Union[Role, str], start: _dt.date, end: _dt.date
    ) -> Delegation:
        """Lends one of the user's roles to `deputy` from `start` to `end`."""
        try:
            role_value = Role(str(role)).value
        except ValueError:
            raise invalid("role", f"`{role}` is not a role") from None
        body = {
            "deputy": _text(deputy, "deputy"),
            "role": role_value,
            "from": _day(start, "start"),
            "to": _day(end, "end"),
        }
        data, _ = self._call("POST", "/delegations", body=body)
        return Delegation.from_dict(data)

    # -- monthly reports ----------------------------------------------------

    def _report_path(self, event: str, year: int, month: int) -> str:
        return f"/events/{_segment(event, 'event')}/reports/{_period(year, month)}"

    def report(self, event: str, year: int, month: int) -> Report:
        """The current revision of the report of `event` for `year`-`month`."""
        return Report.from_dict(self._get(self._report_path(event, year, month)))

    def report_history(self, event: str, year: int, month: int) -> List[Report]:
        """Every revision, oldest first."""
        return _list(Report, self._get(self._report_path(event, year, month) + "/history"))

    def save_report(
        self,
        event: str,
        year: int,
        month: int,
        content: Union[ReportContent, Mapping[str, Any]],
        *,
        version: Optional[int] = None,
    ) -> SaveOutcome:
        """Saves the draft (a new one when `version` is None). The answer
        lists what would still block a submission."""
        body = ReportContent.coerce(content).to_json()
        data, _ = self._call(
            "PUT", self._report_path(event, year, month), body=body, if_match=version
        )
        return SaveOutcome.from_dict(data)

    def save_and_submit_report(
        self,
        event: str,
        year: int,
        month: int,
        content: Union[ReportContent, Mapping[str, Any]],
        *,
        version: Optional[int] = None,
    ) -> Report:
        """Saves the draft and submits it in one transaction: either both
        happen or nothing is written."""
        body = ReportContent.coerce(content).to_json()
        data, _ = self._call(
            "POST",
            self._report_path(event, year, month) + "/save-and-submit",
            body=body,
            if_match=version,
        )
        return Report.from_dict(data)

    def _transition(
        self,
        event: str,
        year: int,
        month: int,
        action: str,
        version: int,
        comment: Optional[str] = None,
    ) -> Report:
        body = None if comment is None else {"comment": _text(comment, "comment")}
        data, _ = self._call(
            "POST",
            self._report_path(event, year, month) + f"/{action}",
            body=body,
            if_match=_int(version, "version"),
        )
        return Report.from_dict(data)

    def submit_report(self, event: str, year: int, month: int, version: int) -> Report:
        """Planner: sends the draft (or returned report) for checking."""
        return self._transition(event, year, month, "submit", version)

    def accept_report(self, event: str, year: int, month: int, version: int) -> Report:
        """Analyst: accepts a submitted report."""
        return self._transition(event, year, month, "accept", version)

    def approve_report(self, event: str, year: int, month: int, version: int) -> Report:
        """Head: approves an accepted report."""
        return self._transition(event, year, month, "approve", version)

    def return_report(
        self, event: str, year: int, month: int, version: int, comment: str
    ) -> Report:
        """Analyst or Head: sends the report back with a comment."""
        return self._transition(event, year, month, "return", version, comment)

    def reopen_report(self, event: str, year: int, month: int, version: int, reason: str) -> Report:
        """Head or Coordinator: starts a new draft revision of an approved report."""
        return self._transition(event, year, month, "reopen", version, reason)

    def _bulk(
        self, action: str, items: Sequence[Union[BulkItem, Report, Mapping[str, Any]]]
    ) -> List[BulkResult]:
        body = []
        for i, item in enumerate(items):
            if isinstance(item, Report):
                item = BulkItem(
                    event=item.event, year=item.year, month=item.month, version=item.version
                )
            elif not isinstance(item, BulkItem):
                m = dict(item)
                unknown = set(m) - {"event", "year", "month", "version"}
                if unknown:
                    raise invalid(f"items[{i}].{sorted(unknown)[0]}", "unknown field")
                item = BulkItem(
                    event=_text(m.get("event"), f"items[{i}].event"),
                    year=_int(m.get("year"), f"items[{i}].year"),
                    month=_int(m.get("month"), f"items[{i}].month"),
                    version=_int(m.get("version"), f"items[{i}].version"),
                )
            body.append(item.to_dict())
        data, _ = self._call("POST", f"/reports/bulk/{action}", body={"items": body})
        return _list(BulkResult, data)

    def bulk_accept(
        self, items: Sequence[Union[BulkItem, Report, Mapping[str, Any]]]
    ) -> List[BulkResult]:
        """Accepts many reports, each on its own; one failure stops none."""
        return self._bulk("accept", items)

    def bulk_approve(
        self, items: Sequence[Union[BulkItem, Report, Mapping[str, Any]]]
    ) -> List[BulkResult]:
        """Approves many reports, each on its own."""
        return self._bulk("approve", items)

    # -- annual plans -------------------------------------------------------

    def _plan_path(self, event: str, year: int) -> str:
        return f"/events/{_segment(event, 'event')}/annual-plans/{_int(year, 'year')}"

    def annual_plan(self, event: str, year: int) -> AnnualPlan:
        """The current revision of the annual plan of `event` for `year`."""
        return AnnualPlan.from_dict(self._get(self._plan_path(event, year)))

    def annual_plan_history(self, event: str, year: int) -> List[AnnualPlan]:
        """Every revision, oldest first."""
        return _list(AnnualPlan, self._get(self._plan_path(event, year) + "/history"))

    def save_annual_plan(
        self,
        event: str,
        year: int,
        content: Union[AnnualPlanContent, Mapping[str, Any]],
        *,
        version: Optional[int] = None,
    ) -> AnnualSaveOutcome:
        """Saves the annual plan draft."""
        body = AnnualPlanContent.coerce(content).to_json()
        data, _ = self._call("PUT", self._plan_path(event, year), body=body, if_match=version)
        return AnnualSaveOutcome.from_dict(data)

    def _plan_transition(
        self, event: str, year: int, action: str, version: int, comment: Optional[str] = None
    ) -> AnnualPlan:
        body = None if comment is None else {"comment": _text(comment, "comment")}
        data, _ = self._call(
            "POST",
            self._plan_path(event, year) + f"/{action}",
            body=body,
            if_match=_int(version, "version"),
        )
        return AnnualPlan.from_dict(data)

    def submit_annual_plan(self, event: str, year: int, version: int) -> AnnualPlan:
        """Planner: sends the plan for checking."""
        return self._plan_transition(event, year, "submit", version)

    def accept_annual_plan(self, event: str, year: int, version: int) -> AnnualPlan:
        """Analyst: accepts a submitted plan."""
        return self._plan_transition(event, year, "accept", version)

    def approve_annual_plan(self, event: str, year: int, version: int) -> AnnualPlan:
        """Head: approves an accepted plan."""
        return self._plan_transition(event, year, "approve", version)

    def return_annual_plan(self, event: str, year: int, version: int, comment: str) -> AnnualPlan:
        """Analyst or Head: sends the plan back with a comment."""
        return self._plan_transition(event, year, "return", version, comment)

    def reopen_annual_plan(self, event: str, year: int, version: int, reason: str) -> AnnualPlan:
        """Head or Coordinator: starts a new draft revision of an approved plan."""
        return self._plan_transition(event, year, "reopen", version, reason)

    # -- consolidated report ------------------------------------------------

    def summary(
        self,
        year: int,
        month: int,
        *,
        participant: Optional[str] = None,
        direction: Optional[str] = None,
    ) -> ConsolidatedReport:
        """The consolidated report of `year`-`month` over the events the user
        sees, optionally of one participant or under one strategy node."""
        query = {
            "year": _int(year, "year"),
            "month": _int(month, "month"),
            "participant": participant,
            "direction": direction,
        }
        return ConsolidatedReport.from_dict(self._get("/reports/summary", query=query))

    def summary_file(
        self,
        year: int,
        month: int,
        *,
        format: str = "xlsx",
        section: Optional[str] = None,
        participant: Optional[str] = None,
        direction: Optional[str] = None,
    ) -> bytes:
        """The consolidated report as a file: an XLSX workbook, or one section
        (`events`, `participants`, `indicators`, `spending`) as CSV."""
        if format not in ("xlsx", "csv"):
            raise invalid("format", f"`{format}` is not one of xlsx, csv")
        query = {
            "year": _int(year, "year"),
            "month": _int(month, "month"),
            "format": format,
            "section": section,
            "participant": participant,
            "direction": direction,
        }
        return self._api.call_raw("GET", "/reports/summary", token=self.token, query=query)

    # -- oversight ----------------------------------------------------------

    def inbox(self) -> List[InboxItem]:
        """What waits for the user and by when, overdue first."""
        return _list(InboxItem, self._get("/inbox"))

    def audit(
        self,
        *,
        actor: Optional[str] = None,
        participant: Optional[str] = None,
        object_kind: Optional[str] = None,
        object_id: Optional[str] = None,
        action: Optional[str] = None,
        since: Optional[_dt.datetime] = None,
        until: Optional[_dt.datetime] = None,
        limit: Optional[int] = None,
    ) -> List[AuditEntry]:
        """Audit entries, newest first (Admin, Coordinator)."""
        query = {
            "actor": actor,
            "participant": participant,
            "object_kind": object_kind,
            "object_id": object_id,
            "action": action,
            "from": since,
            "to": until,
            "limit": None if limit is None else _int(limit, "limit"),
        }
        return _list(AuditEntry, self._get("/audit", query=query))

    def verify_audit(self) -> AuditVerdict:
        """Checks the audit log's hash chain."""
        return AuditVerdict.from_dict(self._get("/audit/verify"))

    # -- access (Admin) -----------------------------------------------------

    def users(self) -> List[User]:
        """Every user (Admin)."""
        return _list(User, self._get("/users"))

    def unlock_user(self, login: str) -> None:
        """Admin: lifts a login's throttling after failed attempts."""
        self._call("POST", f"/users/{_segment(login, 'login')}/unlock")

    def get_user(self, login: str) -> User:
        """One user (Admin)."""
        return User.from_dict(self._get(f"/users/{_segment(login, 'login')}"))

    def registration_requests(self, *, pending: bool = False) -> List[AccessRequest]:
        """Registration requests, all or only those waiting for a decision."""
        return _list(
            AccessRequest, self._get("/registration-requests", query={"pending": pending or None})
        )

    def file_registration_request(
        self,
        participant: str,
        signed_by: str,
        people: Sequence[Union[PersonEntry, Mapping[str, Any]]],
        *,
        received_at: Optional[_dt.datetime] = None,
    ) -> AccessRequest:
        """Enters a registration request (appendix 1) received on paper."""
        body: Dict[str, Any] = {
            "participant": _text(participant, "participant"),
            "signed_by": _text(signed_by, "signed_by"),
            "people": [_person(p, i) for i, p in enumerate(people)],
        }
        if received_at is not None:
            body["received_at"] = _aware(received_at, "received_at")
        data, _ = self._call("POST", "/registration-requests", body=body)
        return AccessRequest.from_dict(data)

    def registration_request(self, request: str) -> AccessRequest:
        """One registration request."""
        return AccessRequest.from_dict(
            self._get(f"/registration-requests/{_segment(request, 'request')}")
        )

    def revocation_request(self, request: str) -> AccessRequest:
        """One revocation request."""
        return AccessRequest.from_dict(
            self._get(f"/revocation-requests/{_segment(request, 'request')}")
        )

    def approve_registration_request(self, request: str, version: int) -> Approval:
        """Creates the users; the answer holds their one-time passwords."""
        data, _ = self._call(
            "POST",
            f"/registration-requests/{_segment(request, 'request')}/approve",
            if_match=_int(version, "version"),
        )
        return Approval.from_dict(data)

    def reject_registration_request(
        self, request: str, version: int, reasons: Sequence[str]
    ) -> AccessRequest:
        """Refuses the request, with one reason per entry."""
        data, _ = self._call(
            "POST",
            f"/registration-requests/{_segment(request, 'request')}/reject",
            body={"reasons": [_text(r, "reasons") for r in reasons]},
            if_match=_int(version, "version"),
        )
        return AccessRequest.from_dict(data)

    def revocation_requests(self, *, pending: bool = False) -> List[AccessRequest]:
        """Revocation requests."""
        return _list(
            AccessRequest, self._get("/revocation-requests", query={"pending": pending or None})
        )

    def file_revocation_request(
        self,
        participant: str,
        signed_by: str,
        people: Sequence[Union[PersonEntry, Mapping[str, Any]]],
        *,
        reason: str = "",
        received_at: Optional[_dt.datetime] = None,
    ) -> AccessRequest:
        """Enters a revocation request (appendix 2)."""
        body: Dict[str, Any] = {
            "participant": _text(participant, "participant"),
            "signed_by": _text(signed_by, "signed_by"),
            "people": [_person(p, i) for i, p in enumerate(people)],
        }
        if reason:
            body["reason"] = _text(reason, "reason")
        if received_at is not None:
            body["received_at"] = _aware(received_at, "received_at")
        data, _ = self._call("POST", "/revocation-requests", body=body)
        return AccessRequest.from_dict(data)

    def approve_revocation_request(self, request: str, version: int) -> AccessRequest:
        """Revokes the users named; their sessions end at once."""
        data, _ = self._call(
            "POST",
            f"/revocation-requests/{_segment(request, 'request')}/approve",
            if_match=_int(version, "version"),
        )
        if isinstance(data, dict) and "request" in data:
            data = data["request"]
        return AccessRequest.from_dict(data)

    def reject_revocation_request(
        self, request: str, version: int, reasons: Sequence[str]
    ) -> AccessRequest:
        """Refuses the revocation request."""
        data, _ = self._call(
            "POST",
            f"/revocation-requests/{_segment(request, 'request')}/reject",
            body={"reasons": [_text(r, "reasons") for r in reasons]},
            if_match=_int(version, "version"),
        )
        return AccessRequest.from_dict(data)


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


class _Connection:
    """What `open` and `connect` return: log in to get a `Session`."""

    _api: _Api

    def login(self, login: str, password: str) -> Session:
        """Logs in. A user with a one-time password gets a session whose
        only use is `change_password` (other calls raise
        `PasswordChangeRequired`)."""
        data, _ = self._api.call(
            "POST",
            "/auth/login",
            body={"login": _text(login, "login"), "password": _text(password, "password")},
        )
        if not isinstance(data, dict) or "token" not in data:
            raise AuthError("the login answer holds no token", code="unauthorized", status=401)
        expires = data.get("expires_at")
        return Session(
            self._api,
            str(data["token"]),
            User.from_dict(data.get("user") or {}),
            bool(data.get("must_change_password", False)),
            _dt.datetime.fromisoformat(str(expires).replace("Z", "+00:00")) if expires else None,
        )


class Server(_Connection):
    """A running `stratmon-server`, reached over HTTP."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.transport = HttpTransport(url, timeout)
        self._api = _Api(self.transport)
        self.url = self.transport.base

    def __repr__(self) -> str:
        return f"<stratmon.Server {self.url}>"


class Store(_Connection):
    """An embedded store (SQLite file or sled directory) in this process.

    Other processes - a `stratmon-server`, another script - may open the same
    SQLite file at the same time.
    """

    def __init__(
        self, path: str, *, backend: str = "sqlite", clock: Optional[_dt.datetime] = None
    ) -> None:
        from . import _native

        if not isinstance(path, str):
            path = str(path)
        instant: Optional[str] = None
        if clock is not None:
            if not isinstance(clock, _dt.datetime) or clock.tzinfo is None:
                raise invalid("clock", "expected a timezone-aware datetime")
            instant = clock.isoformat()
        if backend not in ("sqlite", "sled"):
            raise invalid("backend", f"unknown backend `{backend}`; use `sqlite` or `sled`")
        self.path = path
        self.backend = backend
        self._native: Any = _native_call(_native.Store, path, backend, instant)
        self.transport = NativeTransport(self._native)
        self._api = _Api(self.transport)

    def __repr__(self) -> str:
        return f"<stratmon.Store {self.backend}:{self.path}>"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the store (also done when the object is collected)."""
        self._native = None
        self.transport.native = None

    def set_clock(self, at: _dt.datetime) -> None:
        """Moves the stopped clock of a store opened with `clock=`."""
        if not isinstance(at, _dt.datetime) or at.tzinfo is None:
            raise invalid("at", "expected a timezone-aware datetime")
        _native_call(self._native.set_clock, at.isoformat())

    def initialize(
        self,
        *,
        admin_login: str = "admin",
        admin_full_name: str = "Администратор Информационной Системы",
        admin_position: str = "администратор ИАС",
        participant_id: str = "mincifra",
        participant_name: str = "Министерство цифрового развития и связи Кузбасса",
        participant_kind: str = "executive_body",
    ) -> str:
        """Creates the first Admin in an empty store and returns the one-time
        password (to be changed at first login). Raises `Conflict` once the
        store has users."""
        participant = {
            "id": _text(participant_id, "participant_id"),
            "name": _text(participant_name, "participant_name"),
            "kind": _text(participant_kind, "participant_kind"),
            "status": "active",
            "settings": {},
        }
        admin = {
            "login": _text(admin_login, "admin_login"),
            "full_name": _text(admin_full_name, "admin_full_name"),
            "position": _text(admin_position, "admin_position"),
            "participant": participant_id,
            "roles": ["admin"],
            "status": "active",
        }
        password: str = _native_call(
            self._native.initialize, json.dumps(participant), json.dumps(admin)
        )
        return password

    def seed_demo(self, password: str) -> List[Dict[str, str]]:
        """Fills an empty store with the demo region of `stratmon-server demo`
        (every user gets `password`); returns the users."""
        users: List[Dict[str, str]] = json.loads(
            _native_call(self._native.seed_demo, _text(password, "password"))
        )
        return users


def open(path: Any, backend: str = "sqlite", *, clock: Optional[_dt.datetime] = None) -> Store:
    """Opens (creating if needed) an embedded store: a SQLite file
    (`backend="sqlite"`, the default) or a sled directory. `clock`, a
    timezone-aware datetime, stops the store's clock there (tests,
    simulations); without it the system clock is read."""
    return Store(str(path), backend=backend, clock=clock)


def connect(url: str, *, timeout: float = 30.0) -> Server:
    """A running `stratmon-server` at `url` (e.g. `http://127.0.0.1:8080/`)."""
    return Server(url, timeout=timeout)
