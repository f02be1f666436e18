//! Properties of the approval chain under random operations by random actors:
//! (a) a report reaches Approved only through submit → accept → approve by
//! permitted users (distinct ones where separation of duties is on), and
//! (b) every refused operation leaves the store exactly as it was.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::sync::Arc;

use common::*;
use proptest::prelude::*;
use stratmon_core::Actor;
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::model::{ParticipantSettings, ReportContent, Role, User};
use stratmon_core::report::{Action, ReportState};
use stratmon_core::store::{MemoryStore, StoreExt};

const ACTORS: [&str; 12] = [
    "admin",
    "coord",
    "stroy.planner",
    "stroy.analyst",
    "stroy.head",
    "stroy.all",
    "nk.planner",
    "nk.analyst",
    "nk.head",
    "zdrav.planner",
    "zdrav.analyst",
    "zdrav.head",
];

#[derive(Debug, Clone)]
enum Op {
    Save { empty: bool },
    Submit,
    Accept,
    Approve,
    Return { blank: bool },
    Reopen,
}

#[derive(Debug, Clone)]
struct Step {
    op: Op,
    actor: usize,
    /// 0 = act on the current version; otherwise offset it (stale or future).
    skew: i64,
}

fn step() -> impl Strategy<Value = Step> {
    let op = prop_oneof![
        any::<bool>().prop_map(|empty| Op::Save { empty }),
        Just(Op::Submit),
        Just(Op::Accept),
        Just(Op::Approve),
        any::<bool>().prop_map(|blank| Op::Return { blank }),
        Just(Op::Reopen),
    ];
    let skew = prop_oneof![6 => Just(0i64), 1 => Just(-1i64), 1 => Just(1i64)];
    // Mostly an actor who plausibly may act (so walks get far enough to reach
    // Approved), otherwise anyone at all.
    let natural = prop_oneof![3 => Just(true), 1 => Just(false)];
    (op, 0..ACTORS.len(), natural, 0..2usize, skew).prop_map(|(op, random, natural, pick, skew)| {
        let actor = if natural {
            let candidates: &[usize] = match op {
                Op::Save { .. } | Op::Submit => &[2, 5],
                Op::Accept | Op::Return { .. } => &[3, 5],
                Op::Approve => &[4, 5],
                Op::Reopen => &[4, 1],
            };
            candidates[pick]
        } else {
            random
        };
        Step { op, actor, skew }
    })
}

/// Runs the walk; returns how many times a report reached Approved.
async fn run(steps: Vec<Step>, separation: bool) -> Result<usize, TestCaseError> {
    let mut approvals = 0;
    let store = Arc::new(MemoryStore::new());
    let f: Fixture = Fixture::build(store.clone()).await.unwrap();
    if !separation {
        let p = participant(&f, "minstroy").await;
        let settings = ParticipantSettings {
            separation_of_duties: false,
            ..p.settings
        };
        f.service
            .update_participant_settings(&f.coordinator, &p.id, p.version, settings)
            .await
            .unwrap();
    }
    let (s, e, p) = (&f.service, &f.event, f.period);
    for step in steps {
        let who = actor(ACTORS[step.actor]);
        let current = s.get_report(&f.coordinator, e, p).await.ok();
        let version = current.as_ref().map_or(0, |r| r.version);
        let version = (version as i64 + step.skew).max(0) as u64;
        let before = snapshot(&*store).await.unwrap();
        let result = match &step.op {
            Op::Save { empty } => {
                let content = if *empty {
                    ReportContent::default()
                } else {
                    f.valid_content()
                };
                s.save_report(&who, e, p, version, content)
                    .await
                    .map(|o| o.saved)
            }
            Op::Submit => s.submit_report(&who, e, p, version).await,
            Op::Accept => s.accept_report(&who, e, p, version).await,
            Op::Approve => s.approve_report(&who, e, p, version).await,
            Op::Return { blank } => {
                s.return_report(&who, e, p, version, if *blank { " " } else { "Исправьте" })
                    .await
            }
            Op::Reopen => s.reopen_report(&who, e, p, version, "Пересмотр").await,
        };
        let after = snapshot(&*store).await.unwrap();
        match result {
            // (b) a refused operation changes nothing, audit log included.
            Err(_) => prop_assert_eq!(
                &before,
                &after,
                "{:?} by {} changed the store",
                step.op,
                ACTORS[step.actor]
            ),
            Ok(report) => {
                prop_assert_eq!(after.audit.len(), before.audit.len() + 1);
                if report.workflow.state == ReportState::Approved {
                    approvals += 1;
                    check_approved(&f, &report, separation).await?;
                }
            }
        }
    }
    // Every approved revision ever stored satisfies (a), including those
    // superseded by a reopen.
    for r in s
        .report_history(&f.coordinator, e, p)
        .await
        .into_iter()
        .flatten()
    {
        if r.workflow.state == ReportState::Approved {
            check_approved(&f, &r, separation).await?;
        }
    }
    Ok(approvals)
}

async fn user(f: &Fixture, login: &stratmon_core::model::UserId) -> User {
    f.service
        .store()
        .load::<User>(login.as_str())
        .await
        .unwrap()
        .unwrap()
}

/// (a): the last three steps are submit, accept, approve, each by a user of
/// the responsible participant holding the role, distinct where duties apply.
async fn check_approved(
    f: &Fixture,
    report: &stratmon_core::model::MonthlyReport,
    separation: bool,
) -> Result<(), TestCaseError> {
    let h = &report.workflow.history;
    prop_assert!(h.len() >= 3, "approved with history {:?}", h);
    let tail = &h[h.len() - 3..];
    let actions: Vec<Action> = tail.iter().map(|s| s.action).collect();
    prop_assert_eq!(
        actions,
        vec![Action::Submit, Action::Accept, Action::Approve]
    );
    let states: Vec<(ReportState, ReportState)> = tail.iter().map(|s| (s.from, s.to)).collect();
    prop_assert_eq!(states[1], (ReportState::Submitted, ReportState::Accepted));
    prop_assert_eq!(states[2], (ReportState::Accepted, ReportState::Approved));
    for (step, role) in tail.iter().zip([Role::Planner, Role::Analyst, Role::Head]) {
        let u = user(f, &step.by).await;
        prop_assert!(u.has(role), "{} lacks {:?}", u.login, role);
        prop_assert_eq!(u.participant.as_str(), "minstroy");
    }
    if separation {
        prop_assert_ne!(&tail[0].by, &tail[1].by, "submitter accepted");
        prop_assert_ne!(&tail[1].by, &tail[2].by, "accepter approved");
        prop_assert_ne!(&tail[0].by, &tail[2].by, "submitter approved");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn approval_needs_submit_accept_approve_by_distinct_permitted_users(steps in prop::collection::vec(step(), 1..60)) {
        walk_runtime().block_on(run(steps, true))?;
    }

    #[test]
    fn without_separation_of_duties_approval_still_needs_the_three_roles(steps in prop::collection::vec(step(), 1..60)) {
        walk_runtime().block_on(run(steps, false))?;
    }
}

/// The properties above do not hold vacuously: the same walks reach Approved
/// in a good share of cases.
#[test]
fn random_walks_do_reach_approved() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let strategy = prop::collection::vec(step(), 1..60);
    let mut reached = 0;
    for _ in 0..64 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        if walk_runtime().block_on(run(steps, true)).unwrap() > 0 {
            reached += 1;
        }
    }
    assert!(reached >= 8, "only {reached} of 64 walks reached Approved");
}

/// One person holding every role can walk the chain alone only without
/// separation of duties.
#[tokio::test]
async fn one_person_with_every_role_can_approve_alone_only_without_separation_of_duties() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = s
        .save_report(&f.all_roles, e, p, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let v = s
        .submit_report(&f.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    let refused = s.accept_report(&f.all_roles, e, p, v).await;
    assert_eq!(
        kind(refused),
        Some(stratmon_core::ErrorKind::PermissionDenied)
    );

    let g = fixture().await;
    let part = participant(&g, "minstroy").await;
    let settings = ParticipantSettings {
        separation_of_duties: false,
        ..part.settings
    };
    g.service
        .update_participant_settings(&g.coordinator, &part.id, part.version, settings)
        .await
        .unwrap();
    let (s, e, p) = (&g.service, &g.event, g.period);
    let v = s
        .save_report(&g.all_roles, e, p, 0, g.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let v = s
        .submit_report(&g.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    let v = s
        .accept_report(&g.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    let approved = s.approve_report(&g.all_roles, e, p, v).await.unwrap();
    assert_eq!(approved.workflow.state, ReportState::Approved);
}

#[tokio::test]
async fn the_submitter_may_not_approve_even_holding_the_head_role() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = s
        .save_report(&f.all_roles, e, p, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let v = s
        .submit_report(&f.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    let v = s.accept_report(&f.analyst, e, p, v).await.unwrap().version;
    let refused = s.approve_report(&f.all_roles, e, p, v).await;
    assert_eq!(
        kind(refused),
        Some(stratmon_core::ErrorKind::PermissionDenied)
    );
    assert!(s.approve_report(&f.head, e, p, v).await.is_ok());
}

#[tokio::test]
async fn the_accepter_may_not_approve() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = f.submitted_report().await.unwrap();
    let v = s
        .accept_report(&f.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    let refused = s.approve_report(&f.all_roles, e, p, v).await;
    assert_eq!(
        kind(refused),
        Some(stratmon_core::ErrorKind::PermissionDenied)
    );
    let _: &Actor = &f.head;
}
