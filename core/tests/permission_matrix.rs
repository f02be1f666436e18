//! Every operation × every kind of actor: admin, coordinator, the responsible
//! executor's planner/analyst/head, a co-executor's, and an unrelated
//! participant's. An operation added to `Operation` without a row here does
//! not compile (the matches are exhaustive), and a rule that changes without
//! the table changing fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::collections::BTreeSet;

use common::*;
use rust_decimal::Decimal;
use stratmon_core::audit::AuditQuery;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::*;
use stratmon_core::plan::{AmendingAct, PlanDraft};
use stratmon_core::requests::{PersonEntry, RequestKind};
use stratmon_core::service::{EventFilter, NewRequest, NewUser};
use stratmon_core::summary::SummaryQuery;
use stratmon_core::{Actor, ErrorKind, Operation, Result};

/// Column order of the table.
const WHO: [&str; 11] = [
    "admin",
    "coord",
    "stroy.planner",
    "stroy.analyst",
    "stroy.head",
    "nk.planner",
    "nk.analyst",
    "nk.head",
    "zdrav.planner",
    "zdrav.analyst",
    "zdrav.head",
];

/// Y = allowed, D = permission denied, N = not found (out of scope).
/// Columns: admin coord | stroy P A H (responsible) | nk P A H (co-executor) | zdrav P A H (unrelated).
fn row(op: Operation) -> &'static str {
    use Operation as O;
    match op {
        O::CreateParticipant => "YY DDD DDD DDD",
        O::UpdateParticipantSettings => "DY DDD DDD DDD",
        O::ListParticipants => "YY YYY YYY YYY",
        O::CreateStrategyNode => "DY DDD DDD DDD",
        O::ListStrategy => "YY YYY YYY YYY",
        O::SetCalendarYear => "DY DDD DDD DDD",
        O::ReadCalendar => "YY YYY YYY YYY",
        O::OpenWindowExtension => "DY DDD DDD DDD",
        O::ListWindowExtensions => "DY DDD DDD DDD",
        O::CreateUser => "YD DDD DDD DDD",
        O::UpdateUserRoles => "YD DDD DDD DDD",
        O::RevokeUser => "YD DDD DDD DDD",
        O::ListUsers => "YD DDD DDD DDD",
        O::CreateEvent => "DY DDD DDD DDD",
        O::AmendEvent => "NY DDD DDD NNN",
        O::ListEvents => "DY YYY YYY YYY",
        O::ReadEvent => "NY YYY YYY NNN",
        O::UpdateEventCard => "ND YDD DDD NNN",
        O::CreateIndicator => "DY DDD DDD DDD",
        O::UpdateIndicator => "NY DDD DDD NNN",
        O::ListIndicators => "DY YYY YYY YYY",
        O::ReadIndicator => "NY YYY YYY NNN",
        O::ImportPlan => "DY DDD DDD DDD",
        O::ListPlanVersions => "DY DDD DDD DDD",
        O::DiffPlan => "DY DDD DDD DDD",
        O::ReadReport => "NY YYY YYY NNN",
        O::SaveReport => "ND YDD DDD NNN",
        O::SubmitReport => "ND YDD DDD NNN",
        O::AcceptReport => "ND DYD DDD NNN",
        O::ApproveReport => "ND DDY DDD NNN",
        O::ReturnReport => "ND DYD DDD NNN",
        O::ReopenReport => "NY DDY DDD NNN",
        O::ReadAnnualPlan => "NY YYY YYY NNN",
        O::SaveAnnualPlan => "ND YDD DDD NNN",
        O::SubmitAnnualPlan => "ND YDD DDD NNN",
        O::AcceptAnnualPlan => "ND DYD DDD NNN",
        O::ApproveAnnualPlan => "ND DDY DDD NNN",
        O::ReturnAnnualPlan => "ND DYD DDD NNN",
        O::ReopenAnnualPlan => "NY DDY DDD NNN",
        O::FileRequest => "YD DDY DDD DDD",
        O::ListRequests => "YY DDY DDY DDY",
        O::DecideRequest => "YD DDD DDD DDD",
        O::CloseParticipant => "DY DDD DDD DDD",
        O::UnlockLogin => "YD DDD DDD DDD",
        O::CreateDelegation => "DD DYY DYY DYY",
        O::ListDelegations => "YY DYY DYY DYY",
        O::ReadInbox => "YY YYY YYY YYY",
        O::ReadAudit => "YY DDD DDD DDD",
        O::VerifyAudit => "YY DDD DDD DDD",
        O::ReadSummary => "DY YYY YYY YYY",
    }
}

fn plan_fields() -> PlanFields {
    PlanFields {
        title: "Новое мероприятие".into(),
        direction: "G1.1".parse().unwrap(),
        responsible: "minstroy".parse().unwrap(),
        co_executors: BTreeSet::new(),
        period: EventPeriod {
            start: date(2024, 1, 1),
            end: date(2030, 12, 31),
        },
        expected_result: "Результат".into(),
        amending_act: "распоряжение от 01.02.2026 № 10-р".into(),
        excluded: false,
    }
}

fn registration_request() -> NewRequest {
    NewRequest {
        kind: RequestKind::Registration,
        participant: "minstroy".parse().unwrap(),
        signed_by: "Руководов Виктор Павлович".into(),
        reason: String::new(),
        people: vec![PersonEntry {
            full_name: "Новенький Николай Николаевич".into(),
            position: "ведущий специалист".into(),
            roles: vec!["плановик".into()],
            landline: "+7 (3842) 58-12-34".into(),
            mobile: "+7 913 123-45-67".into(),
            email: "novenkiy@minstroy.example".into(),
            login: None,
        }],
        received_at: None,
    }
}

fn indicator_fields(f: &Fixture) -> IndicatorFields {
    IndicatorFields {
        name: "Показатель".into(),
        unit: "единица".into(),
        direction: Direction::Increase,
        cumulative: true,
        plan: [(2026, Decimal::new(10, 0))].into(),
        events: [f.event.clone()].into(),
        excluded: false,
    }
}

/// Prepares what the operation needs (as the users entitled to do so), then
/// performs it as `who`.
async fn perform(f: &Fixture, op: Operation, who: &Actor) -> Result<()> {
    use Operation as O;
    let s = &f.service;
    let (e, p) = (&f.event, f.period);
    let year = 2026;
    match op {
        O::CreateParticipant => s
            .create_participant(
                who,
                "newp".parse()?,
                "Новый участник",
                ParticipantKind::Organisation,
                Default::default(),
            )
            .await
            .map(drop),
        O::UpdateParticipantSettings => {
            let v = participant(f, "minstroy").await.version;
            s.update_participant_settings(who, &"minstroy".parse()?, v, Default::default())
                .await
                .map(drop)
        }
        O::ListParticipants => s.list_participants(who).await.map(drop),
        O::CreateStrategyNode => s
            .create_strategy_node(
                who,
                StrategyNode {
                    id: "G9".parse()?,
                    kind: StrategyNodeKind::Goal,
                    title: "Цель".into(),
                    parent: None,
                    version: 0,
                },
            )
            .await
            .map(drop),
        O::ListStrategy => s.list_strategy(who).await.map(drop),
        O::SetCalendarYear => s
            .set_calendar_year(who, no_corrections(2027))
            .await
            .map(drop),
        O::ReadCalendar => s.calendar(who).await.map(drop),
        O::OpenWindowExtension => s
            .open_window_extension(
                who,
                &"minstroy".parse()?,
                2027,
                date(2026, 12, 31),
                "Причина",
            )
            .await
            .map(drop),
        O::ListWindowExtensions => s.list_window_extensions(who).await.map(drop),
        O::CreateUser => s
            .create_user(
                who,
                NewUser {
                    login: "new.user".parse()?,
                    full_name: "Новиков Новик Новикович".into(),
                    position: "специалист".into(),
                    participant: "minzdrav".parse()?,
                    roles: [Role::Planner].into(),
                },
            )
            .await
            .map(drop),
        O::UpdateUserRoles => {
            let target = actor("zdrav.head").user;
            let v = s
                .list_users(&f.admin)
                .await?
                .into_iter()
                .find(|u| u.login == target)
                .unwrap()
                .version;
            s.update_user_roles(who, &target, v, [Role::Planner].into())
                .await
                .map(drop)
        }
        O::RevokeUser => s
            .revoke_user(who, &actor("zdrav.head").user, "Увольнение")
            .await
            .map(drop),
        O::ListUsers => s.list_users(who).await.map(drop),
        O::CreateEvent => s
            .create_event(who, "9.9.9".parse()?, plan_fields())
            .await
            .map(drop),
        O::AmendEvent => {
            let ev = event(f).await;
            s.amend_event(who, e, ev.version, ev.plan.clone())
                .await
                .map(drop)
        }
        O::ListEvents => s.list_events(who, &EventFilter::default()).await.map(drop),
        O::ReadEvent => s.get_event(who, e).await.map(drop),
        O::UpdateEventCard => {
            let ev = event(f).await;
            s.update_event_card(who, e, ev.version, ev.card.clone())
                .await
                .map(drop)
        }
        O::CreateIndicator => s
            .create_indicator(who, "IND-9".parse()?, indicator_fields(f))
            .await
            .map(drop),
        O::UpdateIndicator => {
            let ind = s.get_indicator(&f.coordinator, &f.indicator).await?;
            s.update_indicator(who, &f.indicator, ind.version, ind.fields)
                .await
                .map(drop)
        }
        O::ListIndicators => s.list_indicators(who, None).await.map(drop),
        O::ReadIndicator => s.get_indicator(who, &f.indicator).await.map(drop),
        O::ImportPlan => {
            let act = AmendingAct {
                number: "1-р".into(),
                date: date(2026, 3, 1),
            };
            s.import_plan(who, PlanDraft::default(), act, true)
                .await
                .map(drop)
        }
        O::ListPlanVersions => s.plan_versions(who).await.map(drop),
        O::DiffPlan => s.plan_diff(who, 0, None).await.map(drop),
        O::ReadReport => {
            s.save_report(&f.planner, e, p, 0, f.valid_content())
                .await?;
            s.get_report(who, e, p).await.map(drop)
        }
        O::SaveReport => s
            .save_report(who, e, p, 0, f.valid_content())
            .await
            .map(drop),
        O::SubmitReport => {
            let v = s
                .save_report(&f.planner, e, p, 0, f.valid_content())
                .await?
                .saved
                .version;
            s.submit_report(who, e, p, v).await.map(drop)
        }
        O::AcceptReport => {
            let v = f.submitted_report().await?;
            s.accept_report(who, e, p, v).await.map(drop)
        }
        O::ApproveReport => {
            let v = accepted_report(f).await;
            s.approve_report(who, e, p, v).await.map(drop)
        }
        O::ReturnReport => {
            let v = f.submitted_report().await?;
            s.return_report(who, e, p, v, "Исправьте").await.map(drop)
        }
        O::ReopenReport => {
            let v = f.approved_report().await?;
            s.reopen_report(who, e, p, v, "Ошибка").await.map(drop)
        }
        O::ReadAnnualPlan => {
            s.save_annual_plan(&f.planner, e, year, 0, plan_content(year))
                .await?;
            s.get_annual_plan(who, e, year).await.map(drop)
        }
        O::SaveAnnualPlan => s
            .save_annual_plan(who, e, year, 0, plan_content(year))
            .await
            .map(drop),
        O::SubmitAnnualPlan => {
            extend_annual_window(f, year).await;
            let v = s
                .save_annual_plan(&f.planner, e, year, 0, plan_content(year))
                .await?
                .saved
                .version;
            s.submit_annual_plan(who, e, year, v).await.map(drop)
        }
        O::AcceptAnnualPlan => {
            let v = submitted_plan(f, year).await;
            s.accept_annual_plan(who, e, year, v).await.map(drop)
        }
        O::ApproveAnnualPlan => {
            let v = accepted_plan(f, year).await;
            s.approve_annual_plan(who, e, year, v).await.map(drop)
        }
        O::ReturnAnnualPlan => {
            let v = submitted_plan(f, year).await;
            s.return_annual_plan(who, e, year, v, "Исправьте")
                .await
                .map(drop)
        }
        O::ReopenAnnualPlan => {
            let v = approved_plan(f, year).await;
            s.reopen_annual_plan(who, e, year, v, "Ошибка")
                .await
                .map(drop)
        }
        O::FileRequest => s.file_request(who, registration_request()).await.map(drop),
        O::ListRequests => s.list_requests(who, false).await.map(drop),
        O::DecideRequest => {
            let filed = s.file_request(&f.admin, registration_request()).await?;
            s.approve_request(who, &filed.id, filed.version)
                .await
                .map(drop)
        }
        O::CloseParticipant => s
            .close_participant(who, &"minzdrav".parse()?, "Реорганизация")
            .await
            .map(drop),
        O::UnlockLogin => {
            let _ = s
                .login("stroy.planner", "wrong password!", Some("10.1.1.1"))
                .await;
            s.unlock_login(who, &"stroy.planner".parse()?)
                .await
                .map(drop)
        }
        O::CreateDelegation => {
            let me = s.current_user(who).await?;
            let deputy = match me.participant.as_str() {
                "minstroy" => "stroy.all",
                "novokuz" => "nk.planner",
                _ => "zdrav.planner",
            };
            let role = if me.has(Role::Head) {
                Role::Head
            } else {
                Role::Analyst
            };
            s.create_delegation(
                who,
                &deputy.parse()?,
                role,
                date(2026, 4, 1),
                date(2026, 4, 14),
            )
            .await
            .map(drop)
        }
        O::ListDelegations => s.list_delegations(who).await.map(drop),
        O::ReadInbox => s.inbox(who).await.map(drop),
        O::ReadAudit => s.audit(who, &AuditQuery::default()).await.map(drop),
        O::VerifyAudit => s.verify_audit(who).await.map(drop),
        O::ReadSummary => s
            .consolidated_report(
                who,
                &SummaryQuery {
                    year: 2026,
                    month: 2,
                    participant: None,
                    direction: None,
                },
            )
            .await
            .map(drop),
    }
}

fn outcome(r: &Result<()>) -> char {
    match r {
        Ok(()) => 'Y',
        Err(e) if e.kind() == ErrorKind::PermissionDenied => 'D',
        Err(e) if e.kind() == ErrorKind::NotFound => 'N',
        Err(_) => '?',
    }
}

#[tokio::test]
async fn every_operation_is_allowed_exactly_to_the_roles_and_scopes_in_the_table() {
    let mut mismatches = Vec::new();
    for op in Operation::ALL {
        let expected: Vec<char> = row(op).chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(
            expected.len(),
            WHO.len(),
            "row for {op} has the wrong width"
        );
        for (who, want) in WHO.iter().zip(expected) {
            let f = fixture().await;
            let result = perform(&f, op, &actor(who)).await;
            let got = outcome(&result);
            if got != want {
                mismatches.push(format!(
                    "{op} as {who}: expected {want}, got {got} ({result:?})"
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[tokio::test]
async fn a_return_from_accepted_is_the_heads_and_not_the_analysts() {
    let f = fixture().await;
    let v = accepted_report(&f).await;
    let by_analyst = f
        .service
        .return_report(&f.analyst, &f.event, f.period, v, "Нет")
        .await;
    assert_eq!(kind(by_analyst), Some(ErrorKind::PermissionDenied));
    let by_head = f
        .service
        .return_report(&f.head, &f.event, f.period, v, "Нет")
        .await
        .unwrap();
    assert_eq!(
        by_head.workflow.state,
        stratmon_core::report::ReportState::Returned
    );
}

#[tokio::test]
async fn a_revoked_user_can_do_nothing_at_all() {
    for op in Operation::ALL {
        let f = fixture().await;
        // A user holding every participant role: without the revocation most
        // of these would succeed.
        f.service
            .revoke_user(&f.admin, &f.all_roles.user, "Увольнение")
            .await
            .unwrap();
        let result = perform(&f, op, &f.all_roles).await;
        assert_eq!(kind(result), Some(ErrorKind::Auth), "{op}");
    }
}

#[tokio::test]
async fn an_unknown_user_is_refused_as_unauthenticated() {
    let f = fixture().await;
    for op in [
        Operation::ReadEvent,
        Operation::ListEvents,
        Operation::SaveReport,
        Operation::ReadInbox,
    ] {
        let result = perform(&f, op, &actor("nobody")).await;
        assert_eq!(kind(result), Some(ErrorKind::Auth), "{op}");
    }
}

#[test]
fn operation_names_are_unique_and_dotted() {
    let names: BTreeSet<&str> = Operation::ALL.iter().map(|o| o.as_str()).collect();
    assert_eq!(names.len(), Operation::ALL.len());
    assert!(names.iter().all(|n| n.contains('.')));
}
