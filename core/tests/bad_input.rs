//! Bad input of every kind gets a typed error naming what is wrong, never a
//! panic, and changes nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use rust_decimal::Decimal;
use stratmon_core::ErrorKind;
use stratmon_core::calendar::{ReportingPeriod, WindowBounds};
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::model::*;
use stratmon_core::service::NewUser;

async fn unchanged<T: std::fmt::Debug>(
    f: &Fixture,
    op: impl std::future::Future<Output = stratmon_core::Result<T>>,
) -> stratmon_core::Error {
    let before = snapshot(&**f.service.store()).await.unwrap();
    let err = op.await.unwrap_err();
    assert_eq!(
        snapshot(&**f.service.store()).await.unwrap(),
        before,
        "{err} changed the store"
    );
    err
}

fn fields(err: &stratmon_core::Error) -> Vec<&str> {
    let mut f: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    f.sort();
    f
}

#[test]
fn identifiers_are_checked_and_the_error_names_the_kind() {
    for bad in ["", "два слова", "a b", "../etc", &"x".repeat(65), "tab\t"] {
        let err = EventId::new(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert_eq!(err.problems()[0].field, "event", "{bad:?}");
    }
    assert!(
        EventId::new("1.2.3").is_ok()
            && UserId::new("ivanov.ii").is_ok()
            && IndicatorId::new("IND_7-b").is_ok()
    );
    assert_eq!(
        ReportingPeriod::new(2026, 13).unwrap_err().problems()[0].field,
        "month"
    );
    assert_eq!(
        "2026-3".parse::<ReportingPeriod>().unwrap_err().problems()[0].field,
        "period"
    );
}

#[tokio::test]
async fn unknown_objects_are_not_found_for_everyone() {
    let f = fixture().await;
    let ghost: EventId = "4.0.4".parse().unwrap();
    for who in [&f.coordinator, &f.planner, &f.head] {
        assert_eq!(
            kind(f.service.get_event(who, &ghost).await),
            Some(ErrorKind::NotFound)
        );
        assert_eq!(
            kind(
                f.service
                    .save_report(who, &ghost, f.period, 0, Default::default())
                    .await
            ),
            Some(ErrorKind::NotFound)
        );
    }
    assert_eq!(
        kind(f.service.get_report(&f.planner, &f.event, f.period).await),
        Some(ErrorKind::NotFound)
    );
    assert_eq!(
        kind(
            f.service
                .submit_report(&f.planner, &f.event, f.period, 0)
                .await
        ),
        Some(ErrorKind::NotFound)
    );
    assert_eq!(
        kind(
            f.service
                .get_indicator(&f.coordinator, &"NOPE".parse().unwrap())
                .await
        ),
        Some(ErrorKind::NotFound)
    );
    assert_eq!(
        kind(
            f.service
                .revoke_user(&f.admin, &"nobody".parse().unwrap(), "x")
                .await
        ),
        Some(ErrorKind::NotFound)
    );
    let err = f.service.get_event(&f.planner, &ghost).await.unwrap_err();
    assert_eq!(err.to_string(), "event `4.0.4` not found");
}

#[tokio::test]
async fn a_bad_event_lists_every_problem_at_once() {
    let f = fixture().await;
    let plan = PlanFields {
        title: "т".repeat(MAX_SHORT_TEXT + 1),
        direction: "G404".parse().unwrap(),
        responsible: "minstroy".parse().unwrap(),
        co_executors: ["minstroy".parse().unwrap(), "ghost-org".parse().unwrap()].into(),
        period: EventPeriod {
            start: date(2030, 1, 1),
            end: date(2024, 1, 1),
        },
        expected_result: String::new(),
        amending_act: " ".into(),
        excluded: false,
    };
    let err = unchanged(
        &f,
        f.service
            .create_event(&f.coordinator, "7.7.7".parse().unwrap(), plan),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(
        fields(&err),
        [
            "amending_act",
            "co_executors",
            "co_executors",
            "direction",
            "period.end",
            "title"
        ]
    );
}

#[tokio::test]
async fn a_duplicate_event_code_is_a_conflict() {
    let f = fixture().await;
    let plan = event(&f).await.plan;
    let err = unchanged(
        &f,
        f.service
            .create_event(&f.coordinator, f.event.clone(), plan),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("`1.1.1` already exists"), "{err}");
}

#[tokio::test]
async fn a_stale_edit_of_the_card_is_a_conflict() {
    let f = fixture().await;
    let ev = event(&f).await;
    let err = unchanged(
        &f,
        f.service
            .update_event_card(&f.planner, &f.event, ev.version - 1, ev.card.clone()),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("reload"), "{err}");
}

#[tokio::test]
async fn control_points_outside_the_event_period_or_repeated_are_refused() {
    let f = fixture().await;
    let ev = event(&f).await;
    let mut card = ev.card.clone();
    card.control_points.push(card.control_points[0].clone());
    card.control_points.push(ControlPoint {
        id: "KT2".parse().unwrap(),
        title: String::new(),
        planned: date(2040, 1, 1),
    });
    let err = unchanged(
        &f,
        f.service
            .update_event_card(&f.planner, &f.event, ev.version, card),
    )
    .await;
    assert_eq!(
        fields(&err),
        [
            "control_points[1].id",
            "control_points[2].planned",
            "control_points[2].title"
        ]
    );
}

#[tokio::test]
async fn bad_participant_settings_are_refused_with_every_reason() {
    let f = fixture().await;
    let p = participant(&f, "minstroy").await;
    let settings = ParticipantSettings {
        window: WindowBounds {
            open_day: 31,
            close_day: 0,
        },
        thresholds: Thresholds {
            green: Decimal::new(5, 1),
            yellow: Decimal::new(9, 1),
        },
        ..p.settings
    };
    let err = unchanged(
        &f,
        f.service
            .update_participant_settings(&f.coordinator, &p.id, p.version, settings),
    )
    .await;
    assert!(fields(&err).contains(&"thresholds.green"), "{err}");
    assert!(
        fields(&err).iter().any(|f| f.starts_with("window.")),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_user_is_refused_with_every_reason_and_a_taken_login_conflicts() {
    let f = fixture().await;
    let bad = NewUser {
        login: "new.one".parse().unwrap(),
        full_name: "   ".into(),
        position: "д".repeat(MAX_SHORT_TEXT + 1),
        participant: "ghost-org".parse().unwrap(),
        roles: Default::default(),
    };
    let err = unchanged(&f, f.service.create_user(&f.admin, bad)).await;
    assert_eq!(
        fields(&err),
        ["full_name", "participant", "position", "roles"]
    );
    let taken = NewUser {
        login: "stroy.planner".parse().unwrap(),
        full_name: "Другой Человек".into(),
        position: String::new(),
        participant: "minstroy".parse().unwrap(),
        roles: [Role::Planner].into(),
    };
    assert_eq!(
        unchanged(&f, f.service.create_user(&f.admin, taken))
            .await
            .kind(),
        ErrorKind::Conflict
    );
}

#[tokio::test]
async fn the_login_the_system_records_itself_under_is_reserved() {
    let f = fixture().await;
    let impostor = NewUser {
        login: "system".parse().unwrap(),
        full_name: "Системный Пользователь".into(),
        position: String::new(),
        participant: "minstroy".parse().unwrap(),
        roles: [Role::Head].into(),
    };
    let err = unchanged(&f, f.service.create_user(&f.admin, impostor)).await;
    assert_eq!(fields(&err), ["login"]);
}

#[tokio::test]
async fn a_revoked_login_is_never_reissued() {
    let f = fixture().await;
    f.service
        .revoke_user(&f.admin, &f.co_head.user, "Увольнение")
        .await
        .unwrap();
    let again = NewUser {
        login: f.co_head.user.clone(),
        full_name: "Новая Сотрудница".into(),
        position: String::new(),
        participant: "novokuz".parse().unwrap(),
        roles: [Role::Head].into(),
    };
    assert_eq!(
        unchanged(&f, f.service.create_user(&f.admin, again))
            .await
            .kind(),
        ErrorKind::Conflict
    );
}

#[tokio::test]
async fn an_indicator_linked_to_an_unknown_event_is_refused() {
    let f = fixture().await;
    let fields_in = IndicatorFields {
        name: String::new(),
        unit: "процент".into(),
        direction: Direction::Decrease,
        cumulative: false,
        plan: [(1999, Decimal::ONE)].into(),
        events: ["4.0.4".parse().unwrap()].into(),
        excluded: false,
    };
    let err = unchanged(
        &f,
        f.service
            .create_indicator(&f.coordinator, "IND-2".parse().unwrap(), fields_in),
    )
    .await;
    assert_eq!(fields(&err), ["events", "name", "plan.1999"]);
}

#[tokio::test]
async fn reports_on_excluded_events_or_outside_the_event_period_are_refused() {
    let f = fixture().await;
    let before_start = ReportingPeriod::new(2022, 12).unwrap();
    let err = unchanged(
        &f,
        f.service
            .save_report(&f.planner, &f.event, before_start, 0, f.valid_content()),
    )
    .await;
    assert_eq!(fields(&err), ["period"]);
    let ev = event(&f).await;
    let mut plan = ev.plan.clone();
    plan.excluded = true;
    plan.amending_act = "распоряжение от 01.03.2026 № 50-р".into();
    f.service
        .amend_event(&f.coordinator, &f.event, ev.version, plan)
        .await
        .unwrap();
    let err = unchanged(
        &f,
        f.service
            .save_report(&f.planner, &f.event, f.period, 0, f.valid_content()),
    )
    .await;
    assert_eq!(fields(&err), ["event"]);
}

#[tokio::test]
async fn comments_are_required_where_they_matter_and_bounded_everywhere() {
    let f = fixture().await;
    let v = f.submitted_report().await.unwrap();
    let err = unchanged(
        &f,
        f.service
            .return_report(&f.analyst, &f.event, f.period, v, ""),
    )
    .await;
    assert_eq!(fields(&err), ["comment"]);
    let long = "к".repeat(MAX_LONG_TEXT + 1);
    let err = unchanged(
        &f,
        f.service
            .return_report(&f.analyst, &f.event, f.period, v, &long),
    )
    .await;
    assert_eq!(fields(&err), ["comment"]);
}

#[tokio::test]
async fn the_strategy_tree_refuses_orphans_and_rooted_directions() {
    let f = fixture().await;
    let orphan = StrategyNode {
        id: "G1.9".parse().unwrap(),
        kind: StrategyNodeKind::Direction,
        title: "Направление".into(),
        parent: None,
        version: 0,
    };
    assert_eq!(
        fields(&unchanged(&f, f.service.create_strategy_node(&f.coordinator, orphan)).await),
        ["parent"]
    );
    let lost = StrategyNode {
        id: "G1.8".parse().unwrap(),
        kind: StrategyNodeKind::Direction,
        title: "Направление".into(),
        parent: Some("G404".parse().unwrap()),
        version: 0,
    };
    assert_eq!(
        fields(&unchanged(&f, f.service.create_strategy_node(&f.coordinator, lost)).await),
        ["parent"]
    );
    let rooted = StrategyNode {
        id: "G7".parse().unwrap(),
        kind: StrategyNodeKind::Goal,
        title: "Цель".into(),
        parent: Some("G1".parse().unwrap()),
        version: 0,
    };
    assert_eq!(
        fields(&unchanged(&f, f.service.create_strategy_node(&f.coordinator, rooted)).await),
        ["parent"]
    );
}

#[tokio::test]
async fn error_messages_are_lowercase_without_a_final_period_and_quote_input() {
    let f = fixture().await;
    let errors = vec![
        f.service
            .get_event(&f.planner, &"4.0.4".parse().unwrap())
            .await
            .unwrap_err(),
        f.service.list_users(&f.planner).await.unwrap_err(),
        f.service
            .submit_report(&f.planner, &f.event, f.period, 0)
            .await
            .unwrap_err(),
        EventId::new("a b").unwrap_err(),
        f.service
            .approve_report(&f.head, &f.event, f.period, 1)
            .await
            .unwrap_err(),
    ];
    for e in errors {
        let text = e.to_string();
        assert!(text.chars().next().unwrap().is_lowercase(), "{text}");
        assert!(!text.ends_with('.'), "{text}");
        assert!(!text.contains("stratmon_core::"), "{text}");
    }
}
