"""`Session`: a logged-in user, with the same methods embedded and remote."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import (
    Any,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from ._checks import (
    _aware,
    _day,
    _indicator_fields,
    _int,
    _list,
    _mapping_arg,
    _period,
    _person,
    _segment,
    _text,
)
from ._transport import _Api
from .errors import Error, invalid
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
    ImportOutcome,
    Indicator,
    Participant,
    PlanDiff,
    PlanVersion,
    PersonEntry,
    Report,
    ReportContent,
    Role,
    SaveOutcome,
    StrategyNode,
    User,
    WindowExtension,
)


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

    def save_and_submit_annual_plan(
        self,
        event: str,
        year: int,
        content: Union[AnnualPlanContent, Mapping[str, Any]],
        *,
        version: Optional[int] = None,
    ) -> AnnualPlan:
        """Saves the annual plan and submits it in one transaction: either
        both happen or nothing is written."""
        body = AnnualPlanContent.coerce(content).to_json()
        data, _ = self._call(
            "POST",
            self._plan_path(event, year) + "/save-and-submit",
            body=body,
            if_match=version,
        )
        return AnnualPlan.from_dict(data)

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

    # -- the plan (Coordinator) ----------------------------------------------

    def import_plan(
        self,
        data: bytes,
        *,
        act: str,
        act_date: _dt.date,
        table: str = "events",
        dry_run: bool = True,
    ) -> ImportOutcome:
        """Checks (and with `dry_run=False` applies) the plan an amending act
        fixes, from an XLSX workbook or one CSV table (`table`: `events` or
        `indicators`). A dry run writes nothing and lists every bad cell and
        every change against the plan in force; applying with problems raises
        `ValidationError` and writes nothing."""
        if not isinstance(data, (bytes, bytearray)):
            raise invalid("data", "the file's bytes are required")
        if table not in ("events", "indicators"):
            raise invalid("table", f"`{table}` is not one of events, indicators")
        if not isinstance(act_date, _dt.date):
            raise invalid("act_date", "a datetime.date is required")
        xlsx = bytes(data[:2]) == b"PK"
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if xlsx
            else "text/csv"
        )
        answer = self._api.call_file(
            "POST",
            "/plan/import",
            data=bytes(data),
            content_type=content_type,
            token=self.token,
            query={
                "act": act,
                "act_date": act_date.isoformat(),
                "table": table,
                "dry_run": "true" if dry_run else "false",
            },
        )
        return ImportOutcome.from_dict(answer or {})

    def plan_versions(self) -> List[PlanVersion]:
        """Every version of the plan, oldest first."""
        return [PlanVersion.from_dict(v) for v in self._get("/plan/versions") or []]

    def plan_diff(self, from_version: int, to: Optional[int] = None) -> PlanDiff:
        """What changed between two versions (`to=None`: the plan in force)."""
        query: Dict[str, Any] = {"from": _int(from_version, "from_version")}
        if to is not None:
            query["to"] = _int(to, "to")
        return PlanDiff.from_dict(self._get("/plan/diff", query=query) or {})

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
