"""The session API; every test runs embedded and remote (see conftest)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict

import pytest
import stratmon
from conftest import (
    ADMIN,
    EVENT,
    EVENT_SUBMITTED,
    OTHER_PLANNER,
    PASSWORD,
    PLANNER,
    first_indicator,
)
from stratmon import ReportState

Login = Callable[[str], stratmon.Session]


def feb_content(session: stratmon.Session, fact: str = "1234.5") -> Dict[str, Any]:
    indicator, _ = first_indicator(session, EVENT)
    return {
        "progress": "Работы ведутся по графику",
        "indicator_facts": {indicator: fact},
        "control_points": {"KT1": dt.date(2023, 6, 30), "KT2": dt.date(2024, 12, 15)},
    }


# -- account ------------------------------------------------------------------


def test_login_and_me(planner: stratmon.Session) -> None:
    me = planner.me()
    assert isinstance(me, stratmon.User)
    assert me.login == PLANNER
    assert me.participant == "minstroy"
    assert stratmon.Role.PLANNER in me.roles
    assert planner.must_change_password is False


def test_wrong_password_is_auth_error(conn: Any) -> None:
    with pytest.raises(stratmon.AuthError) as info:
        conn.login(PLANNER, "not the password")
    assert info.value.code == "unauthorized"
    assert info.value.status == 401


def test_repeated_failures_throttle(conn: Any) -> None:
    for _ in range(5):
        with pytest.raises(stratmon.AuthError):
            conn.login(OTHER_PLANNER, "wrong")
    with pytest.raises(stratmon.Throttled) as info:
        conn.login(OTHER_PLANNER, PASSWORD)
    assert info.value.code == "too_many_attempts"
    # The Admin lifts the lock; the right password works again.
    conn.login(ADMIN, PASSWORD).unlock_user(OTHER_PLANNER)
    assert conn.login(OTHER_PLANNER, PASSWORD).me().login == OTHER_PLANNER


def test_logout_ends_the_session(planner: stratmon.Session) -> None:
    planner.logout()
    with pytest.raises(stratmon.AuthError):
        planner.me()


def test_session_as_context_manager_logs_out(conn: Any) -> None:
    with conn.login(PLANNER, PASSWORD) as session:
        assert session.me().login == PLANNER
    with pytest.raises(stratmon.AuthError):
        session.me()


def test_change_password(login: Login, conn: Any) -> None:
    session = login(PLANNER)
    session.change_password(PASSWORD, "Новый-пароль-2026!")
    assert conn.login(PLANNER, "Новый-пароль-2026!").me().login == PLANNER
    with pytest.raises(stratmon.AuthError):
        conn.login(PLANNER, PASSWORD)


# -- plan -----------------------------------------------------------------------


def test_events_are_typed_and_scoped(planner: stratmon.Session) -> None:
    events = planner.events()
    assert events and all(isinstance(e, stratmon.Event) for e in events)
    assert {e.responsible for e in events} <= {"minstroy"} | {
        p for e in events for p in e.co_executors
    }
    card = planner.event(EVENT)
    assert card.id == EVENT
    assert isinstance(card.start, dt.date)
    assert card.control_points and isinstance(card.control_points[0].planned, dt.date)
    assert card.responsible_person is not None


def test_event_outside_scope_is_not_found(login: Login) -> None:
    other = login(OTHER_PLANNER)
    with pytest.raises(stratmon.NotFound) as info:
        other.event(EVENT)
    assert info.value.status == 404


def test_unknown_event_is_not_found(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.NotFound):
        planner.report("9.9.9", 2026, 2)


def test_coordinator_sees_every_event(
    coordinator: stratmon.Session, planner: stratmon.Session
) -> None:
    assert len(coordinator.events()) > len(planner.events())


def test_indicators_have_decimal_plans(planner: stratmon.Session) -> None:
    indicators = planner.indicators()
    assert indicators
    ind = indicators[0]
    assert isinstance(ind, stratmon.Indicator)
    assert all(isinstance(k, int) and isinstance(v, Decimal) for k, v in ind.plan.items())
    assert planner.indicator(ind.id).id == ind.id
    assert isinstance(ind.direction, stratmon.Direction)


def test_event_status(planner: stratmon.Session) -> None:
    status = planner.event_status(EVENT)
    assert isinstance(status, stratmon.EventStatusReport)
    assert status.event == EVENT and isinstance(status.status, stratmon.EventStatus)
    first = status.control_points[0]
    assert first.control_point.id == "KT1" and isinstance(first.actual, dt.date)
    assert isinstance(first.status, stratmon.ControlPointStatus)
    assert all(isinstance(y, int) and 1 <= m <= 12 for y, m in status.late_reports)


# -- monthly reports ------------------------------------------------------------


def test_full_monthly_cycle(
    planner: stratmon.Session, analyst: stratmon.Session, head: stratmon.Session
) -> None:
    content = feb_content(planner)
    saved = planner.save_report(EVENT, 2026, 2, content)
    assert isinstance(saved, stratmon.SaveOutcome)
    draft = saved.saved
    assert draft.state is ReportState.DRAFT
    assert (draft.year, draft.month, draft.event) == (2026, 2, EVENT)
    assert draft.content.progress == content["progress"]
    indicator = next(iter(content["indicator_facts"]))
    assert draft.content.indicator_facts[indicator] == Decimal("1234.5")

    submitted = planner.submit_report(EVENT, 2026, 2, draft.version)
    assert submitted.state is ReportState.SUBMITTED
    assert submitted.submitted_by == PLANNER
    assert isinstance(submitted.submitted_at, dt.datetime)

    returned = analyst.return_report(EVENT, 2026, 2, submitted.version, "Уточните ход реализации")
    assert returned.state is ReportState.RETURNED
    assert returned.history[-1].comment == "Уточните ход реализации"

    fixed = planner.save_report(
        EVENT,
        2026,
        2,
        {**content, "progress": "Уточнено: работы по графику"},
        version=returned.version,
    ).saved
    assert fixed.content.progress.startswith("Уточнено")
    resubmitted = planner.submit_report(EVENT, 2026, 2, fixed.version)
    assert resubmitted.state is ReportState.SUBMITTED

    accepted = analyst.accept_report(EVENT, 2026, 2, resubmitted.version)
    assert accepted.state is ReportState.ACCEPTED
    assert accepted.accepted_by == analyst.user.login
    approved = head.approve_report(EVENT, 2026, 2, accepted.version)
    assert approved.state is ReportState.APPROVED
    assert approved.approved_by == head.user.login

    current = planner.report(EVENT, 2026, 2)
    assert current.state is ReportState.APPROVED
    assert current.version == approved.version
    actions = [step.action for step in current.history]
    assert actions == ["submit", "return", "submit", "accept", "approve"]


def test_save_and_submit_in_one_step(planner: stratmon.Session) -> None:
    report = planner.save_and_submit_report(EVENT, 2026, 2, feb_content(planner))
    assert report.state is ReportState.SUBMITTED
    assert planner.report(EVENT, 2026, 2).state is ReportState.SUBMITTED


def test_save_and_submit_writes_nothing_when_refused(planner: stratmon.Session) -> None:
    content = feb_content(planner)
    content["indicator_facts"] = {}
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_and_submit_report(EVENT, 2026, 2, content)
    assert info.value.problems
    with pytest.raises(stratmon.NotFound):
        planner.report(EVENT, 2026, 2)


def test_stale_version_is_a_conflict(planner: stratmon.Session) -> None:
    draft = planner.save_report(EVENT, 2026, 2, feb_content(planner)).saved
    planner.save_report(EVENT, 2026, 2, feb_content(planner, "1300"), version=draft.version)
    with pytest.raises(stratmon.StaleVersion) as info:
        planner.submit_report(EVENT, 2026, 2, draft.version)
    assert isinstance(info.value, stratmon.Conflict)
    assert info.value.code == "stale_version"


def test_second_new_draft_is_a_conflict(planner: stratmon.Session) -> None:
    planner.save_report(EVENT, 2026, 2, feb_content(planner))
    with pytest.raises(stratmon.Conflict) as info:
        planner.save_report(EVENT, 2026, 2, feb_content(planner))
    assert not isinstance(info.value, stratmon.StaleVersion)


def test_accepting_a_draft_is_an_invalid_transition(
    planner: stratmon.Session, analyst: stratmon.Session
) -> None:
    draft = planner.save_report(EVENT, 2026, 2, feb_content(planner)).saved
    with pytest.raises(stratmon.InvalidTransition):
        analyst.accept_report(EVENT, 2026, 2, draft.version)


def test_planner_may_not_accept(planner: stratmon.Session) -> None:
    report = planner.report(EVENT_SUBMITTED, 2026, 2)
    assert report.state is ReportState.SUBMITTED
    with pytest.raises(stratmon.PermissionDenied) as info:
        planner.accept_report(EVENT_SUBMITTED, 2026, 2, report.version)
    assert info.value.status == 403


def test_submitting_before_the_window_is_window_closed(planner: stratmon.Session) -> None:
    # March's window opens on 25 April; the demo has a March draft.
    draft = planner.report(EVENT, 2026, 3)
    assert draft.state is ReportState.DRAFT
    with pytest.raises(stratmon.WindowClosed) as info:
        planner.submit_report(EVENT, 2026, 3, draft.version)
    assert info.value.code == "window_closed"


def test_return_needs_a_comment(analyst: stratmon.Session) -> None:
    report = analyst.report(EVENT_SUBMITTED, 2026, 2)
    with pytest.raises(stratmon.ValidationError):
        analyst.return_report(EVENT_SUBMITTED, 2026, 2, report.version, "")


def test_a_returned_report_keeps_what_it_held_when_returned(analyst: stratmon.Session) -> None:
    report = analyst.report(EVENT_SUBMITTED, 2026, 2)
    assert report.returned_content is None
    returned = analyst.return_report(EVENT_SUBMITTED, 2026, 2, report.version, "Уточните факт")
    assert returned.returned_content is not None
    assert returned.returned_content.indicator_facts == report.content.indicator_facts


def test_reopen_starts_a_new_revision(head: stratmon.Session, planner: stratmon.Session) -> None:
    # December 2025 of 2.1.1 is approved in the demo.
    approved = head.report(EVENT, 2025, 12)
    assert approved.state is ReportState.APPROVED
    reopened = head.reopen_report(EVENT, 2025, 12, approved.version, "Исправление ошибки в факте")
    assert reopened.state is ReportState.DRAFT
    assert reopened.revision == approved.revision + 1
    history = planner.report_history(EVENT, 2025, 12)
    assert [r.revision for r in history] == [approved.revision, reopened.revision]
    assert history[0].state is ReportState.APPROVED


def test_bulk_accept_reports_each_item(
    analyst: stratmon.Session, planner: stratmon.Session
) -> None:
    submitted = analyst.report(EVENT_SUBMITTED, 2026, 2)
    results = analyst.bulk_accept(
        [submitted, {"event": EVENT, "year": 2026, "month": 2, "version": 1}]
    )
    assert [r.ok for r in results] == [True, False]
    assert results[0].report is not None and results[0].report.state is ReportState.ACCEPTED
    assert results[1].code == "not_found"
    assert isinstance(results[1].error(), stratmon.NotFound)


def test_bulk_approve(analyst: stratmon.Session, head: stratmon.Session) -> None:
    accepted = analyst.accept_report(
        EVENT_SUBMITTED, 2026, 2, analyst.report(EVENT_SUBMITTED, 2026, 2).version
    )
    results = head.bulk_approve([stratmon.BulkItem(EVENT_SUBMITTED, 2026, 2, accepted.version)])
    assert results[0].ok and results[0].report is not None
    assert results[0].report.state is ReportState.APPROVED


def test_inbox(analyst: stratmon.Session) -> None:
    items = analyst.inbox()
    assert items and all(isinstance(i, stratmon.InboxItem) for i in items)
    check = [i for i in items if i.task is stratmon.InboxTask.CHECK_REPORT]
    assert any(i.event == EVENT_SUBMITTED and (i.year, i.month) == (2026, 2) for i in check)
    assert all(isinstance(i.due, dt.date) for i in items)


# -- annual plans -------------------------------------------------------------


def test_annual_plan_draft_and_window(planner: stratmon.Session) -> None:
    content = {
        "works": [
            {
                "title": "Строительство первой очереди",
                "control_date": dt.date(2027, 10, 31),
                "planned": {"regional": Decimal("1500000.00")},
            }
        ]
    }
    outcome = planner.save_annual_plan(EVENT, 2027, content)
    plan = outcome.saved
    assert isinstance(plan, stratmon.AnnualPlan)
    assert plan.state is ReportState.DRAFT and plan.year == 2027
    assert plan.content.works[0].planned[stratmon.FundingSource.REGIONAL] == Decimal("1500000.00")
    # The plan for 2027 is entered 10-25 December 2026.
    with pytest.raises(stratmon.WindowClosed):
        planner.submit_annual_plan(EVENT, 2027, plan.version)
    assert [p.version for p in planner.annual_plan_history(EVENT, 2027)] == [plan.version]
    assert planner.annual_plan(EVENT, 2027).version == plan.version


# -- bad input --------------------------------------------------------------------


def test_bad_period_is_a_validation_error(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError) as info:
        planner.report(EVENT, 2026, 13)
    assert any("month" in p.field for p in info.value.problems)


def test_wrong_types_are_refused_before_sending(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError) as info:
        planner.report(EVENT, "2026", 2)  # type: ignore[arg-type]
    assert info.value.problems[0].field == "year"
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_report(EVENT, 2026, 2, {"indicator_facts": {"X": [1]}})
    field, _message = info.value.problems[0]
    assert field == "indicator_facts.X"
    with pytest.raises(stratmon.ValidationError):
        planner.save_report(EVENT, 2026, 2, {"progress": 42})


def test_unknown_fields_are_refused(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_report(EVENT, 2026, 2, {"progres": "typo"})
    assert info.value.problems[0].field == "progres"
    with pytest.raises(stratmon.ValidationError):
        planner.save_report(EVENT, 2026, 2, {"expenditures": {"lottery": "1"}})


def test_bad_dates_are_refused(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_report(EVENT, 2026, 2, {"control_points": {"KT1": "2026-02-30"}})
    assert info.value.problems[0].field == "control_points.KT1"


def test_future_actual_date_is_refused_by_the_core(planner: stratmon.Session) -> None:
    content = feb_content(planner)
    content["control_points"] = {"KT1": dt.date(2026, 12, 1)}
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_and_submit_report(EVENT, 2026, 2, content)
    assert any(p.field.startswith("control_points") for p in info.value.problems)


def test_over_long_text_is_refused(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_report(EVENT, 2026, 2, {**feb_content(planner), "progress": "х" * 20_000})
    assert any(p.field == "progress" for p in info.value.problems)


def test_bad_number_is_refused(planner: stratmon.Session) -> None:
    indicator, _ = first_indicator(planner, EVENT)
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_report(EVENT, 2026, 2, {"indicator_facts": {indicator: "двенадцать"}})
    assert info.value.problems[0].field == f"indicator_facts.{indicator}"


def test_negative_expenditure_is_refused_by_the_core(planner: stratmon.Session) -> None:
    content = feb_content(planner)
    content["expenditures"] = {"regional": "-5"}
    with pytest.raises(stratmon.ValidationError) as info:
        planner.save_and_submit_report(EVENT, 2026, 2, content)
    assert any(p.field.startswith("expenditures") for p in info.value.problems)


# -- audit and access -------------------------------------------------------------


def test_audit_query_and_verify(admin: stratmon.Session, planner: stratmon.Session) -> None:
    planner.save_report(EVENT, 2026, 2, feb_content(planner))
    entries = admin.audit(actor=PLANNER, limit=5)
    assert entries and all(isinstance(e, stratmon.AuditEntry) for e in entries)
    assert entries[0].actor == PLANNER
    assert isinstance(entries[0].at, dt.datetime) and entries[0].at.tzinfo is not None
    verdict = admin.verify_audit()
    assert verdict.intact is True


def test_tampered_audit_log_is_detected(admin: stratmon.Session, db_path: Path) -> None:
    if sqlite3.sqlite_version_info < (3, 37):
        pytest.skip("the store uses STRICT tables, which this sqlite3 cannot open")
    # An intruder with file access drops the append-only trigger and rewrites
    # who made entry 5, while the store is open.
    db = sqlite3.connect(db_path)
    try:
        db.executescript(
            "DROP TRIGGER audit_is_append_only_update;"
            "UPDATE audit SET actor = 'intruder' WHERE seq = 5;"
        )
    finally:
        db.close()
    verdict = admin.verify_audit()
    assert not verdict and verdict.broken_at == 5 and verdict.reason


def test_planner_may_not_read_the_audit_log(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.PermissionDenied):
        planner.audit()


def test_admin_may_not_read_reports(admin: stratmon.Session) -> None:
    with pytest.raises((stratmon.PermissionDenied, stratmon.NotFound)):
        admin.report(EVENT, 2025, 12)


def person(name: str) -> Dict[str, Any]:
    return {
        "full_name": name,
        "position": "ведущий специалист",
        "roles": ["planner"],
        "landline": "+7 3842 11-22-33",
        "mobile": "+7 913 111-22-33",
        "email": "new.person@minstroy.ako.ru",
    }


def test_registration_then_one_time_password(admin: stratmon.Session, conn: Any) -> None:
    request = admin.file_registration_request(
        "minstroy", "Белов Андрей Николаевич", [person("Новикова Ольга Петровна")]
    )
    assert isinstance(request, stratmon.AccessRequest)
    assert request.status is stratmon.RequestStatus.PENDING
    assert isinstance(request.due, dt.date)
    assert any(r.id == request.id for r in admin.registration_requests(pending=True))
    approval = admin.approve_registration_request(request.id, request.version)
    created = approval.created[0]
    assert created.one_time_password
    session = conn.login(created.user.login, created.one_time_password)
    assert session.must_change_password
    with pytest.raises(stratmon.PasswordChangeRequired):
        session.events()
    session.change_password(created.one_time_password, "Пароль-новичка-2026")
    assert session.me().login == created.user.login


def test_registration_request_refused(admin: stratmon.Session) -> None:
    request = admin.file_registration_request("minstroy", "Белов А. Н.", [person("Смирнов Иван")])
    refused = admin.reject_registration_request(request.id, request.version, ["не указан e-mail"])
    assert refused.status is stratmon.RequestStatus.REFUSED
    with pytest.raises(stratmon.StaleVersion):
        admin.approve_registration_request(request.id, request.version)


def test_incomplete_registration_is_a_validation_error(admin: stratmon.Session) -> None:
    entry = person("Без Телефона")
    entry["mobile"] = ""
    with pytest.raises(stratmon.ValidationError) as info:
        admin.file_registration_request("minstroy", "Белов А. Н.", [entry])
    assert info.value.problems


def test_users_for_the_admin_only(admin: stratmon.Session, planner: stratmon.Session) -> None:
    users = admin.users()
    assert any(u.login == PLANNER for u in users)
    with pytest.raises(stratmon.PermissionDenied):
        planner.users()


# -- values -----------------------------------------------------------------------


def test_to_dict_is_plain(planner: stratmon.Session) -> None:
    report = planner.report(EVENT, 2025, 12)
    data = report.to_dict()
    assert data["state"] == "approved"
    assert data["event"] == EVENT
    assert isinstance(data["content"]["indicator_facts"], dict)


def test_to_dataframe_with_and_without_pandas(
    planner: stratmon.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    reports = planner.report_history(EVENT, 2025, 12)

    fake = types.ModuleType("pandas")

    class DataFrame:
        def __init__(self, rows: Any) -> None:
            self.rows = list(rows)

    fake.DataFrame = DataFrame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    frame = stratmon.to_dataframe(reports)
    assert frame.rows[0]["event"] == EVENT
    assert "content.progress" in frame.rows[0]
    assert reports[0].to_dataframe().rows[0]["state"] == "approved"

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        stratmon.to_dataframe(reports)


# -- routes of the plan, calendar and access -------------------------------------


def test_save_and_submit_an_existing_draft(planner: stratmon.Session) -> None:
    first = planner.save_report(EVENT, 2026, 2, feb_content(planner)).saved
    second = planner.save_report(
        EVENT, 2026, 2, feb_content(planner, "1240"), version=first.version
    ).saved
    with pytest.raises(stratmon.StaleVersion):
        planner.save_and_submit_report(EVENT, 2026, 2, feb_content(planner), version=first.version)
    report = planner.save_and_submit_report(
        EVENT, 2026, 2, feb_content(planner, "1250"), version=second.version
    )
    assert report.state is ReportState.SUBMITTED
    assert report.content.indicator_facts[first_indicator(planner, EVENT)[0]] == Decimal("1250")


def test_revocation_ends_the_users_sessions(admin: stratmon.Session, login: Login) -> None:
    victim = login(OTHER_PLANNER)
    user = admin.get_user(OTHER_PLANNER)
    entry = {
        "full_name": user.full_name,
        "position": user.position,
        "roles": [],
        "email": "planner0@minzdrav.ako.ru",
        "login": OTHER_PLANNER,
    }
    request = admin.file_revocation_request(
        "minzdrav", "Зеленина Ольга Игоревна", [entry], reason="увольнение"
    )
    assert request.kind is stratmon.RequestKind.REVOCATION
    assert admin.revocation_request(request.id).id == request.id
    assert [r.id for r in admin.revocation_requests(pending=True)] == [request.id]
    with pytest.raises(stratmon.NotFound):
        admin.registration_request(request.id)
    decided = admin.approve_revocation_request(request.id, request.version)
    assert decided.status is stratmon.RequestStatus.APPROVED
    with pytest.raises(stratmon.AuthError):
        victim.me()
    assert admin.get_user(OTHER_PLANNER).status is stratmon.UserStatus.REVOKED


def test_get_user(admin: stratmon.Session) -> None:
    user = admin.get_user(PLANNER)
    assert user.login == PLANNER and user.participant == "minstroy"
    with pytest.raises(stratmon.NotFound):
        admin.get_user("nobody.here")


def test_coordinator_plans_an_event_and_an_indicator(
    coordinator: stratmon.Session, planner: stratmon.Session
) -> None:
    event = coordinator.create_event(
        "2.1.99",
        title="Строительство школы на 1000 мест",
        direction=planner.event(EVENT).direction,
        responsible="minstroy",
        start=dt.date(2026, 1, 1),
        end=dt.date(2028, 12, 31),
        expected_result="Введена школа",
        amending_act="постановление № 1",
    )
    assert event.id == "2.1.99" and event.start == dt.date(2026, 1, 1)
    card = planner.update_event_card(
        "2.1.99",
        planner.event("2.1.99").version,
        responsible_person={
            "full_name": "Петров Сергей Николаевич",
            "position": "главный специалист",
            "phone": "+7 3842 58-00-00",
        },
        control_points=[{"id": "KT1", "title": "Проект", "planned": dt.date(2026, 6, 30)}],
    )
    assert card.control_points[0].planned == dt.date(2026, 6, 30)
    indicator = coordinator.create_indicator(
        "IND-99",
        name="Мест в школах",
        unit="ед.",
        direction=stratmon.Direction.INCREASE,
        cumulative=False,
        plan={2026: 0, 2027: Decimal("500"), 2028: "1000"},
        events=["2.1.99"],
    )
    assert indicator.plan[2028] == Decimal("1000")
    assert [i.id for i in planner.indicators(event="2.1.99")] == ["IND-99"]
    changed = coordinator.update_indicator(
        "IND-99",
        indicator.version,
        name="Мест в новых школах",
        unit="ед.",
        direction="increase",
        cumulative=False,
        plan={2028: 1000},
        events=["2.1.99"],
    )
    assert changed.name == "Мест в новых школах"
    with pytest.raises(stratmon.StaleVersion):
        coordinator.update_indicator(
            "IND-99",
            indicator.version,
            name="x",
            unit="ед.",
            direction="increase",
            cumulative=False,
            plan={},
            events=["2.1.99"],
        )


def test_planner_may_not_create_events(planner: stratmon.Session) -> None:
    with pytest.raises(stratmon.PermissionDenied):
        planner.create_event(
            "2.1.98",
            title="x",
            direction="G2.1",
            responsible="minstroy",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
        )


def test_window_extension_opens_the_annual_plan(
    coordinator: stratmon.Session, planner: stratmon.Session
) -> None:
    # The plan for 2026 was due 10-25 December 2025; an extension lets it in late.
    content = {
        "works": [{"title": "Проектирование", "control_date": dt.date(2026, 6, 30), "planned": {}}]
    }
    draft = planner.save_annual_plan(EVENT, 2026, content).saved
    with pytest.raises(stratmon.WindowClosed):
        planner.submit_annual_plan(EVENT, 2026, draft.version)
    extension = coordinator.extend_window("minstroy", 2026, dt.date(2026, 4, 10), "перенос сроков")
    assert isinstance(extension, stratmon.WindowExtension) and extension.until == dt.date(
        2026, 4, 10
    )
    assert [e.year for e in coordinator.window_extensions()] == [2026]
    submitted = planner.submit_annual_plan(EVENT, 2026, draft.version)
    assert submitted.state is ReportState.SUBMITTED


def test_annual_plan_saved_and_submitted_in_one_step_or_not_at_all(
    coordinator: stratmon.Session, planner: stratmon.Session
) -> None:
    content = {
        "works": [{"title": "Проектирование", "control_date": dt.date(2026, 6, 30), "planned": {}}]
    }
    # The window for 2026 closed in December 2025: refused, nothing written.
    with pytest.raises(stratmon.WindowClosed):
        planner.save_and_submit_annual_plan(EVENT, 2026, content)
    with pytest.raises(stratmon.NotFound):
        planner.annual_plan(EVENT, 2026)
    coordinator.extend_window("minstroy", 2026, dt.date(2026, 4, 10), "перенос сроков")
    submitted = planner.save_and_submit_annual_plan(EVENT, 2026, content)
    assert isinstance(submitted, stratmon.AnnualPlan)
    assert submitted.state is ReportState.SUBMITTED
    assert [p.version for p in planner.annual_plan_history(EVENT, 2026)] == [submitted.version]


def test_participant_settings_allow_early_entry(
    coordinator: stratmon.Session, planner: stratmon.Session
) -> None:
    settings, version = coordinator.participant_settings("minstroy")
    assert settings["allow_early_submission"] is False
    updated, new_version = coordinator.update_participant_settings(
        "minstroy", version, {**settings, "allow_early_submission": True}
    )
    assert updated["allow_early_submission"] is True and new_version > version
    march = planner.report(EVENT, 2026, 3)
    report = planner.save_and_submit_report(EVENT, 2026, 3, march.content, version=march.version)
    assert report.state is ReportState.SUBMITTED


def test_delegation(head: stratmon.Session, analyst: stratmon.Session) -> None:
    delegation = head.delegate(
        analyst.user.login, stratmon.Role.HEAD, dt.date(2026, 3, 26), dt.date(2026, 4, 10)
    )
    assert isinstance(delegation, stratmon.Delegation)
    assert delegation.deputy == analyst.user.login and delegation.role is stratmon.Role.HEAD
    assert delegation.start == dt.date(2026, 3, 26)
    assert [d.id for d in head.delegations()] == [delegation.id]


def test_strategy_tree(planner: stratmon.Session) -> None:
    nodes = planner.strategy()
    assert all(isinstance(n, stratmon.StrategyNode) for n in nodes)
    assert planner.event(EVENT).direction in {n.id for n in nodes}


def test_calendar(coordinator: stratmon.Session) -> None:
    year = coordinator.calendar(2026)
    assert isinstance(year, dict) and year
    with pytest.raises(stratmon.ValidationError):
        coordinator.calendar("2026")  # type: ignore[arg-type]


# -- consolidated report ----------------------------------------------------------


def test_consolidated_summary(coordinator: stratmon.Session) -> None:
    report = coordinator.summary(2026, 2)
    assert isinstance(report, stratmon.ConsolidatedReport)
    assert (report.year, report.month) == (2026, 2)
    assert report.events.total == len(report.event_lines) > 0
    assert all(isinstance(line.status, stratmon.EventStatus) for line in report.event_lines)
    assert report.participants and isinstance(report.participants[0], stratmon.ParticipantLine)
    assert report.indicators and all(
        line.plan is None or isinstance(line.plan, Decimal) for line in report.indicators
    )
    assert isinstance(report.as_of, dt.date)


def test_summary_is_limited_to_what_the_user_sees(
    planner: stratmon.Session, coordinator: stratmon.Session
) -> None:
    mine = {e.id for e in planner.events()}
    lines = planner.summary(2026, 2).event_lines
    assert lines and {line.event for line in lines} <= mine
    only = coordinator.summary(2026, 2, participant="minstroy").event_lines
    assert only and {line.responsible for line in only} == {"minstroy"}


def test_summary_files(coordinator: stratmon.Session) -> None:
    workbook = coordinator.summary_file(2026, 2)
    assert workbook[:2] == b"PK"  # a zip: XLSX
    table = coordinator.summary_file(2026, 2, format="csv", section="events")
    assert isinstance(table, bytes) and table.strip()
    with pytest.raises(stratmon.ValidationError):
        coordinator.summary_file(2026, 2, format="pdf")


def test_summary_of_a_bad_period(coordinator: stratmon.Session) -> None:
    with pytest.raises(stratmon.ValidationError):
        coordinator.summary(2026, 13)
