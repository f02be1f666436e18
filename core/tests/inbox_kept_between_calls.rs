//! The service keeps what inboxes are computed from between calls and
//! follows the audit log to keep it current. Whatever happens — through this
//! service or another one sharing the store, on any day — its inbox is the
//! one a service that kept nothing computes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::sync::Arc;

use chrono::Duration;
use common::*;
use proptest::prelude::*;
use stratmon_core::calendar::{ReportingPeriod, WindowBounds};
use stratmon_core::conformance::Fixture;
use stratmon_core::model::ParticipantSettings;
use stratmon_core::status::InboxTask;
use stratmon_core::store::{MemoryStore, Store};
use stratmon_core::{Actor, Service};

#[derive(Debug, Clone)]
enum Op {
    /// A report action on one of the months December 2025 – March 2026.
    Report { month: usize, action: ReportAction },
    /// An annual plan action on 2026 or 2027.
    Plan { next_year: bool, action: PlanAction },
    /// The Coordinator moves the minstroy monthly window's closing day.
    CloseDay(u32),
    /// The Coordinator extends minstroy's annual window.
    Extend { next_year: bool },
    /// Time passes.
    Days(i64),
}

#[derive(Debug, Clone, Copy)]
enum PlanAction {
    SaveAndSubmit,
    Accept,
    Return,
    Approve,
}

#[derive(Debug, Clone)]
struct Step {
    op: Op,
    /// Done through a second service over the same store, as another
    /// process would.
    elsewhere: bool,
}

fn step() -> impl Strategy<Value = Step> {
    let report = prop_oneof![
        Just(ReportAction::Save),
        Just(ReportAction::Submit),
        Just(ReportAction::Accept),
        Just(ReportAction::Return),
        Just(ReportAction::Approve),
        Just(ReportAction::Reopen),
    ];
    let plan = prop_oneof![
        Just(PlanAction::SaveAndSubmit),
        Just(PlanAction::Accept),
        Just(PlanAction::Return),
        Just(PlanAction::Approve),
    ];
    let op = prop_oneof![
        8 => (0..4usize, report).prop_map(|(month, action)| Op::Report { month, action }),
        3 => (any::<bool>(), plan).prop_map(|(next_year, action)| Op::Plan { next_year, action }),
        1 => (26..=31u32).prop_map(Op::CloseDay),
        1 => any::<bool>().prop_map(|next_year| Op::Extend { next_year }),
        2 => prop_oneof![Just(1i64), Just(7), Just(40)].prop_map(Op::Days),
    ];
    (op, any::<bool>()).prop_map(|(op, elsewhere)| Step { op, elsewhere })
}

fn month(index: usize) -> ReportingPeriod {
    [(2025, 12), (2026, 1), (2026, 2), (2026, 3)].map(|(y, m)| ReportingPeriod::new(y, m).unwrap())
        [index]
}

/// Does `op` through `s`; refusals are part of the walk and change nothing.
async fn act(f: &Fixture, s: &Service, op: &Op) {
    let e = &f.event;
    match *op {
        Op::Report { month: m, action } => {
            let p = month(m);
            let version = s
                .get_report(&f.coordinator, e, p)
                .await
                .map_or(0, |r| r.version);
            report_action(f, s, p, version, action).await;
        }
        Op::Plan { next_year, action } => {
            let year = if next_year { 2027 } else { 2026 };
            let version = s
                .get_annual_plan(&f.coordinator, e, year)
                .await
                .map_or(0, |p| p.version);
            let _ = match action {
                PlanAction::SaveAndSubmit => {
                    s.save_and_submit_annual_plan(&f.planner, e, year, version, plan_content(year))
                        .await
                }
                PlanAction::Accept => s.accept_annual_plan(&f.analyst, e, year, version).await,
                PlanAction::Return => {
                    s.return_annual_plan(&f.analyst, e, year, version, "Исправьте")
                        .await
                }
                PlanAction::Approve => s.approve_annual_plan(&f.head, e, year, version).await,
            };
        }
        Op::CloseDay(close_day) => {
            let p = participant(f, "minstroy").await;
            let settings = ParticipantSettings {
                window: WindowBounds {
                    close_day,
                    ..p.settings.window
                },
                ..p.settings
            };
            s.update_participant_settings(&f.coordinator, &p.id, p.version, settings)
                .await
                .unwrap();
        }
        Op::Extend { next_year } => {
            extend_annual_window_through(s, f, if next_year { 2027 } else { 2026 }).await;
        }
        Op::Days(days) => f.clock.advance(Duration::days(days)),
    }
}

/// The fixture's people whose inboxes differ.
fn people(f: &Fixture) -> [&Actor; 7] {
    [
        &f.planner,
        &f.analyst,
        &f.head,
        &f.all_roles,
        &f.co_planner,
        &f.other_planner,
        &f.admin,
    ]
}

async fn walk(steps: Vec<Step>) -> Result<usize, TestCaseError> {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::build(store.clone()).await.unwrap();
    let elsewhere = afresh(&f, &store);
    let mut tasks = 0;
    for step in &steps {
        let s = if step.elsewhere {
            &elsewhere
        } else {
            &f.service
        };
        act(&f, s, &step.op).await;
        for who in people(&f) {
            let kept = f.service.inbox(who).await.unwrap();
            let fresh = afresh(&f, &store).inbox(who).await.unwrap();
            prop_assert_eq!(&kept, &fresh, "{:?} after {:?}", who, step);
            tasks += kept.len();
        }
    }
    Ok(tasks)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_kept_inbox_is_always_the_one_computed_afresh(steps in prop::collection::vec(step(), 1..40)) {
        walk_runtime().block_on(walk(steps))?;
    }
}

#[tokio::test]
async fn a_report_submitted_through_another_service_moves_at_once_from_planner_to_analyst() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::build(store.clone()).await.unwrap();
    let task_of = |items: Vec<stratmon_core::status::InboxItem>| {
        items
            .into_iter()
            .filter(|i| i.period == Some(f.period))
            .map(|i| i.task)
            .collect::<Vec<InboxTask>>()
    };
    // Both inboxes are computed, and kept, before the change.
    assert_eq!(
        task_of(f.service.inbox(&f.planner).await.unwrap()),
        [InboxTask::FillReport]
    );
    assert!(task_of(f.service.inbox(&f.analyst).await.unwrap()).is_empty());

    let other = afresh(&f, &store);
    let saved = other
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap();
    other
        .submit_report(&f.planner, &f.event, f.period, saved.saved.version)
        .await
        .unwrap();

    assert!(task_of(f.service.inbox(&f.planner).await.unwrap()).is_empty());
    assert_eq!(
        task_of(f.service.inbox(&f.analyst).await.unwrap()),
        [InboxTask::CheckReport]
    );
}

#[tokio::test]
async fn a_new_month_brings_its_report_into_the_kept_inbox() {
    let f = fixture().await;
    let periods = |items: Vec<stratmon_core::status::InboxItem>| {
        items
            .into_iter()
            .filter_map(|i| i.period)
            .collect::<Vec<_>>()
    };
    let march = ReportingPeriod::new(2026, 3).unwrap();
    assert!(!periods(f.service.inbox(&f.planner).await.unwrap()).contains(&march));
    set_local_noon(&f, 2026, 4, 2);
    assert!(periods(f.service.inbox(&f.planner).await.unwrap()).contains(&march));
}

/// The walks are not vacuous: inboxes hold tasks along the way.
#[test]
fn the_walks_meet_inboxes_with_tasks() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let strategy = prop::collection::vec(step(), 10..20);
    let steps = strategy.new_tree(&mut runner).unwrap().current();
    let tasks = walk_runtime().block_on(walk(steps)).unwrap();
    assert!(tasks > 0);
}
