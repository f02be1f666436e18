//! The service keeps the records calls read most (users, events,
//! participants, an event's indicators, the revisions of a period) and
//! follows the audit log to keep them current. Whatever happens — through
//! this service or another one sharing the store — every read answers what
//! a service that kept nothing answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::*;
use proptest::prelude::*;
use stratmon_core::calendar::{ReportingPeriod, WindowBounds};
use stratmon_core::conformance::Fixture;
use stratmon_core::model::{ParticipantSettings, ResponsiblePerson, Role, User};
use stratmon_core::store::{MemoryStore, Store, StoreExt};
use stratmon_core::{Actor, Service};

#[derive(Debug, Clone)]
enum Op {
    /// A report action on one of the months December 2025 – February 2026.
    Report { month: usize, action: ReportAction },
    /// The Coordinator excludes the event's indicator, or brings it back.
    Indicator { excluded: bool },
    /// The Admin takes the Planner role away from the planner, or gives it
    /// back.
    PlannerRole { held: bool },
    /// The Coordinator moves the minstroy monthly window's closing day.
    CloseDay(u32),
    /// The planner names another person responsible on the event's card.
    Card { phone: u8 },
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
    ];
    let op = prop_oneof![
        6 => (0..3usize, report).prop_map(|(month, action)| Op::Report { month, action }),
        1 => any::<bool>().prop_map(|excluded| Op::Indicator { excluded }),
        1 => any::<bool>().prop_map(|held| Op::PlannerRole { held }),
        1 => (26..=31u32).prop_map(Op::CloseDay),
        1 => any::<u8>().prop_map(|phone| Op::Card { phone }),
    ];
    (op, any::<bool>()).prop_map(|(op, elsewhere)| Step { op, elsewhere })
}

fn month(index: usize) -> ReportingPeriod {
    [(2025, 12), (2026, 1), (2026, 2)].map(|(y, m)| ReportingPeriod::new(y, m).unwrap())[index]
}

/// Does `op` through `s`; refusals are part of the walk and change nothing.
/// Versions are read from the store itself, so that a stale kept read shows
/// up in the comparisons rather than in what is attempted.
async fn act(f: &Fixture, s: &Service, op: &Op) {
    let e = &f.event;
    let store = s.store();
    match *op {
        Op::Report { month: m, action } => {
            let p = month(m);
            let version = afresh(f, store)
                .get_report(&f.coordinator, e, p)
                .await
                .map_or(0, |r| r.version);
            report_action(f, s, p, version, action).await;
        }
        Op::Indicator { excluded } => {
            let mut indicator = afresh(f, store)
                .get_indicator(&f.coordinator, &f.indicator)
                .await
                .unwrap();
            indicator.fields.excluded = excluded;
            s.update_indicator(
                &f.coordinator,
                &f.indicator,
                indicator.version,
                indicator.fields,
            )
            .await
            .unwrap();
        }
        Op::PlannerRole { held } => {
            let user: User = store.load(f.planner.user.as_str()).await.unwrap().unwrap();
            let mut roles: BTreeSet<Role> = user.roles.clone();
            if held {
                roles.insert(Role::Planner);
            } else {
                roles.remove(&Role::Planner);
            }
            if roles.is_empty() {
                return;
            }
            s.update_user_roles(&f.admin, &user.login, user.version, roles)
                .await
                .unwrap();
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
        Op::Card { phone } => {
            let event = afresh(f, store).get_event(&f.coordinator, e).await.unwrap();
            let mut card = event.card.clone();
            card.responsible_person = Some(ResponsiblePerson {
                full_name: "Иванова Мария Петровна".into(),
                position: "Начальник отдела".into(),
                phone: format!("+7 3842 00-00-{phone:02}"),
            });
            // Refused if the planner lost the role: part of the walk.
            let _ = s
                .update_event_card(&f.planner, e, event.version, card)
                .await;
        }
    }
}

/// Everything `who` reads that kept records answer, each answer or its
/// refusal written out.
async fn reads(f: &Fixture, s: &Service, who: &Actor) -> Vec<String> {
    let e = &f.event;
    let mut out = vec![format!("{:?}", s.get_event(who, e).await)];
    for m in 0..3 {
        let p = month(m);
        out.push(format!("{:?}", s.get_report(who, e, p).await));
        out.push(format!("{:?}", s.check_report(who, e, p).await));
    }
    out.push(format!("{:?}", s.inbox(who).await));
    out
}

fn people(f: &Fixture) -> [&Actor; 5] {
    [
        &f.planner,
        &f.analyst,
        &f.head,
        &f.coordinator,
        &f.other_planner,
    ]
}

async fn walk(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::build(store.clone()).await.unwrap();
    let elsewhere = afresh(&f, &store);
    for step in &steps {
        let s = if step.elsewhere {
            &elsewhere
        } else {
            &f.service
        };
        act(&f, s, &step.op).await;
        for who in people(&f) {
            let fresh = reads(&f, &afresh(&f, &store), who).await;
            for kept in [&f.service, &elsewhere] {
                prop_assert_eq!(
                    &reads(&f, kept, who).await,
                    &fresh,
                    "{:?} after {:?}",
                    who,
                    step
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn kept_reads_always_answer_what_a_service_that_kept_nothing_answers(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        walk_runtime().block_on(walk(steps))?;
    }
}

#[tokio::test]
async fn a_report_read_again_comes_from_what_was_kept_until_a_report_of_its_event_is_saved() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let reads = || watched.reads_of(&[]);
    let (e, p) = (&f.event, f.period);

    f.service
        .save_report(&f.planner, e, p, 0, f.valid_content())
        .await
        .unwrap();

    let first = service.get_report(&f.analyst, e, p).await.unwrap();
    let after_first = reads();
    assert!(after_first > 0, "the first read reads the store");
    let again = service.get_report(&f.analyst, e, p).await.unwrap();
    assert_eq!(again, first);
    assert_eq!(
        reads(),
        after_first,
        "the user, event and revisions were kept"
    );

    // A save through another service drops that month's revisions only.
    f.service
        .save_report(&f.planner, e, p, first.version, f.valid_content())
        .await
        .unwrap();
    let saved = service.get_report(&f.analyst, e, p).await.unwrap();
    assert_eq!(saved.version, first.version + 1);
    assert_eq!(
        reads(),
        after_first + 1,
        "one read of the period's revisions, the user and event still kept"
    );
}

#[tokio::test]
async fn a_save_of_one_month_leaves_the_other_months_of_its_event_kept() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let reads = || watched.reads_of(&[]);
    let (e, december, january) = (&f.event, month(0), month(1));
    for p in [december, january] {
        f.service
            .save_report(&f.planner, e, p, 0, f.valid_content())
            .await
            .unwrap();
    }
    let kept_january = service.get_report(&f.analyst, e, january).await.unwrap();
    let first_december = service.get_report(&f.analyst, e, december).await.unwrap();
    let before = reads();

    f.service
        .save_report(
            &f.planner,
            e,
            december,
            first_december.version,
            f.valid_content(),
        )
        .await
        .unwrap();
    assert_eq!(
        service.get_report(&f.analyst, e, january).await.unwrap(),
        kept_january
    );
    assert_eq!(reads(), before, "January's revisions stay kept");
    let december_now = service.get_report(&f.analyst, e, december).await.unwrap();
    assert_eq!(december_now.version, first_december.version + 1);
    assert_eq!(reads(), before + 1, "December's are read again");
}

#[tokio::test]
async fn calls_ready_together_share_one_read_of_the_log() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    // Everything the calls read is kept from here on.
    service.get_event(&f.coordinator, &f.event).await.unwrap();
    let before = watched.log_reads();

    // On this one-thread runtime the calls run one after another, and a
    // store in memory answers without ever making a call wait: only a
    // follow that lets the others reach the gate before it starts is shared.
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (service, who, id) = (service.clone(), f.coordinator.clone(), f.event.clone());
        calls.spawn(async move { service.get_event(&who, &id).await.unwrap() });
    }
    let answers = calls.join_all().await;
    assert_eq!(answers.len(), 8);
    assert_eq!(watched.log_reads(), before + 1);
}

#[tokio::test]
async fn a_call_arriving_while_the_log_is_read_waits_for_a_read_that_began_after_it() {
    let f = fixture().await;
    let (held, service) = watched_service(&f);
    let get_event = |service: &Service| {
        let (service, who, id) = (service.clone(), f.coordinator.clone(), f.event.clone());
        tokio::spawn(async move { service.get_event(&who, &id).await.unwrap() })
    };
    // The event is kept from here on.
    let before = get_event(&service).await.unwrap();

    held.hold_next_log_read();
    let first = get_event(&service);
    for _ in 0..16 {
        tokio::task::yield_now().await;
    }
    assert!(held.log_read_held(), "the first call reads the log");
    // Acknowledged while the first call's follow is caught after its read.
    let mut card = before.card.clone();
    card.responsible_person = Some(ResponsiblePerson {
        full_name: "Иванова Мария Петровна".into(),
        position: "Начальник отдела".into(),
        phone: "+7 3842 00-00-01".into(),
    });
    let changed = f
        .service
        .update_event_card(&f.planner, &f.event, before.version, card)
        .await
        .unwrap();
    let second = get_event(&service);
    for _ in 0..16 {
        tokio::task::yield_now().await;
    }
    assert!(
        !second.is_finished(),
        "the second call waits: the follow under way began before it"
    );

    held.release_log();
    assert_eq!(
        first.await.unwrap(),
        before,
        "the first call began before the change"
    );
    assert_eq!(second.await.unwrap(), changed, "the second one sees it");
}
